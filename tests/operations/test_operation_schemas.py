"""The published input schemas (schemas/operations/*.json) are exactly what the classes generate,
one per operation and no others, and each is a valid Draft 2020-12 schema that lists the
operation's parameters and its exactly-one-of rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from flows.schemagen import main as schemagen_main
from flows.schemagen import render
from operations import catalog

NAMES = catalog.names()


@pytest.fixture(scope="module")
def schema_dir(repo_root: Path) -> Path:
    return repo_root / "schemas" / "operations"


@pytest.mark.parametrize("name", NAMES)
def test_published_schema_is_generated_from_the_class(name: str, schema_dir: Path) -> None:
    published = (schema_dir / f"{name}.json").read_text(encoding="utf-8")
    assert published == render(name), "run: python -m flows.schemagen"
    assert catalog.get(name).input_schema == json.loads(published)


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = catalog.get(name).input_schema
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert schema["title"] == name


@pytest.mark.parametrize("name", NAMES)
def test_schema_lists_every_parameter_and_the_required_ones(name: str) -> None:
    op = catalog.get(name)
    schema = op.input_schema
    assert set(schema["properties"]) == set(op.by_name)
    assert set(schema.get("required", [])) == {p.name for p in op.all_params if p.required}


def test_schemagen_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert schemagen_main(["--check"]) == 0
    assert capsys.readouterr().err == ""


def test_exactly_one_of_rules_are_in_the_schema() -> None:
    schema = catalog.get("make-call").input_schema
    branches = [{"required": [name]} for name in ("url", "twiml", "applicationSid")]
    assert schema["allOf"][0] == {"oneOf": branches}
