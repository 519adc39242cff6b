"""The bot examples end to end, offline: the emulator texts and calls an owned number whose
webhooks point at the examples' listener (waitress on loopback), signs every request as
Twilio does, carries out the TwiML answers and reports what the caller heard."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from connector import Connector
from emulator import Account, Emulator, ManualClock
from flows.listener import create_app
from tests.support.paths import EXAMPLES
from tests.support.wsgi import served

NUMBER = "+15005550006"  # every emulated account owns it
CALLER = "+14155550100"


@pytest.fixture
def clock() -> ManualClock:
    """The emulator's clock, moved on by the test."""
    return ManualClock()


@pytest.fixture
def emulator(clock: ManualClock) -> Iterator[Emulator]:
    """A fresh emulator on its own clock."""
    with Emulator(clock=clock) as emu:
        yield emu


@pytest.fixture
def account(emulator: Emulator) -> Account:
    """A fresh account that owns +15005550006."""
    return emulator.create_account()


@pytest.fixture
def config(emulator: Emulator, account: Account) -> dict[str, Any]:
    """The account's config, pointed at the emulator."""
    return {"accountSid": account.sid, "authToken": account.auth_token, "baseUrl": emulator.url}


@pytest.fixture
def bot(config: dict[str, Any]) -> Iterator[Any]:
    """Serve an example's sources; point the number's webhooks at them; yield the base URL."""
    served_apps: list[Any] = []

    def start(example: str, **number_settings: str) -> str:
        app = create_app(EXAMPLES / example, configs={"main": config}, store=":memory:")
        served_apps.append(app)
        context = served(app)
        url = context.__enter__()
        served_apps.append(context)
        with Connector(config) as twilio:
            (number,) = twilio.invoke("get-incoming-phone-numbers", {"phoneNumber": NUMBER})
            settings = {key: url + path for key, path in number_settings.items()}
            twilio.invoke(
                "update-incoming-phone-numbers",
                {"incomingPhoneNumberSid": number["sid"], **settings},
            )
        return url

    yield start
    for item in reversed(served_apps):
        if hasattr(item, "__exit__"):
            item.__exit__(None, None, None)
        else:
            item.close()


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("HELP", "Reply STOP to stop these texts. Questions? Call +15005550006."),
        (" help ", "Reply STOP to stop these texts. Questions? Call +15005550006."),
        ("stop", None),
        ("Is the shop open <today>?", "Thanks, we got your text: Is the shop open <today>?"),
    ],
)
def test_the_auto_responder_answers_by_keyword(
    text: str, reply: str | None, emulator: Emulator, bot: Any, config: dict[str, Any]
) -> None:
    bot("sms-auto-responder.yaml", smsUrl="/sms")
    answer = emulator.inbound_message(from_=CALLER, to=NUMBER, body=text)
    assert answer["message"]["body"] == text
    assert answer["message"]["direction"] == "inbound"
    replies = [(r["to"], r["from"], r["body"]) for r in answer["replies"]]
    assert replies == ([] if reply is None else [(CALLER, NUMBER, reply)])
    with Connector(config) as twilio:
        sent = [m for m in twilio.invoke("get-all-sms-messages") if m["direction"] != "inbound"]
    assert [m["body"] for m in sent] == ([] if reply is None else [reply])


def test_the_auto_responder_refuses_a_forged_text(bot: Any) -> None:
    import requests  # noqa: PLC0415

    url = bot("sms-auto-responder.yaml", smsUrl="/sms")
    forged = requests.post(
        f"{url}/sms",
        data={"From": CALLER, "To": NUMBER, "Body": "HELP"},
        headers={"X-Twilio-Signature": "forged"},
        timeout=10,
    )
    assert forged.status_code == 403
    assert "Message" not in forged.text


def test_the_receipt_logger_keeps_one_line_per_status_callback(
    emulator: Emulator,
    clock: ManualClock,
    bot: Any,
    config: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # the example writes delivery-receipts.jsonl where it runs
    url = bot("delivery-receipts.yaml")
    with Connector(config) as twilio:
        good = twilio.invoke(
            "send-sms-message",
            {"from": NUMBER, "to": "+14155550101", "body": "hi", "statusCallback": f"{url}/status"},
        )
        bad = twilio.invoke(
            "send-sms-message",
            {"from": NUMBER, "to": "+15005550010", "body": "hi", "statusCallback": f"{url}/status"},
        )
    clock.advance(10)
    log = tmp_path / "delivery-receipts.jsonl"
    records = _records(emulator, log, callbacks=6)  # sending, sent, then the last status: each
    by_sid: dict[str, list[str]] = {}
    for record in records:
        by_sid.setdefault(record["sid"], []).append(record["status"])
    assert by_sid[good["sid"]][-1] == "delivered"
    assert by_sid[bad["sid"]][-1] in ("failed", "undelivered")
    failed = [r for r in records if r["sid"] == bad["sid"] and r["error"]]
    assert failed, records


def _records(emulator: Emulator, log: Path, callbacks: int) -> list[dict[str, Any]]:
    """The log's records once the emulator's outbox holds that many callbacks, all answered."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        states = [c["state"] for c in emulator.callbacks()]
        if len(states) >= callbacks and "pending" not in states:
            break
        time.sleep(0.05)
    assert [c["state"] for c in emulator.callbacks()] == ["delivered"] * callbacks
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == callbacks
    return [json.loads(line) for line in lines]


def _heard(transcript: list[dict[str, Any]]) -> list[str]:
    return [step["text"] for step in transcript if step.get("verb") == "Say"]


def test_the_ivr_tells_the_opening_hours_on_1(emulator: Emulator, bot: Any) -> None:
    bot("ivr.yaml", voiceUrl="/ivr")
    answer = emulator.inbound_call(from_=CALLER, to=NUMBER, inputs=["1"])
    assert _heard(answer["transcript"]) == [
        "Thanks for calling. Press 1 for our opening hours, 2 to leave a message.",
        "We are open nine to five, Monday to Friday. Goodbye.",
    ]
    assert answer["call"]["status"] == "completed"


def test_the_ivr_records_a_voicemail_on_2(
    emulator: Emulator, bot: Any, config: dict[str, Any]
) -> None:
    bot("ivr.yaml", voiceUrl="/ivr")
    answer = emulator.inbound_call(from_=CALLER, to=NUMBER, inputs=["2"])
    verbs = [step.get("verb") for step in answer["transcript"] if step.get("verb")]
    assert "Record" in verbs
    assert _heard(answer["transcript"])[-1] == "Thank you, we got your message. Goodbye."
    with Connector(config) as twilio:
        recordings = twilio.invoke("get-recordings", {"callSid": answer["call"]["sid"]}).to_list()
    assert len(recordings) == 1


def test_the_ivr_answers_a_call_the_app_makes_and_the_callee_answers(
    emulator: Emulator, bot: Any, config: dict[str, Any]
) -> None:
    """The same TwiML reached by an outbound call: make-call points at the listener, and the
    emulator answers the call for a callee who presses 1 (the listener checks each request's
    signature, as it does for Twilio's)."""
    url = bot("ivr.yaml")
    with Connector(config) as twilio:
        made = twilio.invoke("make-call", {"from": NUMBER, "to": CALLER, "url": url + "/ivr"})
    answer = emulator.answer_call(made["sid"], inputs=["1"])
    assert (
        _heard(answer["transcript"])[-1] == "We are open nine to five, Monday to Friday. Goodbye."
    )
    requests_made = [step["request"] for step in answer["transcript"] if "request" in step]
    assert [r["status"] for r in requests_made] == [200, 200]  # signatures accepted
    assert requests_made[0]["params"]["Direction"] == "outbound-api"
    assert answer["call"]["status"] == "completed"


def test_the_ivr_repeats_the_menu_on_a_wrong_key(emulator: Emulator, bot: Any) -> None:
    bot("ivr.yaml", voiceUrl="/ivr")
    answer = emulator.inbound_call(from_=CALLER, to=NUMBER, inputs=["9", "1"])
    heard = _heard(answer["transcript"])
    assert heard[1] == "Sorry, that is not on the menu."
    assert heard[2].startswith("Thanks for calling.")
    assert heard[-1].startswith("We are open nine to five")
