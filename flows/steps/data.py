"""Data steps: ``set-variable``, ``set-payload`` and ``logger``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, ClassVar

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

    schema: ClassVar[dict[str, Any]] = {
        "title": "set-variable",
        "description": "Set vars.<name> to a value.",
        "type": "object",
        "required": ["name", "value"],
        "additionalProperties": False,
        "properties": {
            "name": {"$ref": "#/$defs/variableName"},
            "value": {"$ref": "#/$defs/value"},
        },
        "examples": [{"name": "to", "value": "#[payload.from]"}, {"name": "vip", "value": False}],
    }

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

    schema: ClassVar[dict[str, Any]] = {
        "title": "set-payload",
        "description": "Replace the payload with a value.",
        "type": "object",
        "required": ["value"],
        "additionalProperties": False,
        "properties": {"value": {"$ref": "#/$defs/value"}},
        "examples": [{"value": {"sid": "#[payload.sid]", "status": "#[attributes.statusCode]"}}],
    }

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

    schema: ClassVar[dict[str, Any]] = {
        "title": "logger",
        "description": "Write a message to stderr through Python logging (logger name 'flows').",
        "type": "object",
        "required": ["message"],
        "additionalProperties": False,
        "properties": {
            "message": {
                "$ref": "#/$defs/value",
                "description": "The message; text with expressions, or one "
                "expression (written as JSON when it is not "
                "text).",
            },
            "level": {
                "title": "one of DEBUG, INFO, WARN, ERROR",
                "description": "The level (default INFO).",
                "enum": list(_LEVELS),
                "default": "INFO",
            },
        },
        "examples": [{"message": "sent #[payload.sid]", "level": "INFO"}],
    }

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
