"""The flow-file JSON Schema (``schemas/flow.json``), put together from its owners.

Each step class carries its own piece (``Step.schema``, with examples), and so does each
source kind (``Source.schema``, :mod:`flows.sources`); this module holds what no single step
owns (the file, its configs and flows, lists of steps and handlers, and the value types steps
share) and assembles the whole: the ``step`` definition lists every registered kind, the
``source`` definition every source kind, the ``config`` definition is read from
:class:`connector.Config`, and the error types a handler may name come from the error
classes. ``python -m flows.schemagen`` writes it; CI fails when the file and the classes
disagree.
"""

from __future__ import annotations

import copy
from typing import Any

from connector import Config
from connector.config import DomainUrls, RetrySettings
from flows.sources import SOURCE_SETTINGS, SOURCES
from flows.steps import OPERATION_PREFIX, STEPS, Handler, OperationStep, known_error_types
from flows.steps.scopes import MAX_COUNT

__all__ = ["flow_file_schema"]

#: An error type: NAMESPACE:NAME, or a bare NAME (of the FLOW namespace).
_TYPE = "([A-Za-z][A-Za-z0-9_]*:)?[A-Za-z][A-Za-z0-9_]*"
_ONE_TYPE = f"(ANY|{_TYPE})"

#: The file itself: its configs and its flows.
_FILE: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:twilio-connector:flow",
    "title": "the file",
    "description": "A twilio-connector flow file: named configs (credentials) and named "
    "flows (lists of steps). Unquoted scalars are typed as JSON types them "
    "(YAML 1.2's JSON schema): true and false are booleans, null, ~ and an "
    "empty value are null, numbers written as JSON writes them are numbers, "
    "and everything else is text (+15005550006, 0044123, NO, yes, 12:30, "
    "1_000, 0x1F, 2024-01-31). A value given to an operation parameter or a "
    "config reaches it exactly as written, and its own schema converts it "
    '(body: 1e3 sends 1e3). "#[...]" holds a Jinja2 expression over payload, '
    "vars, attributes and error; quote it, because an unquoted '#' after a "
    "space starts a YAML comment. Run a file with `twilio-connector run "
    "FILE`; check it with `twilio-connector validate FILE`.",
    "type": "object",
    "required": ["flows"],
    "additionalProperties": False,
    "properties": {
        "configs": {
            "title": "the configs",
            "description": "Named connections to Twilio (Mule's global "
            "elements); steps choose one with config-ref. "
            "With exactly one config, config-ref may be "
            "left out. With no configs at all, a config "
            "named 'default' is built from "
            "TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN (or "
            "TWILIO_API_KEY / TWILIO_API_SECRET), "
            "TWILIO_REGION and TWILIO_EDGE.",
            "type": "object",
            "propertyNames": {"$ref": "#/$defs/name"},
            "additionalProperties": {"$ref": "#/$defs/config"},
        },
        "flows": {
            "title": "the flows",
            "description": "Named flows. `twilio-connector run` runs the "
            "one named by --flow, else 'main', else the "
            "only one.",
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"$ref": "#/$defs/name"},
            "additionalProperties": {"$ref": "#/$defs/flow"},
        },
    },
}

#: The definitions no single step owns.
_SHARED: dict[str, Any] = {
    "name": {
        "title": "a name (letters, digits, '_', '.' and '-', starting with a letter or '_')",
        "description": "The name of a config or a flow.",
        "type": "string",
        "pattern": "^[A-Za-z_][A-Za-z0-9_.-]*$",
    },
    "variableName": {
        "title": "a variable name (letters, digits and '_', not starting with a digit)",
        "description": "A variable's name, read back in expressions as vars.NAME.",
        "type": "string",
        "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
    },
    "expression": {
        "title": 'one quoted expression such as "#[vars.count > 0]"',
        "description": "A Jinja2 expression in #[...], quoted. Names in scope: "
        "payload, vars, attributes (of the last operation) and "
        "error (inside error handlers).",
        "type": "string",
        "pattern": "^#\\[[\\s\\S]*\\]$",
    },
    "condition": {
        "title": 'one quoted expression such as "#[vars.count > 0]", or true or false',
        "description": "A condition: one Jinja2 expression in #[...], quoted, or "
        "the literal true or false written without quotes (a "
        'quoted "false" is text, and text is always true).',
        "type": ["string", "boolean"],
    },
    "value": {
        "title": "a value",
        "description": "Any value: text, a list or a mapping. Strings may hold #[...] "
        "expressions at any depth; a string that is exactly one "
        'expression takes the expression\'s type ("#[vars.n + 1]" is a '
        "number). Literals have their YAML 1.2 JSON-schema type: 3 is "
        'a number, false a boolean, "3" and +15005550006 text.',
    },
    "text": {
        "title": "text",
        "description": "Text; #[...] expressions inside it are replaced by their values.",
        "type": ["string", "number", "boolean"],
    },
    "countOrExpression": {
        "title": 'a whole number such as 4, or one quoted expression such as "#[vars.tries]"',
        "description": f"A whole number from 0 to {MAX_COUNT}, or an expression giving one, "
        "evaluated when the step starts (anything else is then FLOW:EXPRESSION).",
        "type": ["integer", "string"],
        "pattern": "^([0-9]+|#\\[[\\s\\S]*\\])$",
        "minimum": 0,
    },
    "positiveCount": {
        "title": "a whole number of at least 1",
        "description": "A whole number, 1 or more.",
        "type": ["integer", "string"],
        "pattern": "^0*[1-9][0-9]*$",
        "minimum": 1,
    },
    "errorType": {
        "title": 'an error type NAMESPACE:NAME such as "APP:NO_RECIPIENTS"',
        "description": "A Mule-style error type: a namespace and a name, separated by a colon. "
        "A name without a namespace is of the core namespace, FLOW (RETRY_EXHAUSTED is "
        "FLOW:RETRY_EXHAUSTED); a name that is no FLOW type needs its namespace.",
        "type": "string",
        "pattern": f"^{_TYPE}$",
    },
    "errorTypes": {
        "title": 'ANY, an error type such as "TWILIO:NOT_FOUND", or a comma-separated list of them',
        "description": "Which errors a handler takes: ANY (the default), one type, or several "
        "separated by commas. A type written without a namespace is of the core namespace, "
        "FLOW, as in Mule (RETRY_EXHAUSTED is FLOW:RETRY_EXHAUSTED); any other type needs its "
        "namespace (TWILIO:NOT_FOUND, not NOT_FOUND).",
        "type": "string",
        "pattern": f"^\\s*{_ONE_TYPE}(\\s*,\\s*{_ONE_TYPE})*\\s*$",
    },
    "flow": {
        "title": "a flow",
        "description": "A list of steps, or a mapping with steps:, a flow-level on-error: "
        "list of handlers and the source: the flow starts from.",
        "if": {"type": "array"},
        "then": {"$ref": "#/$defs/steps"},
        "else": {
            "title": "a list of steps, or a mapping with steps:, on-error: and source:",
            "type": "object",
            "required": ["steps"],
            "additionalProperties": False,
            "properties": {
                "source": {"$ref": "#/$defs/source"},
                "steps": {"$ref": "#/$defs/steps"},
                "on-error": {"$ref": "#/$defs/handlers"},
            },
        },
    },
    "steps": {
        "title": "a list of steps",
        "description": "Steps run in order; each is a mapping with one key, the step's name.",
        "type": "array",
        "items": {"$ref": "#/$defs/step"},
    },
    "handlers": {
        "title": "a list of error handlers",
        "description": "Error handlers, tried in order: on-error-continue swallows "
        "the error after its steps (the flow goes on with the "
        "payload they leave); on-error-propagate runs its steps and "
        "raises the error again.",
        "type": "array",
        "items": {"$ref": "#/$defs/handler"},
    },
    "handler": {
        "title": "an error handler (on-error-continue or on-error-propagate)",
        "description": "on-error-continue or on-error-propagate.",
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
        "properties": {
            "on-error-continue": {
                "$ref": "#/$defs/handler-body",
                "description": "Handle the error and go on.",
            },
            "on-error-propagate": {
                "$ref": "#/$defs/handler-body",
                "description": "Run steps, then raise the error again.",
            },
        },
    },
}


#: The config's nested mappings, with their titles.
_NESTED = {RetrySettings: "the retry settings", DomainUrls: "the domains' origins"}


def _described(model: Any, *, title: str | None = None) -> dict[str, Any]:
    """A config mapping's keys with their descriptions (and defaults), as a flow file may
    write them: any value, since a value may be a ``${env:...}`` placeholder."""
    properties: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if info.annotation in _NESTED:
            properties[key] = _described(info.annotation, title=_NESTED[info.annotation])
            continue
        text = info.description or ""
        default = info.default
        if isinstance(default, int | float | str) and default != "":
            shown = f"{default:g}" if isinstance(default, float) else default
            text = f"{text.removesuffix('.')} (default {shown})."
        properties[key] = {"description": text}
    schema: dict[str, Any] = {
        "description": (model.__doc__ or "").strip().splitlines()[0],
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
    return {"title": title, **schema} if title else schema


def _flow_error_types() -> list[str]:
    """The error types the connector and the runner raise (the command line's own are not
    raised inside a flow, and may not be imported at all)."""
    return [name for name in known_error_types() if not name.startswith("CLI:")]


def flow_file_schema() -> dict[str, Any]:
    """The flow-file JSON Schema, assembled from the step classes, the config and the
    error types."""
    shared = copy.deepcopy(_SHARED)
    shared["errorTypes"]["description"] += (
        f" Types: {', '.join(_flow_error_types())}, or a type of the flow's own raised by "
        "raise-error."
    )
    config = _described(Config, title="a config")
    config["description"] = (
        "Credentials and connection settings. Values may use ${env:NAME} and "
        "${env:NAME:-default}; a variable that is not set is an error naming it. Secrets "
        "never appear in output."
    )
    step = {
        "title": "a step (a mapping with one key, the step's name)",
        "description": (
            "One step: a mapping with exactly one key, the step's name (or twilio:<operation>)."
        ),
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
        "patternProperties": {f"^{OPERATION_PREFIX}": {"$ref": "#/$defs/operation"}},
        "properties": {kind: {"$ref": f"#/$defs/{kind}"} for kind in STEPS},
    }
    source = {
        "title": "a source (a mapping with one key, the kind of webhook)",
        "description": "The Twilio webhook the flow starts from, served by `twilio-connector "
        "listen FILE`: the payload is the webhook's parameters as Twilio sends them "
        "(PascalCase; a repeated parameter is a list), attributes hold method, path, query, "
        "headers (without secrets) and idempotencyToken. X-Twilio-Signature is checked on "
        "every request. The flow can still be run by name with a payload.",
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
        "properties": {kind: {"$ref": f"#/$defs/{kind}"} for kind in SOURCES},
    }
    defs = {**shared, "config": config, "step": step, "source": source}
    defs["operation"] = copy.deepcopy(OperationStep.schema)
    defs |= {kind: copy.deepcopy(cls.schema) for kind, cls in STEPS.items()}
    defs["handler-body"] = copy.deepcopy(Handler.schema)
    defs["source-settings"] = copy.deepcopy(SOURCE_SETTINGS)
    defs |= {
        kind: {"$ref": "#/$defs/source-settings", **copy.deepcopy(cls.schema)}
        for kind, cls in SOURCES.items()
    }
    return {**copy.deepcopy(_FILE), "$defs": defs}
