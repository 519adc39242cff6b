"""A flow: a named list of steps with its flow-level error handlers, and the source it starts
from, if any."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flows import sources  # a module, not its names: flows.sources imports flows.steps too
from flows.errors import Where
from flows.loader import YamlMap
from flows.steps.base import ParseContext, Step, parse_steps, steps_at, value_at
from flows.steps.scopes import Handler, parse_handlers

__all__ = ["Flow", "parse_flow"]


@dataclass(frozen=True)
class Flow:
    """A named list of steps with its flow-level error handlers, and the Twilio webhook it
    starts from (``source``), if any."""

    name: str
    where: Where
    steps: tuple[Step, ...]
    handlers: tuple[Handler, ...] = ()
    source: sources.Source | None = None

    def count_steps(self) -> int:
        """How many steps the flow has, nested ones included."""
        return _count_steps(self.steps) + sum(_count_steps(h.steps) for h in self.handlers)


def _count_steps(steps: Sequence[Step]) -> int:
    return sum(1 + sum(_count_steps(inner) for inner in step.nested()) for step in steps)


def parse_flow(name: str, node: Any, where: Where, ctx: ParseContext) -> Flow:
    """Parse one flow: a list of steps, or ``{source, steps, on-error}``."""
    ctx.flow = name
    if isinstance(node, YamlMap):
        source = sources.parse_source(node.get("source"), ctx)
        steps = steps_at(node, "steps", where, ctx)
        handlers = parse_handlers(*value_at(node, "on-error", where), ctx)
        return Flow(name, where, steps, handlers, source)
    return Flow(name, where, parse_steps(node, where, ctx))
