"""Inbound texts on demand: ``POST /_emulator/inbound/messages`` (and
``Emulator.inbound_message``) stores the text, posts it signed to the number's SmsUrl, and
carries out the TwiML answer."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import requests

from emulator import Account, Emulator, ManualClock
from emulator.inbound import MAX_DOCUMENTS
from flows.listener import DEFAULT_REPLY_DEADLINE
from tests.emulator.webhook_app import WebhookApp
from tests.support.emulator_api import Api, assert_twilio_error

CUSTOMER = "+14155550100"
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Response><Message>&lol3;</Message></Response>"""


def _number(api: Api, **settings: str) -> str:
    """Buy a number with these settings; the number."""
    response = api.post("/IncomingPhoneNumbers.json", AreaCode="415", **settings)
    assert response.status_code == 201, response.text
    number: str = response.json()["phone_number"]
    return number


def _text(emu: Emulator, **fields: Any) -> requests.Response:
    return requests.post(f"{emu.url}/_emulator/inbound/messages", data=fields, timeout=30)


def test_a_text_is_stored_posted_signed_and_its_reply_sent(
    emu: Emulator, api: Api, account: Account, webhooks: WebhookApp
) -> None:
    url = webhooks.serve("/sms", "<Response><Message>Thanks, we got it</Message></Response>")
    number = _number(api, SmsUrl=url)
    answer = _text(emu, From=CUSTOMER, To=number, Body="Hello")
    assert answer.status_code == 200, answer.text
    result = answer.json()
    inbound, (reply,) = result["message"], result["replies"]
    assert (inbound["direction"], inbound["status"], inbound["body"]) == (
        "inbound",
        "received",
        "Hello",
    )
    assert (reply["direction"], reply["from"], reply["to"], reply["body"], reply["status"]) == (
        "outbound-reply",
        number,
        CUSTOMER,
        "Thanks, we got it",
        "queued",
    )
    (request,) = webhooks.to("/sms")
    assert webhooks.is_signed(request)
    assert request.header("I-Twilio-Idempotency-Token")
    assert dict(request.form) == {
        "MessageSid": inbound["sid"],
        "SmsSid": inbound["sid"],
        "SmsMessageSid": inbound["sid"],
        "AccountSid": account.sid,
        "From": CUSTOMER,
        "To": number,
        "Body": "Hello",
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
    }
    assert [step.get("verb") for step in result["transcript"]] == [None, "Message"]
    assert result["transcript"][0]["request"]["status"] == 200
    listed = api.get("/Messages.json").json()["messages"]
    assert {m["sid"] for m in listed} >= {inbound["sid"], reply["sid"]}
    assert api.get(f"/Messages/{inbound['sid']}.json").json()["direction"] == "inbound"


def test_a_reply_moves_on_the_clock_and_posts_its_status_callback(
    emu: Emulator, api: Api, clock: ManualClock, webhooks: WebhookApp
) -> None:
    webhooks.serve("/status")
    url = webhooks.serve(
        "/sms",
        '<Response><Message statusCallback="/status" to="+14155550199">Hi</Message></Response>',
    )
    reply = _text(emu, From=CUSTOMER, To=_number(api, SmsUrl=url), Body="x").json()["replies"][0]
    assert reply["to"] == "+14155550199"
    clock.advance(3)
    posted = webhooks.wait_for("/status", 3)
    assert [dict(r.form)["MessageStatus"] for r in posted] == ["sending", "sent", "delivered"]
    assert api.get(f"/Messages/{reply['sid']}.json").json()["status"] == "delivered"


def test_media_reaches_the_webhook_numbered(emu: Emulator, api: Api, webhooks: WebhookApp) -> None:
    number = _number(api, SmsUrl=webhooks.serve("/sms"))
    result = emu.inbound_message(
        from_=CUSTOMER,
        to=number,
        media_urls=["https://cdn.example/cat.jpg", "https://cdn.example/a.pdf"],
    )
    assert result["message"]["sid"].startswith("MM")
    assert result["message"]["num_media"] == "2"
    form = dict(webhooks.to("/sms")[0].form)
    assert (form["NumMedia"], form["MediaUrl0"], form["MediaContentType0"]) == (
        "2",
        "https://cdn.example/cat.jpg",
        "image/jpeg",
    )
    assert (form["MediaUrl1"], form["MediaContentType1"]) == (
        "https://cdn.example/a.pdf",
        "application/pdf",
    )


def test_a_redirect_posts_the_same_parameters_to_the_new_url(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    webhooks.serve("/second", "<Response><Message>From the second</Message></Response>")
    url = webhooks.serve("/first", "<Response><Redirect>/second</Redirect></Response>")
    result = _text(emu, From=CUSTOMER, To=_number(api, SmsUrl=url), Body="x").json()
    assert [r["body"] for r in result["replies"]] == ["From the second"]
    assert [step.get("verb") for step in result["transcript"]] == [None, "Redirect", "Message"]
    assert result["transcript"][1]["request"]["url"] == webhooks.url + "/second"
    first, second = webhooks.to("/first")[0], webhooks.to("/second")[0]
    assert dict(first.form) == dict(second.form)
    assert webhooks.is_signed(second)
    assert first.header("I-Twilio-Idempotency-Token") != second.header("I-Twilio-Idempotency-Token")


def test_a_redirect_loop_stops_after_the_document_limit(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    url = webhooks.serve("/loop", "<Response><Redirect>/loop</Redirect></Response>")
    result = _text(emu, From=CUSTOMER, To=_number(api, SmsUrl=url), Body="x").json()
    assert len(webhooks.to("/loop")) == MAX_DOCUMENTS
    assert "more than" in result["transcript"][-1]["error"]["message"]


def test_sms_method_get_sends_the_parameters_in_the_signed_url(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    url = webhooks.serve("/sms")
    _text(emu, From=CUSTOMER, To=_number(api, SmsUrl=url + "?shop=1", SmsMethod="GET"), Body="x")
    (request,) = webhooks.to("/sms")
    assert request.method == "GET"
    assert request.body == b""
    assert dict(request.query)["Body"] == "x"
    assert dict(request.query)["shop"] == "1"
    assert webhooks.is_signed(request)


def test_an_entity_bomb_is_refused_and_nothing_is_sent(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    url = webhooks.serve("/sms", BOMB)
    result = _text(emu, From=CUSTOMER, To=_number(api, SmsUrl=url), Body="x").json()
    assert result["replies"] == []
    assert result["transcript"][0]["error"]["code"] == 12100


def test_a_failing_webhook_is_reported_in_the_transcript(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    url = webhooks.serve("/sms", "oops", status=500)
    result = _text(emu, From=CUSTOMER, To=_number(api, SmsUrl=url), Body="x").json()
    assert result["transcript"][0]["request"]["status"] == 500
    assert result["transcript"][0]["error"]["code"] == 11200
    assert result["message"]["status"] == "received"


def test_json_bodies_work_too(emu: Emulator, api: Api, webhooks: WebhookApp) -> None:
    number = _number(api, SmsUrl=webhooks.serve("/sms"))
    answer = requests.post(
        f"{emu.url}/_emulator/inbound/messages",
        json={
            "From": CUSTOMER,
            "To": number,
            "Body": "hi",
            "MediaUrl": "https://cdn.example/a.png",
        },
        timeout=30,
    )
    assert answer.json()["message"]["num_media"] == "1"


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"To": "+15005550006", "Body": "x"}, 400),
        ({"From": CUSTOMER, "Body": "x"}, 400),
        ({"From": CUSTOMER, "To": "+14155559999", "Body": "x"}, 404),
        ({"From": CUSTOMER, "To": "+15005550006", "MediaUrl": "not a url"}, 400),
    ],
)
def test_bad_inbound_texts_are_refused(
    emu: Emulator, account: Account, fields: dict[str, str], status: int
) -> None:
    assert_twilio_error(_text(emu, **fields), status, 20001 if status == 400 else 20404)


def test_a_plain_text_answer_is_sent_back_as_the_reply(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    url = webhooks.serve("/sms", "We open at 9.\n", content_type="text/plain; charset=utf-8")
    result = _text(emu, From=CUSTOMER, To=_number(api, SmsUrl=url), Body="hours?").json()
    (reply,) = result["replies"]
    assert (reply["body"], reply["to"], reply["direction"]) == (
        "We open at 9.",
        CUSTOMER,
        "outbound-reply",
    )
    blank = webhooks.serve("/blank", "  \n", content_type="text/plain")
    assert (
        _text(emu, From=CUSTOMER, To=_number(api, SmsUrl=blank), Body="x").json()["replies"] == []
    )  # nothing to say, nothing sent


def test_the_fallback_url_answers_when_the_sms_url_fails(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    broken = webhooks.serve("/sms", "oops", status=503)
    fallback = webhooks.serve(
        "/fallback", "<Response><Message>Sorry, try later</Message></Response>"
    )
    number = _number(api, SmsUrl=broken, SmsFallbackUrl=fallback)

    result = _text(emu, From=CUSTOMER, To=number, Body="hi").json()

    (reply,) = result["replies"]
    assert reply["body"] == "Sorry, try later"
    (asked,) = webhooks.to("/fallback")
    form = dict(asked.form)
    assert (form["ErrorCode"], form["ErrorUrl"], form["Body"]) == ("11200", broken, "hi")
    assert webhooks.is_signed(asked)
    first, second = result["transcript"][0], result["transcript"][1]
    assert first["error"]["code"] == 11200
    assert second["fallback_for"] == broken
    assert second["request"]["url"] == fallback


def test_the_fallback_is_asked_once_and_only_for_the_first_document(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    fallback = webhooks.serve("/fallback", "oops", status=500)
    broken = webhooks.serve("/sms", "oops", status=500)
    _text(emu, From=CUSTOMER, To=_number(api, SmsUrl=broken, SmsFallbackUrl=fallback), Body="x")
    assert len(webhooks.to("/fallback")) == 1  # a failing fallback is not asked again

    redirect = webhooks.serve("/first", "<Response><Redirect>/sms</Redirect></Response>")
    _text(emu, From=CUSTOMER, To=_number(api, SmsUrl=redirect, SmsFallbackUrl=fallback), Body="y")
    assert len(webhooks.to("/fallback")) == 1  # a redirect's failure is not the first URL's


def test_a_slow_webhook_is_waited_for_as_twilio_waits(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    """Twilio waits 15 s for a webhook: an answer after 10.5 s (past a listener's default
    deadline reply, at 10 s) is still carried out."""
    held = threading.Event()
    url = webhooks.serve(
        "/slow", "<Response><Message>Late but here</Message></Response>", hold=held, hold_at_most=30
    )
    timer = threading.Timer(DEFAULT_REPLY_DEADLINE + 0.5, held.set)
    timer.start()
    try:
        result = _text(emu, From=CUSTOMER, To=_number(api, SmsUrl=url), Body="x").json()
    finally:
        timer.cancel()
    assert [reply["body"] for reply in result["replies"]] == ["Late but here"]
