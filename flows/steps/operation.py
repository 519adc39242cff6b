"""``twilio:<operation>``: the step that invokes an operation of the catalog."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, ClassVar, cast

from connector import STAND_IN_ACCOUNT_SID, OnOutcomeUnknown, ValidationError
from connector.errors import Problem, did_you_mean, suggest
from flows.errors import ExpressionError, Where
from flows.expressions import Literal, MapValue, Value, as_text
from flows.loader import YamlMap, as_written
from flows.runtime import Event, Run
from flows.steps.base import ParseContext, Step, text_at
from operations import catalog

__all__ = ["OPERATION_PREFIX", "STEP_KEYS", "OperationStep"]

OPERATION_PREFIX = "twilio:"
_EXPRESSION_STAND_IN = "#[expression]"
#: The keys of an operation step that are not the operation's parameters.
STEP_KEYS = ("config-ref", "target", "idempotencyKey", "onOutcomeUnknown")


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
            "idempotencyKey": {
                "$ref": "#/$defs/text",
                "description": "Send this operation's request at most once under this key "
                '(an expression such as "campaign-7/#[payload.id]"): the key is claimed in '
                "the ledger before sending; a key already done gives its recorded result "
                "and sends nothing; one whose earlier attempt may have reached Twilio is "
                "never sent again blindly. run --run-id gives every step a key.",
            },
            "onOutcomeUnknown": {
                "title": "one of report, reconcile",
                "enum": ["report", "reconcile"],
                "description": "When an earlier attempt under the key may have reached "
                "Twilio: report it (TWILIO:OUTCOME_UNKNOWN, the default), or reconcile: "
                "look for the message or call at Twilio (same To, From and Body, since "
                "the attempt) and take it as done if found, send if Twilio shows nothing "
                "after a settling delay, else report it.",
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
    idempotency_key: Value | None = None
    on_outcome_unknown: OnOutcomeUnknown = "report"

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
            if key not in STEP_KEYS:
                values[key] = ctx.value(node, body.key_where[key])
        _check_literals(op, values, body, where, ctx)
        params: Value
        if all(value.literal for value in values.values()):
            params = Literal({key: value.evaluate({}) for key, value in values.items()})
        else:
            params = MapValue(tuple(values.items()))
        key_value = None
        if body.get("idempotencyKey") is not None:
            key_value = ctx.value(body["idempotencyKey"], body.key_where["idempotencyKey"])
        unknown = text_at(body, "onOutcomeUnknown")
        on_unknown = cast(OnOutcomeUnknown, unknown if unknown == "reconcile" else "report")
        return cls(where, op.name, config, target, params, key_value, on_unknown)

    def idempotency_key_for(self, event: Event, run: Run) -> str | None:
        """The send's idempotency key: the step's own, else under ``run --run-id`` the run
        id, the step's file:line:column and the loop positions (``run/ID/f.yaml:9:11/3.2``)."""
        if self.idempotency_key is not None:
            key = as_text(self.idempotency_key.evaluate(event.scope()))
            if not key.strip():
                raise ExpressionError(
                    getattr(self.idempotency_key, "source", "idempotencyKey"),
                    "idempotencyKey is empty",
                    self.where,
                )
            return key
        if run.run_id is None:
            return None
        place = f"{PurePath(self.where.file).name}:{self.where.line}:{self.where.column}"
        at = f"/{'.'.join(event.position)}" if event.position else ""
        return f"run/{run.run_id}/{place}{at}"

    def run(self, event: Event, run: Run) -> None:
        """Invoke the operation; set the payload (or the target variable) and attributes."""
        params = self.params.evaluate(event.scope())
        result = run.execute(
            self.config,
            self.operation,
            params,
            key=self.idempotency_key_for(event, run),
            on_outcome_unknown=self.on_outcome_unknown,
            where=str(self.where),
            limits=event.limits,
        )
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
