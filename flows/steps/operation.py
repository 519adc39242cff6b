"""``twilio:<operation>``: the step that invokes an operation of the catalog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from connector import STAND_IN_ACCOUNT_SID, ValidationError
from connector.errors import Problem, did_you_mean, suggest
from flows.errors import Where
from flows.expressions import Literal, MapValue, Value
from flows.loader import YamlMap, as_written
from flows.runtime import Event, Run
from flows.steps.base import ParseContext, Step, text_at
from operations import catalog

__all__ = ["OPERATION_PREFIX", "OperationStep"]

OPERATION_PREFIX = "twilio:"
_EXPRESSION_STAND_IN = "#[expression]"


@dataclass(frozen=True)
class OperationStep(Step, prefix=OPERATION_PREFIX):
    """``twilio:<operation>``: invoke an operation; its result becomes the payload (or a var)."""

    schema: ClassVar[dict[str, Any]] = {
        "title": "twilio:<operation>",
        "description": "Invoke a Twilio operation (twilio-connector operations lists them; "
        "describe OP shows the parameters). The keys are the operation's "
        "parameters plus config-ref and target. The result becomes the payload, or "
        "vars.<target> with target; attributes (statusCode, requestId, uri, "
        "mediaType) become those of this operation. A list operation's result is a "
        "list (limit caps it).",
        "type": ["object", "null"],
        "properties": {
            "config-ref": {
                "$ref": "#/$defs/name",
                "description": "The config to use; may be left out when the "
                "file has exactly one config (or none).",
            },
            "target": {
                "$ref": "#/$defs/variableName",
                "description": "Put the result into this variable instead of the payload.",
            },
        },
        "additionalProperties": {
            "$ref": "#/$defs/value",
            "description": "A parameter of the operation: a literal, which "
            "reaches the operation exactly as written (to: "
            "14155550100 is the text 14155550100) and is "
            "converted by the operation's schema, or an "
            "expression.",
        },
        "examples": [
            {
                "config-ref": "main",
                "from": "+15005550006",
                "to": "#[vars.to]",
                "body": "Hello #[vars.name]",
                "target": "sent",
            }
        ],
    }

    where: Where
    operation: str
    config: str
    target: str | None
    params: Value

    @classmethod
    def parse_named(
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
            ctx.report(where, f"unknown operation '{name}'", suggest(name, names))
            return None
        config = ctx.config_ref(body, where)
        if config:
            ctx.use_config(config)
        target = text_at(body, "target")
        if target is not None:
            ctx.variables_set.add(target)
        values: dict[str, Value] = {}
        written = as_written(body)  # the operation's schema converts text as written
        for key, node in written.items():
            if key not in ("config-ref", "target"):
                values[key] = ctx.value(node, body.key_where[key])
        _check_literals(op, values, body, where, ctx)
        params: Value
        if all(value.literal for value in values.values()):
            params = Literal({key: value.evaluate({}) for key, value in values.items()})
        else:
            params = MapValue(tuple(values.items()))
        return cls(where, op.name, config, target, params)

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
        op.prepare(given, STAND_IN_ACCOUNT_SID)
    except ValidationError as exc:
        names = list(op.input_schema["properties"])
        suggested = {did_you_mean(key, names) for key in given if key not in names}
        for problem in exc.problems:
            key = _key_for(op, problem.path, body)
            if key in expression_keys:
                continue
            if problem.message == "is required" and problem.path in suggested:
                continue  # a misspelt parameter is reported once, as unknown
            place = body.key_where.get(key, where) if key else where
            ctx.report(place, _param_message(op.name, problem), problem.hint)


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
