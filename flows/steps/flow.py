"""A flow: a named list of steps with its flow-level error handlers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flows.errors import Where
from flows.loader import YamlMap
from flows.steps.base import ParseContext, Step, parse_steps, steps_at, value_at
from flows.steps.scopes import Handler, parse_handlers

__all__ = ["Flow", "parse_flow"]


@dataclass(frozen=True)
class Flow:
    """A named list of steps with its flow-level error handlers."""

    name: str
    where: Where
    steps: tuple[Step, ...]
    handlers: tuple[Handler, ...] = ()

    def count_steps(self) -> int:
        """How many steps the flow has, nested ones included."""
        return _count_steps(self.steps) + sum(_count_steps(h.steps) for h in self.handlers)


def _count_steps(steps: Sequence[Step]) -> int:
    return sum(1 + sum(_count_steps(inner) for inner in step.nested()) for step in steps)


def parse_flow(name: str, node: Any, where: Where, ctx: ParseContext) -> Flow:
    """Parse one flow: a list of steps, or ``{steps, on-error}``."""
    ctx.flow = name
    if isinstance(node, YamlMap):
        steps = steps_at(node, "steps", where, ctx)
        handlers = parse_handlers(*value_at(node, "on-error", where), ctx)
        return Flow(name, where, steps, handlers)
    return Flow(name, where, parse_steps(node, where, ctx))
