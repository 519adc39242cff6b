"""The flow-file JSON Schema: valid, printed by ``twilio-connector schema``, in step with the
runner, descriptive, and satisfied by every example flow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

import schemas
from flows import flow_schema, validate_file
from flows.cli import main
from flows.loader import load_yaml
from flows.steps import STEPS
from tests.support.paths import EXAMPLE_FILES, REPO_ROOT

SCHEMA = schemas.load("flow")


def test_the_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_command_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == SCHEMA == flow_schema()
    assert err == ""


def test_every_step_kind_is_in_the_schema_and_nothing_else() -> None:
    steps = SCHEMA["$defs"]["step"]
    assert set(steps["properties"]) == set(STEPS)
    assert list(steps["patternProperties"]) == ["^twilio:"]


def _described(node: Any, path: str) -> list[str]:
    missing = []
    if isinstance(node, dict):
        if "$ref" not in node and "description" not in node and path.count("/") <= 3:
            missing.append(path)
        for key, value in node.items():
            if key in ("properties", "$defs"):
                missing += [p for k, v in value.items() for p in _described(v, f"{path}/{k}")]
    return missing


def test_every_definition_and_field_is_described() -> None:
    assert _described(SCHEMA, "#") == []
    for name, definition in SCHEMA["$defs"].items():
        for field, sub in definition.get("properties", {}).items():
            assert "description" in sub or "$ref" in sub, f"{name}.{field}"


def test_there_are_three_examples() -> None:
    assert {path.name for path in EXAMPLE_FILES} >= {
        "notify.yaml",
        "buy-number.yaml",
        "failed-calls-summary.yaml",
    }


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_examples_satisfy_the_schema_as_editors_and_the_runner_read_them(path: Path) -> None:
    validator = Draft202012Validator(SCHEMA)
    as_editors_read_it = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(as_editors_read_it)) == []
    as_the_runner_reads_it = load_yaml(path.read_text(encoding="utf-8"), str(path))
    assert as_the_runner_reads_it.problems == []
    assert list(validator.iter_errors(as_the_runner_reads_it.data)) == []
    assert validate_file(path) == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_examples_point_editors_at_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    target = (path.parent / first.removeprefix(prefix)).resolve()
    assert target == (REPO_ROOT / "schemas" / "flow.json").resolve()
