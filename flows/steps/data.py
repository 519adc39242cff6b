"""Data steps: ``set-variable``, ``set-payload`` and ``logger``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flows.errors import Where
from flows.expressions import Value, as_text
from flows.loader import YamlMap
from flows.runtime import Event, Run
from flows.steps.base import ParseContext, Step, text_at, value_at

__all__ = ["Logger", "SetPayload", "SetVariable"]

log = logging.getLogger("flows")
_LEVELS = {
    "DEBUG": logging.DEBUG,
    "INFO": logging.INFO,
    "WARN": logging.WARNING,
    "ERROR": logging.ERROR,
}


@dataclass(frozen=True)
class SetVariable(Step, kind="set-variable"):
    """``set-variable {name, value}``: set ``vars.<name>``."""

    where: Where
    name: str
    value: Value

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{name, value}``."""
        name = text_at(body, "name")
        if name is None:
            return None
        ctx.variables_set.add(name)
        return cls(where, name, ctx.value(*value_at(body, "value", where)))

    def run(self, event: Event, run: Run) -> None:
        """Evaluate the value into the variable."""
        event.vars[self.name] = self.value.evaluate(event.scope())


@dataclass(frozen=True)
class SetPayload(Step, kind="set-payload"):
    """``set-payload {value}``: replace the payload."""

    where: Where
    value: Value

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{value}``."""
        if not isinstance(body, YamlMap):
            return None
        return cls(where, ctx.value(*value_at(body, "value", where)))

    def run(self, event: Event, run: Run) -> None:
        """Evaluate the value into the payload."""
        event.payload = self.value.evaluate(event.scope())


@dataclass(frozen=True)
class Logger(Step, kind="logger"):
    """``logger {message, level}``: log to stderr through the ``flows`` logger."""

    where: Where
    message: Value
    level: int

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{message, level}`` (level INFO by default)."""
        if not isinstance(body, YamlMap):
            return None
        level = _LEVELS.get(text_at(body, "level") or "INFO", logging.INFO)
        return cls(where, ctx.value(*value_at(body, "message", where)), level)

    def run(self, event: Event, run: Run) -> None:
        """Log the message (JSON when it is not text)."""
        log.log(self.level, "%s", as_text(self.message.evaluate(event.scope())))
