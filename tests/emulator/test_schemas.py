"""Every endpoint the operations use answers in the shape of Twilio's published response
schema (all fields present, no others, RFC 2822 dates); the legacy ones in their 2010 shape."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from jsonschema import Draft202012Validator

from emulator import Emulator, ManualClock
from tests.support.emulator_api import SID, Api
from tests.support.openapi import FORMATS, validate_response
from tests.support.reference import sends_request

A = "/2010-04-01/Accounts/{AccountSid}"


@dataclass
class World:
    """One of everything, made through the API the way a user would."""

    api: Api
    sub: str
    number: str
    application: str
    caller_id: str
    message: str
    call: str
    conference: str
    participant: str
    recording: str
    transcription: str
    notification: str
    failed_call: str

    def fresh(self, path: str, key: str = "sid", **data: Any) -> str:
        """Create something to delete, and return its key."""
        response = self.api.post(path, **data)
        assert response.status_code in (200, 201), response.text
        return str(response.json()[key])


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    clock = ManualClock()
    with Emulator(clock=clock) as emu:
        main = emu.create_account(friendly_name="Main")
        api = Api(emu.url, main.sid, main.auth_token)
        sub = api.post(f"{emu.url}/2010-04-01/Accounts.json", FriendlyName="Sub").json()["sid"]
        number = api.post("/IncomingPhoneNumbers.json", AreaCode="415").json()["sid"]
        application = api.post("/Applications.json", FriendlyName="App").json()["sid"]
        api.post("/OutgoingCallerIds.json", PhoneNumber="+14155550123")
        caller_id = api.get("/OutgoingCallerIds.json").json()["outgoing_caller_ids"][0]["sid"]
        message = api.send()["sid"]
        recorded = api.post(
            "/Calls.json",
            From="+15005550006",
            To="+14155550100",
            Twiml='<Response><Record transcribe="true"/></Response>',
        ).json()["sid"]
        failed_call = api.post(
            "/Calls.json", From="+15005550006", To="+14155550101", Url="https://app.invalid/voice"
        ).json()["sid"]
        clock.advance(5)
        call = api.post(
            "/Calls.json",
            From="+15005550006",
            To="+14155550102",
            Twiml="<Response><Dial><Conference>Room</Conference></Dial></Response>",
        ).json()["sid"]
        clock.advance(2)
        conference = api.get("/Conferences.json", Status="in-progress").json()["conferences"][0]
        recording = api.get("/Recordings.json", CallSid=recorded).json()["recordings"][0]["sid"]
        yield World(
            api=api,
            sub=sub,
            number=number,
            application=application,
            caller_id=caller_id,
            message=message,
            call=call,
            conference=conference["sid"],
            participant=call,
            recording=recording,
            transcription=api.get("/Transcriptions.json").json()["transcriptions"][0]["sid"],
            notification=api.get("/Notifications.json").json()["notifications"][0]["sid"],
            failed_call=failed_call,
        )


Request = Callable[[World], requests.Response]
ROOT = "/2010-04-01"

CASES: list[tuple[str, str, int, Request]] = [
    # Accounts
    (
        "GET",
        ROOT + "/Accounts/{Sid}.json",
        200,
        lambda w: w.api.get(f"{w.api.url}{ROOT}/Accounts/{w.sub}.json"),
    ),
    (
        "POST",
        ROOT + "/Accounts/{Sid}.json",
        200,
        lambda w: w.api.post(f"{w.api.url}{ROOT}/Accounts/{w.sub}.json", FriendlyName="Renamed"),
    ),
    (
        "GET",
        ROOT + "/Accounts.json",
        200,
        lambda w: w.api.get(f"{w.api.url}{ROOT}/Accounts.json", Status="active"),
    ),
    (
        "POST",
        ROOT + "/Accounts.json",
        201,
        lambda w: w.api.post(f"{w.api.url}{ROOT}/Accounts.json", FriendlyName="Another"),
    ),
    # AvailablePhoneNumbers
    (
        "GET",
        A + "/AvailablePhoneNumbers/{CountryCode}/Local.json",
        200,
        lambda w: w.api.get("/AvailablePhoneNumbers/US/Local.json", AreaCode=510, PageSize=3),
    ),
    (
        "GET",
        A + "/AvailablePhoneNumbers/{CountryCode}/TollFree.json",
        200,
        lambda w: w.api.get("/AvailablePhoneNumbers/US/TollFree.json", Contains="8**"),
    ),
    # IncomingPhoneNumbers
    (
        "GET",
        A + "/IncomingPhoneNumbers.json",
        200,
        lambda w: w.api.get("/IncomingPhoneNumbers.json"),
    ),
    (
        "POST",
        A + "/IncomingPhoneNumbers.json",
        201,
        lambda w: w.api.post(
            "/IncomingPhoneNumbers.json", AreaCode="212", VoiceUrl="https://example.com/v"
        ),
    ),
    (
        "GET",
        A + "/IncomingPhoneNumbers/{Sid}.json",
        200,
        lambda w: w.api.get(f"/IncomingPhoneNumbers/{w.number}.json"),
    ),
    (
        "POST",
        A + "/IncomingPhoneNumbers/{Sid}.json",
        200,
        lambda w: w.api.post(
            f"/IncomingPhoneNumbers/{w.number}.json",
            SmsUrl="https://example.com/s",
            VoiceCallerIdLookup="true",
        ),
    ),
    (
        "DELETE",
        A + "/IncomingPhoneNumbers/{Sid}.json",
        204,
        lambda w: w.api.delete(
            f"/IncomingPhoneNumbers/{w.fresh('/IncomingPhoneNumbers.json', AreaCode='617')}.json"
        ),
    ),
    # OutgoingCallerIds and validation requests
    ("GET", A + "/OutgoingCallerIds.json", 200, lambda w: w.api.get("/OutgoingCallerIds.json")),
    (
        "POST",
        A + "/OutgoingCallerIds.json",
        200,
        lambda w: w.api.post(
            "/OutgoingCallerIds.json", PhoneNumber="+14155550124", FriendlyName="Desk"
        ),
    ),
    (
        "GET",
        A + "/OutgoingCallerIds/{Sid}.json",
        200,
        lambda w: w.api.get(f"/OutgoingCallerIds/{w.caller_id}.json"),
    ),
    (
        "POST",
        A + "/OutgoingCallerIds/{Sid}.json",
        200,
        lambda w: w.api.post(f"/OutgoingCallerIds/{w.caller_id}.json", FriendlyName="Office"),
    ),
    (
        "DELETE",
        A + "/OutgoingCallerIds/{Sid}.json",
        204,
        lambda w: w.api.delete(_fresh_caller_id(w)),
    ),
    # Applications
    (
        "GET",
        A + "/Applications.json",
        200,
        lambda w: w.api.get("/Applications.json", FriendlyName="App"),
    ),
    (
        "POST",
        A + "/Applications.json",
        201,
        lambda w: w.api.post(
            "/Applications.json",
            FriendlyName="New",
            VoiceUrl="https://example.com/v",
            VoiceMethod="GET",
        ),
    ),
    (
        "GET",
        A + "/Applications/{Sid}.json",
        200,
        lambda w: w.api.get(f"/Applications/{w.application}.json"),
    ),
    (
        "POST",
        A + "/Applications/{Sid}.json",
        200,
        lambda w: w.api.post(f"/Applications/{w.application}.json", SmsUrl="https://example.com/s"),
    ),
    (
        "DELETE",
        A + "/Applications/{Sid}.json",
        204,
        lambda w: w.api.delete(f"/Applications/{w.fresh('/Applications.json')}.json"),
    ),
    # Calls
    (
        "GET",
        A + "/Calls.json",
        200,
        lambda w: w.api.get("/Calls.json", **{"StartTime>": "2023-12-31"}),
    ),
    (
        "POST",
        A + "/Calls.json",
        201,
        lambda w: w.api.post(
            "/Calls.json", From="+15005550006", To="+14155550103", Url="https://example.com/twiml"
        ),
    ),
    ("GET", A + "/Calls/{Sid}.json", 200, lambda w: w.api.get(f"/Calls/{w.failed_call}.json")),
    (
        "POST",
        A + "/Calls/{Sid}.json",
        200,
        lambda w: w.api.post(f"/Calls/{_fresh_call(w)}.json", Status="canceled"),
    ),
    # Conferences and participants
    (
        "GET",
        A + "/Conferences.json",
        200,
        lambda w: w.api.get("/Conferences.json", **{"DateCreated<": "2030-01-01"}),
    ),
    (
        "GET",
        A + "/Conferences/{Sid}.json",
        200,
        lambda w: w.api.get(f"/Conferences/{w.conference}.json"),
    ),
    (
        "GET",
        A + "/Conferences/{ConferenceSid}/Participants.json",
        200,
        lambda w: w.api.get(f"/Conferences/{w.conference}/Participants.json", Muted="false"),
    ),
    (
        "GET",
        A + "/Conferences/{ConferenceSid}/Participants/{CallSid}.json",
        200,
        lambda w: w.api.get(f"/Conferences/{w.conference}/Participants/{w.participant}.json"),
    ),
    (
        "POST",
        A + "/Conferences/{ConferenceSid}/Participants/{CallSid}.json",
        200,
        lambda w: w.api.post(
            f"/Conferences/{w.conference}/Participants/{w.participant}.json", Muted="true"
        ),
    ),
    (
        "DELETE",
        A + "/Conferences/{ConferenceSid}/Participants/{CallSid}.json",
        204,
        lambda w: w.api.delete(_fresh_participant(w)),
    ),
    # Messages
    ("GET", A + "/Messages.json", 200, lambda w: w.api.get("/Messages.json", To="+14155550100")),
    (
        "POST",
        A + "/Messages.json",
        201,
        lambda w: w.api.post(
            "/Messages.json", From="+15005550006", To="+14155550100", Body="Hello"
        ),
    ),
    ("GET", A + "/Messages/{Sid}.json", 200, lambda w: w.api.get(f"/Messages/{w.message}.json")),
    # Recordings and transcriptions
    ("GET", A + "/Recordings.json", 200, lambda w: w.api.get("/Recordings.json")),
    (
        "GET",
        A + "/Recordings/{Sid}.json",
        200,
        lambda w: w.api.get(f"/Recordings/{w.recording}.json"),
    ),
    (
        "DELETE",
        A + "/Recordings/{Sid}.json",
        204,
        lambda w: w.api.delete(f"/Recordings/{_fresh_recording(w)}.json"),
    ),
    (
        "GET",
        A + "/Calls/{CallSid}/Recordings.json",
        200,
        lambda w: w.api.get(f"/Calls/{w.call}/Recordings.json"),
    ),
    ("GET", A + "/Transcriptions.json", 200, lambda w: w.api.get("/Transcriptions.json")),
    (
        "GET",
        A + "/Transcriptions/{Sid}.json",
        200,
        lambda w: w.api.get(f"/Transcriptions/{w.transcription}.json"),
    ),
    (
        "GET",
        A + "/Recordings/{RecordingSid}/Transcriptions.json",
        200,
        lambda w: w.api.get(f"/Recordings/{w.recording}/Transcriptions.json"),
    ),
    # Notifications
    ("GET", A + "/Notifications.json", 200, lambda w: w.api.get("/Notifications.json", Log=0)),
    (
        "GET",
        A + "/Notifications/{Sid}.json",
        200,
        lambda w: w.api.get(f"/Notifications/{w.notification}.json"),
    ),
    (
        "GET",
        A + "/Calls/{CallSid}/Notifications.json",
        200,
        lambda w: w.api.get(f"/Calls/{w.failed_call}/Notifications.json"),
    ),
]

LEGACY = {
    ("GET", A + "/Sandbox.json"),
    ("POST", A + "/Sandbox.json"),
    ("DELETE", A + "/Notifications/{Sid}.json"),
}


def _fresh_call(w: World) -> str:
    return w.fresh("/Calls.json", From="+15005550006", To="+14155550104", Twiml="<Response/>")


def _fresh_caller_id(w: World) -> str:
    w.api.post("/OutgoingCallerIds.json", PhoneNumber="+14155550199")
    found = w.api.get("/OutgoingCallerIds.json", PhoneNumber="+14155550199").json()
    return f"/OutgoingCallerIds/{found['outgoing_caller_ids'][0]['sid']}.json"


def _seed(w: World, fixtures: dict[str, Any]) -> dict[str, list[str]]:
    response = requests.post(f"{w.api.url}/_emulator/seed", json=fixtures, timeout=10)
    assert response.status_code == 201, response.text
    created: dict[str, list[str]] = response.json()
    return created


def _fresh_participant(w: World) -> str:
    conference = _seed(w, {"conferences": [{"friendly_name": "Kick", "participants": [{}]}]})
    sid = conference["conferences"][0]
    (participant,) = w.api.get(f"/Conferences/{sid}/Participants.json").json()["participants"]
    return f"/Conferences/{sid}/Participants/{participant['call_sid']}.json"


def _fresh_recording(w: World) -> str:
    return _seed(w, {"recordings": [{"duration": 3}]})["recordings"][0]


@pytest.mark.parametrize(
    ("method", "path", "status", "request_"),
    CASES,
    ids=[f"{m} {p[len(A) :] or p}" for m, p, _, _ in CASES],
)
def test_response_matches_twilio_schema(
    world: World, method: str, path: str, status: int, request_: Request, twilio_api_v2010: Path
) -> None:
    response = request_(world)
    assert response.status_code == status, response.text
    if status == 204:
        assert response.content == b""
        return
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    validate_response(twilio_api_v2010, method, path, status, body)
    for key in ("sid", "account_sid", "call_sid", "conference_sid", "recording_sid"):
        if isinstance(body.get(key), str):
            assert SID.match(body[key]), f"{key}={body[key]}"


def test_every_operation_endpoint_is_checked(op_map: dict[str, dict[str, Any]]) -> None:
    checked = {(method, path) for method, path, _, _ in CASES} | LEGACY
    rows = [op for op in op_map.values() if sends_request(op)]  # the others have no endpoint
    used = {(op["method"], op["path"]) for op in rows}
    assert used - checked == set()
    assert {(op["method"], op["path"]) for op in rows if not op["in_spec"]} <= LEGACY


def test_success_statuses_are_those_of_the_op_map(op_map: dict[str, dict[str, Any]]) -> None:
    expected = {(m, p): s for m, p, s, _ in CASES}
    for name, op in op_map.items():
        key = (op["method"], op["path"])
        if op["in_spec"]:
            assert expected[key] == op["success_status"], name


SANDBOX_SCHEMA = {
    "type": "object",
    "required": [
        "pin",
        "account_sid",
        "phone_number",
        "application_sid",
        "api_version",
        "voice_url",
        "voice_method",
        "sms_url",
        "sms_method",
        "date_created",
        "date_updated",
        "uri",
    ],
    "additionalProperties": False,
    "properties": {
        "pin": {"type": "string", "pattern": "^[0-9]{8}$"},
        "account_sid": {"type": "string", "pattern": "^AC[0-9a-f]{32}$"},
        "phone_number": {"type": "string", "pattern": r"^\+[1-9][0-9]{7,14}$"},
        "application_sid": {"type": "string", "pattern": "^AP[0-9a-f]{32}$"},
        "api_version": {"const": "2010-04-01"},
        "voice_url": {"type": ["string", "null"]},
        "voice_method": {"enum": ["GET", "POST"]},
        "sms_url": {"type": ["string", "null"]},
        "sms_method": {"enum": ["GET", "POST"]},
        "date_created": {"type": "string", "format": "date-time-rfc-2822"},
        "date_updated": {"type": "string", "format": "date-time-rfc-2822"},
        "uri": {"type": "string", "pattern": "^/2010-04-01/Accounts/AC[0-9a-f]{32}/Sandbox.json$"},
    },
}


def test_sandbox_has_its_legacy_shape(world: World) -> None:
    validator = Draft202012Validator(SANDBOX_SCHEMA, format_checker=FORMATS)
    fetched = world.api.get("/Sandbox.json")
    assert fetched.status_code == 200
    validator.validate(fetched.json())
    updated = world.api.post("/Sandbox.json", VoiceUrl="https://example.com/voice", SmsMethod="GET")
    assert updated.status_code == 200
    validator.validate(updated.json())
    assert updated.json()["voice_url"] == "https://example.com/voice"
    assert updated.json()["sms_method"] == "GET"
    assert updated.json()["pin"] == fetched.json()["pin"]
    assert world.api.get("/Sandbox.json").json()["voice_url"] == "https://example.com/voice"


def test_notification_can_be_deleted(world: World) -> None:
    sid = _seed(world, {"notifications": [{"message_text": "gone soon"}]})["notifications"][0]
    response = world.api.delete(f"/Notifications/{sid}.json")
    assert response.status_code == 204
    assert response.content == b""
    assert world.api.get(f"/Notifications/{sid}.json").status_code == 404
