"""A dry run is as strict as a real run: an expression the real run refuses fails the same way.

(A name other than payload, vars, attributes and error is refused when the file loads, for
both: tests/flows/test_flow_static_checks.py.)

Only what a dry run cannot know is lenient: an operation's result (nothing was sent, so it is
null) and whatever is read from it. Each flow here runs twice, against the emulator and with
a dry-run sink, and the two must agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flows import ExpressionError, run_file

_SEND = "- twilio:send-sms-message: {from: +15005550006, to: +14155550100, body: hi, target: sent}"

#: Flows whose last step a real run refuses (FLOW:EXPRESSION), with what the error says.
REFUSED = {
    "an undefined variable": ("- set-payload: {value: '#[vars.nope]'}", "'nope'"),
    "a key a literal payload lacks": ("- set-payload: {value: '#[payload.to.x]'}", "'to'"),
    "an undefined variable as a parameter": (
        "- twilio:get-call: {callSid: '#[vars.callSid]'}",
        "'callSid'",
    ),
    "an attribute the sandbox refuses": (
        "- set-payload: {value: '#[payload.__class__]'}",
        "not allowed",
    ),
    "an attribute the sandbox refuses, of a result": (
        f"{_SEND}\n    - set-payload: {{value: '#[vars.sent.__class__.__mro__]'}}",
        "not allowed",
    ),
    "an undefined variable after a send": (
        f"{_SEND}\n    - set-payload: {{value: '#[vars.sent2.sid]'}}",
        "'sent2'",
    ),
    "an undefined variable in a choice": (
        "- choice: [{when: '#[vars.flag]', do: [{set-payload: {value: 1}}]}]",
        "'flag'",
    ),
    "an undefined variable inside a loop": (
        "- foreach: {collection: '#[[1, 2]]', do: [{set-payload: {value: '#[vars.x]'}}]}",
        "'x'",
    ),
}


def _flow(steps: str) -> str:
    return f"flows:\n  main:\n    {steps}\n"


def _dry_run(path: Path, **kwargs: Any) -> tuple[Any, list[dict[str, Any]]]:
    requests: list[dict[str, Any]] = []
    payload = run_file(path, dry_run=requests.append, configs={"default": _STAND_IN}, **kwargs)
    return payload, requests


_STAND_IN = {"accountSid": "AC" + "0" * 32, "authToken": "dry-run"}


@pytest.mark.parametrize(("steps", "says"), REFUSED.values(), ids=list(REFUSED))
def test_what_a_real_run_refuses_a_dry_run_refuses(
    steps: str, says: str, write_flow: Any, emulator_config: dict[str, Any]
) -> None:
    path = write_flow(_flow(steps))
    with pytest.raises(ExpressionError) as real:
        run_file(path, configs={"default": emulator_config})
    with pytest.raises(ExpressionError) as dry:
        _dry_run(path)
    assert says in real.value.message
    assert says in dry.value.message
    assert dry.value.where == real.value.where


def test_results_and_what_is_read_from_them_are_null_in_a_dry_run(write_flow: Any) -> None:
    path = write_flow(
        f"""
        flows:
          main:
            {_SEND}
            - twilio:get-account-details: {{}}
            - twilio:get-calls: {{limit: 1, target: calls}}
            - set-payload:
                value:
                  sid: "#[vars.sent.sid]"
                  upper: "#[vars.sent.sid.upper()]"
                  item: "#[vars.sent['status']]"
                  account: "#[payload.friendly_name]"
                  status: "#[attributes.statusCode]"
                  defined: "#[vars.sent is defined]"
                  first: "#[vars.calls[0].sid]"
                  count: "#[vars.calls | length]"
                  calls: "#[vars.calls]"
                  text: "sent #[vars.sent.sid]"
        """
    )
    payload, requests = _dry_run(path)
    assert payload == {
        "sid": None,
        "upper": None,
        "item": None,
        "account": None,
        "status": 0,
        "defined": True,
        "first": None,
        "count": 0,
        "calls": [],
        "text": "sent null",
    }
    assert [request["method"] for request in requests] == ["POST", "GET", "GET"]


def test_the_payload_of_a_dry_run_is_data(write_flow: Any) -> None:
    path = write_flow(
        _flow(
            f"{_SEND}\n    - parallel-foreach:\n        collection: [1, 2]\n"
            "        do: [{twilio:get-account-details: {}}]"
        )
    )
    assert _dry_run(path)[0] == [None, None]
    assert _dry_run(write_flow(_flow(_SEND.replace(", target: sent", ""))))[0] is None
