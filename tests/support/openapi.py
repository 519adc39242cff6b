"""Twilio's OpenAPI file (twilio_api_v2010.json, installed by .ci/install-test-tools) as JSON
Schema, to check that an answer has the shape of the response Twilio publishes for it."""

from __future__ import annotations

import json
import re
from email.utils import parsedate_to_datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC_URI = "urn:twilio:api_v2010"
#: Each domain's OpenAPI file (in @twilio/cli-core's src/services/twilio-api/), for the API
#: version the operations use.
FILES = {
    "api": "twilio_api_v2010.json",
    "messaging": "twilio_messaging_v1.json",
    "content": "twilio_content_v1.json",
    "verify": "twilio_verify_v2.json",
    "lookups": "twilio_lookups_v2.json",
}
RFC2822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$"
)

# The spec cannot mark a $ref property nullable, yet its own text says these are null at times.
NULLABLE_REFS = {"reason_conference_ended"}
# Lookup v2 marks nothing nullable, yet its own examples answer null for every data package not
# asked for and for the fields a package could not fill (tests/emulator/test_schemas_verify.py
# checks those examples against the relaxed schema).
NULLABLE_REFS |= {
    "caller_name",
    "caller_type",
    "sim_swap",
    "last_sim_swap_date",
    "call_forwarding",
    "line_type_intelligence",
    "line_status",
    "identity_match",
    "reassigned_number",
    "sms_pumping_risk",
    "error_code",
}

NAME_MAPS = ("properties", "schemas", "paths", "responses", "content")
"""Keys whose values map names to schemas (a property may well be called "description")."""


def openapi_to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema objects as JSON Schema (2020-12), strict about fields.

    ``nullable: true`` becomes a type (or enum) that also allows null; an object with
    ``properties`` must have all of them and no others, so a missing or misspelt field fails.
    """
    if isinstance(node, list):
        return [openapi_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("nullable", "example", "examples", "description") or key.startswith("x-"):
            continue
        if key in NAME_MAPS and isinstance(value, dict):
            out[key] = {name: openapi_to_json_schema(sub) for name, sub in value.items()}
        else:
            out[key] = openapi_to_json_schema(value)
    if node.get("nullable"):
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    properties = out.get("properties")
    if isinstance(properties, dict) and all(isinstance(v, dict) for v in properties.values()):
        for name in NULLABLE_REFS & set(properties):
            properties[name] = {"anyOf": [properties[name], {"type": "null"}]}
        out["required"] = sorted(properties)
        out["additionalProperties"] = False
    return out


@cache
def spec(openapi: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(openapi.read_text("utf-8"))
    return document


@cache
def _registry(openapi: Path) -> Registry:
    converted = openapi_to_json_schema(spec(openapi))
    return Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(converted))


def _rfc2822(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return bool(RFC2822.match(value)) and parsedate_to_datetime(value) is not None


FORMATS = FormatChecker(formats=())
FORMATS.checks("date-time-rfc-2822")(_rfc2822)


def response_schema_ref(method: str, path: str, status: int) -> str:
    """The JSON pointer (within the spec) of an operation's response schema."""
    escaped = path.replace("~", "~0").replace("/", "~1")
    return (
        f"{SPEC_URI}#/paths/{escaped}/{method.lower()}/responses/{status}"
        "/content/application~1json/schema"
    )


def validate_response(openapi: Path, method: str, path: str, status: int, body: Any) -> None:
    """Check `body` against the response schema that the OpenAPI file `openapi` gives for this
    operation."""
    operation = spec(openapi)["paths"][path][method.lower()]
    assert str(status) in operation["responses"], f"{method} {path} never answers {status}"
    validator = Draft202012Validator(
        {"$ref": response_schema_ref(method, path, status)},
        registry=_registry(openapi),
        format_checker=FORMATS,
    )
    problems = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not problems, "\n".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in problems[:10]
    )
