"""Status callbacks: signed POSTs (or GETs) with Twilio's parameters as a message's or a call's
status moves on the clock, delivered from the outbox outside the API's lock, retried, listed."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import requests

from emulator import Account, DeliveryPolicy, Emulator, ManualClock
from tests.emulator.webhook_app import WebhookApp, eventually
from tests.support.emulator_api import Api


def _statuses(webhook: WebhookApp, path: str, count: int, key: str) -> list[str]:
    return [dict(r.form)[key] for r in webhook.wait_for(path, count)]


def test_a_message_posts_each_status_after_the_first_as_the_clock_moves(
    api: Api, account: Account, clock: ManualClock, webhooks: WebhookApp
) -> None:
    url = webhooks.serve("/status")
    sent = api.post(
        "/Messages.json", From="+15005550006", To="+14155550100", Body="hi", StatusCallback=url
    ).json()
    clock.advance(1)
    assert _statuses(webhooks, "/status", 1, "MessageStatus") == ["sending"]
    clock.advance(2)
    requests_made = webhooks.wait_for("/status", 3)
    assert [dict(r.form)["MessageStatus"] for r in requests_made] == [
        "sending",
        "sent",
        "delivered",
    ]
    assert dict(requests_made[-1].form) == {
        "MessageSid": sent["sid"],
        "SmsSid": sent["sid"],
        "AccountSid": account.sid,
        "From": "+15005550006",
        "To": "+14155550100",
        "MessageStatus": "delivered",
        "SmsStatus": "delivered",
        "ApiVersion": "2010-04-01",
    }
    for request in requests_made:
        assert webhooks.is_signed(request)
        assert request.method == "POST"
        assert request.header("User-Agent") == "TwilioProxy/1.1"
        assert request.header("Content-Type") == "application/x-www-form-urlencoded"
    tokens = {r.header("I-Twilio-Idempotency-Token") for r in requests_made}
    assert len(tokens) == 3
    assert None not in tokens


def test_a_failed_message_says_why(api: Api, clock: ManualClock, webhooks: WebhookApp) -> None:
    url = webhooks.serve("/status")
    api.post("/Messages.json", From="+15005550006", To="+15005550011", Body="x", StatusCallback=url)
    clock.advance(5)
    last = dict(webhooks.wait_for("/status", 2)[-1].form)
    assert (last["MessageStatus"], last["ErrorCode"]) == ("failed", "30008")
    assert "ErrorCode" not in dict(webhooks.to("/status")[0].form)


def test_a_message_of_an_application_posts_to_its_message_status_callback(
    api: Api, clock: ManualClock, webhooks: WebhookApp
) -> None:
    url = webhooks.serve("/app-status")
    application = api.post("/Applications.json", MessageStatusCallback=url).json()
    api.post(
        "/Messages.json",
        From="+15005550006",
        To="+14155550100",
        Body="x",
        ApplicationSid=application["sid"],
    )
    clock.advance(3)
    assert _statuses(webhooks, "/app-status", 3, "SmsStatus") == ["sending", "sent", "delivered"]


def test_a_call_posts_the_events_it_asks_for_in_sequence(
    api: Api, account: Account, clock: ManualClock, webhooks: WebhookApp
) -> None:
    url = webhooks.serve("/call-status")
    call = api.post(
        "/Calls.json",
        From="+15005550006",
        To="+14155550100",
        Url="https://app.example/voice",
        StatusCallback=url,
        StatusCallbackEvent=["initiated ringing", "answered", "completed"],
    ).json()
    clock.advance(5)
    posted = [dict(r.form) for r in webhooks.wait_for("/call-status", 4)]
    assert [(p["CallStatus"], p["SequenceNumber"]) for p in posted] == [
        ("initiated", "0"),
        ("ringing", "1"),
        ("in-progress", "2"),
        ("completed", "3"),
    ]
    assert posted[-1] | {"Timestamp": "-"} == {
        "CallSid": call["sid"],
        "AccountSid": account.sid,
        "From": "+15005550006",
        "To": "+14155550100",
        "Caller": "+15005550006",
        "Called": "+14155550100",
        "CallStatus": "completed",
        "Direction": "outbound-api",
        "ApiVersion": "2010-04-01",
        "Timestamp": "-",
        "CallbackSource": "call-progress-events",
        "SequenceNumber": "3",
        "CallDuration": "3",
    }
    assert posted[-1]["Timestamp"] == "Mon, 01 Jan 2024 00:00:05 +0000"
    assert all(webhooks.is_signed(r) for r in webhooks.to("/call-status"))


def test_a_call_posts_only_completed_by_default_and_with_the_method_asked_for(
    api: Api, clock: ManualClock, webhooks: WebhookApp
) -> None:
    url = webhooks.serve("/done")
    api.post(
        "/Calls.json",
        From="+15005550006",
        To="+14155550100",
        Twiml="<Response><Say>Hi</Say></Response>",
        StatusCallback=url + "?tenant=7",
        StatusCallbackMethod="GET",
    )
    clock.advance(60)
    (request,) = webhooks.wait_for("/done", 1)
    assert request.method == "GET"
    query = dict(request.query)
    assert (query["tenant"], query["CallStatus"], query["CallDuration"]) == ("7", "completed", "3")
    assert webhooks.is_signed(request)


def test_a_canceled_call_posts_completed_with_its_status(api: Api, webhooks: WebhookApp) -> None:
    url = webhooks.serve("/done")
    call = api.post(
        "/Calls.json",
        From="+15005550006",
        To="+14155550100",
        Url="https://app.example/voice",
        StatusCallback=url,
    ).json()
    api.post(f"/Calls/{call['sid']}.json", Status="canceled")
    (request,) = webhooks.wait_for("/done", 1)
    assert (dict(request.form)["CallStatus"], dict(request.form)["CallDuration"]) == (
        "canceled",
        "0",
    )


def test_an_unknown_status_callback_event_is_refused(api: Api) -> None:
    response = api.post(
        "/Calls.json",
        From="+15005550006",
        To="+14155550100",
        Url="https://app.example/voice",
        StatusCallbackEvent="hungup",
    )
    assert response.status_code == 400
    assert "StatusCallbackEvent" in response.json()["message"]


@pytest.fixture
def quick() -> Iterator[Emulator]:
    """An emulator that retries after 10 ms."""
    with Emulator(clock=ManualClock(), delivery=DeliveryPolicy(backoff=0.01)) as emulator:
        yield emulator


def _message_with_callback(emu: Emulator, url: str) -> str:
    """Send a message whose callbacks go to `url`; its SID. Its first comes a second later."""
    account = emu.create_account()
    api = Api(emu.url, account.sid, account.auth_token)
    sid: str = api.post(
        "/Messages.json", From="+15005550006", To="+14155550100", Body="x", StatusCallback=url
    ).json()["sid"]
    return sid


def test_a_delivery_is_retried_with_the_same_token_until_answered(quick: Emulator) -> None:
    webhooks = WebhookApp("unused")
    try:
        url = webhooks.serve("/flaky", "ok", replies=[(500, "down"), (503, "busy")])
        sid = _message_with_callback(quick, url)
        quick.clock.advance(1)
        tries = webhooks.wait_for("/flaky", 3)
        assert len({r.header("I-Twilio-Idempotency-Token") for r in tries}) == 1
        eventually(lambda: [c["state"] for c in quick.callbacks(sid)] == ["delivered"])
        (listed,) = quick.callbacks(sid)
        assert (listed["attempts"], listed["response_status"], listed["response_body"]) == (
            3,
            200,
            "ok",
        )
        assert listed["idempotency_token"] == tries[0].header("I-Twilio-Idempotency-Token")
        assert listed["signature"] == tries[0].header("X-Twilio-Signature")
    finally:
        webhooks.close()


def test_a_delivery_fails_after_its_tries_or_at_once_on_a_4xx(quick: Emulator) -> None:
    webhooks = WebhookApp("unused")
    try:
        down = _message_with_callback(quick, webhooks.serve("/down", "no", status=500))
        gone = _message_with_callback(quick, webhooks.serve("/gone", "no", status=410))
        quick.clock.advance(1)
        eventually(lambda: [c["state"] for c in quick.callbacks(down)] == ["failed"])
        eventually(lambda: [c["state"] for c in quick.callbacks(gone)] == ["failed"])
        assert quick.callbacks(down)[0]["attempts"] == 3
        assert quick.callbacks(gone)[0]["attempts"] == 1
        assert len(webhooks.to("/down")) == 3
        assert len(webhooks.to("/gone")) == 1
    finally:
        webhooks.close()


def test_a_delivery_nobody_answers_fails_with_the_error(quick: Emulator) -> None:
    sid = _message_with_callback(quick, "http://127.0.0.1:9/status")
    quick.clock.advance(1)
    eventually(lambda: [c["state"] for c in quick.callbacks(sid)] == ["failed"])
    (listed,) = quick.callbacks(sid)
    assert listed["attempts"] == 3
    assert listed["response_status"] is None
    assert "ConnectionError" in listed["error"]


def test_the_admin_listing_shows_every_delivery(
    emu: Emulator, api: Api, clock: ManualClock, webhooks: WebhookApp
) -> None:
    url = webhooks.serve("/status")
    api.send()  # no StatusCallback: no deliveries
    sid = api.post(
        "/Messages.json", From="+15005550006", To="+14155550100", Body="x", StatusCallback=url
    ).json()["sid"]
    clock.advance(3)
    webhooks.wait_for("/status", 3)
    eventually(lambda: all(c["state"] == "delivered" for c in emu.callbacks()))
    listed = requests.get(f"{emu.url}/_emulator/callbacks", timeout=10).json()["callbacks"]
    assert [c["params"]["MessageStatus"] for c in listed] == ["sending", "sent", "delivered"]
    assert {(c["url"], c["method"], c["resource_sid"], c["source"]) for c in listed} == {
        (url, "POST", sid, "message-status")
    }
    only = requests.get(
        f"{emu.url}/_emulator/callbacks", params={"resource_sid": "SMnone"}, timeout=10
    ).json()
    assert only == {"callbacks": []}


def test_a_slow_webhook_never_holds_up_the_api(
    api: Api, clock: ManualClock, webhooks: WebhookApp
) -> None:
    held = threading.Event()
    url = webhooks.serve("/slow", hold=held)
    api.post("/Messages.json", From="+15005550006", To="+14155550100", Body="x", StatusCallback=url)
    clock.advance(1)
    webhooks.wait_for("/slow", 1)  # the courier is now waiting for the answer
    assert api.send()["status"] == "queued"
    assert api.get("/Messages.json").status_code == 200
    held.set()
