"""Queues, usage, short codes, connect apps and keys agree with Twilio's OpenAPI file: each
request line and success status exists there, and each parameter has its wire name, place,
type, enum and required flag; every parameter Twilio takes is offered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from operations import catalog
from operations.base import Operation
from tests.support.openapi import spec

FAMILIES = (
    "operations.queues",
    "operations.usage",
    "operations.short_codes",
    "operations.connect_apps",
    "operations.keys",
)
NAMES = sorted(op.name for op in catalog if type(op).__module__ in FAMILIES)
PAGING = {"PageSize", "Page", "PageToken"}


def test_the_families_have_their_operations() -> None:
    assert len(NAMES) == 27


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _paths(op: Operation) -> list[str]:
    """Every path the operation may send to (each extension of a path-choosing parameter)."""
    chooser = next((p for p in op.params if p.location == "extension"), None)
    extra = [] if chooser is None else list(chooser.extensions.values())
    return [op.path] + [op.path.removesuffix(".json") + ext for ext in extra]


def _declared(document: dict[str, Any], entry: dict[str, Any]) -> dict[tuple[str, str], Any]:
    """Twilio's parameters of one operation: (place, wire name) -> (schema, required)."""
    found = {
        (p["in"], p["name"]): (_resolve(document, p.get("schema", {})), p.get("required", False))
        for p in entry.get("parameters", [])
        if p["in"] in ("path", "query") and p["name"] not in PAGING
    }
    body = entry.get("requestBody", {}).get("content", {})
    form = body.get("application/x-www-form-urlencoded", {}).get("schema", {})
    for name, schema in form.get("properties", {}).items():
        found["form", name] = (_resolve(document, schema), name in form.get("required", []))
    return found


KINDS = {"boolean": "boolean", "integer": "integer", "array": "list"}


@pytest.mark.parametrize("name", NAMES)
def test_parameters_are_twilios(name: str, twilio_api_v2010: Path) -> None:
    document = spec(twilio_api_v2010)
    op = catalog.get(name)
    for path in _paths(op):
        entry = document["paths"][path][op.method.lower()]
        assert str(op.success) in entry["responses"], f"{path} never answers {op.success}"
        declared = _declared(document, entry)
        ours = {
            (p.location, p.wire): p
            for p in op.all_params
            if p.location in ("path", "query", "form") and p.wire not in PAGING
        }
        assert set(ours) == set(declared), path
        for key, param in ours.items():
            schema, required = declared[key]
            assert param.required == required or param.from_config, f"{name}.{param.name}"
            if param.location == "path":
                if "pattern" in schema:
                    assert param.pattern in (schema["pattern"], None) or param.name == "callSid"
                continue
            kind = KINDS.get(schema.get("type", "string"), "string")
            if schema.get("format") == "date":
                kind = "date"
            assert param.kind == kind, f"{name}.{param.name}: {param.kind} is not {kind}"
            enum = schema.get("enum") or _resolve(document, schema.get("items", {})).get("enum")
            if enum:
                assert sorted(param.enum) == sorted(enum), f"{name}.{param.name}"


def test_every_time_slice_has_its_path(twilio_api_v2010: Path) -> None:
    paths = spec(twilio_api_v2010)["paths"]
    records = "/2010-04-01/Accounts/{AccountSid}/Usage/Records"
    slices = {p for p in paths if p.startswith(records + "/")}
    assert set(_paths(catalog.get("get-usage-records"))[1:]) == slices
