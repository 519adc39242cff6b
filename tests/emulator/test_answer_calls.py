"""Outbound calls answered on demand: ``POST /_emulator/calls/{sid}/answer`` (and
``Emulator.answer_call``) carries out a ringing API call's TwiML (its Url, its Twiml or its
application's VoiceUrl) for a scripted callee, so the TwiML an app serves for its own calls can
be tested offline."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from connector import Connector
from emulator import Account, Emulator, ManualClock
from emulator.errors import TwilioError
from tests.emulator.webhook_app import WebhookApp, eventually
from tests.support.emulator_api import Api, assert_twilio_error
from tests.support.paths import REPO_ROOT

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
        "CallStatus": "in-progress",  # Twilio asks for its TwiML once the callee picks up
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


def test_a_call_is_answered_once(emu: Emulator, twilio: Connector, webhooks: WebhookApp) -> None:
    held = threading.Event()
    voice = webhooks.serve("/voice", "<Response><Say>Hi</Say></Response>", hold=held)
    made = twilio.invoke("make-call", {"from": FROM, "to": TO, "url": voice})
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(emu.answer_call, made["sid"])
        webhooks.wait_for("/voice", 1)  # the first answer is fetching the call's TwiML
        with pytest.raises(TwilioError, match="can no longer be answered"):
            emu.answer_call(made["sid"])
        held.set()
        assert first.result(timeout=30)["call"]["status"] == "completed"
    assert len(webhooks.to("/voice")) == 1


def test_twiml_that_cannot_be_parsed_ends_the_call_with_a_notification(
    emu: Emulator, twilio: Connector
) -> None:
    made = twilio.invoke("make-call", {"from": FROM, "to": TO, "twiml": "<Response><Say>Hi"})
    result = emu.answer_call(made["sid"])
    # answered before its TwiML is read: the callee hears the application error, then it ends
    assert (result["call"]["status"], result["call"]["duration"]) == ("completed", "0")
    assert result["transcript"][0]["error"]["code"] == 12100
    (logged,) = twilio.invoke("get-notifications-by-call-sid", {"callSid": made["sid"]})
    assert (logged["call_sid"], logged["error_code"]) == (made["sid"], "12100")


def test_machine_detection_reports_who_answered_to_the_calls_url(
    emu: Emulator, twilio: Connector, webhooks: WebhookApp
) -> None:
    voice = webhooks.serve(
        "/voice", '<Response><Gather numDigits="1" action="/next"><Say>Hi</Say></Gather></Response>'
    )
    webhooks.serve("/next")
    made = twilio.invoke(
        "make-call",
        {"from": FROM, "to": TO, "url": voice, "machineDetection": "DetectMessageEnd"},
    )

    response = requests.post(
        f"{emu.url}/_emulator/calls/{made['sid']}/answer",
        data={"AnsweredBy": "machine_end_beep", "Input": "1"},
        timeout=60,
    )

    assert response.status_code == 200, response.text
    (first,) = webhooks.to("/voice")
    assert dict(first.form)["AnsweredBy"] == "machine_end_beep"
    assert dict(first.form)["MachineDetectionDuration"] == "0"
    assert webhooks.is_signed(first)  # the detection's parameters are signed too
    (following,) = webhooks.to("/next")
    assert "AnsweredBy" not in dict(following.form)  # only the call's Url hears it
    assert response.json()["call"]["answered_by"] == "machine_end_beep"
    fetched = twilio.invoke("get-call", {"callSid": made["sid"]})
    assert fetched["answered_by"] == "machine_end_beep"


def test_asynchronous_detection_posts_its_finding_to_its_own_callback(
    emu: Emulator, twilio: Connector, webhooks: WebhookApp
) -> None:
    voice = webhooks.serve("/voice", "<Response><Say>Hello</Say></Response>")
    webhooks.serve("/amd")
    made = twilio.invoke(
        "make-call",
        {
            "from": FROM,
            "to": TO,
            "url": voice,
            "machineDetection": "Enable",
            "asyncAmd": "true",
            "asyncAmdStatusCallback": webhooks.url + "/amd",
        },
    )

    result = emu.answer_call(made["sid"], answered_by="fax")

    (first,) = webhooks.to("/voice")
    assert "AnsweredBy" not in dict(first.form)  # fetched before the detection ends
    (finding,) = webhooks.wait_for("/amd", 1)
    assert dict(finding.form)["AnsweredBy"] == "fax"
    assert dict(finding.form)["CallSid"] == made["sid"]
    assert result["call"]["answered_by"] == "fax"


def test_detection_answers_human_unless_told_and_only_what_its_mode_finds(
    emu: Emulator, twilio: Connector, webhooks: WebhookApp
) -> None:
    voice = webhooks.serve("/voice")
    enable = {"from": FROM, "to": TO, "url": voice, "machineDetection": "Enable"}
    made = twilio.invoke("make-call", enable)
    with pytest.raises(TwilioError, match="machine_end_beep"):
        emu.answer_call(made["sid"], answered_by="machine_end_beep")  # DetectMessageEnd's
    assert emu.answer_call(made["sid"])["call"]["answered_by"] == "human"
    assert dict(webhooks.to("/voice")[0].form)["AnsweredBy"] == "human"

    plain = twilio.invoke("make-call", {"from": FROM, "to": TO, "url": voice})
    refused = requests.post(
        f"{emu.url}/_emulator/calls/{plain['sid']}/answer",
        data={"AnsweredBy": "human"},
        timeout=60,
    )
    assert_twilio_error(refused, 400, 20001)
    assert "without MachineDetection" in refused.json()["message"]
    assert twilio.invoke("get-call", {"callSid": plain["sid"]})["status"] in ("queued", "ringing")
    answered = emu.answer_call(plain["sid"])["call"]
    assert answered["answered_by"] is None  # no detection, no finding
    assert "AnsweredBy" not in dict(webhooks.to("/voice")[1].form)


def test_a_call_made_with_record_leaves_its_recording(
    emu: Emulator, twilio: Connector, webhooks: WebhookApp
) -> None:
    webhooks.serve("/recorded")
    made = twilio.invoke(
        "make-call",
        {
            "from": FROM,
            "to": TO,
            "twiml": '<Response><Say loop="2">Hello</Say><Pause length="4"/></Response>',
            "record": True,
            "recordingStatusCallback": webhooks.url + "/recorded",
        },
    )

    call = emu.answer_call(made["sid"])["call"]

    assert call["duration"] == "6"
    (recording,) = twilio.invoke("get-call-recordings", {"callSid": made["sid"]})
    assert (recording["source"], recording["duration"], recording["status"]) == (
        "OutboundAPI",
        "6",
        "completed",
    )
    assert recording["start_time"] == call["start_time"]
    (reported,) = webhooks.wait_for("/recorded", 1)
    assert dict(reported.form)["RecordingSid"] == recording["sid"]
    assert dict(reported.form)["RecordingDuration"] == "6"


def test_time_limit_hangs_up_an_answered_call(emu: Emulator, twilio: Connector) -> None:
    made = twilio.invoke(
        "make-call",
        {
            "from": FROM,
            "to": TO,
            "twiml": '<Response><Pause length="3"/><Say loop="5">Hold on</Say>'
            "<Say>Never heard</Say></Response>",
            "timeLimit": 5,
        },
    )

    result = emu.answer_call(made["sid"])

    assert _verbs(result) == ["Pause", "Say"]  # the Say under way is cut short at 5 s
    assert result["transcript"][-1] == {"time_limit": 5}
    assert (result["call"]["status"], result["call"]["duration"]) == ("completed", "5")


def test_a_participants_call_is_answered_by_the_clock_not_here(emu: Emulator, api: Api) -> None:
    joined = api.post("/Conferences/Room/Participants.json", From=FROM, To=TO).json()
    refused = requests.post(f"{emu.url}/_emulator/calls/{joined['call_sid']}/answer", timeout=60)
    assert_twilio_error(refused, 400, 20001)
    assert "no TwiML of its own" in refused.json()["message"]


def _completed(twilio: Connector, sid: str) -> dict[str, Any]:
    """The call once it has completed (fails when it has not within the webhook app's wait)."""
    eventually(lambda: twilio.invoke("get-call", {"callSid": sid})["status"] == "completed")
    call: dict[str, Any] = twilio.invoke("get-call", {"callSid": sid})
    return call


@pytest.fixture
def answering(clock: ManualClock) -> Iterator[Emulator]:
    """An emulator that answers the calls made through it (``--answer-calls``)."""
    with Emulator(clock=clock, answer_calls=True) as emulator:
        yield emulator


def test_with_answer_calls_the_clock_answers_and_the_url_is_fetched(
    answering: Emulator, clock: ManualClock
) -> None:
    account = answering.create_account()
    webhooks = WebhookApp(account.auth_token)
    config = {"accountSid": account.sid, "authToken": account.auth_token}
    try:
        voice = webhooks.serve(
            "/voice",
            '<Response><Gather numDigits="1" timeout="3" action="/menu"><Say>Press 1</Say>'
            "</Gather><Say>Goodbye</Say></Response>",
        )
        webhooks.serve("/status")
        with Connector(config | {"baseUrl": answering.url}) as twilio:
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
            canceled = twilio.invoke("make-call", {"from": FROM, "to": TO, "url": voice})
            twilio.invoke("change-call-state", {"callSid": canceled["sid"], "status": "canceled"})
            clock.advance(1)  # ringing: nobody has picked up yet
            webhooks.wait_for("/status", 1)
            assert webhooks.to("/voice") == []

            clock.advance(1)  # the callee picks up: the Url is fetched, as on Twilio

            (fetched,) = webhooks.wait_for("/voice", 1)
            assert dict(fetched.form)["CallStatus"] == "in-progress"
            assert dict(fetched.form)["CallSid"] == made["sid"]
            assert webhooks.is_signed(fetched)

            call = _completed(twilio, made["sid"])
            assert call["duration"] == "5"  # Say 1 s, a silent Gather's 3 s, Say 1 s
            assert webhooks.to("/menu") == []  # a silent callee presses nothing
            statuses = webhooks.wait_for("/status", 3)
            assert [dict(s.form)["CallStatus"] for s in statuses] == [
                "ringing",
                "in-progress",
                "completed",
            ]
            clock.advance(60)
            again = twilio.invoke("get-call", {"callSid": made["sid"]})
            assert (again["status"], again["end_time"]) == ("completed", call["end_time"])
            assert len(webhooks.to("/voice")) == 1  # the canceled call was never answered
            gone = twilio.invoke("get-call", {"callSid": canceled["sid"]})
            assert gone["status"] == "canceled"
    finally:
        webhooks.close()


def test_the_emulator_command_answers_calls_when_asked() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "--port", "0", "--answer-calls"],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    try:
        lines = [process.stdout.readline().strip() for _ in range(6)]
        assert lines[5] == "Calls:       answered for a silent callee, their TwiML carried out"
        url = re.fullmatch(r"Twilio emulator listening on (\S+)", lines[0])
        sid = re.fullmatch(r"Account SID: (AC\w+)", lines[1])
        token = re.fullmatch(r"Auth token: +(\S+)", lines[2])
        assert url is not None, lines
        assert sid is not None, lines
        assert token is not None, lines
        config = {"accountSid": sid[1], "authToken": token[1], "baseUrl": url[1]}
        with Connector(config) as twilio:
            made = twilio.invoke(
                "make-call",
                {"from": FROM, "to": TO, "twiml": "<Response><Say>Hi</Say></Response>"},
            )

            # the system clock answers it after 2 s; its TwiML ran (Say: 1 s), not the clock's 3 s
            assert _completed(twilio, made["sid"])["duration"] == "1"
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_an_answered_calls_fallback_url_answers_when_its_url_fails(
    emu: Emulator, twilio: Connector, webhooks: WebhookApp
) -> None:
    broken = webhooks.serve("/voice", "oops", status=500)
    fallback = webhooks.serve("/fallback", "<Response><Say>Sorry</Say></Response>")
    made = twilio.invoke(
        "make-call", {"from": FROM, "to": TO, "url": broken, "fallbackUrl": fallback}
    )
    result = emu.answer_call(made["sid"])
    assert _verbs(result) == ["Say"]
    (asked,) = webhooks.to("/fallback")
    assert (dict(asked.form)["ErrorCode"], dict(asked.form)["ErrorUrl"]) == ("11200", broken)
    assert dict(asked.form)["Direction"] == "outbound-api"


def _answer_while_held(
    emu: Emulator, twilio: Connector, webhooks: WebhookApp, change: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Answer a call whose Url is held back, update the call through the API meanwhile (as
    the app's webhook handler may), then let the Url answer: the run's result and the
    update's."""
    held = threading.Event()
    voice = webhooks.serve("/voice", "<Response><Say>One</Say><Say>Two</Say></Response>", hold=held)
    made = twilio.invoke("make-call", {"from": FROM, "to": TO, "url": voice})
    with ThreadPoolExecutor(1) as pool:
        running = pool.submit(emu.answer_call, made["sid"])
        webhooks.wait_for("/voice", 1)
        updated = twilio.invoke("change-call-state", {"callSid": made["sid"], **change})
        held.set()
        return running.result(timeout=30), updated


def test_a_call_hung_up_through_the_api_stops_its_twiml(
    emu: Emulator, twilio: Connector, webhooks: WebhookApp
) -> None:
    webhooks.serve("/status")
    result, updated = _answer_while_held(emu, twilio, webhooks, {"status": "completed"})
    assert updated["status"] == "completed"
    assert _verbs(result) == []  # nothing more is said once it was hung up
    assert result["transcript"][-1] == {"ended_by_api": "completed"}
    assert result["call"]["status"] == "completed"


def test_a_call_redirected_through_the_api_goes_on_with_the_new_twiml(
    emu: Emulator, twilio: Connector, webhooks: WebhookApp
) -> None:
    other = webhooks.serve("/other", "<Response><Say>Transferred</Say></Response>")
    result, _ = _answer_while_held(emu, twilio, webhooks, {"url": other})
    assert _verbs(result) == ["Say"]
    assert [step.get("text") for step in result["transcript"] if "verb" in step] == ["Transferred"]
    (asked,) = webhooks.to("/other")
    assert dict(asked.form)["CallStatus"] == "in-progress"
    inline, _ = _answer_while_held(
        emu, twilio, webhooks, {"twiml": "<Response><Say>Inline</Say></Response>"}
    )
    assert [step.get("text") for step in inline["transcript"] if "verb" in step] == ["Inline"]


def test_a_time_limit_given_while_the_twiml_runs_is_kept(
    emu: Emulator, twilio: Connector, webhooks: WebhookApp
) -> None:
    result, updated = _answer_while_held(emu, twilio, webhooks, {"timeLimit": 30})
    assert updated["status"] == "in-progress"  # taken, not a server error
    assert _verbs(result) == ["Say", "Say"]
