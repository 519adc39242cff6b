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
from flows.loader import YamlList, YamlMap, load_yaml
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


# -- the schema is generated from the step classes ---------------------------------------------


def test_the_published_file_is_the_one_the_classes_generate() -> None:
    from flows.schemagen import render_flow  # noqa: PLC0415

    published = (REPO_ROOT / "schemas" / "flow.json").read_text(encoding="utf-8")
    assert published == render_flow(), "run: python -m flows.schemagen"


def _owners() -> list[tuple[str, Any]]:
    from flows.steps import Handler, OperationStep  # noqa: PLC0415

    return [*STEPS.items(), ("operation", OperationStep), ("handler-body", Handler)]


@pytest.mark.parametrize(("name", "owner"), _owners(), ids=[name for name, _ in _owners()])
def test_each_definition_is_its_class_schema_with_examples(name: str, owner: Any) -> None:
    assert SCHEMA["$defs"][name] == owner.schema
    assert owner.schema["examples"], f"{name} has no examples"


class _RecordingMap(YamlMap):
    """A step body that records which keys the parser reads."""

    read: set[str]

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self.read.add(str(key))
        return super().__contains__(key)


def _recording(value: Any, read: set[str]) -> Any:
    if isinstance(value, YamlMap):
        copy = _RecordingMap(value.where)
        copy.read = read
        copy.key_where = value.key_where
        copy.written = value.written
        for key, item in value.items():
            dict.__setitem__(copy, key, item)
        return copy
    return value


def _example_file(name: str, example: Any) -> str:
    step = "twilio:send-sms-message" if name == "operation" else name
    if name == "handler-body":
        body: Any = {"try": {"do": [], "on-error": [{"on-error-continue": example}]}}
    else:
        body = {step: example}
    document = {
        "configs": {"main": {"accountSid": "AC" + "0" * 32, "authToken": "t"}},
        "flows": {"main": [body], "notify": [{"logger": {"message": "notified"}}]},
    }
    return yaml.safe_dump(document, sort_keys=False)


@pytest.mark.parametrize(("name", "owner"), _owners(), ids=[name for name, _ in _owners()])
def test_each_example_is_valid_and_parses_without_problems(name: str, owner: Any) -> None:
    from flows.document import check_text  # noqa: PLC0415

    for example in owner.schema["examples"]:
        text = _example_file(name, example)
        _, problems = check_text(text, "example.yaml")
        assert problems == [], (name, example, problems)


def _recording_verbs(node: Any, reads: dict[str, set[str]]) -> Any:
    """A twiml body (a mapping of one verb, or a list of them) whose verbs' mappings record
    the keys the parser reads, by verb; verbs inside ``do`` too."""
    if isinstance(node, YamlList):
        for item in node:
            _recording_verbs(item, reads)
    elif isinstance(node, YamlMap):
        for verb, spec in node.items():
            if isinstance(spec, YamlMap):
                _recording_verbs(spec.get("do"), reads)
                dict.__setitem__(node, verb, _recording(spec, reads.setdefault(verb, set())))
    return node


@pytest.mark.parametrize(("name", "owner"), _owners(), ids=[name for name, _ in _owners()])
def test_the_parser_reads_exactly_the_fields_the_schema_declares(name: str, owner: Any) -> None:
    """Every field in a step's schema is read by its parser, and the parser reads nothing
    the schema does not declare (parameters of an operation step are its own; a twiml
    step's keys are verbs, and each verb's parser reads exactly the fields of its schema)."""
    from flows.steps import parse_handlers, parse_steps  # noqa: PLC0415
    from flows.steps.base import ParseContext  # noqa: PLC0415

    declared = set(owner.schema.get("properties", {}))
    if owner.schema.get("type") == "array":  # choice: its routes' fields
        route = owner.schema["items"]
        declared = set(route["then"]["properties"]) | set(route["else"]["properties"])
    read: set[str] = set()
    verb_reads: dict[str, set[str]] = {}
    for example in owner.schema["examples"]:
        loaded = load_yaml(_example_file(name, example), "example.yaml").data
        ctx = ParseContext("example.yaml", ("main",), ("main", "notify"), has_configs=True)
        step = loaded["flows"]["main"][0]
        (kind, body), where = next(iter(step.items())), next(iter(step.key_where.values()))
        if name == "handler-body":
            handler = body["on-error"][0]
            handler["on-error-continue"] = _recording(handler["on-error-continue"], read)
            assert parse_handlers(body["on-error"], where, ctx)
        elif name == "twiml":
            step[kind] = _recording_verbs(body, verb_reads)
            assert parse_steps(loaded["flows"]["main"], where, ctx)
        elif name == "choice":
            for index, route in enumerate(body):
                body[index] = _recording(route, read)
            assert parse_steps(loaded["flows"]["main"], where, ctx)
        else:
            step[kind] = _recording(body, read)
            assert parse_steps(loaded["flows"]["main"], where, ctx)
        assert ctx.problems == [], ctx.problems
    if name == "operation":
        assert {"config-ref", "target"} <= read
        return
    if name == "twiml":
        assert verb_reads, "no twiml example gives a verb as a mapping"
        verbs = owner.schema["$defs"]
        assert verb_reads == {verb: set(verbs[verb]["properties"]) for verb in verb_reads}
        return
    assert read == declared, f"{name}: read {sorted(read)}, declared {sorted(declared)}"
