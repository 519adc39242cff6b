"""``twilio-connector emulator send-sms`` / ``place-call`` / ``answer-call`` (and ``python -m
emulator ...``) drive a running emulator's inbound and answer endpoints and print the answer."""

from __future__ import annotations

import json

import pytest

from emulator import Emulator
from emulator.__main__ import main as emulator_main
from flows.cli import main
from tests.emulator.webhook_app import WebhookApp
from tests.support.emulator_api import Api


def _number(api: Api, **settings: str) -> str:
    number: str = api.post("/IncomingPhoneNumbers.json", AreaCode="415", **settings).json()[
        "phone_number"
    ]
    return number


def test_send_sms_prints_the_message_and_its_replies(
    emu: Emulator, api: Api, webhooks: WebhookApp, capsys: pytest.CaptureFixture[str]
) -> None:
    url = webhooks.serve("/sms", "<Response><Message>Yo</Message></Response>")
    number = _number(api, SmsUrl=url)
    argv = ["emulator", "send-sms", "--url", emu.url, "--from", "+14155550100", "--to", number]
    assert main([*argv, "--body", "Hi", "--media-url", "https://cdn.example/a.png"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["message"]["body"] == "Hi"
    assert printed["message"]["num_media"] == "1"
    assert [reply["body"] for reply in printed["replies"]] == ["Yo"]


def test_place_call_gives_the_inputs_in_order(
    emu: Emulator, api: Api, webhooks: WebhookApp, capsys: pytest.CaptureFixture[str]
) -> None:
    voice = webhooks.serve("/voice", '<Response><Gather action="/a"/></Response>')
    webhooks.serve("/a", '<Response><Gather input="speech" action="/b"/></Response>')
    webhooks.serve("/b", "<Response><Hangup/></Response>")
    number = _number(api, VoiceUrl=voice)
    argv = ["place-call", "--url", emu.url, "--from", "+14155550100", "--to", number]
    assert emulator_main([*argv, "--input", "42#", "--input", "speech:yes please"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [s.get("digits") or s.get("speech") for s in printed["transcript"] if "verb" in s] == [
        "42",
        "yes please",
        None,
    ]
    assert printed["call"]["status"] == "completed"


def test_answer_call_carries_out_a_ringing_calls_twiml(
    emu: Emulator, api: Api, webhooks: WebhookApp, capsys: pytest.CaptureFixture[str]
) -> None:
    voice = webhooks.serve("/voice", '<Response><Gather action="/a"/></Response>')
    webhooks.serve("/a", "<Response><Say>Thanks</Say></Response>")
    made = api.post("/Calls.json", From="+15005550006", To="+14155550100", Url=voice).json()
    argv = ["emulator", "answer-call", made["sid"], "--url", emu.url, "--input", "7"]
    assert main(argv) == 0
    printed = json.loads(capsys.readouterr().out)
    verbs = [step for step in printed["transcript"] if "verb" in step]
    assert [step["verb"] for step in verbs] == ["Gather", "Say"]
    assert verbs[0]["digits"] == "7"
    assert main(argv) == 2  # answered already: it no longer rings
    assert "can no longer be answered" in capsys.readouterr().err


def test_answer_call_says_who_answered_a_call_with_machine_detection(
    emu: Emulator, api: Api, webhooks: WebhookApp, capsys: pytest.CaptureFixture[str]
) -> None:
    voice = webhooks.serve("/voice")
    detect = {"From": "+15005550006", "To": "+14155550100", "Url": voice}
    made = api.post("/Calls.json", **detect, MachineDetection="DetectMessageEnd").json()
    argv = ["emulator", "answer-call", made["sid"], "--url", emu.url]
    assert main([*argv, "--answered-by", "machine_start"]) == 2  # Enable's, not this mode's
    assert "machine_end_beep" in capsys.readouterr().err
    assert main([*argv, "--answered-by", "machine_end_silence"]) == 0
    assert json.loads(capsys.readouterr().out)["call"]["answered_by"] == "machine_end_silence"
    assert dict(webhooks.to("/voice")[0].form)["AnsweredBy"] == "machine_end_silence"


def test_an_unknown_number_or_no_emulator_exits_2(
    emu: Emulator, account: object, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["emulator", "place-call", "--from", "+14155550100", "--to", "+14155559999"]
    assert main([*argv, "--url", emu.url]) == 2
    assert "No account owns the number +14155559999" in capsys.readouterr().err
    assert main([*argv, "--url", "http://127.0.0.1:9"]) == 2
    assert "cannot reach the emulator" in capsys.readouterr().err
