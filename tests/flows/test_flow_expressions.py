"""Expressions: typed values, interpolation, the names in scope, and the sandbox.

Expressions that try to reach Python internals, or to build huge values, fail with
FLOW:EXPRESSION naming the expression and its file:line, and do nothing else: the step after
them never runs.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from flows import ExpressionError, FlowValidationError, run_file, validate_file
from flows.sandbox import days_ago


def _flow(expression: str, after: str = "- set-payload: {value: after}") -> str:
    return (
        "flows:\n  main:\n"
        "    - set-payload: {value: before}\n"
        f"    - set-variable: {{name: x, value: {expression!r}}}\n"
        f"    {after}\n"
    )


ESCAPES = [
    "#[().__class__]",
    "#[().__class__.__bases__[0].__subclasses__()]",
    "#[payload.__class__.__mro__]",
    "#[vars.__class__.__init__.__globals__]",
    "#[vars.update({'x': 1})]",
    "#[payload.pop()]",
    "#['a'.__len__()]",
    "#[payload | attr('__class__')]",
    "#['{0.__class__}'.format(payload)]",
    "#['%s' % payload]",
]
#: Escapes through names the runner does not have: refused when the file loads.
UNDEFINED_NAMES = [
    "#[self]",
    "#[self.__init__.__globals__]",
    "#[lipsum.__globals__]",
    "#[lipsum.__globals__['os'].system('touch pwned')]",
    "#[cycler]",
    "#[cycler.__init__.__globals__.os]",
    "#[joiner]",
    "#[namespace]",
    "#[range(10**9)]",
    "#[range(10**9) | list]",
    "#[dict]",
    "#[config]",
    "#[environ]",
    "#[request]",
]


@pytest.mark.parametrize("expression", ESCAPES)
def test_escapes_fail_with_flow_expression_and_do_nothing_else(
    expression: str, write_flow: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write_flow(_flow(expression))
    with pytest.raises(ExpressionError) as caught:
        run_file(path, payload=[1])
    error = caught.value
    assert error.type == "FLOW:EXPRESSION"
    assert expression in str(error)
    assert error.where == f"{path}:4:38"
    assert f"{path}:4:" in error.message
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("expression", UNDEFINED_NAMES)
def test_escapes_through_undefined_names_are_refused_when_the_file_loads(
    expression: str, write_flow: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write_flow(_flow(expression))
    problems = validate_file(path)
    assert [p.path for p in problems] == [f"{path}:4:38"]
    names = "which is not defined: the names are attributes, error, payload, vars"
    assert names in problems[0].message
    with pytest.raises(FlowValidationError):
        run_file(path, payload=[1])
    assert not (tmp_path / "pwned").exists()


BOMBS = [
    "#['a' * 10**9]",
    "#[[0] * 10**9]",
    "#[10 ** (10 ** 10)]",
    "#[(2**5000) ** 5000]",
    "#['%999999999d' % 1]",
    "#['{:>999999999}'.format(1)]",
    "#['x'.ljust(10**9)]",
    "#['x'.center(10**9)]",
    "#[('a' * 100000).replace('', 'b' * 100000) | length]",
    "#[(['x' * 100000] * 100000) | join | length]",
    "#[',' .join(['x' * 100000] * 100000) | length]",
    "#[[{'a': 'x' * 100000}] * 100000 | join(attribute='a') | length]",
    "#[[['x'] * 100000] * 100000 | sum(start=[]) | length]",
]


def test_values_cannot_grow_step_by_step_without_bound(write_flow: Any) -> None:
    """Each step may double a text (``s ~ s``), but no expression yields more than MAX_TEXT."""
    path = write_flow(
        """
flows:
  main:
    - set-variable: {name: s, value: "#['x' * 100000]"}
    - foreach:
        collection: "#[[1] * 40]"
        do:
          - set-variable: {name: s, value: "#[vars.s ~ vars.s]"}
"""
    )
    started = time.perf_counter()
    with pytest.raises(ExpressionError) as caught:
        run_file(path)
    assert time.perf_counter() - started < 5
    assert "longer than" in caught.value.message


@pytest.mark.parametrize("expression", BOMBS)
def test_huge_values_fail_fast(expression: str, write_flow: Any) -> None:
    path = write_flow(_flow(expression))
    started = time.perf_counter()
    with pytest.raises(ExpressionError) as caught:
        run_file(path)
    assert time.perf_counter() - started < 10  # unbounded, these take minutes or all memory
    assert caught.value.where == f"{path}:4:38"


@pytest.mark.parametrize("name", ["center", "indent", "slice", "format", "wordwrap", "batch"])
def test_filters_that_build_huge_text_are_not_there(name: str, write_flow: Any) -> None:
    problems = validate_file(write_flow(_flow(f"#['x' | {name}(10**9)]")))
    assert len(problems) == 1
    expected = f"the expression #['x' | {name}(10**9)] uses the filter '{name}', which does not"
    assert problems[0].message.startswith(expected)


def test_days_ago_is_a_utc_date(write_flow: Any) -> None:
    before = days_ago(1)
    result = run_file(write_flow(_flow("#[1 | days_ago]", "- set-payload: {value: '#[vars.x]'}")))
    assert result in {before, days_ago(1)}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", result)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("#[vars.counter + 1]", 1),
        ("#['+1' ~ vars.number]", "+14155550100"),
        ("#[payload.status == 'failed' and vars.retry]", True),
        ("#[payload | length]", 3),
        ("#[payload.sid]", "SM1"),
        ("#[payload['status']]", "failed"),
        ("#[[payload.sid, vars.number]]", ["SM1", "4155550100"]),
        ("#[{'a': [1, {'b': none}]}]", {"a": [1, {"b": None}]}),
        ("#[vars.items | map(attribute='n') | list]", [1, 2]),
        ("#[vars.items | map(attribute='n')]", [1, 2]),
        ("#[vars.items | selectattr('n', 'gt', 1) | map(attribute='n') | first]", 2),
        ("#[vars.items | sum(attribute='n')]", 3),
        ("#[vars.number[-4:]]", "0100"),
        ("#['a,b'.split(',')]", ["a", "b"]),
        ("#[payload.items() | list | length]", 3),
        ("#[vars.missing is defined]", False),
        ("#[vars.missing | default('fallback')]", "fallback"),
        ("#[7 // 2 + 7 % 2 + 2 ** 3]", 12),
        ("#['ab' * 3]", "ababab"),
        ("#[3.5 | round | int]", 4),
        ("#[attributes]", None),
        ("#[payload.keys]", "a key, not the method"),
    ],
)
def test_expressions_keep_their_type(expression: str, expected: Any, write_flow: Any) -> None:
    path = write_flow(
        "flows:\n  main:\n"
        "    - set-variable: {name: counter, value: '#[0]'}\n"
        "    - set-variable: {name: retry, value: '#[true]'}\n"
        f"    - set-payload: {{value: {expression!r}}}\n"
    )
    result = run_file(
        path,
        payload={"sid": "SM1", "status": "failed", "keys": "a key, not the method"},
        vars={"number": "4155550100", "items": [{"n": 1}, {"n": 2}]},
    )
    assert result == expected


def test_interpolation_writes_values_as_text_and_json(write_flow: Any) -> None:
    path = write_flow(
        """
        flows:
          main:
            - set-payload:
                value: "#[vars.name] has #[vars.n] (#[vars.ok], #[vars.none], #[vars.list],
                  #[vars.map])"
        """
    )
    result = run_file(
        path, vars={"name": "Ada", "n": 2, "ok": True, "none": None, "list": [1], "map": {"a": "b"}}
    )
    assert result == 'Ada has 2 (true, null, [1], {"a": "b"})'


def test_a_failing_expression_names_itself_and_its_line(write_flow: Any) -> None:
    path = write_flow(
        """
        flows:
          main:
            - set-payload:
                value:
                  deep: ["ok", "total: #[payload.total / 0]"]
        """
    )
    with pytest.raises(ExpressionError) as caught:
        run_file(path, payload={"total": 1})
    assert caught.value.expression == "payload.total / 0"
    assert caught.value.where == f"{path}:5:24"
    assert str(caught.value).startswith(f"FLOW:EXPRESSION: #[payload.total / 0] at {path}:5:24")
    assert "division by zero" in str(caught.value)


def test_results_that_are_not_json_data_are_refused(write_flow: Any) -> None:
    path = write_flow("flows:\n  main:\n    - set-payload: {value: '#[payload.get]'}\n")
    with pytest.raises(ExpressionError, match="not JSON data"):
        run_file(path, payload={})


def test_values_are_copies_so_a_flow_cannot_build_cycles(write_flow: Any) -> None:
    path = write_flow(
        """
        flows:
          main:
            - set-variable: {name: a, value: "#[[1]]"}
            - set-variable: {name: snapshot, value: "#[vars]"}
            - set-variable: {name: a, value: "#[vars.a + [2]]"}
            - set-payload: {value: "#[vars]"}
        """
    )
    assert run_file(path) == {"a": [1, 2], "snapshot": {"a": [1]}}


SCOPES: list[dict[str, Any]] = [
    {"payload": {"items": [1, 2], "user": {"phone": "+1415"}}, "vars": {"to": "+1500"}},
    {"payload": {"keys": "k", "get": 3, "user": "not a mapping"}, "vars": {}},
    {"payload": [1, 2], "vars": {"to": None}},
    {"payload": {"user": {}}, "vars": {"to": {"items": 1}}},
]


@pytest.mark.parametrize(
    "source",
    [
        "payload",
        "payload.items",
        "payload.keys",
        "payload.get",
        "payload.user.phone",
        "vars.to",
        "vars.to.items",
    ],
)
@pytest.mark.parametrize("scope", SCOPES, ids=[str(n) for n in range(len(SCOPES))])
def test_a_key_path_read_directly_gives_what_the_sandbox_gives(
    source: str, scope: dict[str, Any]
) -> None:
    """A name or attribute chain skips the template when it can (flows.expressions._KeyPath):
    whatever it reads must be what the sandboxed expression gives, value or error."""
    from jinja2 import Undefined  # noqa: PLC0415
    from jinja2.parser import Parser  # noqa: PLC0415

    from flows.expressions import _compile_tree, _KeyPath  # noqa: PLC0415
    from flows.sandbox import SANDBOX  # noqa: PLC0415

    fast = _compile_tree(Parser(SANDBOX, source, state="variable").parse_expression())
    assert isinstance(fast, _KeyPath)

    def outcome(call: Any) -> Any:
        try:
            value = call(scope)
        except Exception as exc:  # the error is the outcome compared
            return ("error", type(exc).__name__, str(exc))
        if isinstance(value, Undefined):  # raises when used: compared by its message
            return ("undefined", type(value).__name__, value._undefined_message)
        return ("value", value)

    assert outcome(fast) == outcome(fast.code)
