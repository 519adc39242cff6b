"""The rules of the newer voice operations, checked before anything is sent: ifMachine and
machineDetection name one field (at most one), a SIP password needs its username and is never
shown, coaching needs the call it coaches, Twilio.CURRENT names a live recording, and Twilio's
documented bounds and enums."""

from __future__ import annotations

import json
import logging
import traceback
from typing import Any

import pytest

from connector import Connector, ValidationError
from operations import catalog

CA = "CA" + "b" * 32
CF = "CF" + "c" * 32
FROM, TO = "+15005550006", "+14155550100"
CALL = {"from": FROM, "to": TO, "url": "https://example.com/t"}
PARTICIPANT = {"conferenceSid": CF, "from": FROM, "to": TO}
PASSWORD = "sip-canary-8d1e5c2b7f"


def problems(make_connector: Any, server: Any, name: str, params: dict[str, Any]) -> dict[str, str]:
    """The problems `params` have, by parameter; nothing reached the server."""
    with pytest.raises(ValidationError) as caught:
        make_connector().execute(name, params)
    assert server.requests == []
    return {p.path: p.message for p in caught.value.problems}


def sent_form(make_connector: Any, server: Any, name: str, params: dict[str, Any]) -> list[Any]:
    """The form pairs the one request for `params` carried."""
    server.answer(status=catalog.get(name).success, body={"sid": CA})
    make_connector().execute(name, params)
    (request,) = server.requests
    return sorted(request.form)


def test_if_machine_and_machine_detection_are_one_field(make_connector: Any, server: Any) -> None:
    found = problems(
        make_connector,
        server,
        "make-call",
        {**CALL, "ifMachine": "Continue", "machineDetection": "Enable"},
    )
    assert found == {
        "ifMachine | machineDetection": "give at most one of ifMachine, machineDetection "
        "(got ifMachine, machineDetection)"
    }


@pytest.mark.parametrize(
    ("given", "wire"),
    [
        ({"ifMachine": "Hangup"}, "Enable"),
        ({"machineDetection": "detectmessageend"}, "DetectMessageEnd"),
    ],
)
def test_either_name_sends_machine_detection(
    make_connector: Any, server: Any, given: dict[str, str], wire: str
) -> None:
    form = sent_form(make_connector, server, "make-call", {**CALL, **given})
    assert ("MachineDetection", wire) in form


@pytest.mark.parametrize(
    ("name", "value", "path"),
    [
        ("machineDetectionTimeout", 60, "machineDetectionTimeout"),
        ("machineDetectionTimeout", 2, "machineDetectionTimeout"),
        ("machineDetectionSpeechThreshold", 999, "machineDetectionSpeechThreshold"),
        ("machineDetectionSpeechEndThreshold", 5001, "machineDetectionSpeechEndThreshold"),
        ("machineDetectionSilenceTimeout", 1999, "machineDetectionSilenceTimeout"),
        ("asyncAmd", "maybe", "asyncAmd"),
        ("statusCallbackEvent", "answered hungup", "statusCallbackEvent.1"),
        ("recordingStatusCallbackEvent", ["paused"], "recordingStatusCallbackEvent.0"),
        ("recordingTrack", "left", "recordingTrack"),
        ("recordingChannels", "stereo", "recordingChannels"),
        ("trim", "yes", "trim"),
        ("byoc", "BY123", "byoc"),
        ("timeLimit", 0, "timeLimit"),
    ],
)
def test_make_call_bounds_and_enums(
    make_connector: Any, server: Any, name: str, value: Any, path: str
) -> None:
    found = problems(make_connector, server, "make-call", {**CALL, name: value})
    assert list(found) == [path]


def test_a_sip_password_needs_its_username(make_connector: Any, server: Any) -> None:
    found = problems(make_connector, server, "make-call", {**CALL, "sipAuthPassword": PASSWORD})
    assert found == {"sipAuthUsername": "is required with sipAuthPassword"}


@pytest.mark.parametrize("bad", [["a", PASSWORD], {"p": PASSWORD}, PASSWORD + "\udcff", ""])
def test_a_bad_sip_password_is_never_shown(make_connector: Any, server: Any, bad: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        make_connector().execute(
            "add-participant", {**PARTICIPANT, "sipAuthUsername": "alice", "sipAuthPassword": bad}
        )
    error = caught.value
    texts = [str(error), repr(error), json.dumps(error.to_dict())]
    texts.append("".join(traceback.format_exception(error)))
    assert [p.path for p in error.problems] == ["sipAuthPassword"]
    assert all(PASSWORD not in text for text in texts)


def test_a_sip_password_is_sent_but_not_shown(
    make_connector: Any, server: Any, loopback_config: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    params = {**CALL, "sipAuthUsername": "alice", "sipAuthPassword": PASSWORD}
    assert ("SipAuthPassword", PASSWORD) in sent_form(make_connector, server, "make-call", params)
    dry: list[Any] = []
    with Connector(loopback_config(server.url), dry_run=dry.append) as twilio:
        twilio.execute("make-call", params)
    op = catalog.get("make-call")
    request = op.build_request(op.prepare(params, "AC" + "1" * 32))
    assert dry[0]["form"]["SipAuthPassword"] == "<redacted>"
    assert dry[0]["form"]["SipAuthUsername"] == "alice"
    assert request.form["SipAuthPassword"] == PASSWORD  # what is sent
    texts = [json.dumps(dry), repr(request), caplog.text]
    assert all(PASSWORD not in text for text in texts)
    assert op.input_schema["properties"]["sipAuthPassword"]["writeOnly"] is True


@pytest.mark.parametrize("name", ["add-participant", "update-participant"])
def test_coaching_needs_the_call_it_coaches(make_connector: Any, server: Any, name: str) -> None:
    base = PARTICIPANT if name == "add-participant" else {"conferenceSid": CF, "callSid": CA}
    found = problems(make_connector, server, name, {**base, "coaching": "true"})
    assert found == {"callSidToCoach": "is required when coaching is true"}
    form = sent_form(make_connector, server, name, {**base, "coaching": False})
    assert ("Coaching", "false") in form


def test_change_call_state_takes_url_or_twiml(make_connector: Any, server: Any) -> None:
    found = problems(
        make_connector,
        server,
        "change-call-state",
        {"callSid": CA, "url": "https://e.com/t", "twiml": "<Response/>"},
    )
    assert list(found) == ["twiml | url"] or list(found) == ["url | twiml"]


@pytest.mark.parametrize(
    ("params", "path"),
    [
        ({"recordingSid": "current", "status": "paused"}, "recordingSid"),
        ({"recordingSid": "Twilio.CURRENT", "status": "completed"}, "status"),
        ({"recordingSid": "Twilio.CURRENT"}, "status"),
        (
            {"recordingSid": "Twilio.CURRENT", "status": "paused", "pauseBehavior": "mute"},
            "pauseBehavior",
        ),
    ],
)
def test_update_call_recording_rules(
    make_connector: Any, server: Any, params: dict[str, Any], path: str
) -> None:
    found = problems(make_connector, server, "update-call-recording", {"callSid": CA, **params})
    assert list(found) == [path]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("timeout", 4),
        ("maxParticipants", 251),
        ("beep", "sometimes"),
        ("conferenceRecord", "always"),
        ("region", "mars1"),
        ("conferenceStatusCallbackEvent", "start finish"),
    ],
)
def test_add_participant_bounds_and_enums(
    make_connector: Any, server: Any, name: str, value: Any
) -> None:
    found = problems(make_connector, server, "add-participant", {**PARTICIPANT, name: value})
    assert [path.split(".")[0] for path in found] == [name]


def test_update_conference_only_ends(make_connector: Any, server: Any) -> None:
    found = problems(
        make_connector, server, "update-conference", {"conferenceSid": CF, "status": "init"}
    )
    assert list(found) == ["status"]
