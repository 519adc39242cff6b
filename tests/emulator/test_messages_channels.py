"""WhatsApp and other channel addresses, content templates rendered into the body, To equal to
From, and the update (redaction), feedback and delete of a message."""

from __future__ import annotations

import json

import pytest

from emulator import ManualClock
from tests.support.emulator_api import Api, assert_twilio_error
from tests.support.messaging import service_with_numbers, template

SANDBOX = "whatsapp:+14155238886"
TO = "+14155550100"


def test_the_whatsapp_sandbox_sender_works_for_every_account(api: Api, clock: ManualClock) -> None:
    sent = api.post("/Messages.json", From=SANDBOX, To=f"whatsapp:{TO}", Body="Hola")
    assert sent.status_code == 201, sent.text
    message = sent.json()
    assert (message["from"], message["to"]) == (SANDBOX, f"whatsapp:{TO}")
    clock.advance(3)
    assert api.get(f"/Messages/{message['sid']}.json").json()["status"] == "delivered"


@pytest.mark.parametrize(
    ("sender", "to", "code"),
    [
        ("whatsapp:+15005550006", f"whatsapp:{TO}", 63007),
        ("messenger:1234567890", "messenger:0987654321", 63007),
        ("+15005550006", f"whatsapp:{TO}", 21910),
        (SANDBOX, TO, 21910),
        (SANDBOX, "whatsapp:12345", 21211),
        ("+15005550006", "+15005550006", 21266),
        (SANDBOX, SANDBOX, 21266),
    ],
    ids=[
        "unregistered",
        "no-channel",
        "sms-to-whatsapp",
        "whatsapp-to-sms",
        "bad-to",
        "same",
        "same-wa",
    ],
)
def test_channel_pairs_twilio_refuses(api: Api, sender: str, to: str, code: int) -> None:
    assert_twilio_error(api.post("/Messages.json", From=sender, To=to, Body="x"), 400, code)


def test_a_service_sends_whatsapp_from_the_sandbox_sender(api: Api) -> None:
    service, _ = service_with_numbers(api)
    sent = api.post(
        "/Messages.json", To=f"whatsapp:{TO}", MessagingServiceSid=service, Body="Hola"
    ).json()
    assert (sent["from"], sent["status"]) == (SANDBOX, "accepted")


def test_a_templates_variables_are_rendered_with_its_defaults(api: Api) -> None:
    content = template(
        api,
        {"twilio/text": {"body": "Hi {{1}}, your table is at {{2}}."}},
        {"1": "friend", "2": "19:00"},
    )
    sent = api.post(
        "/Messages.json",
        From=SANDBOX,
        To=f"whatsapp:{TO}",
        ContentSid=content,
        ContentVariables=json.dumps({"1": "Ana"}),
    )
    assert sent.status_code == 201, sent.text
    assert sent.json()["body"] == "Hi Ana, your table is at 19:00."


def test_a_media_template_sends_an_mms(api: Api) -> None:
    content = template(
        api,
        {"twilio/media": {"body": "Menu for {{1}}", "media": ["https://example.com/menu.png"]}},
    )
    sent = api.post(
        "/Messages.json",
        From="+15005550006",
        To=TO,
        ContentSid=content,
        ContentVariables='{"1": "today"}',
    ).json()
    assert (sent["body"], sent["num_media"], sent["sid"][:2]) == ("Menu for today", "1", "MM")


@pytest.mark.parametrize(
    ("content", "variables", "code"),
    [("HX" + "0" * 32, None, 21655), (None, "[1, 2]", 21656), (None, "{not json", 21656)],
    ids=["unknown", "a-list", "not-json"],
)
def test_template_errors(api: Api, content: str | None, variables: str | None, code: int) -> None:
    sid = content or template(api, {"twilio/text": {"body": "Hi {{1}}"}})
    form = {"From": "+15005550006", "To": TO, "ContentSid": sid}
    if variables is not None:
        form["ContentVariables"] = variables
    assert_twilio_error(api.post("/Messages.json", **form), 400, code)


def test_a_delivered_message_is_redacted_with_an_empty_body(api: Api, clock: ManualClock) -> None:
    sid = api.send(body="Your code is 1234")["sid"]
    path = f"/Messages/{sid}.json"
    assert_twilio_error(api.post(path, Body=""), 400, 30400)  # still queued
    clock.advance(3)
    redacted = api.post(path, Body="")
    assert redacted.status_code == 200
    assert (redacted.json()["body"], redacted.json()["status"]) == ("", "delivered")
    assert api.get(path).json()["body"] == ""


@pytest.mark.parametrize(
    "form",
    [{}, {"Body": "new text"}, {"Body": "", "Status": "canceled"}, {"Status": "sent"}],
    ids=["nothing", "a-new-body", "both", "another-status"],
)
def test_updates_twilio_refuses(api: Api, clock: ManualClock, form: dict[str, str]) -> None:
    sid = api.send()["sid"]
    clock.advance(3)
    assert_twilio_error(api.post(f"/Messages/{sid}.json", **form), 400, 30400)
    assert api.get(f"/Messages/{sid}.json").json()["body"] == "hi"


def test_a_message_is_deleted_once_it_is_no_longer_in_flight(api: Api, clock: ManualClock) -> None:
    sid = api.post(
        "/Messages.json",
        From="+15005550006",
        To=TO,
        Body="Pic",
        MediaUrl="https://example.com/a.png",
    ).json()["sid"]
    path = f"/Messages/{sid}.json"
    assert_twilio_error(api.delete(path), 400, 20009)
    clock.advance(3)
    assert api.delete(path).status_code == 204
    assert_twilio_error(api.get(path), 404, 20404)
    assert_twilio_error(api.get(f"/Messages/{sid}/Media.json"), 404, 20404)
    assert_twilio_error(api.delete(path), 404, 20404)


def test_feedback_is_recorded_and_replaced(api: Api) -> None:
    sid = api.send()["sid"]
    path = f"/Messages/{sid}/Feedback.json"
    first = api.post(path)
    assert first.status_code == 200
    assert (first.json()["outcome"], first.json()["message_sid"]) == ("unconfirmed", sid)
    second = api.post(path, Outcome="confirmed").json()
    assert second["outcome"] == "confirmed"
    assert second["date_created"] == first.json()["date_created"]
    assert_twilio_error(api.post(path, Outcome="maybe"), 400, 20001)
    assert_twilio_error(api.post(f"/Messages/SM{'0' * 32}/Feedback.json"), 404, 20404)
