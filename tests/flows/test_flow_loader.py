"""YAML safety: alias bombs, python tags, duplicate keys, and no implicit retyping."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from flows import FlowValidationError, load_file, run_file, validate_file
from flows.limits import MAX_NODES
from flows.loader import YamlMap, YamlStr, load_yaml

BILLION_LAUGHS = """
flows:
  main:
    - set-payload:
        value:
          a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
          b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
          c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
          d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
          e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
          f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
          g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
          h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
          i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_an_alias_bomb_is_refused_quickly(write_flow: Any) -> None:
    started = time.perf_counter()
    problems = validate_file(write_flow(BILLION_LAUGHS))
    assert time.perf_counter() - started < 10  # expanded, the bomb would never finish
    assert len(problems) == 1
    assert f"more than {MAX_NODES} nodes" in problems[0].message
    assert problems[0].path.endswith("flow.yaml:10:14")  # where the expansion crossed the bound


def test_a_recursive_alias_is_refused(write_flow: Any) -> None:
    problems = validate_file(
        write_flow("flows:\n  main: &loop\n    - set-payload: {value: *loop}\n")
    )
    assert [p.message for p in problems] == ["an alias refers to a node that contains it"]


def test_anchors_within_bounds_work_and_merge_keys_too(write_flow: Any) -> None:
    path = write_flow(
        """
        flows:
          main:
            - set-variable: {name: base, value: &base {from: +15005550006, body: hi}}
            - set-payload:
                value:
                  <<: *base
                  body: override
                  again: *base
        """
    )
    assert run_file(path) == {
        "from": "+15005550006",
        "body": "override",
        "again": {"from": "+15005550006", "body": "hi"},
    }


@pytest.mark.parametrize(
    "tagged",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/object/new:os.system [touch {marker}]",
        "!!python/name:os.system",
        "!!python/object/apply:builtins.exec [\"open('{marker}', 'w')\"]",
        "!!python/module:os",
    ],
)
def test_python_tags_are_refused_and_never_run(
    tagged: str, write_flow: Any, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    path = write_flow(
        "flows:\n  main:\n    - set-payload:\n        value: " + tagged.format(marker=marker) + "\n"
    )
    with pytest.raises(FlowValidationError) as caught:
        run_file(path)
    assert not marker.exists()
    (problem,) = caught.value.problems
    assert problem.path.endswith("flow.yaml:4:16")
    assert "is not allowed: flow files hold data only" in problem.message
    assert caught.value.type == "FLOW:VALIDATION"


@pytest.mark.parametrize("tagged", ["!!binary aGk=", "!!timestamp 2024-01-01", "!custom x"])
def test_other_tags_are_refused(tagged: str) -> None:
    loaded = load_yaml(f"a: {tagged}\n", "t.yaml")
    tag = tagged.split(maxsplit=1)[0]
    assert [found.message for found in loaded.problems] == [
        f"the tag {tag} is not allowed (only !!str, !!int, !!float, !!bool and !!null)"
    ]


def test_explicit_standard_tags_are_honoured() -> None:
    loaded = load_yaml("a: !!int '5'\nb: !!bool yes\nc: !!str 7\nd: !!float 1.5\n", "t.yaml")
    assert loaded.problems == []
    assert loaded.data == {"a": 5, "b": True, "c": "7", "d": 1.5}


def test_duplicate_keys_are_each_reported_with_both_lines(write_flow: Any) -> None:
    path = write_flow(
        """
        flows:
          main:
            - set-payload: {value: a}
          other:
            - set-payload: {value: b}
          main:
            - set-variable:
                name: x
                value: 1
                name: y
        """
    )
    problems = validate_file(path)
    assert [(p.path.split(":", 1)[1], p.message) for p in problems] == [
        ("6:3", "duplicate key 'main' (first given at line 2)"),
        ("10:9", "duplicate key 'name' (first given at line 8)"),
    ]


IMPLICIT = [
    "+15005550006",
    "0044123",
    "NO",
    "no",
    "Yes",
    "on",
    "OFF",
    "y",
    "12:30:00",
    "12:30",
    "1_000",
    "0x1F",
    "0o17",
    "+1",
    "01",
    "1.",
    ".5",
    "1e",
    "-",
    ".inf",
    ".NaN",
    "2024-01-31",
    "2024-01-31T12:00:00Z",
    "=",
]


@pytest.mark.parametrize("text", IMPLICIT)
def test_unquoted_values_reach_the_step_as_written(text: str, write_flow: Any) -> None:
    path = write_flow(f"flows:\n  main:\n    - set-payload: {{value: [{text}, x]}}\n")
    assert run_file(path) == [text, "x"]


@pytest.mark.parametrize("text", ["", "~", "null", "Null", "NULL"])
def test_only_empty_tilde_and_null_are_null(text: str) -> None:
    assert load_yaml(f"a: {text}\n", "t.yaml").data == {"a": None}


def test_an_unquoted_number_reaches_the_operation_as_text(run_flow: Any) -> None:
    payload = run_flow(
        """
        flows:
          main:
            - twilio:send-sms-message: {from: +15005550006, to: +14155550100, body: 0044123}
            - set-payload: {value: ["#[payload.from]", "#[payload.body]"]}
        """
    )
    assert payload == ["+15005550006", "0044123"]


def test_loaded_values_remember_where_they_are() -> None:
    loaded = load_yaml("flows:\n  main:\n    - logger: {message: hi}\n", "w.yaml")
    step = loaded.data["flows"]["main"][0]
    assert isinstance(step, YamlMap)
    assert str(step.key_where["logger"]) == "w.yaml:3:7"
    message = step["logger"]["message"]
    assert isinstance(message, YamlStr)
    assert str(message.where) == "w.yaml:3:25"


@pytest.mark.parametrize(
    ("text", "where", "fragment"),
    [
        ("flows: [\n", "2:1", "expected the node content"),
        ("flows:\n  main: {to: #[x]}\n", "3:1", "an unquoted #[...] starts a YAML comment"),
        ("a: 1\n---\nb: 2\n", "2:1", "expected a single document"),
        ("", "1:1", "the file is empty"),
        ("[" * 5000, "1:101", "nested more than 100 levels deep here"),
    ],
)
def test_broken_yaml_is_one_clear_problem(
    text: str, where: str, fragment: str, write_flow: Any
) -> None:
    path = write_flow(text)
    problems = validate_file(path)
    assert len(problems) == 1, problems
    assert problems[0].path == f"{path}:{where}"
    assert fragment in problems[0].message


def test_a_missing_file_is_a_validation_error(tmp_path: Path) -> None:
    with pytest.raises(FlowValidationError) as caught:
        load_file(tmp_path / "nope.yaml")
    assert "cannot read" in caught.value.problems[0].message
