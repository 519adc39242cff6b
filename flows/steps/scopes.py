"""Scopes and errors: ``try`` with its ``on-error-continue`` / ``on-error-propagate``
handlers, ``until-successful`` and ``raise-error``."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from connector import ConnectorError
from connector.errors import did_you_mean, suggest
from flows.errors import (
    ExpressionError,
    FlowValidationError,
    RaisedError,
    RetryExhaustedError,
    Where,
)
from flows.expressions import Literal, Value, as_text
from flows.loader import YamlList, YamlMap
from flows.runtime import Event, Run
from flows.steps.base import COUNT, ParseContext, Step, steps_at, text_at, value_at, when_at
from operations import catalog

__all__ = [
    "CORE_NAMESPACE",
    "MAX_COUNT",
    "Handler",
    "RaiseError",
    "Try",
    "UntilSuccessful",
    "known_error_types",
    "parse_handlers",
]

log = logging.getLogger("flows")


@dataclass(frozen=True)
class RaiseError(Step, kind="raise-error"):
    """``raise-error {type, description}``: raise an error of the flow's own type."""

    schema: ClassVar[dict[str, Any]] = {
        "title": "raise-error",
        "description": "Raise an error of the flow's own type; handlers catch it by that type.",
        "type": "object",
        "required": ["type"],
        "additionalProperties": False,
        "properties": {
            "type": {"$ref": "#/$defs/errorType"},
            "description": {
                "$ref": "#/$defs/text",
                "description": "What went wrong (expressions allowed).",
            },
        },
        "examples": [{"type": "APP:NO_RECIPIENTS", "description": "no one to text in #[payload]"}],
    }

    where: Where
    type: str
    description: Value

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{type, description}``."""
        error_type = text_at(body, "type")
        if error_type is None:
            return None
        node, node_where = value_at(body, "description", where)
        description = ctx.value(node, node_where) if node is not None else Literal(error_type)
        type_where = value_at(body, "type", where)[1]
        return cls(where, _with_namespace(error_type.strip().upper(), type_where, ctx), description)

    def run(self, event: Event, run: Run) -> None:
        """Raise the error."""
        description = as_text(self.description.evaluate(event.scope()))
        raise RaisedError(self.type, description, self.where)


@dataclass(frozen=True)
class Handler:
    """``on-error-continue`` or ``on-error-propagate``: which errors it takes, and its steps."""

    schema: ClassVar[dict[str, Any]] = {
        "title": "an error handler",
        "description": "Which errors the handler takes (type and when) and the steps it runs; "
        "error.type, error.description, error.code, error.status and "
        "error.moreInfo describe the error.",
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": {
            "type": {"$ref": "#/$defs/errorTypes"},
            "when": {
                "$ref": "#/$defs/condition",
                "description": "Take the error only when this is true.",
            },
            "do": {"$ref": "#/$defs/steps"},
        },
        "examples": [
            {
                "type": "TWILIO:NOT_FOUND, TWILIO:BAD_REQUEST",
                "when": "#[error.code != 21211]",
                "do": [{"logger": {"message": "#[error.description]", "level": "WARN"}}],
            }
        ],
    }

    where: Where
    propagate: bool
    types: frozenset[str] | None
    when: Value | None
    steps: tuple[Step, ...]

    def takes(self, error_type: str, event: Event) -> bool:
        """Whether this handler takes an error of that type (``event.error`` is set)."""
        if self.types is not None and error_type.upper() not in self.types:
            return False
        return self.when is None or bool(self.when.evaluate(event.scope()))


def known_error_types() -> list[str]:
    """Every error type the connector and the runner raise."""
    found: set[str] = set()
    pending: list[type[ConnectorError]] = [ConnectorError]
    while pending:
        cls = pending.pop()
        found.add(cls.error_type)
        pending.extend(cls.__subclasses__())
    return sorted(found)


#: A bare error type (no ``NAMESPACE:``) is of this namespace, as a bare type in Mule is of its
#: core namespace.
CORE_NAMESPACE = "FLOW"


def _with_namespace(name: str, where: Where, ctx: ParseContext) -> str:
    """``NAME`` as ``FLOW:NAME`` when that is a type a running flow raises; any other bare
    name is a problem whose hint names the full types it may mean."""
    if ":" in name:
        return name
    # FLOW:VALIDATION is raised before a flow runs, so no handler takes it.
    known = [t for t in known_error_types() if t != FlowValidationError.error_type]
    if f"{CORE_NAMESPACE}:{name}" in known:
        return f"{CORE_NAMESPACE}:{name}"
    close = did_you_mean(name, sorted({t.split(":", 1)[1] for t in known}))
    if close is None:
        suggestion = f"a type of the flow's own is NAMESPACE:NAME, such as 'APP:{name}'"
    else:
        matching = " or ".join(f"'{t}'" for t in known if t.split(":", 1)[1] == close)
        suggestion = f"did you mean {matching}?"
    message = f"the error type '{name}' has no namespace, and there is no {CORE_NAMESPACE}:{name}"
    ctx.report(where, message, suggestion)
    return name


def _parse_types(text: str | None, where: Where, ctx: ParseContext) -> frozenset[str] | None:
    if text is None:
        return None
    names = [part.strip().upper() for part in text.split(",") if part.strip()]
    if not names or "ANY" in names:
        return None
    names = [_with_namespace(name, where, ctx) for name in names]
    known = known_error_types()
    namespaces = {name.split(":")[0] for name in known}
    for name in names:
        if name.split(":")[0] in namespaces and name not in known:
            ctx.report(where, f"unknown error type '{name}'", suggest(name, known))
    return frozenset(names)


def parse_handlers(node: Any, where: Where, ctx: ParseContext) -> tuple[Handler, ...]:
    """Parse a list of ``on-error-continue`` / ``on-error-propagate`` handlers."""
    if not isinstance(node, YamlList):
        return ()
    handlers = []
    for item in node:
        if not isinstance(item, YamlMap) or len(item) != 1:
            continue
        (name, body), handler_where = next(iter(item.items())), next(iter(item.key_where.values()))
        if name not in ("on-error-continue", "on-error-propagate"):
            continue
        if body is not None and not isinstance(body, YamlMap):
            continue
        type_where = value_at(body, "type", handler_where)[1]
        types = _parse_types(text_at(body, "type"), type_where, ctx)
        ctx.handler_depth += 1
        try:
            has_when = isinstance(body, YamlMap) and body.get("when") is not None
            when = when_at(body, handler_where, ctx) if has_when else None
            steps = steps_at(body, "do", handler_where, ctx)
        finally:
            ctx.handler_depth -= 1
        propagate = name == "on-error-propagate"
        handlers.append(Handler(handler_where, propagate, types, when, steps))
    return tuple(handlers)


@dataclass(frozen=True)
class Try(Step, kind="try"):
    """``try {do, on-error}``: run steps; errors go to the first handler that takes them."""

    schema: ClassVar[dict[str, Any]] = {
        "title": "try",
        "description": "Run steps; an error they raise goes to the first handler of on-error: "
        "that takes it (none: it propagates).",
        "type": "object",
        "required": ["do"],
        "additionalProperties": False,
        "properties": {"do": {"$ref": "#/$defs/steps"}, "on-error": {"$ref": "#/$defs/handlers"}},
        "examples": [
            {
                "do": [{"raise-error": {"type": "APP:EMPTY"}}],
                "on-error": [
                    {
                        "on-error-continue": {
                            "type": "APP:EMPTY",
                            "do": [{"set-payload": {"value": None}}],
                        }
                    }
                ],
            }
        ],
    }

    where: Where
    steps: tuple[Step, ...]
    handlers: tuple[Handler, ...]

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{do, on-error}``."""
        if not isinstance(body, YamlMap):
            return None
        handlers = parse_handlers(*value_at(body, "on-error", where), ctx)
        return cls(where, steps_at(body, "do", where, ctx), handlers)

    def nested(self) -> tuple[Sequence[Step], ...]:
        """The steps tried, and each handler's."""
        return (self.steps, *(handler.steps for handler in self.handlers))

    def run(self, event: Event, run: Run) -> None:
        """Run the steps under the handlers."""
        run.run_guarded(self.steps, self.handlers, event)


def _may_retry(error: ConnectorError) -> bool:
    """False for an error whose outcome is unknown on an operation that is not idempotent."""
    if not error.outcome_unknown:
        return True
    operation = error.operation
    return operation is not None and operation in catalog and catalog.get(operation).idempotent


#: The largest count a step takes (Mule's until-successful counts are Java ints).
MAX_COUNT = 2**31 - 1


def _whole_number(value: Any) -> int | None:
    """A whole number from 0 to MAX_COUNT (also written as text, or as a float such as 3.0)."""
    if isinstance(value, str) and COUNT.match(value):
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT:
        return value
    return None


@dataclass(frozen=True)
class _Count:
    """A count that may be an expression (``"#[vars.tries]"``), evaluated when its step starts."""

    name: str
    value: Value
    where: Where

    @classmethod
    def parse(cls, body: YamlMap, name: str, default: int, ctx: ParseContext) -> _Count:
        node, where = value_at(body, name, body.where)
        if node is None:
            return cls(name, Literal(default), where)
        value = ctx.value(node, where)
        if value.literal:
            literal = value.evaluate({})
            # The schema reports a literal that is not a whole number; only its size is left.
            if COUNT.match(str(literal)) and int(literal) > MAX_COUNT:
                ctx.report(where, f"{name} must be at most {MAX_COUNT}")
        return cls(name, value, where)

    def evaluate(self, event: Event) -> int:
        """The count, or FLOW:EXPRESSION when the expression gives anything else."""
        value = self.value.evaluate(event.scope())
        number = _whole_number(value)
        if number is None:
            raise ExpressionError(
                getattr(self.value, "source", self.name),
                f"{self.name} must be a whole number from 0 to {MAX_COUNT}, not {as_text(value)}",
                self.where,
            )
        return number


@dataclass(frozen=True)
class UntilSuccessful(Step, kind="until-successful"):
    """``until-successful {maxRetries, millisBetweenRetries, do}``: retry the steps."""

    schema: ClassVar[dict[str, Any]] = {
        "title": "until-successful",
        "description": "Run steps until they succeed: up to maxRetries more times (default 5), "
        "waiting millisBetweenRetries (default 60000) between tries, each try "
        "starting from the event as it entered. Then FLOW:RETRY_EXHAUSTED, with "
        "the last error as its cause. An error whose outcome is unknown (a request "
        "that may have reached Twilio) from an operation that is not idempotent is "
        "never retried.",
        "type": "object",
        "required": ["do"],
        "additionalProperties": False,
        "properties": {
            "maxRetries": {
                "$ref": "#/$defs/countOrExpression",
                "description": "Retries after the first try (default 5); may be an expression.",
            },
            "millisBetweenRetries": {
                "$ref": "#/$defs/countOrExpression",
                "description": "Milliseconds between tries (default 60000); may be an expression.",
            },
            "do": {"$ref": "#/$defs/steps"},
        },
        "examples": [
            {
                "maxRetries": 3,
                "millisBetweenRetries": 1000,
                "do": [{"logger": {"message": "trying"}}],
            }
        ],
    }

    where: Where
    max_retries: _Count
    millis_between: _Count
    steps: tuple[Step, ...]

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{maxRetries, millisBetweenRetries, do}`` (Mule's defaults: 5, 60000);
        either count may be an expression."""
        if not isinstance(body, YamlMap):
            return None
        retries = _Count.parse(body, "maxRetries", 5, ctx)
        millis = _Count.parse(body, "millisBetweenRetries", 60_000, ctx)
        return cls(where, retries, millis, steps_at(body, "do", where, ctx))

    def nested(self) -> tuple[Sequence[Step], ...]:
        """The steps retried."""
        return (self.steps,)

    def run(self, event: Event, run: Run) -> None:
        """Run the steps until they succeed, each try from the event as it entered."""
        max_retries = self.max_retries.evaluate(event)
        millis_between = self.millis_between.evaluate(event)
        entered = event.copy()
        retries = 0
        while True:
            try:
                run.run_steps(self.steps, event)
                return
            except ConnectorError as error:
                if not _may_retry(error):
                    raise
                if retries >= max_retries:
                    raise RetryExhaustedError(retries, error, self.where) from error
                retries += 1
                log.info(
                    "until-successful at %s: %s; retry %d of %d in %d ms",
                    self.where,
                    error,
                    retries,
                    max_retries,
                    millis_between,
                )
                run.sleep(millis_between / 1000)
                event.restore(entered)
