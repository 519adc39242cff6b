"""The voice scenarios of test_e2e_voice.py run by twilio-python 9.13 pointed at the emulator,
so the emulator is checked by a client we did not write: its requests are accepted and its
answers load into twilio-python's typed resources."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from emulator import Account, Emulator, ManualClock

FROM = "+15005550006"
HOOK = "https://example.com/twiml"


@pytest.fixture
def client(emu: Emulator, account: Account) -> Client:
    """twilio-python for the test account, its API domain pointed at the emulator."""
    client = Client(account.sid, account.auth_token)
    client.api.base_url = emu.url
    return client


def test_call_control_and_delete(client: Client, clock: ManualClock) -> None:
    call = client.calls.create(
        from_=FROM,
        to="+14155550100",
        url=HOOK,
        status_callback="https://example.com/status",
        status_callback_event=["initiated", "answered"],
        machine_detection="DetectMessageEnd",
        machine_detection_speech_threshold=2400,
        record=True,
        recording_channels="dual",
        recording_track="outbound",
        time_limit=60,
    )
    assert call.status == "queued"
    clock.advance(2)
    with pytest.raises(TwilioRestException) as refused:
        client.calls(call.sid).delete()
    assert (refused.value.status, refused.value.code) == (400, 20009)
    updated = client.calls(call.sid).update(twiml="<Response><Hangup/></Response>", time_limit=1)
    assert updated.status == "in-progress"
    clock.advance(1)
    assert client.calls(call.sid).fetch().status == "completed"
    (recording,) = client.calls(call.sid).recordings.list()
    assert (recording.channels, recording.track, recording.source) == (2, "outbound", "OutboundAPI")
    assert client.calls(call.sid).delete() is True
    with pytest.raises(TwilioRestException) as gone:
        client.calls(call.sid).fetch()
    assert gone.value.status == 404


def test_a_call_answered_on_demand_keeps_its_detection_recording_and_time_limit(
    client: Client, emu: Emulator
) -> None:
    call = client.calls.create(
        from_=FROM,
        to="+14155550100",
        twiml='<Response><Say loop="9">Please call us back</Say></Response>',
        machine_detection="DetectMessageEnd",
        record=True,
        time_limit=4,
    )
    emu.answer_call(call.sid, answered_by="machine_end_beep")
    ended = client.calls(call.sid).fetch()
    assert (ended.status, ended.answered_by, ended.duration) == (
        "completed",
        "machine_end_beep",
        "4",
    )
    (recording,) = client.calls(call.sid).recordings.list()
    assert (recording.source, recording.duration) == ("OutboundAPI", "4")


def test_call_recording_pause_resume_stop(client: Client, clock: ManualClock) -> None:
    call = client.calls.create(from_=FROM, to="+14155550101", url=HOOK)
    clock.advance(2)
    recording = client.calls(call.sid).recordings.create(
        recording_track="inbound", recording_status_callback_event=["in-progress", "completed"]
    )
    assert (recording.status, recording.source, recording.track) == (
        "in-progress",
        "StartCallRecordingAPI",
        "inbound",
    )
    current = client.calls(call.sid).recordings("Twilio.CURRENT")
    assert current.update(status="paused", pause_behavior="silence").status == "paused"
    clock.advance(1)
    assert current.update(status="in-progress").status == "in-progress"
    stopped = client.calls(call.sid).recordings(recording.sid).update(status="stopped")
    assert stopped.status == "stopped"
    with pytest.raises(TwilioRestException) as late:
        client.calls(call.sid).recordings(recording.sid).update(status="paused")
    assert late.value.status == 400
    clock.advance(1)
    (done,) = client.calls(call.sid).recordings.list()
    assert (done.status, done.duration) == ("completed", "1")


def test_participants_and_conference_end(client: Client, clock: ManualClock) -> None:
    host = client.conferences("Sales").participants.create(
        from_=FROM, to="+14155550102", label="host", conference_record="true", beep="onEnter"
    )
    assert host.status == "queued"
    clock.advance(2)
    conference = client.conferences(host.conference_sid)
    assert conference.participants("host").fetch().status == "connected"
    agent = conference.participants.create(
        from_=FROM, to="+14155550103", coaching=True, call_sid_to_coach=host.call_sid
    )
    assert (agent.coaching, agent.call_sid_to_coach) == (True, host.call_sid)
    held = conference.participants("host").update(hold=True, hold_url="https://e.com/m")
    assert held.hold is True
    clock.advance(1)
    ended = conference.update(status="completed")
    assert (ended.status, ended.reason_conference_ended) == (
        "completed",
        "conference-ended-via-api",
    )
    assert client.calls(host.call_sid).fetch().status == "completed"
    assert client.calls(agent.call_sid).fetch().status == "canceled"
    (recording,) = conference.recordings.list()
    assert (recording.conference_sid, recording.duration) == (host.conference_sid, "1")


def test_mobile_numbers(client: Client) -> None:
    numbers = client.available_phone_numbers("GB").mobile.list(contains="7400", limit=2)
    assert [n.phone_number[:7] for n in numbers] == ["+447400", "+447400"]
    assert client.available_phone_numbers("US").mobile.list() == []
