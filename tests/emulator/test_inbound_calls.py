"""Inbound calls on demand: ``POST /_emulator/inbound/calls`` (and ``Emulator.inbound_call``)
fetches the number's VoiceUrl and carries out its TwiML for a scripted caller, answering with a
transcript, so an IVR can be tested offline."""

from __future__ import annotations

from typing import Any

import requests

from emulator import Account, Emulator
from emulator.inbound import MAX_DOCUMENTS
from tests.emulator.test_inbound_messages import BOMB
from tests.emulator.webhook_app import WebhookApp
from tests.support.emulator_api import Api, assert_twilio_error

CALLER = "+14155550100"


def _number(api: Api, **settings: str) -> str:
    response = api.post("/IncomingPhoneNumbers.json", AreaCode="415", **settings)
    assert response.status_code == 201, response.text
    number: str = response.json()["phone_number"]
    return number


def _call(emu: Emulator, to: str, *inputs: str) -> dict[str, Any]:
    response = requests.post(
        f"{emu.url}/_emulator/inbound/calls",
        data={"From": CALLER, "To": to, "Input": list(inputs)},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _verbs(result: dict[str, Any]) -> list[str]:
    return [step["verb"] for step in result["transcript"] if "verb" in step]


def test_an_ivr_gathers_a_digit_records_a_message_and_hangs_up(
    emu: Emulator, api: Api, account: Account, webhooks: WebhookApp
) -> None:
    voice = webhooks.serve(
        "/voice",
        '<Response><Gather numDigits="1" action="/menu"><Say>Press 1 for sales</Say></Gather>'
        "<Say>We did not get that</Say></Response>",
    )
    webhooks.serve(
        "/menu",
        '<Response><Say voice="alice">Leave a message after the beep</Say>'
        '<Record action="/recorded" maxLength="30" recordingStatusCallback="/recording"/>'
        "</Response>",
    )
    webhooks.serve("/recorded", "<Response><Say>Thank you, goodbye</Say><Hangup/></Response>")
    webhooks.serve("/recording")
    webhooks.serve("/call-status")
    number = _number(api, VoiceUrl=voice, StatusCallback=webhooks.url + "/call-status")

    result = _call(emu, number, "1")

    assert _verbs(result) == ["Say", "Gather", "Say", "Record", "Say", "Hangup"]
    steps = result["transcript"]
    assert steps[1]["text"] == "Press 1 for sales"
    assert steps[2]["digits"] == "1"
    assert steps[3] == {"verb": "Say", "text": "Leave a message after the beep", "voice": "alice"}
    (first,) = webhooks.to("/voice")
    (menu,) = webhooks.to("/menu")
    (recorded,) = webhooks.to("/recorded")
    call = result["call"]
    assert dict(first.form)["CallStatus"] == "ringing"
    assert dict(menu.form) == {
        "CallSid": call["sid"],
        "AccountSid": account.sid,
        "From": CALLER,
        "To": number,
        "Caller": CALLER,
        "Called": number,
        "CallStatus": "in-progress",
        "Direction": "inbound",
        "ApiVersion": "2010-04-01",
        "Digits": "1",
    }
    recording_sid = dict(recorded.form)["RecordingSid"]
    assert steps[4]["recording_sid"] == recording_sid
    assert dict(recorded.form)["RecordingUrl"].endswith(f"/Recordings/{recording_sid}")
    assert all(webhooks.is_signed(r) for r in (first, menu, recorded))

    assert (call["direction"], call["status"], call["from"], call["to"]) == (
        "inbound",
        "completed",
        CALLER,
        number,
    )
    assert api.get(f"/Calls/{call['sid']}.json").json()["duration"] == call["duration"]
    recording = api.get(f"/Recordings/{recording_sid}.json").json()
    assert (recording["call_sid"], recording["source"]) == (call["sid"], "RecordVerb")

    (status,) = webhooks.wait_for("/call-status", 1)
    assert dict(status.form)["CallStatus"] == "completed"
    assert dict(status.form)["CallDuration"] == call["duration"]
    (recording_status,) = webhooks.wait_for("/recording", 1)
    assert dict(recording_status.form)["RecordingStatus"] == "completed"
    assert dict(recording_status.form)["RecordingSid"] == recording_sid
    assert webhooks.is_signed(status)
    assert webhooks.is_signed(recording_status)


def test_a_gather_with_nothing_given_falls_through(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    voice = webhooks.serve(
        "/voice",
        '<Response><Gather action="/menu" timeout="3"><Say>Press a key</Say></Gather>'
        "<Say>Goodbye</Say></Response>",
    )
    result = _call(emu, _number(api, VoiceUrl=voice))
    assert _verbs(result) == ["Say", "Gather", "Say"]
    assert result["transcript"][2]["timed_out"] is True
    assert webhooks.to("/menu") == []
    assert result["call"]["duration"] == "5"  # Say 1 s, the Gather's timeout 3 s, Say 1 s


def test_speech_is_posted_as_speech_result(emu: Emulator, api: Api, webhooks: WebhookApp) -> None:
    voice = webhooks.serve(
        "/voice", '<Response><Gather input="speech dtmf" action="/said"/></Response>'
    )
    webhooks.serve("/said", "<Response><Hangup/></Response>")
    _call(emu, _number(api, VoiceUrl=voice), "speech:talk to sales")
    form = dict(webhooks.to("/said")[0].form)
    assert form["SpeechResult"] == "talk to sales"
    assert "Digits" not in form


def test_a_gather_loop_stops_after_the_document_limit(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    voice = webhooks.serve(
        "/voice", '<Response><Gather numDigits="1"/><Redirect>/voice</Redirect></Response>'
    )
    result = _call(emu, _number(api, VoiceUrl=voice), "1", "2", "3")
    assert len(webhooks.to("/voice")) == MAX_DOCUMENTS
    assert [dict(r.form).get("Digits") for r in webhooks.to("/voice")[:5]] == [
        None,
        "1",
        "2",
        "3",
        None,
    ]
    assert "more than" in result["transcript"][-1]["error"]["message"]
    assert result["call"]["status"] == "completed"


def test_dial_makes_a_child_call_and_posts_its_outcome(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    voice = webhooks.serve(
        "/voice",
        '<Response><Dial action="/dialled" callerId="+15005550006">'
        "<Number>+14155550142</Number></Dial></Response>",
    )
    webhooks.serve("/dialled", "<Response><Say>Bye</Say></Response>")
    result = _call(emu, _number(api, VoiceUrl=voice))
    dial = result["transcript"][1]
    child = api.get(f"/Calls/{dial['call_sid']}.json").json()
    assert (child["parent_call_sid"], child["to"], child["direction"]) == (
        result["call"]["sid"],
        "+14155550142",
        "outbound-dial",
    )
    form = dict(webhooks.to("/dialled")[0].form)
    assert (form["DialCallStatus"], form["DialCallSid"]) == ("completed", dial["call_sid"])


def test_message_play_pause_and_enqueue_with_leave(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    voice = webhooks.serve(
        "/voice",
        "<Response><Message>We will call back</Message><Play>/hold.mp3</Play>"
        '<Pause length="2"/><Enqueue waitUrl="/wait" action="/left">support</Enqueue>'
        "<Say>Unreachable</Say></Response>",
    )
    webhooks.serve("/wait", "<Response><Say>All agents are busy</Say><Leave/></Response>")
    webhooks.serve("/left", "<Response><Say>Try again later</Say></Response>")
    number = _number(api, VoiceUrl=voice)
    result = _call(emu, number)
    assert _verbs(result) == ["Message", "Play", "Pause", "Enqueue", "Say", "Leave", "Say"]
    message = api.get(f"/Messages/{result['transcript'][1]['sid']}.json").json()
    assert (message["direction"], message["from"], message["to"]) == (
        "outbound-call",
        number,
        CALLER,
    )
    assert result["transcript"][2]["url"] == webhooks.url + "/hold.mp3"
    assert dict(webhooks.to("/wait")[0].form)["QueuePosition"] == "1"
    assert dict(webhooks.to("/left")[0].form)["QueueResult"] == "leave"


def test_reject_leaves_the_call_unanswered(emu: Emulator, api: Api, webhooks: WebhookApp) -> None:
    voice = webhooks.serve("/voice", '<Response><Reject reason="busy"/></Response>')
    call = _call(emu, _number(api, VoiceUrl=voice))["call"]
    assert (call["status"], call["duration"], call["start_time"]) == ("busy", "0", None)


def test_an_entity_bomb_is_refused_and_logged(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    voice = webhooks.serve("/voice", BOMB.replace("Message", "Say"))
    result = _call(emu, _number(api, VoiceUrl=voice))
    assert result["transcript"][0]["error"]["code"] == 12100
    assert _verbs(result) == []
    notices = api.get(f"/Calls/{result['call']['sid']}/Notifications.json").json()
    assert [n["error_code"] for n in notices["notifications"]] == ["12100"]


def test_an_external_entity_is_refused(emu: Emulator, api: Api, webhooks: WebhookApp) -> None:
    voice = webhooks.serve(
        "/voice",
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<Response><Say>&x;</Say></Response>",
    )
    result = _call(emu, _number(api, VoiceUrl=voice))
    assert result["transcript"][0]["error"]["code"] == 12100
    assert "passwd" not in str(result)


def test_python_and_bad_inputs(emu: Emulator, api: Api, webhooks: WebhookApp) -> None:
    say = "<Response><Say>Olá, ça va ?</Say></Response>"  # text/xml, no charset: UTF-8
    number = _number(api, VoiceUrl=webhooks.serve("/voice", say))
    result = emu.inbound_call(from_=CALLER, to=number)
    assert result["transcript"][1] == {"verb": "Say", "text": "Olá, ça va ?"}
    bad = requests.post(
        f"{emu.url}/_emulator/inbound/calls",
        json={"From": CALLER, "To": number, "Input": ["12", "press one"]},
        timeout=10,
    )
    assert "press one" in assert_twilio_error(bad, 400, 20001)["message"]


def test_an_answer_over_64_kib_is_refused(emu: Emulator, api: Api, webhooks: WebhookApp) -> None:
    huge = "<Response>" + "<Pause/>" * 10_000 + "</Response>"
    result = _call(emu, _number(api, VoiceUrl=webhooks.serve("/voice", huge)))
    assert result["transcript"][0]["error"]["code"] == 11200
    assert "over 65536 bytes" in result["transcript"][0]["error"]["message"]
    assert _verbs(result) == []


def test_the_voice_fallback_url_answers_when_the_voice_url_fails(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    broken = webhooks.serve("/voice", "<Response><Say>unclosed")  # TwiML it cannot read
    fallback = webhooks.serve(
        "/fallback",
        '<Response><Gather numDigits="1" action="/menu"><Say>Sorry</Say></Gather></Response>',
    )
    webhooks.serve("/menu", "<Response><Hangup/></Response>")
    number = _number(api, VoiceUrl=broken, VoiceFallbackUrl=fallback, VoiceFallbackMethod="GET")

    result = _call(emu, number, "5")

    assert _verbs(result) == ["Say", "Gather", "Hangup"]
    (asked,) = webhooks.to("/fallback")
    assert asked.method == "GET"
    assert webhooks.is_signed(asked)
    query = dict(asked.query)
    assert (query["ErrorCode"], query["ErrorUrl"]) == ("12100", broken)
    (menu,) = webhooks.to("/menu")  # the fallback document's relative action, from its own URL
    assert dict(menu.form)["Digits"] == "5"
    assert "ErrorCode" not in dict(menu.form)
    assert result["call"]["status"] == "completed"
    notices = api.get(f"/Calls/{result['call']['sid']}/Notifications.json").json()
    assert [n["error_code"] for n in notices["notifications"]] == ["12100"]  # still logged
