"""What validate passes, run does not fail on: names in expressions, error outside handlers,
variables no step sets, flow-ref cycles, and the configs a flow can reach."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flows import ExpressionError, FlowFile, FlowRecursionError, run_file, validate_file
from flows.errors import Where
from flows.runtime import Connectors, Event, Run
from flows.steps import Flow, FlowRef


def _one_step(write_flow: Any, value: str) -> Path:
    return write_flow(f"flows:\n  main:\n    - set-payload: {{value: {value!r}}}\n")


@pytest.mark.parametrize(
    ("expression", "fragment"),
    [
        ("#[payloda.sid]", "uses 'payloda', which is not defined: the names are attributes, "
         "error, payload, vars (did you mean 'payload'?)"),
        ("#[range(3)]", "uses 'range', which is not defined"),
        ("#[Vars.x]", "(did you mean 'vars'?)"),
        ("#[payload | lenght]", "uses the filter 'lenght', which does not exist "
         "(did you mean 'length'?)"),
        ("#[payload | format('x')]", "uses the filter 'format', which does not exist"),
        ("#[payload is nmber]", "uses the test 'nmber', which does not exist "
         "(did you mean 'number'?)"),
        ("Hi #[payload.to] and #[atributes.uri]", "(did you mean 'attributes'?)"),
    ],
)  # fmt: skip
def test_unknown_names_filters_and_tests_are_problems_with_a_hint(
    expression: str, fragment: str, write_flow: Any
) -> None:
    path = _one_step(write_flow, expression)
    problems = validate_file(path)
    assert len(problems) == 1, problems
    assert problems[0].path == f"{path}:3:28"
    assert fragment in str(problems[0])


def test_hints_are_data_beside_the_message(write_flow: Any) -> None:
    path = _one_step(write_flow, "#[payloda.sid | lenght]")
    problems = validate_file(path)
    assert [(p.message.split(" uses ")[1], p.hint) for p in problems] == [
        (
            "'payloda', which is not defined: the names are attributes, error, payload, vars",
            "did you mean 'payload'?",
        ),
        ("the filter 'lenght', which does not exist", "did you mean 'length'?"),
    ]


def test_error_outside_a_handler_is_a_problem(write_flow: Any) -> None:
    path = write_flow(
        """\
        flows:
          main:
            - set-payload: {value: "#[error.type]"}
            - try:
                do: [{logger: {message: "#[error]"}}]
                on-error:
                  - on-error-continue:
                      when: "#[error.code == 20404]"
                      do: [{set-payload: {value: "#[error.description]"}}]
        """
    )
    problems = validate_file(path)
    assert [p.path.rsplit(":", 2)[1] for p in problems] == ["3", "5"]
    assert all("error is set only inside on-error handlers" in p.message for p in problems)


def test_a_flow_reached_from_a_handler_may_read_error(write_flow: Any) -> None:
    path = write_flow(
        """\
        flows:
          main:
            steps:
              - raise-error: {type: "APP:BOOM", description: went wrong}
            on-error:
              - on-error-continue: {do: [{flow-ref: {name: report}}]}
          report:
            - flow-ref: {name: describe}
          describe:
            - set-payload: {value: "#[error.type ~ ': ' ~ error.description]"}
        """
    )
    assert validate_file(path) == []
    assert run_file(path) == "APP:BOOM: went wrong"


def test_a_variable_no_step_sets_is_a_warning_and_run_names_the_var_to_give(
    write_flow: Any,
) -> None:
    path = write_flow(
        """\
        flows:
          main:
            - set-variable: {name: greeting, value: Hi}
            - set-payload: {value: "#[vars.greeting] #[vars.to] #[vars.to]"}
            - logger: {message: "#[vars.tag | default('none')] #[vars.opt is defined]"}
            - foreach: {collection: [1], do: [{logger: {message: "#[vars.counter]"}}]}
        """
    )
    flow_file = FlowFile.load(path)
    assert [(w.path, w.message, w.hint) for w in flow_file.warnings] == [
        (
            f"{path}:4:28",
            "vars.to is read but no step of this file sets it",
            "give it when the flow runs (--var to=VALUE), or set it with set-variable",
        )
    ]
    with pytest.raises(ExpressionError) as caught:
        run_file(path)
    assert caught.value.where == f"{path}:4:28"
    assert "vars.to is not set: no step set it before this point; give it with --var to=VALUE" in (
        caught.value.message
    )
    assert run_file(path, vars={"to": "Ada"}) == "Hi Ada Ada"


def test_validate_prints_warnings_and_exits_0(
    write_flow: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from flows.cli import main  # noqa: PLC0415

    path = write_flow('flows:\n  main:\n    - set-payload: {value: "#[vars.to]"}\n')
    assert main(["validate", str(path)]) == 0
    err = capsys.readouterr().err
    assert f"{path}:3:28: warning: vars.to is read but no step of this file sets it" in err


@pytest.mark.parametrize(
    ("flows", "cycles"),
    [
        ("  main:\n    - flow-ref: {name: main}\n", [("3", "main -> main")]),
        (
            "  main:\n    - flow-ref: {name: a}\n"
            "  a:\n    - choice:\n        - when: '#[payload]'\n"
            "          do: [{flow-ref: {name: b}}]\n"
            "  b:\n    - try: {do: [{flow-ref: {name: a}}]}\n",
            [("7", "a -> b -> a"), ("9", "b -> a -> b")],
        ),
    ],
)
def test_flow_ref_cycles_are_found_statically(
    flows: str, cycles: list[tuple[str, str]], write_flow: Any
) -> None:
    path = write_flow("flows:\n" + flows)
    problems = validate_file(path)
    assert [
        (p.path.rsplit(":", 2)[1], p.message.split("(")[1].split(")")[0]) for p in problems
    ] == (cycles)
    assert all("makes a cycle" in p.message for p in problems)


def test_the_runner_still_stops_a_flow_that_calls_itself() -> None:
    """flow-ref cycles cannot be loaded; flows built in Python meet the depth limit."""
    here = Where("built.yaml", 1, 1)
    flows = {"main": Flow("main", here, (FlowRef(here, "main"),))}
    with pytest.raises(FlowRecursionError) as caught:
        Run(flows, Connectors({})).run_flow("main", Event())
    assert caught.value.type == "FLOW:RECURSION"


CONFIGS = """\
configs:
  main:
    accountSid: ${env:NOT_SET_SID}
    authToken: ${env:NOT_SET_TOKEN}
flows:
  send:
    - twilio:get-account-details: {}
  caller:
    - flow-ref: {name: send}
  local:
    - set-payload: {value: no credentials needed}
"""


def test_a_flow_needs_only_the_configs_it_can_reach(
    write_flow: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NOT_SET_SID", raising=False)
    monkeypatch.delenv("NOT_SET_TOKEN", raising=False)
    path = write_flow(CONFIGS)
    flow_file = FlowFile.load(path)
    assert flow_file.configs_for("local") == frozenset()
    assert flow_file.configs_for("caller") == {"main"}
    assert run_file(path, flow="local") == "no credentials needed"
    from connector import ConfigError  # noqa: PLC0415

    with pytest.raises(ConfigError, match="NOT_SET_SID"):
        run_file(path, flow="caller")
