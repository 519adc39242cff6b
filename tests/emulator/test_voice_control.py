"""The emulator's newer call and conference control, as Twilio behaves: what it refuses (with
Twilio's codes), how participants and recordings move on the clock, TimeLimit, and the
recording status callback."""

from __future__ import annotations

from typing import Any

from emulator import ManualClock
from tests.emulator.webhook_app import WebhookApp
from tests.support.emulator_api import Api, assert_twilio_error

FROM = "+15005550006"
HOOK = "https://example.com/twiml"


def call(api: Api, to: str = "+14155550100", **data: Any) -> dict[str, Any]:
    response = api.post("/Calls.json", From=FROM, To=to, Url=HOOK, **data)
    assert response.status_code == 201, response.text
    made: dict[str, Any] = response.json()
    return made


def participant(api: Api, conference: str, to: str, **data: Any) -> dict[str, Any]:
    response = api.post(f"/Conferences/{conference}/Participants.json", From=FROM, To=to, **data)
    assert response.status_code == 201, response.text
    added: dict[str, Any] = response.json()
    return added


def test_a_call_that_has_not_ended_cannot_be_deleted(api: Api, clock: ManualClock) -> None:
    made = call(api)
    assert_twilio_error(api.delete(f"/Calls/{made['sid']}.json"), 400, 20009)
    clock.advance(2)
    assert_twilio_error(api.delete(f"/Calls/{made['sid']}.json"), 400, 20009)
    clock.advance(3)
    assert api.delete(f"/Calls/{made['sid']}.json").status_code == 204
    assert_twilio_error(api.get(f"/Calls/{made['sid']}.json"), 404, 20404)
    assert_twilio_error(api.delete(f"/Calls/{made['sid']}.json"), 404, 20404)


def test_time_limit_ends_the_call_after_answering(api: Api, clock: ManualClock) -> None:
    made = call(api, TimeLimit="1")
    clock.advance(10)
    ended = api.get(f"/Calls/{made['sid']}.json").json()
    assert (ended["status"], ended["duration"]) == ("completed", "1")
    assert ended["end_time"] == "Mon, 01 Jan 2024 00:00:03 +0000"


def test_url_and_twiml_together_are_refused_on_update(api: Api) -> None:
    made = call(api)
    response = api.post(f"/Calls/{made['sid']}.json", Url=HOOK, Twiml="<Response/>")
    assert_twilio_error(response, 400, 20001)


def test_recording_refusals(api: Api, clock: ManualClock) -> None:
    made = call(api)
    recordings = f"/Calls/{made['sid']}/Recordings"
    assert_twilio_error(api.post(f"{recordings}.json"), 400, 21220)  # not answered yet
    clock.advance(2)
    assert_twilio_error(api.post(f"{recordings}/Twilio.CURRENT.json", Status="paused"), 404, 20404)
    assert_twilio_error(api.post(f"{recordings}.json", RecordingTrack="left"), 400, 20001)
    started = api.post(f"{recordings}.json").json()
    assert_twilio_error(
        api.post(f"{recordings}/{started['sid']}.json", Status="absent"), 400, 20001
    )
    assert api.post(f"{recordings}/{started['sid']}.json", Status="stopped").status_code == 200
    late = api.post(f"{recordings}/{started['sid']}.json", Status="in-progress")
    assert_twilio_error(late, 400, 20001)
    clock.advance(3)
    assert_twilio_error(api.post(f"{recordings}.json"), 400, 21220)  # the call has ended


def test_a_silent_pause_counts_and_the_call_end_stops_the_recording(
    api: Api, clock: ManualClock
) -> None:
    made = call(api)
    clock.advance(2)
    recordings = f"/Calls/{made['sid']}/Recordings"
    started = api.post(f"{recordings}.json").json()
    paused = api.post(f"{recordings}/Twilio.CURRENT.json", Status="paused").json()
    assert paused["status"] == "paused"
    clock.advance(3)  # the call ends while the recording is paused
    (done,) = api.get(f"{recordings}.json").json()["recordings"]
    assert (done["sid"], done["status"]) == (started["sid"], "stopped")
    clock.advance(1)
    (done,) = api.get(f"{recordings}.json").json()["recordings"]
    assert (done["status"], done["duration"]) == ("completed", "3")


def test_the_recording_status_callback_reports_the_events_asked_for(
    api: Api, clock: ManualClock, webhooks: WebhookApp
) -> None:
    url = webhooks.serve("/recording")
    made = call(api)
    clock.advance(2)
    started = api.post(
        f"/Calls/{made['sid']}/Recordings.json",
        RecordingStatusCallback=url,
        RecordingStatusCallbackEvent="in-progress completed",
        RecordingTrack="outbound",
    ).json()
    clock.advance(4)
    delivered = webhooks.wait_for("/recording", 2)
    forms = [dict(request.form) for request in delivered]
    assert [form["RecordingStatus"] for form in forms] == ["in-progress", "completed"]
    assert {form["RecordingSid"] for form in forms} == {started["sid"]}
    assert forms[1]["RecordingDuration"] == "3"
    assert forms[1]["RecordingTrack"] == "outbound"
    assert all(webhooks.is_signed(request) for request in delivered)


def test_a_participant_rings_connects_and_leaves(api: Api, clock: ManualClock) -> None:
    added = participant(api, "Room", "+14155550101", Label="guest", ConferenceRecord="true")
    conference = added["conference_sid"]
    path = f"/Conferences/{conference}/Participants/guest.json"
    assert api.get(f"/Calls/{added['call_sid']}.json").json()["direction"] == "outbound-api"
    clock.advance(1)
    assert api.get(path).json()["status"] == "ringing"
    clock.advance(1)
    assert api.get(path).json()["status"] == "connected"
    assert api.get(f"/Conferences/{conference}.json").json()["status"] == "in-progress"
    clock.advance(3)  # the participant's call ends
    assert_twilio_error(api.get(path), 404, 20404)
    ended = api.get(f"/Conferences/{conference}.json").json()
    assert (ended["status"], ended["reason_conference_ended"]) == (
        "completed",
        "last-participant-left",
    )
    (recording,) = api.get(f"/Conferences/{conference}/Recordings.json").json()["recordings"]
    assert recording["duration"] == "3"


def test_a_named_conference_is_found_again_and_ended_ones_take_no_one(
    api: Api, clock: ManualClock
) -> None:
    first = participant(api, "Board", "+14155550101")
    second = participant(api, "Board", "+14155550102")
    assert first["conference_sid"] == second["conference_sid"]
    clock.advance(2)
    api.post(f"/Conferences/{first['conference_sid']}.json", Status="completed")
    late = api.post(
        f"/Conferences/{first['conference_sid']}/Participants.json", From=FROM, To="+14155550103"
    )
    assert_twilio_error(late, 400, 20001)
    fresh = participant(api, "Board", "+14155550104")
    assert fresh["conference_sid"] != first["conference_sid"]


def test_participant_refusals(api: Api, clock: ManualClock) -> None:
    host = participant(api, "Team", "+14155550101", Label="host")
    conference = host["conference_sid"]
    add = f"/Conferences/{conference}/Participants.json"
    assert_twilio_error(api.post(add, From=FROM), 400, 21201)
    assert_twilio_error(api.post(add, To="+14155550102"), 400, 21213)
    assert_twilio_error(api.post(add, From="+15005550001", To="+14155550102"), 400, 21212)
    assert_twilio_error(api.post(add, From=FROM, To="+14155550102", Label="host"), 400, 20001)
    coach = {"From": FROM, "To": "+14155550102", "Coaching": "true"}
    assert_twilio_error(api.post(add, **coach), 400, 20001)
    assert_twilio_error(api.post(add, **coach, CallSidToCoach="CA" + "0" * 32), 400, 20001)
    assert_twilio_error(api.post(add, From=FROM, To="+14155550102", Timeout="4"), 400, 20001)
    assert_twilio_error(api.post(add, From=FROM, To="+14155550102", Beep="loud"), 400, 20001)
    missing = api.post("/Conferences/CF" + "0" * 32 + "/Participants.json", From=FROM, To="+1415")
    assert_twilio_error(missing, 404, 20404)


def test_participant_updates_are_reflected(api: Api, clock: ManualClock) -> None:
    host = participant(api, "Desk", "+14155550101", Label="host")
    agent = participant(api, "Desk", "+14155550102", Label="agent")
    conference = host["conference_sid"]
    clock.advance(2)
    path = f"/Conferences/{conference}/Participants/agent.json"
    coached = api.post(path, Coaching="true", CallSidToCoach=host["call_sid"], Muted="true").json()
    assert (coached["coaching"], coached["call_sid_to_coach"], coached["muted"]) == (
        True,
        host["call_sid"],
        True,
    )
    listed = f"/Conferences/{conference}/Participants.json"
    coaching = api.get(listed, Coaching="true").json()["participants"]
    assert [p["call_sid"] for p in coaching] == [agent["call_sid"]]
    not_coaching = api.get(listed, Coaching="false").json()["participants"]
    assert [p["call_sid"] for p in not_coaching] == [host["call_sid"]]
    released = api.post(path, Coaching="false", Hold="true", EndConferenceOnExit="true").json()
    assert (released["coaching"], released["call_sid_to_coach"]) == (False, None)
    assert (released["hold"], released["end_conference_on_exit"]) == (True, True)
    assert_twilio_error(api.post(path, HoldUrl="not a url"), 400, 20001)
    held = api.get(f"/Conferences/{conference}/Participants.json", Hold="true").json()
    assert [p["call_sid"] for p in held["participants"]] == [agent["call_sid"]]
    api.delete(path)  # the agent ends the conference on exit
    assert api.get(f"/Conferences/{conference}.json").json()["reason_conference_ended"] == (
        "participant-with-end-conference-on-exit-kicked"
    )


def test_mobile_numbers_by_country(api: Api) -> None:
    gb = api.get("/AvailablePhoneNumbers/GB/Mobile.json", PageSize=50).json()
    assert {n["phone_number"][:7] for n in gb["available_phone_numbers"]} == {"+447400", "+447700"}
    assert api.get("/AvailablePhoneNumbers/CA/Mobile.json").json()["available_phone_numbers"] == []
    assert_twilio_error(api.get("/AvailablePhoneNumbers/ZZ/Mobile.json"), 404, 20404)


def test_a_recorded_call_reports_its_recording_and_async_amd_its_answer(
    api: Api, clock: ManualClock, webhooks: WebhookApp
) -> None:
    recording_url, amd_url = webhooks.serve("/recording"), webhooks.serve("/amd")
    made = call(
        api,
        Record="true",
        RecordingStatusCallback=recording_url,
        RecordingChannels="dual",
        MachineDetection="Enable",
        AsyncAmd="true",
        AsyncAmdStatusCallback=amd_url,
    )
    clock.advance(5)
    (amd,) = webhooks.wait_for("/amd", 1)
    assert dict(amd.form) == {
        "CallSid": made["sid"],
        "AccountSid": made["account_sid"],
        "AnsweredBy": "human",
        "MachineDetectionDuration": "0",
    }
    (recorded,) = webhooks.wait_for("/recording", 1)
    form = dict(recorded.form)
    assert (form["RecordingStatus"], form["RecordingDuration"], form["RecordingChannels"]) == (
        "completed",
        "3",
        "2",
    )
    assert form["RecordingSource"] == "OutboundAPI"


def test_send_digits_turns_machine_detection_off(api: Api, clock: ManualClock) -> None:
    detected = call(api, MachineDetection="Enable")
    dialled = call(api, MachineDetection="Enable", SendDigits="1234#")
    clock.advance(3)  # both answered
    assert api.get(f"/Calls/{detected['sid']}.json").json()["answered_by"] == "human"
    assert api.get(f"/Calls/{dialled['sid']}.json").json()["answered_by"] is None


def test_participant_recording_events_are_the_participant_ones(api: Api) -> None:
    add = "/Conferences/Events/Participants.json"
    paused = api.post(add, From=FROM, To="+14155550101", RecordingStatusCallbackEvent="paused")
    assert paused.status_code == 201, paused.text
    refused = api.post(
        "/Calls.json", From=FROM, To="+14155550102", Url=HOOK, RecordingStatusCallbackEvent="paused"
    )
    assert_twilio_error(refused, 400, 20001)


def test_participant_settings_are_checked(api: Api) -> None:
    add = "/Conferences/Checked/Participants.json"
    base = {"From": FROM, "To": "+14155550101"}
    for name, value in (
        ("StatusCallbackMethod", "PUT"),
        ("Region", "mars1"),
        ("JitterBufferSize", "huge"),
        ("ConferenceTrim", "yes"),
        ("MachineDetectionTimeout", "60"),
        ("MaxParticipants", "1"),
    ):
        assert_twilio_error(api.post(add, **base, **{name: value}), 400, 20001)
    assert api.get("/Conferences.json", FriendlyName="Checked").json()["conferences"] == []


def test_an_update_moves_the_status_callback(
    api: Api, clock: ManualClock, webhooks: WebhookApp
) -> None:
    first, second = webhooks.serve("/first"), webhooks.serve("/second")
    made = call(api, StatusCallback=first)
    moved = api.post(
        f"/Calls/{made['sid']}.json", StatusCallback=second, StatusCallbackMethod="GET"
    )
    assert moved.status_code == 200, moved.text
    clock.advance(5)
    (completed,) = webhooks.wait_for("/second", 1)
    assert (completed.method, dict(completed.query)["CallStatus"]) == ("GET", "completed")
    assert webhooks.to("/first") == []


def test_an_ended_conference_takes_no_announcement(api: Api, clock: ManualClock) -> None:
    added = participant(api, "Announce", "+14155550101")
    clock.advance(2)
    path = f"/Conferences/{added['conference_sid']}.json"
    assert api.post(path, AnnounceUrl="https://e.com/hello.mp3").status_code == 200
    assert api.post(path, Status="completed").json()["status"] == "completed"
    again = api.post(path, Status="completed")
    assert again.json()["reason_conference_ended"] == "conference-ended-via-api"
    assert_twilio_error(api.post(path, AnnounceUrl="https://e.com/hello.mp3"), 400, 20001)
