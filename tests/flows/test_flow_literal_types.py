"""Literal types in flow files: YAML 1.2's JSON schema, and operation parameters as written.

Unquoted ``true``/``false`` are booleans and JSON numbers are numbers wherever a flow uses a
value (variables, payloads, conditions, loops); a value given to an operation parameter or a
config reaches it as the text written, and that parameter's own schema converts it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flows import FlowFile, run_file, validate_file
from flows.loader import as_written, load_yaml

STAND_IN = {"default": {"accountSid": "AC" + "0" * 32, "authToken": "stand-in"}}

#: Every value the flow-file rules name: (as written, its typed value).
TYPED: list[tuple[str, Any]] = [
    ("true", True),
    ("True", True),
    ("TRUE", True),
    ("false", False),
    ("False", False),
    ("FALSE", False),
    ("3", 3),
    ("-0", 0),
    ("14155550100", 14155550100),
    ("2.5", 2.5),
    ("1e3", 1000.0),
    ("-1.5E-3", -0.0015),
    ("+15005550006", "+15005550006"),
    ("0044123", "0044123"),
    ("NO", "NO"),
    ("yes", "yes"),
    ("on", "on"),
    ("12:30", "12:30"),
    ("1_000", "1_000"),
    ("0x1F", "0x1F"),
    (".inf", ".inf"),
    ("2024-01-31", "2024-01-31"),
]
NULLS = ["null", "Null", "NULL", "~", ""]


def _flow(write_flow: Any, body: str) -> Path:
    return write_flow("flows:\n  main:\n" + body)


@pytest.mark.parametrize(("written", "typed"), TYPED)
def test_a_literal_has_its_json_type_as_a_variable(
    written: str, typed: Any, write_flow: Any
) -> None:
    path = _flow(
        write_flow,
        f"    - set-variable: {{name: x, value: {written}}}\n"
        "    - set-payload: {value: ['#[vars.x]', {nested: [" + written + "]}]}\n",
    )
    result = run_file(path)
    assert result == [typed, {"nested": [typed]}]
    assert type(result[0]) is type(typed)


@pytest.mark.parametrize("written", NULLS)
def test_nulls_are_null_as_variables(written: str, write_flow: Any) -> None:
    path = _flow(write_flow, f"    - set-payload:\n        value: {{a: {written}}}\n")
    assert run_file(path) == {"a": None}


@pytest.mark.parametrize(("written", "typed"), TYPED)
def test_an_operation_parameter_reaches_the_wire_as_written(
    written: str, typed: Any, write_flow: Any
) -> None:
    path = _flow(
        write_flow,
        "    - twilio:send-sms-message:\n"
        f"        from: '+15005550006'\n        to: '+14155550100'\n        body: {written}\n"
        "        statusCallback: https://example.com/s\n",
    )
    sent: list[dict[str, Any]] = []
    run_file(path, configs=STAND_IN, dry_run=sent.append)
    assert [request["form"]["Body"] for request in sent] == [written]


def test_dates_and_numbers_reach_a_list_operations_query_as_written(write_flow: Any) -> None:
    path = _flow(
        write_flow,
        "    - twilio:get-calls: {startTime: 2024-01-31, pageSize: 50, limit: 10}\n",
    )
    sent: list[dict[str, Any]] = []
    run_file(path, configs=STAND_IN, dry_run=sent.append)
    assert "StartTime=2024-01-31" in sent[0]["url"]
    assert "PageSize=50" in sent[0]["url"]


def test_a_number_to_a_text_parameter_is_sent_as_written_and_rejected_by_the_api(
    run_flow: Any,
) -> None:
    from connector import ConnectorError  # noqa: PLC0415

    with pytest.raises(ConnectorError) as caught:
        run_flow(
            "flows:\n  main:\n"
            "    - twilio:send-sms-message: {from: '+15005550006', to: 14155550100, body: hi}\n"
        )
    assert caught.value.type == "TWILIO:BAD_REQUEST"
    assert caught.value.code == 21211  # 14155550100 without '+' is not an E.164 number


def test_a_false_variable_takes_the_otherwise_route(write_flow: Any) -> None:
    path = _flow(
        write_flow,
        "    - set-variable: {name: vip, value: false}\n"
        "    - choice:\n"
        "        - when: '#[vars.vip]'\n"
        "          do: [{set-payload: {value: Dear VIP}}]\n"
        "        - otherwise:\n"
        "            - set-payload: {value: Hello}\n",
    )
    assert run_file(path) == "Hello"


def test_a_number_variable_takes_arithmetic(write_flow: Any) -> None:
    path = _flow(
        write_flow,
        "    - set-variable: {name: n, value: 3}\n    - set-payload: {value: '#[vars.n + 1]'}\n",
    )
    assert run_file(path) == 4


def test_literal_conditions_and_counts_have_their_types(write_flow: Any) -> None:
    path = _flow(
        write_flow,
        "    - choice:\n"
        "        - when: false\n"
        "          do: [{set-payload: {value: wrong}}]\n"
        "        - when: true\n"
        "          do: [{set-payload: {value: [1, 2, 3]}}]\n"
        "    - parallel-foreach:\n"
        "        collection: [1, 2.5, true]\n"
        "        maxConcurrency: 2\n"
        "        do: [{set-payload: {value: '#[payload]'}}]\n",
    )
    assert run_file(path) == [1, 2.5, True]


@pytest.mark.parametrize(
    ("when", "fragment"),
    [
        ('"false"', "in quotes, 'false' is text, and text is always true: write false unquoted"),
        ("'TRUE'", "write true unquoted"),
        ("yes", "'yes' is text (not a boolean in YAML 1.2)"),
        ('"off"', "'off' is text (not a boolean in YAML 1.2)"),
        ("always", "'always' is text, which is always true"),
    ],
)
def test_validate_reports_a_when_that_can_never_be_a_boolean(
    when: str, fragment: str, write_flow: Any
) -> None:
    path = _flow(
        write_flow,
        f"    - choice:\n        - when: {when}\n          do: []\n"
        "    - try:\n        do: []\n        on-error:\n"
        f"          - on-error-continue: {{when: {when}}}\n",
    )
    problems = validate_file(path)
    assert [p.path for p in problems] == [f"{path}:4:17", f"{path}:9:39"]
    assert all(fragment in p.message for p in problems), problems


def test_configs_take_their_values_as_written(write_flow: Any) -> None:
    token = "12345678901234567890123456789012"  # a literal token of digits is not a number
    path = write_flow(
        "configs:\n  main:\n"
        f"    accountSid: AC{'1' * 32}\n    authToken: {token}\n"
        "    connectTimeout: 2.5\n    retry: {maxAttempts: 2}\n"
        "flows:\n  main:\n    - twilio:get-account-details: {}\n"
    )
    config = FlowFile.load(path).resolve_configs(["main"])["main"]
    assert config.auth_token is not None
    assert config.auth_token.get_secret_value() == token
    assert config.connect_timeout == 2.5
    assert config.retry.max_attempts == 2


def test_as_written_keeps_places_and_leaves_text_and_nulls_alone() -> None:
    loaded = load_yaml("a: [1, x, ~, {b: false}]\nc: 1e3\n", "w.yaml").data
    written = as_written(loaded)
    assert written == {"a": ["1", "x", None, {"b": "false"}], "c": "1e3"}
    assert written.key_where == loaded.key_where
    assert loaded == {"a": [1, "x", None, {"b": False}], "c": 1000.0}


@pytest.mark.parametrize("written", ["1" * 5000, "1e400", "-1e999"])
def test_a_number_python_cannot_hold_stays_text(written: str) -> None:
    assert load_yaml(f"a: {written}\n", "w.yaml").data == {"a": written}
