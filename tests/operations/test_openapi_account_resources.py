"""Queues, usage, short codes, connect apps and keys offer every parameter Twilio's OpenAPI
file has for them, required exactly where it is, at every path a parameter can choose (each
time slice of the usage records). Types and enums are test_openapi_conformance.py's."""

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


@pytest.mark.parametrize("name", NAMES)
def test_every_parameter_of_twilios_is_offered(name: str, twilio_api_v2010: Path) -> None:
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
            required = declared[key][1]
            assert param.required == required or param.from_config, f"{name}.{param.name}"


def test_every_time_slice_has_its_path(twilio_api_v2010: Path) -> None:
    paths = spec(twilio_api_v2010)["paths"]
    records = "/2010-04-01/Accounts/{AccountSid}/Usage/Records"
    slices = {p for p in paths if p.startswith(records + "/")}
    assert set(_paths(catalog.get("get-usage-records"))[1:]) == slices
