"""Static validation: one file with many planted mistakes, each reported at its line.

Every line of data/mistakes.yaml that says ``MISTAKE: <text>`` must get a problem on that line
whose message contains the text, and no other line may be reported. All of them come at once,
and nothing is sent (the file is never run).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from connector import Config
from flows import FlowValidationError, run_file, validate_file
from flows.cli import main
from flows.document import check_text
from tests.support.paths import EXAMPLE_FILES

MISTAKES = Path(__file__).parent / "data" / "mistakes.yaml"
_MARK = re.compile(r"#\s*MISTAKE:\s*(.+?)\s*$")


def _planted() -> dict[int, str]:
    lines = MISTAKES.read_text(encoding="utf-8").splitlines()
    return {number: m.group(1) for number, line in enumerate(lines, 1) if (m := _MARK.search(line))}


def _by_line(problems: list[Any]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for problem in problems:
        file, line, column = problem.path.rsplit(":", 2)
        assert file == str(MISTAKES)
        assert column.isdigit()
        found.setdefault(int(line), []).append(str(problem).split(": ", 1)[1])
    return found


def test_the_file_plants_many_mistakes() -> None:
    assert len(_planted()) >= 30


@pytest.mark.parametrize(("line", "text"), sorted(_planted().items()))
def test_each_planted_mistake_is_reported_at_its_line(line: int, text: str) -> None:
    found = _by_line(validate_file(MISTAKES))
    assert any(text in message for message in found.get(line, [])), (line, found.get(line))


def test_no_other_line_is_reported_and_each_mistake_once() -> None:
    found = _by_line(validate_file(MISTAKES))
    planted = _planted()
    assert sorted(found) == sorted(planted)
    assert all(len(messages) == 1 for messages in found.values()), found


def test_run_refuses_the_file_with_every_problem(tmp_path: Path) -> None:
    with pytest.raises(FlowValidationError) as caught:
        run_file(MISTAKES, configs={"main": {"accountSid": "AC" + "0" * 32, "authToken": "x"}})
    assert len(caught.value.problems) == len(_planted())
    assert caught.value.type == "FLOW:VALIDATION"


def test_validate_command_prints_file_line_column_and_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", str(MISTAKES)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert lines[-1] == f"{MISTAKES}: {len(_planted())} problems"
    for line in lines[:-1]:
        assert re.match(rf"{re.escape(str(MISTAKES))}:\d+:\d+: \S", line), line
    assert len(lines) - 1 == len(_planted())


def test_run_command_validates_first_and_sends_nothing(
    capsys: pytest.CaptureFixture[str], server: Any, write_flow: Any
) -> None:
    path = write_flow(
        f"""
        configs:
          main: {{accountSid: AC{"0" * 32}, authToken: x, baseUrl: "{server.url}"}}
        flows:
          main:
            - twilio:get-account-details: {{}}
            - set-payload: {{value: "#[payload.sid"}}
        """
    )
    assert main(["run", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[0].startswith(f"{path}:6:28: the expression starting")
    assert server.attempts == 0


def test_a_clean_file_validates(write_flow: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_flow(
        """
        flows:
          main:
            - twilio:send-sms-message: {from: +15005550006, to: "#[payload]", body: hi}
            - flow-ref: {name: other}
          other:
            - logger: {message: done}
        """
    )
    assert validate_file(path) == []
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().err == f"{path}: ok (2 flows, 3 steps)\n"


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (
            "- twilio:get-calls: {startTime: '<=yesterday'}",
            "'startTimeBefore'",
        ),
        ("- twilio:get-calls: {status: '#[vars.s]', pageSize: 5000}", "'pageSize': 5000"),
        ("- twilio:make-call: {from: +15005550006, to: +14155550100, url: 'ftp://x'}", "'url'"),
    ],
)
def test_literal_values_are_checked_expressions_are_not(
    step: str, message: str, write_flow: Any
) -> None:
    problems = validate_file(write_flow(f"flows:\n  main:\n    {step}\n"))
    assert len(problems) == 1, problems
    assert problems[0].message.startswith(message), problems[0].message


def test_a_parameter_given_as_an_expression_counts_as_present(write_flow: Any) -> None:
    path = write_flow(
        "flows:\n  main:\n"
        "    - twilio:make-call: {from: '#[vars.f]', to: '#[vars.t]', url: '#[vars.u]'}\n"
    )
    assert validate_file(path) == []


def test_an_unknown_parameter_name_is_a_problem_whatever_its_value(write_flow: Any) -> None:
    path = write_flow(
        "flows:\n  main:\n"
        "    - twilio:add-messaging-service-phone-number:\n"
        "        serviceSid: '#[vars.service]'\n"
        "        phoneNumberSid: '#[vars.number]'\n"
    )
    problems = validate_file(path)
    assert [(p.message, p.hint) for p in problems] == [
        (
            "'serviceSid' is not a parameter of add-messaging-service-phone-number",
            "did you mean 'messagingServiceSid'?",
        )
    ]


def test_config_problems_name_the_config(write_flow: Any) -> None:
    path = write_flow(
        """
        configs:
          main:
            accountSid: ${env:SID}
        flows:
          main:
            - twilio:get-account-details: {}
        """
    )
    problems = validate_file(path)
    assert [p.message for p in problems] == [
        "config 'main': credentials missing: give authToken, or apiKey with apiSecret"
    ]
    assert problems[0].path.endswith(":2:3")


def _config_keys() -> dict[str, list[str]]:
    """Every key a config takes, top level and in its nested mappings, from the Config model."""
    schema = Config.model_json_schema(by_alias=True)
    nested = {"retry": "RetrySettings", "domains": "DomainUrls"}
    keys = {"": [key for key in schema["properties"] if key not in nested]}
    for key, model in nested.items():
        keys[key] = list(schema["$defs"][model]["properties"])
    return keys


def test_every_config_key_validates_in_a_flow_file_also_as_a_placeholder(write_flow: Any) -> None:
    """The flow-file schema and validate's stand-ins for ``${env:...}`` know every config key."""
    keys = _config_keys()
    assert "maxRetryAfter" in keys["retry"]
    assert "messaging" in keys["domains"]

    def config(excluded: set[str], literal: bool) -> str:
        lines = [
            f"    {key}: ${{env:V{n}}}"
            for n, key in enumerate(keys[""])
            if key not in excluded and key != "accountSid"
        ]
        lines.append("    retry:")
        lines += [
            f"      {key}: " + ("1" if literal else f"${{env:R{n}}}")
            for n, key in enumerate(keys["retry"])
        ]
        lines.append("    domains:")
        lines += [
            f"      {key}: " + ("https://proxy.example.com" if literal else f"${{env:D{n}}}")
            for n, key in enumerate(keys["domains"])
        ]
        return "\n".join(["    accountSid: ${env:SID}", *lines])

    with_token = config({"apiKey", "apiSecret"}, literal=False)
    with_key = config({"authToken"}, literal=True)
    text = (
        f"configs:\n  token:\n{with_token}\n  key:\n{with_key}\n"
        "flows:\n  main:\n    - twilio:get-account-details: {config-ref: token}\n"
        "    - twilio:get-account-details: {config-ref: key}\n"
    )
    assert validate_file(write_flow(text)) == []


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_broken_variants_of_the_examples_get_problems_never_a_crash(example: Path) -> None:
    lines = example.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        for changed in ([], [line.strip()], [line.replace(":", "", 1)]):
            text = "\n".join([*lines[:index], *changed, *lines[index + 1 :]])
            flow_file, problems = check_text(text, "variant.yaml")
            for problem in problems:
                assert re.fullmatch(r"variant\.yaml:\d+:\d+", problem.path), problem
            assert flow_file is not None or problems
