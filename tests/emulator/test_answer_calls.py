"""Outbound calls answered on demand: ``POST /_emulator/calls/{sid}/answer`` (and
``Emulator.answer_call``) carries out a ringing API call's TwiML (its Url, its Twiml or its
application's VoiceUrl) for a scripted callee, so the TwiML an app serves for its own calls can
be tested offline."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from connector import Connector
from emulator import Account, Emulator, ManualClock
from emulator.errors import TwilioError
from tests.emulator.webhook_app import WebhookApp
from tests.support.emulator_api import Api, assert_twilio_error

FROM, TO = "+15005550006", "+14155550100"


def _answer(emu: Emulator, sid: str, *inputs: str) -> requests.Response:
    return requests.post(
        f"{emu.url}/_emulator/calls/{sid}/answer", data={"Input": list(inputs)}, timeout=60
    )


def _verbs(result: dict[str, Any]) -> list[str]:
    return [step["verb"] for step in result["transcript"] if "verb" in step]


def test_a_ringing_call_is_answered_and_its_url_carried_out(
    emu: Emulator, account: Account, twilio: Connector, webhooks: WebhookApp, clock: ManualClock
) -> None:
    voice = webhooks.serve(
        "/voice",
        '<Response><Gather numDigits="1" action="/menu"><Say>Press 2 to confirm</Say>'
        "</Gather></Response>",
    )
    webhooks.serve("/menu", "<Response><Say>Confirmed, goodbye</Say><Hangup/></Response>")
    webhooks.serve("/status")
    made = twilio.invoke(
        "make-call",
        {
            "from": FROM,
            "to": TO,
            "url": voice,
            "statusCallback": webhooks.url + "/status",
            "statusCallbackEvent": ["ringing", "answered", "completed"],
        },
    )

    response = _answer(emu, made["sid"], "2")

    assert response.status_code == 200, response.text
    result = response.json()
    assert _verbs(result) == ["Say", "Gather", "Say", "Hangup"]
    (first,) = webhooks.to("/voice")
    (menu,) = webhooks.to("/menu")
    assert dict(first.form) == {
        "CallSid": made["sid"],
        "AccountSid": account.sid,
        "From": FROM,
        "To": TO,
        "Caller": FROM,
        "Called": TO,
        "CallStatus": "ringing",
        "Direction": "outbound-api",
        "ApiVersion": "2010-04-01",
    }
    assert dict(menu.form)["Digits"] == "2"
    assert dict(menu.form)["CallStatus"] == "in-progress"
    assert webhooks.is_signed(first)
    assert webhooks.is_signed(menu)
    call = result["call"]
    assert (call["status"], call["direction"], call["duration"]) == (
        "completed",
        "outbound-api",
        "3",  # Say 1 s, Gather (the digit) and Say 1 s
    )
    statuses = webhooks.wait_for("/status", 3)
    assert [dict(s.form)["CallStatus"] for s in statuses] == ["ringing", "in-progress", "completed"]
    clock.advance(60)  # the clock no longer moves an answered call on (nor hangs it up at 5 s)
    again = twilio.invoke("get-call", {"callSid": made["sid"]})
    assert (again["status"], again["duration"]) == ("completed", "3")
    assert (again["start_time"], again["end_time"]) == (call["start_time"], call["end_time"])


def test_a_call_with_twiml_is_answered_from_python(emu: Emulator, twilio: Connector) -> None:
    made = twilio.invoke(
        "make-call", {"from": FROM, "to": TO, "twiml": "<Response><Say>Hi</Say></Response>"}
    )
    result = emu.answer_call(made["sid"])
    assert result["transcript"] == [{"verb": "Say", "text": "Hi"}]
    assert result["call"]["status"] == "completed"


def test_only_an_outbound_call_still_ringing_is_answered(
    emu: Emulator, api: Api, twilio: Connector, clock: ManualClock
) -> None:
    assert_twilio_error(_answer(emu, "CA" + "0" * 32), 404, 20404)
    number = api.post("/IncomingPhoneNumbers.json", AreaCode="415").json()["phone_number"]
    inbound = emu.inbound_call(from_=TO, to=number)["call"]
    assert_twilio_error(_answer(emu, inbound["sid"]), 400, 20001)
    made = twilio.invoke("make-call", {"from": FROM, "to": TO, "twiml": "<Response/>"})
    clock.advance(10)  # answered and hung up by the clock meanwhile
    assert_twilio_error(_answer(emu, made["sid"]), 400, 21220)
    with pytest.raises(TwilioError):
        emu.answer_call(made["sid"], inputs=["1"])
    assert_twilio_error(_answer(emu, made["sid"], "not digits"), 400, 20001)


def test_twiml_that_cannot_be_parsed_fails_the_call_with_a_notification(
    emu: Emulator, twilio: Connector
) -> None:
    made = twilio.invoke("make-call", {"from": FROM, "to": TO, "twiml": "<Response><Say>Hi"})
    result = emu.answer_call(made["sid"])
    assert result["call"]["status"] == "failed"
    assert result["transcript"][0]["error"]["code"] == 12100
    (logged,) = twilio.invoke("get-notifications-by-call-sid", {"callSid": made["sid"]})
    assert (logged["call_sid"], logged["error_code"]) == (made["sid"], "12100")
