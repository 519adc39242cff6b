"""Checks that need the whole flow file: flow-ref cycles, ``error`` outside handlers, and
variables that no step sets.

Parsing records what each flow uses (:class:`~flows.steps.ParseContext`); these checks read
that record once every flow is parsed.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from flows.errors import Found, Where
from flows.steps import FlowCall, ParseContext

__all__ = ["file_problems", "reachable_flows"]


def reachable_flows(start: str, calls: Mapping[str, Set[str]]) -> set[str]:
    """``start`` and every flow it reaches through flow-refs."""
    seen = {start}
    pending = [start]
    while pending:
        for callee in calls.get(pending.pop(), ()):
            if callee not in seen:
                seen.add(callee)
                pending.append(callee)
    return seen


def file_problems(ctx: ParseContext) -> tuple[list[Found], list[Found]]:
    """The problems and the warnings that only the whole file shows."""
    problems = _cycles(ctx.calls) + _errors_outside_handlers(ctx)
    return problems, _unset_variables(ctx)


def _cycles(calls: list[FlowCall]) -> list[Found]:
    """Each flow-ref that closes a cycle of flows calling each other (Mule refuses them)."""
    graph: dict[str, set[str]] = {}
    for call in calls:
        graph.setdefault(call.caller, set()).add(call.callee)
    found: list[Found] = []
    for call in calls:
        path = _path(call.callee, call.caller, graph)
        if path is not None:
            cycle = " -> ".join([call.caller, *path])
            found.append(
                Found(
                    call.where,
                    f"flow-ref '{call.callee}' makes a cycle ({cycle}): each call would run "
                    "the flows again without end",
                )
            )
    return found


def _path(start: str, goal: str, graph: Mapping[str, Set[str]]) -> list[str] | None:
    """The shortest chain of flow-refs from ``start`` to ``goal`` (both included), if any."""
    previous: dict[str, str | None] = {start: None}
    queue = [start]
    for name in queue:
        if name == goal:
            chain: list[str] = []
            at: str | None = name
            while at is not None:
                chain.append(at)
                at = previous[at]
            return chain[::-1]
        for callee in sorted(graph.get(name, ())):
            if callee not in previous:
                previous[callee] = name
                queue.append(callee)
    return None


def _errors_outside_handlers(ctx: ParseContext) -> list[Found]:
    """``error`` read where no handler set it: outside handlers, in a flow that no handler
    reaches through flow-refs."""
    graph: dict[str, set[str]] = {}
    for call in ctx.calls:
        graph.setdefault(call.caller, set()).add(call.callee)
    handled: set[str] = set()
    for call in ctx.calls:
        if call.in_handler:
            handled |= reachable_flows(call.callee, graph)
    return [
        Found(
            where,
            "error is set only inside on-error handlers (and the flows they flow-ref); "
            "here it is not defined",
        )
        for flow, name, where, in_handler in ctx.reads
        if name == "error" and not in_handler and flow not in handled
    ]


def _unset_variables(ctx: ParseContext) -> list[Found]:
    """The first read of each ``vars.NAME`` that no step of the file sets."""
    first: dict[str, Where] = {}
    for _, name, where, _ in ctx.reads:
        variable = name.removeprefix("vars.")
        if name.startswith("vars.") and variable not in ctx.variables_set:
            first[variable] = min(first.get(variable, where), where)
    return [
        Found(
            where,
            f"vars.{name} is read but no step of this file sets it",
            f"give it when the flow runs (--var {name}=VALUE), or set it with set-variable",
        )
        for name, where in first.items()
    ]
