"""End to end over the emulator: the newer voice operations (call control and recordings,
conference end, participants added by the API, conference recordings, mobile numbers), each
scenario checking the state it leaves through other operations."""

from __future__ import annotations

from typing import Any

import pytest

from connector import BadRequestError, Connector, NotFoundError
from emulator import ManualClock
from tests.support.e2e import covers

FROM = "+15005550006"
HOOK = "https://example.com/twiml"


def call(twilio: Connector, to: str, **params: Any) -> dict[str, Any]:
    made: dict[str, Any] = twilio.invoke(
        "make-call", {"from": FROM, "to": to, "url": HOOK, **params}
    )
    return made


@covers("make-call", "change-call-state", "delete-call")
def test_call_time_limit_callbacks_and_delete(twilio: Connector, clock: ManualClock) -> None:
    made = call(
        twilio,
        "+14155550100",
        statusCallbackEvent="initiated ringing answered completed",
        statusCallback="https://example.com/status",
        machineDetection="Enable",
        machineDetectionTimeout=10,
        asyncAmd="true",
        timeLimit=60,
        sipAuthUsername="alice",
        sipAuthPassword="s3cret",
    )
    assert made["status"] == "queued"
    clock.advance(2)
    answered = twilio.invoke("get-call", {"callSid": made["sid"]})
    assert (answered["status"], answered["answered_by"]) == ("in-progress", "human")
    with pytest.raises(BadRequestError) as refused:
        twilio.invoke("delete-call", {"callSid": made["sid"]})
    assert refused.value.code == 20009
    changed = twilio.invoke(
        "change-call-state",
        {
            "callSid": made["sid"],
            "twiml": "<Response><Say>Bye</Say></Response>",
            "statusCallback": "https://example.com/other",
            "timeLimit": 1,
        },
    )
    assert changed["status"] == "in-progress"
    clock.advance(1)
    ended = twilio.invoke("get-call", {"callSid": made["sid"]})
    assert (ended["status"], ended["duration"]) == ("completed", "1")
    twilio.invoke("delete-call", {"callSid": made["sid"]})
    with pytest.raises(NotFoundError) as gone:
        twilio.invoke("get-call", {"callSid": made["sid"]})
    assert gone.value.status == 404


@covers("start-call-recording", "update-call-recording", "get-call-recordings")
def test_a_live_call_is_recorded_paused_resumed_and_stopped(
    twilio: Connector, clock: ManualClock
) -> None:
    made = call(twilio, "+14155550101")
    clock.advance(2)
    started = twilio.invoke(
        "start-call-recording",
        {"callSid": made["sid"], "recordingTrack": "inbound", "recordingChannels": "dual"},
    )
    assert (started["status"], started["source"], started["track"], started["channels"]) == (
        "in-progress",
        "StartCallRecordingAPI",
        "inbound",
        2,
    )
    paused = twilio.invoke(
        "update-call-recording",
        {
            "callSid": made["sid"],
            "recordingSid": "Twilio.CURRENT",
            "status": "paused",
            "pauseBehavior": "skip",
        },
    )
    assert (paused["sid"], paused["status"]) == (started["sid"], "paused")
    clock.advance(1)
    resumed = twilio.invoke(
        "update-call-recording",
        {"callSid": made["sid"], "recordingSid": started["sid"], "status": "in-progress"},
    )
    assert resumed["status"] == "in-progress"
    clock.advance(1)
    stopped = twilio.invoke(
        "update-call-recording",
        {"callSid": made["sid"], "recordingSid": "Twilio.CURRENT", "status": "stopped"},
    )
    assert (stopped["status"], stopped["duration"]) == ("stopped", "-1")
    clock.advance(1)
    (done,) = twilio.invoke("get-call-recordings", {"callSid": made["sid"]})
    assert (done["sid"], done["status"], done["duration"]) == (started["sid"], "completed", "1")
    assert twilio.invoke("get-recording", {"recordingSid": started["sid"]})["status"] == "completed"


@covers("add-participant", "update-participant", "update-conference", "get-conference-recordings")
def test_participants_join_on_answer_and_end_with_the_conference(
    twilio: Connector, clock: ManualClock
) -> None:
    host = twilio.invoke(
        "add-participant",
        {
            "conferenceSid": "Standup",
            "from": FROM,
            "to": "+14155550102",
            "label": "host",
            "endConferenceOnExit": False,
            "conferenceRecord": "record-from-start",
            "statusCallbackEvent": ["ringing", "answered"],
        },
    )
    conference = host["conference_sid"]
    assert host["status"] == "queued"
    assert twilio.invoke("get-conference", {"conferenceSid": conference})["status"] == "init"
    clock.advance(2)
    joined = twilio.invoke("get-participant", {"conferenceSid": conference, "callSid": "host"})
    assert joined["status"] == "connected"
    assert twilio.invoke("get-conference", {"conferenceSid": conference})["status"] == "in-progress"
    coach = twilio.invoke(
        "add-participant",
        {
            "conferenceSid": conference,
            "from": FROM,
            "to": "+14155550103",
            "coaching": True,
            "callSidToCoach": host["call_sid"],
            "muted": True,
        },
    )
    assert (coach["coaching"], coach["call_sid_to_coach"], coach["muted"]) == (
        True,
        host["call_sid"],
        True,
    )
    held = twilio.invoke(
        "update-participant",
        {
            "conferenceSid": conference,
            "callSid": "host",
            "hold": True,
            "holdUrl": "https://example.com/music",
            "muted": True,
        },
    )
    assert (held["hold"], held["muted"]) == (True, True)
    on_hold = twilio.invoke("get-participants", {"conferenceSid": conference, "muted": True})
    assert {p["call_sid"] for p in on_hold} == {host["call_sid"], coach["call_sid"]}
    clock.advance(1)
    ended = twilio.invoke("update-conference", {"conferenceSid": conference, "status": "completed"})
    assert (ended["status"], ended["reason_conference_ended"]) == (
        "completed",
        "conference-ended-via-api",
    )
    assert twilio.invoke("get-call", {"callSid": host["call_sid"]})["status"] == "completed"
    assert twilio.invoke("get-call", {"callSid": coach["call_sid"]})["status"] == "canceled"
    assert list(twilio.invoke("get-participants", {"conferenceSid": conference})) == []
    (recording,) = twilio.invoke("get-conference-recordings", {"conferenceSid": conference})
    assert (recording["conference_sid"], recording["source"], recording["duration"]) == (
        conference,
        "Conference",
        "1",
    )


@covers("get-available-mobile-numbers")
def test_mobile_numbers_can_be_found_and_bought(twilio: Connector) -> None:
    found = list(
        twilio.invoke(
            "get-available-mobile-numbers", {"isoCountryCode": "GB", "contains": "7700", "limit": 3}
        )
    )
    assert len(found) == 3
    assert all(n["phone_number"].startswith("+447700") for n in found)
    bought = twilio.invoke(
        "add-incoming-phone-number-by-phone-number", {"phoneNumber": found[0]["phone_number"]}
    )
    assert bought["phone_number"] == found[0]["phone_number"]
    again = twilio.invoke(
        "get-available-mobile-numbers", {"isoCountryCode": "GB", "contains": "7700"}
    )
    assert found[0]["phone_number"] not in {n["phone_number"] for n in again}
    assert list(twilio.invoke("get-available-mobile-numbers", {"isoCountryCode": "US"})) == []
    assert (
        list(
            twilio.invoke(
                "get-available-mobile-numbers", {"isoCountryCode": "GB", "smsEnabled": False}
            )
        )
        == []
    )
