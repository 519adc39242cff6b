"""Calls: Twilio's checks, the call life cycle, change-call-state, and what calls leave behind
(recordings, transcriptions, conference participants, notifications)."""

from __future__ import annotations

import pytest

from emulator import Emulator, ManualClock
from tests.support.emulator_api import Api, assert_twilio_error

CONFERENCE = "<Response><Dial><Conference>Standup</Conference></Dial></Response>"


def _call(api: Api, **form: str) -> dict[str, str]:
    data = {"From": "+15005550006", "To": "+14155550100", **form}
    if not {"Url", "Twiml", "ApplicationSid"} & set(form):
        data["Url"] = "https://example.com/twiml"
    response = api.post("/Calls.json", **data)
    assert response.status_code == 201, response.text
    call: dict[str, str] = response.json()
    return call


def test_a_call_is_queued_ringing_in_progress_then_completed(api: Api, clock: ManualClock) -> None:
    sid = _call(api)["sid"]
    seen = []
    for _ in range(6):
        seen.append(api.get(f"/Calls/{sid}.json").json())
        clock.advance(1)
    assert [c["status"] for c in seen] == [
        "queued",
        "ringing",
        "in-progress",
        "in-progress",
        "in-progress",
        "completed",
    ]
    assert seen[1]["start_time"] is None
    assert seen[2]["start_time"] == "Mon, 01 Jan 2024 00:00:02 +0000"
    done = seen[-1]
    assert (done["end_time"], done["duration"]) == ("Mon, 01 Jan 2024 00:00:05 +0000", "3")
    assert done["price"] == "-0.01400"
    assert done["direction"] == "outbound-api"
    assert done["from_formatted"] == "(500) 555-0006"


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"From": "+15005550006", "To": "+14155550100"}, 21205),
        (
            {
                "From": "+15005550006",
                "To": "+14155550100",
                "Url": "https://example.com/t",
                "Twiml": "<Response/>",
            },
            21205,
        ),
        ({"From": "+15005550006", "To": "+14155550100", "Url": "not a url"}, 21205),
        ({"From": "+15005550006", "To": "+14155550100", "ApplicationSid": "AP" + "0" * 32}, 21218),
        ({"To": "+14155550100", "Url": "https://example.com/t"}, 21213),
        ({"From": "+15005550006", "Url": "https://example.com/t"}, 21201),
        ({"From": "+15005550006", "To": "12345", "Url": "https://example.com/t"}, 21217),
        (
            {
                "From": "+15005550006",
                "To": "+14155550100",
                "Url": "https://example.com/t",
                "Method": "get",
            },
            20001,
        ),
        (
            {
                "From": "+15005550006",
                "To": "+14155550100",
                "Url": "https://example.com/t",
                "Timeout": "soon",
            },
            20001,
        ),
        (
            {
                "From": "+15005550006",
                "To": "+14155550100",
                "Url": "https://example.com/t",
                "MachineDetection": "Continue",  # the retired IfMachine value
            },
            20001,
        ),
    ],
)
def test_bad_calls_are_refused(api: Api, form: dict[str, str], code: int) -> None:
    assert_twilio_error(api.post("/Calls.json", **form), 400, code)
    assert api.get("/Calls.json").json()["calls"] == []


def test_an_application_or_a_client_can_be_called(api: Api) -> None:
    app = api.post(
        "/Applications.json", FriendlyName="IVR", VoiceUrl="https://example.com/v"
    ).json()["sid"]
    assert _call(api, ApplicationSid=app)["status"] == "queued"
    assert _call(api, To="client:alice", Twiml="<Response/>")["to"] == "client:alice"


def test_verified_caller_id_can_call(api: Api) -> None:
    api.post("/OutgoingCallerIds.json", PhoneNumber="+14155550150")
    assert _call(api, From="+14155550150")["from"] == "+14155550150"


def test_cancel_only_stops_calls_not_yet_answered(api: Api, clock: ManualClock) -> None:
    queued, answered = _call(api)["sid"], None
    canceled = api.post(f"/Calls/{queued}.json", Status="canceled").json()
    assert (canceled["status"], canceled["duration"]) == ("canceled", "0")
    answered = _call(api)["sid"]
    clock.advance(2)
    unchanged = api.post(f"/Calls/{answered}.json", Status="canceled").json()
    assert unchanged["status"] == "in-progress"
    clock.advance(1)
    ended = api.post(f"/Calls/{answered}.json", Status="completed").json()
    assert (ended["status"], ended["duration"]) == ("completed", "1")
    clock.advance(10)
    assert (
        api.get(f"/Calls/{answered}.json").json()["end_time"] == "Mon, 01 Jan 2024 00:00:03 +0000"
    )
    assert_twilio_error(api.post(f"/Calls/{answered}.json", Status="busy"), 400, 20001)


def test_redirect_works_on_live_calls_only(api: Api, clock: ManualClock) -> None:
    sid = _call(api)["sid"]
    clock.advance(2)
    assert (
        api.post(f"/Calls/{sid}.json", Url="https://example.com/next", Method="GET").status_code
        == 200
    )
    clock.advance(10)
    assert_twilio_error(api.post(f"/Calls/{sid}.json", Url="https://example.com/again"), 400, 21220)
    assert api.post(f"/Calls/{sid}.json", Status="completed").json()["status"] == "completed"


def test_record_true_leaves_a_recording(api: Api, clock: ManualClock) -> None:
    sid = _call(api, Record="true")["sid"]
    assert api.get("/Recordings.json").json()["recordings"] == []
    clock.advance(5)
    (recording,) = api.get("/Recordings.json").json()["recordings"]
    assert (recording["call_sid"], recording["duration"], recording["source"]) == (
        sid,
        "3",
        "OutboundAPI",
    )
    assert recording["status"] == "completed"
    assert recording["media_url"] == f"{api.base}/Recordings/{recording['sid']}"
    assert [r["sid"] for r in api.get(f"/Calls/{sid}/Recordings.json").json()["recordings"]] == [
        recording["sid"]
    ]
    assert api.get("/Transcriptions.json").json()["transcriptions"] == []


def test_record_verb_with_transcribe_leaves_a_transcription(api: Api, clock: ManualClock) -> None:
    _call(api, Twiml='<Response><Say>Leave a message</Say><Record transcribe="true"/></Response>')
    clock.advance(6)
    (recording,) = api.get("/Recordings.json").json()["recordings"]
    assert recording["source"] == "RecordVerb"
    (transcription,) = api.get(f"/Recordings/{recording['sid']}/Transcriptions.json").json()[
        "transcriptions"
    ]
    assert transcription["status"] == "completed"
    assert transcription["transcription_text"]


def test_canceled_calls_leave_no_recording(api: Api, clock: ManualClock) -> None:
    sid = _call(api, Record="true")["sid"]
    api.post(f"/Calls/{sid}.json", Status="canceled")
    clock.advance(10)
    assert api.get("/Recordings.json").json()["recordings"] == []


def test_twiml_conference_puts_the_call_in_it(api: Api, clock: ManualClock) -> None:
    first = _call(api, Twiml=CONFERENCE)["sid"]
    clock.advance(1)
    second = _call(api, To="+14155550101", Twiml=CONFERENCE)["sid"]
    assert api.get("/Conferences.json").json()["conferences"] == []
    clock.advance(2)
    (conference,) = api.get("/Conferences.json").json()["conferences"]
    assert (conference["friendly_name"], conference["status"]) == ("Standup", "in-progress")
    participants = api.get(f"/Conferences/{conference['sid']}/Participants.json").json()[
        "participants"
    ]
    assert {p["call_sid"] for p in participants} == {first, second}
    clock.advance(2)
    assert [
        p["call_sid"]
        for p in api.get(f"/Conferences/{conference['sid']}/Participants.json").json()[
            "participants"
        ]
    ] == [second]
    clock.advance(1)
    ended = api.get(f"/Conferences/{conference['sid']}.json").json()
    assert (
        ended["status"],
        ended["reason_conference_ended"],
        ended["call_sid_ending_conference"],
    ) == ("completed", "last-participant-left", second)


def test_a_seeded_conference_number_puts_calls_in_that_conference(
    emu: Emulator, api: Api, clock: ManualClock
) -> None:
    emu.seed({"conference_numbers": {"+14155550199": "Support line"}})
    sid = _call(api, To="+14155550199")["sid"]
    clock.advance(2)
    (conference,) = api.get("/Conferences.json", FriendlyName="Support line").json()["conferences"]
    assert (
        api.get(f"/Conferences/{conference['sid']}/Participants/{sid}.json").json()["muted"]
        is False
    )


def test_an_unreachable_url_leaves_notification_11200(api: Api, clock: ManualClock) -> None:
    sid = _call(api, Url="https://voice.invalid/answer")["sid"]
    ok = _call(api)["sid"]
    clock.advance(3)
    (notification,) = api.get(f"/Calls/{sid}/Notifications.json").json()["notifications"]
    assert (notification["error_code"], notification["log"], notification["call_sid"]) == (
        "11200",
        "0",
        sid,
    )
    assert notification["request_url"] == "https://voice.invalid/answer"
    full = api.get(f"/Notifications/{notification['sid']}.json").json()
    assert "CallSid=" + sid in full["request_variables"]
    assert api.get(f"/Calls/{ok}/Notifications.json").json()["notifications"] == []


def test_machine_detection_answers_human(api: Api, clock: ManualClock) -> None:
    sid = _call(api, MachineDetection="Enable")["sid"]
    assert api.get(f"/Calls/{sid}.json").json()["answered_by"] is None
    clock.advance(2)
    assert api.get(f"/Calls/{sid}.json").json()["answered_by"] == "human"


def test_a_call_from_a_bought_number_names_it(api: Api) -> None:
    number = api.post("/IncomingPhoneNumbers.json", AreaCode="312").json()
    assert _call(api, From=number["phone_number"])["phone_number_sid"] == number["sid"]
