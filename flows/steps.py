"""The steps of a flow (SPEC section 6): one small class each, parsed once, run many times.

A step class names itself (``class SetVariable(Step, kind="set-variable")``), builds itself
from the loaded YAML with :meth:`Step.parse` (reporting what static validation can see:
unknown operations and parameters, literal values the operation's schema rejects, unknown
config-refs and flow names, bad expressions) and runs against an
:class:`~flows.runtime.Event`. Operation steps (``twilio:<operation>``) are matched by their
prefix.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, ClassVar

from connector import ConnectorError, ValidationError
from connector.errors import Problem
from flows.errors import (
    CompositeRoutingError,
    ExpressionError,
    FlowValidationError,
    RaisedError,
    RetryExhaustedError,
    Where,
    did_you_mean,
    hint,
    suggestions,
)
from flows.expressions import Interpolation, Literal, MapValue, Value, as_text, compile_value
from flows.loader import YamlList, YamlMap, where_of
from flows.runtime import Event, Run
from operations import catalog

__all__ = [
    "CORE_NAMESPACE",
    "DEFAULT_CONCURRENCY",
    "LOOP_VARIABLES",
    "OPERATION_PREFIX",
    "STEPS",
    "Choice",
    "Flow",
    "FlowRef",
    "Foreach",
    "Handler",
    "Logger",
    "OperationStep",
    "ParallelForeach",
    "ParseContext",
    "RaiseError",
    "SetPayload",
    "SetVariable",
    "Step",
    "Try",
    "UntilSuccessful",
    "known_error_types",
    "parse_flow",
    "parse_handlers",
    "parse_steps",
]

log = logging.getLogger("flows")

OPERATION_PREFIX = "twilio:"
#: Every step kind but operations, by name.
STEPS: dict[str, type[Step]] = {}
_LEVELS = {
    "DEBUG": logging.DEBUG,
    "INFO": logging.INFO,
    "WARN": logging.WARNING,
    "ERROR": logging.ERROR,
}
_COUNT = re.compile(r"^\s*[0-9]+\s*$")
_PLACEHOLDER_ACCOUNT = "AC" + "0" * 32
_EXPRESSION_STAND_IN = "#[expression]"


@dataclass
class ParseContext:
    """What parsing a file knows and collects: names to check against, and the problems."""

    file: str
    config_names: tuple[str, ...]
    flow_names: tuple[str, ...]
    has_configs: bool
    problems: list[tuple[Where, str]] = field(default_factory=list)
    used_configs: set[str] = field(default_factory=set)

    def report(self, where: Where, message: str) -> None:
        """Record a problem at a place."""
        self.problems.append((where, message))

    def value(self, node: Any, where: Where) -> Value:
        """Compile a value's expressions, reporting syntax errors."""
        return compile_value(node, where_of(node, where), self.report)

    def default_config(self, where: Where) -> str:
        """The config an operation step without config-ref uses."""
        if not self.has_configs:
            return "default"
        if len(self.config_names) == 1:
            return self.config_names[0]
        names = ", ".join(self.config_names)
        self.report(where, f"config-ref is needed: this file has several configs ({names})")
        return ""


class Step:
    """A step of a flow; subclasses register under their ``kind``."""

    kind: ClassVar[str]
    where: Where

    def __init_subclass__(cls, kind: str | None = None, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if kind is not None:
            cls.kind = kind
            STEPS[kind] = cls

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build the step from its loaded body (``None`` when its shape is wrong)."""
        raise NotImplementedError

    def run(self, event: Event, run: Run) -> None:
        """Run the step, changing the event."""
        raise NotImplementedError

    def nested(self) -> tuple[Sequence[Step], ...]:
        """The lists of steps inside this one (none for simple steps)."""
        return ()


# -- helpers for parsing ---------------------------------------------------------------------


def _get(body: Any, key: str, where: Where) -> tuple[Any, Where]:
    """A key's value and where it is (the key's place for nulls)."""
    if not isinstance(body, YamlMap):
        return None, where
    key_where = body.key_where.get(key, where)
    return body.get(key), where_of(body.get(key), key_where)


def _steps(body: Any, key: str, where: Where, ctx: ParseContext) -> tuple[Step, ...]:
    node, node_where = _get(body, key, where)
    return parse_steps(node, node_where, ctx)


def _count(body: Any, key: str, default: int) -> int:
    value = body.get(key) if isinstance(body, YamlMap) else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _COUNT.match(value):
        return int(value)
    return default


def _text(body: Any, key: str) -> str | None:
    value = body.get(key) if isinstance(body, YamlMap) else None
    return str(value) if isinstance(value, str) else None


def parse_steps(node: Any, where: Where, ctx: ParseContext) -> tuple[Step, ...]:
    """Parse a list of steps; items whose shape is wrong are left out (the schema reports them)."""
    if not isinstance(node, YamlList):
        return ()
    steps = []
    for item in node:
        if not isinstance(item, YamlMap) or len(item) != 1:
            continue
        (name, body), step_where = next(iter(item.items())), next(iter(item.key_where.values()))
        step: Step | None = None
        if name.startswith(OPERATION_PREFIX):
            step = OperationStep.parse_operation(name, body, step_where, ctx)
        elif name in STEPS:
            step = STEPS[name].parse(body, step_where, ctx)
        if step is not None:
            steps.append(step)
    return tuple(steps)


# -- operations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OperationStep(Step):
    """``twilio:<operation>``: invoke an operation; its result becomes the payload (or a var)."""

    where: Where
    operation: str
    config: str
    target: str | None
    params: Value

    @classmethod
    def parse_operation(
        cls, name: str, body: Any, where: Where, ctx: ParseContext
    ) -> OperationStep | None:
        """Build an operation step, checking the operation, its config and literal values."""
        if body is not None and not isinstance(body, YamlMap):
            return None
        body = body if body is not None else YamlMap(where)
        op_name = name.removeprefix(OPERATION_PREFIX)
        try:
            op = catalog.get(op_name)
        except KeyError:
            names = [OPERATION_PREFIX + known for known in catalog.names()]
            ctx.report(where, f"unknown operation '{name}'{hint(name, names)}")
            return None
        config = _text(body, "config-ref")
        if config is None:
            config = ctx.default_config(where)
        elif config not in ctx.config_names and not (config == "default" and not ctx.has_configs):
            known = ctx.config_names if ctx.has_configs else ("default",)
            ctx.report(
                body.key_where["config-ref"], f"unknown config-ref '{config}'{hint(config, known)}"
            )
        if config:
            ctx.used_configs.add(config)
        values: dict[str, Value] = {}
        for key, node in body.items():
            if key not in ("config-ref", "target"):
                values[key] = ctx.value(node, body.key_where[key])
        _check_literals(op, values, body, where, ctx)
        params: Value
        if all(value.literal for value in values.values()):
            params = Literal({key: value.evaluate({}) for key, value in values.items()})
        else:
            params = MapValue(tuple(values.items()))
        return cls(where, op.name, config, _text(body, "target"), params)

    def run(self, event: Event, run: Run) -> None:
        """Invoke the operation; set the payload (or the target variable) and attributes."""
        params = self.params.evaluate(event.scope())
        result = run.execute(self.config, self.operation, params)
        event.attributes = result.attributes.to_dict()
        if self.target is not None:
            event.vars[self.target] = result.payload
        else:
            event.payload = result.payload


def _check_literals(
    op: Any, values: dict[str, Value], body: YamlMap, where: Where, ctx: ParseContext
) -> None:
    """Check parameter names and literal values with the operation's own validation.

    A parameter given as an expression counts as present; its value is checked at run time.
    """
    given = {
        key: value.evaluate({}) if value.literal else _EXPRESSION_STAND_IN
        for key, value in values.items()
    }
    expression_keys = {key for key, value in values.items() if not value.literal}
    try:
        op.prepare(given, _PLACEHOLDER_ACCOUNT)
    except ValidationError as exc:
        suggested = suggestions(exc.problems)
        for problem in exc.problems:
            key = _key_for(op, problem.path, body)
            if key in expression_keys:
                continue
            if problem.message == "is required" and problem.path in suggested:
                continue  # a misspelt parameter is reported once, as unknown
            place = body.key_where.get(key, where) if key else where
            ctx.report(place, _param_message(op.name, problem))


def _key_for(op: Any, path: str, body: YamlMap) -> str | None:
    if path in body:
        return path
    param = op.by_name.get(path)
    if param is None:
        return None
    return next((key for key in body if op.by_name.get(key) is param), None)


def _param_message(operation: str, problem: Problem) -> str:
    if problem.message == "is required":
        return f"{OPERATION_PREFIX}{operation} needs '{problem.path}' (required)"
    if not problem.path:
        return problem.message
    if " | " in problem.path:
        return f"{OPERATION_PREFIX}{operation}: {problem.message}"
    separator = " " if problem.message.startswith("is ") else ": "
    return f"'{problem.path}'{separator}{problem.message}"


# -- data steps ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetVariable(Step, kind="set-variable"):
    """``set-variable {name, value}``: set ``vars.<name>``."""

    where: Where
    name: str
    value: Value

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{name, value}``."""
        name = _text(body, "name")
        if name is None:
            return None
        return cls(where, name, ctx.value(*_get(body, "value", where)))

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
        return cls(where, ctx.value(*_get(body, "value", where)))

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
        level = _LEVELS.get(_text(body, "level") or "INFO", logging.INFO)
        return cls(where, ctx.value(*_get(body, "message", where)), level)

    def run(self, event: Event, run: Run) -> None:
        """Log the message (JSON when it is not text)."""
        log.log(self.level, "%s", as_text(self.message.evaluate(event.scope())))


@dataclass(frozen=True)
class RaiseError(Step, kind="raise-error"):
    """``raise-error {type, description}``: raise an error of the flow's own type."""

    where: Where
    type: str
    description: Value

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{type, description}``."""
        error_type = _text(body, "type")
        if error_type is None:
            return None
        node, node_where = _get(body, "description", where)
        description = ctx.value(node, node_where) if node is not None else Literal(error_type)
        qualified = _with_namespace(error_type.strip().upper(), _get(body, "type", where)[1], ctx)
        return cls(where, qualified, description)

    def run(self, event: Event, run: Run) -> None:
        """Raise the error."""
        description = as_text(self.description.evaluate(event.scope()))
        raise RaisedError(self.type, description, self.where)


@dataclass(frozen=True)
class FlowRef(Step, kind="flow-ref"):
    """``flow-ref {name}``: run another flow of the file with the same event."""

    where: Where
    name: str

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{name}``, checking that the flow exists."""
        name = _text(body, "name")
        if name is None:
            return None
        if name not in ctx.flow_names:
            ctx.report(
                _get(body, "name", where)[1],
                f"no flow named '{name}' in this file{hint(name, ctx.flow_names)}",
            )
            return None
        return cls(where, name)

    def run(self, event: Event, run: Run) -> None:
        """Run the other flow."""
        run.run_flow(self.name, event)


# -- routing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice(Step, kind="choice"):
    """``choice``: run the first route whose ``when`` is true, else ``otherwise``."""

    where: Where
    routes: tuple[tuple[Value, tuple[Step, ...]], ...]
    otherwise: tuple[Step, ...] | None

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from a list of ``{when, do}`` and at most one last ``{otherwise}``."""
        if not isinstance(body, YamlList):
            return None
        routes: list[tuple[Value, tuple[Step, ...]]] = []
        otherwise: tuple[Step, ...] | None = None
        for index, route in enumerate(body):
            if not isinstance(route, YamlMap):
                continue
            route_where = route.where
            if "otherwise" in route:
                if index != len(body) - 1:
                    ctx.report(route_where, "otherwise must be the last route of a choice")
                otherwise = _steps(route, "otherwise", route_where, ctx)
                continue
            when_node, when_where = _get(route, "when", route_where)
            when = ctx.value(when_node, when_where)
            if isinstance(when, Interpolation) and str(when_node).strip().startswith("#["):
                ctx.report(
                    when_where,
                    'when must be one expression, such as "#[vars.a > 1 and vars.b]"',
                )
            routes.append((when, _steps(route, "do", route_where, ctx)))
        return cls(where, tuple(routes), otherwise)

    def nested(self) -> tuple[Sequence[Step], ...]:
        """Each route's steps."""
        routes = tuple(steps for _, steps in self.routes)
        return (*routes, self.otherwise) if self.otherwise is not None else routes

    def run(self, event: Event, run: Run) -> None:
        """Run the first route that applies."""
        for when, steps in self.routes:
            if when.evaluate(event.scope()):
                run.run_steps(steps, event)
                return
        if self.otherwise is not None:
            run.run_steps(self.otherwise, event)


def _items(value: Any) -> list[Any]:
    """A collection as a list: null is empty; a mapping is its entries, each a one-key mapping
    (as Mule iterates an object); anything else that is not a list is one item."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return [{key: item} for key, item in value.items()]
    return [value]


#: The variables foreach and parallel-foreach set for each item, as Mule does: ``counter``
#: (from 1) and ``rootMessage`` (the message being split: its payload and attributes).
LOOP_VARIABLES = ("counter", "rootMessage")
_UNSET = object()


def _root_message(event: Event) -> dict[str, Any]:
    return {"payload": event.payload, "attributes": event.attributes}


def _set_loop_variables(variables: dict[str, Any], number: int, root: dict[str, Any]) -> None:
    """Set the LOOP_VARIABLES for one item."""
    variables.update(zip(LOOP_VARIABLES, (number, root), strict=True))


@dataclass(frozen=True)
class Foreach(Step, kind="foreach"):
    """``foreach {collection, do}``: payload is each item; ``vars.counter`` counts from 1 and
    ``vars.rootMessage`` is the message being split."""

    where: Where
    collection: Value
    steps: tuple[Step, ...]

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{collection, do}``."""
        if not isinstance(body, YamlMap):
            return None
        collection = ctx.value(*_get(body, "collection", where))
        return cls(where, collection, _steps(body, "do", where, ctx))

    def nested(self) -> tuple[Sequence[Step], ...]:
        """The loop's steps."""
        return (self.steps,)

    def run(self, event: Event, run: Run) -> None:
        """Run the steps per item; afterwards the payload is what it was before."""
        items = _items(self.collection.evaluate(event.scope()))
        before, root = event.payload, _root_message(event)
        saved = {name: event.vars.get(name, _UNSET) for name in LOOP_VARIABLES}
        progress = run.progress_for(len(items), f"foreach at {self.where}")
        try:
            for number, item in enumerate(items, 1):
                event.payload = item
                _set_loop_variables(event.vars, number, root)
                run.run_steps(self.steps, event)
                progress.tick()
        finally:
            progress.close()
            event.payload = before
            for name, value in saved.items():
                if value is _UNSET:
                    event.vars.pop(name, None)
                else:
                    event.vars[name] = value


#: parallel-foreach runs at most this many items at once unless maxConcurrency says otherwise.
DEFAULT_CONCURRENCY = 8


@dataclass(frozen=True)
class ParallelForeach(Step, kind="parallel-foreach"):
    """``parallel-foreach {collection, maxConcurrency, do}``: items at once, results in order."""

    where: Where
    collection: Value
    max_concurrency: int
    steps: tuple[Step, ...]

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{collection, maxConcurrency, do}``."""
        if not isinstance(body, YamlMap):
            return None
        collection = ctx.value(*_get(body, "collection", where))
        concurrency = max(_count(body, "maxConcurrency", DEFAULT_CONCURRENCY), 1)
        return cls(where, collection, concurrency, _steps(body, "do", where, ctx))

    def nested(self) -> tuple[Sequence[Step], ...]:
        """The loop's steps."""
        return (self.steps,)

    def run(self, event: Event, run: Run) -> None:
        """Run every item, each with its own variables; raise the failures after all ran."""
        items = _items(self.collection.evaluate(event.scope()))
        if not items:
            event.payload = []
            return
        results: list[Any] = [None] * len(items)
        failures: list[tuple[int, ConnectorError]] = []
        progress = run.progress_for(len(items), f"parallel-foreach at {self.where}")
        root = _root_message(event)

        def one(number: int, item: Any) -> Any:
            branch = event.copy()
            branch.payload = item
            _set_loop_variables(branch.vars, number, root)
            run.run_steps(self.steps, branch)
            return branch.payload

        workers = min(self.max_concurrency, len(items))
        pool = ThreadPoolExecutor(workers, thread_name_prefix="parallel-foreach")
        try:
            futures = [pool.submit(one, number, item) for number, item in enumerate(items, 1)]
            for future in futures:
                future.add_done_callback(_ticker(progress.tick))
            for index, future in enumerate(futures):
                try:
                    results[index] = future.result()
                except ConnectorError as error:
                    failures.append((index, error))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            progress.close()
        if failures:
            raise CompositeRoutingError(failures, results, self.where)
        event.payload = results


def _ticker(tick: Callable[[], None]) -> Callable[[Future[Any]], None]:
    return lambda _future: tick()


# -- errors ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Handler:
    """``on-error-continue`` or ``on-error-propagate``: which errors it takes, and its steps."""

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
        suggestion = f" (a type of the flow's own is NAMESPACE:NAME, such as 'APP:{name}')"
    else:
        matching = " or ".join(f"'{t}'" for t in known if t.split(":", 1)[1] == close)
        suggestion = f" (did you mean {matching}?)"
    message = f"the error type '{name}' has no namespace, and there is no {CORE_NAMESPACE}:{name}"
    ctx.report(where, message + suggestion)
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
            ctx.report(where, f"unknown error type '{name}'{hint(name, known)}")
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
        type_where = _get(body, "type", handler_where)[1]
        types = _parse_types(_text(body, "type"), type_where, ctx)
        when_node, when_where = _get(body, "when", handler_where)
        when = ctx.value(when_node, when_where) if when_node is not None else None
        steps = _steps(body, "do", handler_where, ctx)
        propagate = name == "on-error-propagate"
        handlers.append(Handler(handler_where, propagate, types, when, steps))
    return tuple(handlers)


@dataclass(frozen=True)
class Try(Step, kind="try"):
    """``try {do, on-error}``: run steps; errors go to the first handler that takes them."""

    where: Where
    steps: tuple[Step, ...]
    handlers: tuple[Handler, ...]

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{do, on-error}``."""
        if not isinstance(body, YamlMap):
            return None
        handlers = parse_handlers(*_get(body, "on-error", where), ctx)
        return cls(where, _steps(body, "do", where, ctx), handlers)

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
    if isinstance(value, str) and _COUNT.match(value):
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
        node, where = _get(body, name, body.where)
        if node is None:
            return cls(name, Literal(default), where)
        value = ctx.value(node, where)
        if value.literal:
            literal = value.evaluate({})
            # The schema reports a literal that is not a whole number; only its size is left.
            if _COUNT.match(str(literal)) and int(literal) > MAX_COUNT:
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
        return cls(where, retries, millis, _steps(body, "do", where, ctx))

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


# -- flows -----------------------------------------------------------------------------------


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
    if isinstance(node, YamlMap):
        steps = _steps(node, "steps", where, ctx)
        handlers = parse_handlers(*_get(node, "on-error", where), ctx)
        return Flow(name, where, steps, handlers)
    return Flow(name, where, parse_steps(node, where, ctx))
