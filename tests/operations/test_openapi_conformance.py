"""Every operation agrees with Twilio's OpenAPI file for its domain: its request line is one
the file has, with the success status we expect; each parameter's wire name is a parameter of
that request in the same place, of a compatible type, and with no enum value the file lacks;
and everything the file requires is required here too (or is one of an exactly-one-of group).

Prism ignores parameter names it does not know, so this is what catches a misspelt optional
wire name on any domain (op_map.json does the same for the original 50, field by field).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from operations import catalog
from operations.params import Param
from tests.support.openapi import spec

CHECKED = sorted(op.name for op in catalog if op.sends_request and not op.retired)
#: Our kind, and the OpenAPI types it may stand for. A "string" may carry a number or a
#: date as text (Twilio's ``MaxPrice`` is a number, some filters are dates without a time).
TYPES = {
    "string": {"string", "number"},
    "integer": {"integer"},
    "number": {"number", "string"},
    "boolean": {"boolean"},
    "date": {"string"},
    "date-time": {"string"},
    "list": {"array"},
    "object": {"object", "string"},
}
FORMATS = {"date": {"date", "date-time"}, "date-time": {"date-time"}}


def resolve(document: dict[str, Any], node: Any) -> Any:
    """`node` with a local ``$ref`` followed (repeatedly)."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def request_fields(
    document: dict[str, Any], operation: dict[str, Any]
) -> dict[tuple[str, str], Any]:
    """The request's fields by (place, wire name): path and query parameters, and the
    properties of a form body (``form``) or a JSON body (``json``), each with its schema."""
    fields: dict[tuple[str, str], Any] = {}
    for declared in operation.get("parameters", []):
        parameter = resolve(document, declared)
        fields[(parameter["in"], parameter["name"])] = resolve(document, parameter["schema"])
    for media_type, content in operation.get("requestBody", {}).get("content", {}).items():
        body = resolve(document, content["schema"])
        place = "json" if media_type == "application/json" else "form"
        for name, schema in body.get("properties", {}).items():
            fields[(place, name)] = resolve(document, schema)
    return fields


def required_in_body(document: dict[str, Any], operation: dict[str, Any]) -> set[str]:
    """The body fields the file marks required."""
    found: set[str] = set()
    for content in operation.get("requestBody", {}).get("content", {}).values():
        found |= set(resolve(document, content["schema"]).get("required", []))
    return found


def mismatch(param: Param, schema: dict[str, Any], document: dict[str, Any]) -> str | None:
    """What is wrong with `param` as a field of `schema`, if anything."""
    their_type = schema.get("type", "string")
    kind = "string" if param.separator is not None else param.kind  # a list sent as one text
    if their_type not in TYPES[kind]:
        return f"is {param.kind} here but {their_type} in the OpenAPI file"
    wanted = FORMATS.get(param.kind)
    if wanted and schema.get("format") not in wanted:
        return f"is a {param.kind} here but has format {schema.get('format')!r} there"
    items = resolve(document, schema.get("items", {})) if their_type == "array" else schema
    theirs = {str(value).lower() for value in items.get("enum", [])}
    ours = {str(param.wire_values.get(value, value)).lower() for value in param.enum}
    if theirs and ours - theirs:
        return f"has values the OpenAPI file lacks: {sorted(ours - theirs)}"
    return None


@pytest.mark.parametrize("name", CHECKED)
def test_the_operation_is_the_openapi_files(name: str, openapi_file: Callable[[str], Path]) -> None:
    op = catalog.get(name)
    document = spec(openapi_file(op.domain))
    problems: list[str] = []
    for path in (op.path, *op.alternate_paths):
        assert path in document["paths"], f"{path} is not in {openapi_file(op.domain).name}"
        operation = document["paths"][path].get(op.method.lower())
        assert operation is not None, f"{op.method} {path} is not in the OpenAPI file"
        assert str(op.success) in operation["responses"]
        fields = request_fields(document, operation)
        for param in op.all_params:
            if param.location not in ("path", "query", "form", "json") or param.wire is None:
                continue
            wires = param.bound_names().values() or [param.wire]
            for wire in (*wires, param.wire):
                key = (param.location, wire)
                if key[0] == "path" and f"{{{wire}}}" not in path:
                    continue  # a placeholder of the other path
                if key not in fields:
                    problems.append(f"{param.name}: {wire} is not a {param.location} field")
                elif found := mismatch(param, fields[key], document):
                    problems.append(f"{param.name} ({wire}) {found}")
        grouped = {op.by_name[member].wire for group in op.exactly_one_of for member in group}
        always_sent = {p.wire for p in op.all_params if p.required or p.default is not None}
        ours_required = always_sent | grouped
        for wire in sorted(required_in_body(document, operation) - ours_required):
            problems.append(f"{wire} is required by the OpenAPI file but optional here")
    assert not problems, "\n".join(problems)


def test_a_misspelt_wire_name_is_caught(openapi_file: Callable[[str], Path]) -> None:
    """The check itself: a wrong name, type or value is reported."""
    document = spec(openapi_file("api"))
    operation = document["paths"]["/2010-04-01/Accounts/{AccountSid}/Calls.json"]["post"]
    fields = request_fields(document, operation)
    assert ("form", "StatusCalback") not in fields
    timeout = Param("timeout", "Timeout", "form", kind="boolean")
    assert "boolean here but integer" in (
        mismatch(timeout, fields[("form", "Timeout")], document) or ""
    )
    method = Param("method", "Method", "form", enum=("GET", "PUT"))
    assert "['put']" in (mismatch(method, fields[("form", "Method")], document) or "")


def test_a_json_body_is_checked_as_json(openapi_file: Callable[[str], Path]) -> None:
    """The Content API's create takes JSON: its fields are ``json`` fields, not form fields."""
    document = spec(openapi_file("content"))
    fields = request_fields(document, document["paths"]["/v1/Content"]["post"])
    assert {("json", "language"), ("json", "types")} <= set(fields)
    assert ("form", "language") not in fields
    language = Param("language", "language", "json", kind="integer")
    assert "integer here but string" in (
        mismatch(language, fields[("json", "language")], document) or ""
    )
