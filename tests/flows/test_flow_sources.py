"""Flow sources, checked statically like steps (each problem at its place, with a hint when one
is known), published in the flow-file schema, and still run by name with a payload."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flows import FlowFile, flow_schema, validate_file
from flows.sources import SOURCES, OnCallStatus, OnIncomingMessage
from tests.support.cli import run_cli

SID = "AC" + "5" * 32
KEY = "SK" + "5" * 32
CONFIGS = f"""\
configs:
  main: {{accountSid: {SID}, authToken: a-token}}
  keyed: {{accountSid: {SID}, apiKey: {KEY}, apiSecret: a-secret}}
  both: {{accountSid: {SID}, apiKey: {KEY}, apiSecret: a-secret, authToken: a-token}}
flows:
"""


def _problems(write_flow: Any, flows: str) -> list[tuple[str, str | None]]:
    """Each problem as ``(line:column: message, hint)``."""
    path = write_flow(CONFIGS + flows)
    return [
        (f"{p.path.removeprefix(f'{path}:')}: {p.message}", p.hint) for p in validate_file(path)
    ]


def test_a_flow_may_start_from_each_kind_of_source(write_flow: Any) -> None:
    flows = "".join(
        f"  flow{index}:\n    source: {{{kind}: {{config-ref: main, path: /p{index}}}}}\n"
        "    steps: []\n"
        for index, kind in enumerate(SOURCES)
    )
    path = write_flow(CONFIGS + flows)
    loaded = FlowFile.load(path)
    assert {name: source.kind for name, source in loaded.sources.items()} == {
        f"flow{index}": kind for index, kind in enumerate(SOURCES)
    }
    source = loaded.sources["flow0"]
    assert (source.config, source.path, source.method) == ("main", "/p0", "POST")
    assert f"{source.where}" == f"{path}:7:14"


def test_the_settings_of_a_source(write_flow: Any) -> None:
    path = write_flow(
        CONFIGS
        + """\
  bot:
    source:
      twilio:on-incoming-call:
        config-ref: both
        path: /voice
        method: GET
        publicUrl: https://bot.example.com/voice
        trustForwardedHeaders: true
        deadlineReply: "<Response><Say>One moment</Say></Response>"
    steps: []
"""
    )
    source = FlowFile.load(path).sources["bot"]
    assert (source.config, source.path, source.method) == ("both", "/voice", "GET")
    assert source.public_url == "https://bot.example.com/voice"
    assert source.trust_forwarded_headers is True
    assert source.deadline_reply == "<Response><Say>One moment</Say></Response>"


@pytest.mark.parametrize(
    ("flows", "expected"),
    [
        pytest.param(
            "  a:\n    source: {twilio:on-incoming-mesage: {path: /sms}}\n    steps: []\n",
            [("7:14: unknown source 'twilio:on-incoming-mesage'",
              "did you mean 'twilio:on-incoming-message'?")],
            id="unknown kind",
        ),
        pytest.param(
            "  a:\n    source: {twilio:on-incoming-message: {config-ref: mian, path: /sms}}\n"
            "    steps: []\n",
            [("7:43: unknown config-ref 'mian'", "did you mean 'main'?")],
            id="unknown config-ref",
        ),
        pytest.param(
            "  a:\n    source: {twilio:on-incoming-message: {config-ref: keyed, path: /sms}}\n"
            "    steps: []\n",
            [("7:14: config 'keyed' authenticates with an API key, but Twilio signs webhooks "
              "with the account's auth token: a source needs it to check X-Twilio-Signature",
              "add authToken to config 'keyed'; the API key still authenticates requests")],
            id="API key without auth token",
        ),
        pytest.param(
            "  a:\n    source: {twilio:on-incoming-message: {config-ref: main, path: sms}}\n"
            "    steps: []\n",
            [("7:67: 'path' must be an absolute path such as /sms (got 'sms')", None)],
            id="relative path",
        ),
        pytest.param(
            "  a:\n    source: {twilio:on-incoming-message: {config-ref: main}}\n"
            "    steps: []\n",
            [("7:14: the source needs 'path'", None)],
            id="no path",
        ),
        pytest.param(
            "  a:\n    source: {twilio:on-incoming-message: {config-ref: main, path: /healthz}}\n"
            "    steps: []\n",
            [("7:67: /healthz is the listener's own health check; choose another path", None)],
            id="the health check's path",
        ),
        pytest.param(
            "  a:\n    source: {twilio:on-incoming-message: {config-ref: main, path: /sms}}\n"
            "    steps: []\n"
            "  b:\n    source: {twilio:on-incoming-call: {config-ref: main, path: /sms}}\n"
            "    steps: []\n",
            [("10:14: flow 'a' (FILE:7:14) already starts from POST /sms: one flow per path "
              "and method", None)],
            id="same path and method",
        ),
        pytest.param(
            "  a:\n    source: {twilio:on-incoming-message: {config-ref: main, path: /sms, "
            "methd: GET}}\n    steps: []\n",
            [("7:73: unknown key 'methd' in the source", "did you mean 'method'?")],
            id="unknown setting",
        ),
        pytest.param(
            "  a:\n    source: {twilio:on-incoming-message: {config-ref: main, path: /sms, "
            "method: PUT}}\n    steps: []\n",
            [("7:81: 'method' must be one of GET, POST (got 'PUT')", None)],
            id="method",
        ),
        pytest.param(
            "  a:\n    source: {twilio:on-incoming-message: {config-ref: main, path: /sms, "
            "deadlineReply: hold on}}\n    steps: []\n",
            [("7:88: deadlineReply must be a TwiML document (<Response>...</Response>)", None)],
            id="deadline reply not TwiML",
        ),
        pytest.param(
            "  a:\n    source:\n      twilio:on-incoming-message: {config-ref: main, path: /a}\n"
            "      twilio:on-call-status: {config-ref: main, path: /b}\n    steps: []\n",
            [("8:7: a source is a mapping with one key, its kind; this one has "
              "'twilio:on-incoming-message', 'twilio:on-call-status'", None)],
            id="two kinds",
        ),
        pytest.param(
            "  a:\n    source: {twilio:on-incoming-message: {config-ref: main, path: /sms}}\n",
            [("6:3: a list of steps, or a mapping with steps:, on-error: and source: needs "
              "'steps'", None)],
            id="no steps",
        ),
    ],
)  # fmt: skip
def test_static_problems_of_sources(
    write_flow: Any, flows: str, expected: list[tuple[str, str | None]]
) -> None:
    path = write_flow(CONFIGS + flows)
    got = _problems(write_flow, flows)
    assert got == [(message.replace("FILE", str(path)), hint) for message, hint in expected]


def test_one_path_may_take_get_and_post_in_two_flows(write_flow: Any) -> None:
    flows = (
        "  a:\n    source: {twilio:on-incoming-message: {path: /sms, config-ref: main}}\n"
        "    steps: []\n"
        "  b:\n    source: {twilio:on-incoming-message: {path: /sms, config-ref: main, "
        "method: GET}}\n    steps: []\n"
    )
    assert _problems(write_flow, flows) == []


def test_a_source_of_a_file_with_one_config_may_leave_config_ref_out(write_flow: Any) -> None:
    path = write_flow(
        f"configs:\n  only: {{accountSid: {SID}, authToken: t}}\n"
        "flows:\n  a:\n    source: {twilio:on-incoming-message: {path: /sms}}\n    steps: []\n"
    )
    assert FlowFile.load(path).sources["a"].config == "only"


def test_each_kind_is_in_the_flow_file_schema_with_its_examples() -> None:
    schema = flow_schema()
    source = schema["$defs"]["flow"]["else"]["properties"]["source"]
    assert source == {"$ref": "#/$defs/source"}
    assert set(schema["$defs"]["source"]["properties"]) == set(SOURCES)
    for kind, cls in SOURCES.items():
        assert schema["$defs"][kind]["$ref"] == "#/$defs/source-settings"
        assert schema["$defs"][kind]["examples"] == cls.schema["examples"]
    settings = schema["$defs"]["source-settings"]["properties"]
    assert set(settings) == {
        "config-ref",
        "path",
        "method",
        "publicUrl",
        "trustForwardedHeaders",
        "deadlineReply",
    }


def test_what_each_kind_answers_and_which_number_setting_points_at_it() -> None:
    assert (OnIncomingMessage.notifies, OnIncomingMessage.number_settings) == (
        False,
        ("smsUrl", "smsMethod"),
    )
    assert (OnCallStatus.notifies, OnCallStatus.number_settings) == (
        True,
        ("statusCallback", "statusCallbackMethod"),
    )


def test_a_flow_with_a_source_can_be_run_by_name_with_a_payload(
    write_flow: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_flow(
        CONFIGS
        + """\
  reply:
    source: {twilio:on-incoming-message: {config-ref: main, path: /sms}}
    steps:
      - set-payload: {value: "<Response><Message>#[payload.Body | upper]</Message></Response>"}
"""
    )
    payload = json.dumps({"From": "+14155550100", "Body": "help"})
    code, out, err = run_cli(capsys, "run", str(path), "--flow", "reply", "--payload", payload)
    assert code == 0, err
    assert json.loads(out) == "<Response><Message>HELP</Message></Response>"
