"""The example flows, run against the emulator as a user would run them, with what each shows."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from connector import Connector, ConnectorError
from emulator import Account, Emulator
from flows import run_file
from tests.support.paths import EXAMPLES

TO = "+14155550100"


def _configs(config: dict[str, Any]) -> dict[str, Any]:
    return {"main": config}


def test_notify_sends_to_each_recipient_and_sums_up_the_failures(
    emulator_config: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="flows"):
        summary = run_file(EXAMPLES / "notify.yaml", configs=_configs(emulator_config))
    assert summary["sent"] == 3
    assert summary["failed"] == 1
    assert [m["to"] for m in summary["messages"]] == [
        "+14155550100",
        "+14155550101",
        "+14155550102",
    ]
    assert summary["failures"] == [
        {"to": "+15005550001", "type": "TWILIO:BAD_REQUEST", "code": 21211}
    ]
    assert "not sent to +15005550001" in caplog.text
    with Connector(emulator_config) as twilio:
        sent = twilio.invoke("get-all-sms-messages").to_list()
    assert {m["sid"] for m in sent} == {m["sid"] for m in summary["messages"]}
    assert {m["body"] for m in sent} == {"Scheduled maintenance tonight from 22:00 UTC."}


def test_notify_takes_recipients_from_vars_or_the_payload(emulator_config: dict[str, Any]) -> None:
    configs = _configs(emulator_config)
    by_var = run_file(
        EXAMPLES / "notify.yaml",
        vars={"to": "+14155550100, +15005550004", "message": "Back up"},
        configs=configs,
    )
    assert (by_var["sent"], by_var["failed"]) == (1, 1)
    assert by_var["failures"][0]["code"] == 21610
    by_payload = run_file(EXAMPLES / "notify.yaml", payload=["+14155550199"], configs=configs)
    assert (by_payload["sent"], by_payload["failed"]) == (1, 0)


def test_buy_number_points_the_number_at_one_application(emulator_config: dict[str, Any]) -> None:
    configs = _configs(emulator_config)
    first = run_file(EXAMPLES / "buy-number.yaml", configs=configs)
    second = run_file(EXAMPLES / "buy-number.yaml", vars={"areaCode": "500"}, configs=configs)
    assert first["application"] == second["application"]
    assert first["sid"] != second["sid"]
    for bought in (first, second):
        assert bought["voiceApplicationSid"] == bought["smsApplicationSid"]
        assert bought["voiceApplicationSid"] == bought["application"]["sid"]
    with Connector(emulator_config) as twilio:
        apps = twilio.invoke("get-all-applications").to_list()
        numbers = {n["sid"]: n for n in twilio.invoke("get-incoming-phone-numbers")}
    assert [app["friendly_name"] for app in apps] == ["Support line"]
    number = numbers[first["sid"]]
    assert number["voice_application_sid"] == first["application"]["sid"]
    assert number["friendly_name"] == "Support line (500)"


def test_buy_number_in_an_empty_area_code_fails_with_twilio_s_code(
    emulator_config: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(ConnectorError) as caught:
        run_file(
            EXAMPLES / "buy-number.yaml",
            vars={"areaCode": "533"},
            configs=_configs(emulator_config),
        )
    assert caught.value.type == "TWILIO:BAD_REQUEST"
    assert caught.value.code == 21452
    assert caught.value.where == f"{EXAMPLES / 'buy-number.yaml'}:23:9"
    assert "no numbers left in area code 533" in caplog.text


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_failed_calls_summary_counts_yesterday_s_failed_calls_and_texts_on_call(
    emulator: Emulator, account: Account, emulator_config: dict[str, Any]
) -> None:
    now = datetime.now(UTC)
    yesterday = (now - timedelta(days=1)).replace(hour=12, minute=0, second=0)
    calls = [
        ("+14155550101", "failed", yesterday),
        ("+14155550102", "failed", yesterday + timedelta(hours=1)),
        ("+14155550101", "failed", yesterday + timedelta(hours=2)),
        ("+14155550103", "completed", yesterday),
        ("+14155550104", "failed", yesterday - timedelta(days=1)),
    ]
    emulator.seed(
        {
            "calls": [
                {
                    "account_sid": account.sid,
                    "from": "+15005550006",
                    "to": to,
                    "status": status,
                    "start_time": _iso(start),
                    "date_created": _iso(start),
                }
                for to, status, start in calls
            ]
        }
    )
    day = yesterday.date().isoformat()
    summary = run_file(
        EXAMPLES / "failed-calls-summary.yaml",
        vars={"day": day, "onCall": "+14155550123"},
        configs=_configs(emulator_config),
    )
    assert summary["failedCalls"] == 3
    head, _, numbers = summary["summary"].partition(", to: ")
    assert head == f"3 failed calls on {day}"
    assert sorted(numbers.split(", ")) == ["+14155550101", "+14155550102"]
    with Connector(emulator_config) as twilio:
        text = twilio.invoke("get-sms-message", {"smsMessageSid": summary["messageSid"]})
    assert text["to"] == "+14155550123"
    assert text["body"] == summary["summary"]


def test_failed_calls_summary_defaults_to_yesterday(emulator_config: dict[str, Any]) -> None:
    before = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    summary = run_file(EXAMPLES / "failed-calls-summary.yaml", configs=_configs(emulator_config))
    after = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    yesterday = summary["day"]
    assert yesterday in {before, after}  # a run may cross midnight UTC
    assert summary["summary"] == f"No failed calls on {yesterday}."
    assert summary["notified"] == "+14155550123"


def _code_sent_to(emulator: Emulator, to: str) -> str:
    """The code the emulator last sent to `to`, as its admin endpoint shows it."""
    response = requests.get(
        f"{emulator.url}/_emulator/verifications", params={"to": to}, timeout=10
    )
    return str(response.json()["verifications"][0]["code"])


def test_signup_verification_sends_a_code_then_approves_it_and_keeps_the_line_type(
    emulator: Emulator, emulator_config: dict[str, Any]
) -> None:
    example, configs, to = EXAMPLES / "signup-verification.yaml", _configs(emulator_config), TO
    started = run_file(example, vars={"to": to}, configs=configs)
    assert started["status"] == "pending"
    code = _code_sent_to(emulator, to)
    with Connector(emulator_config) as twilio:
        texts = twilio.invoke("get-all-sms-messages", {"to": to}).to_list()
        services = twilio.invoke("get-verify-services").to_list()
    assert [t["body"] for t in texts] == [f"Your Sign-up verification code is: {code}."]

    wrong = "000000" if code != "000000" else "111111"
    refused = run_file(example, vars={"to": to, "code": wrong}, configs=configs)
    assert refused == {"to": to, "verified": False, "status": "pending"}
    verified = run_file(example, vars={"to": to, "code": code}, configs=configs)
    assert verified == {
        "to": to,
        "verified": True,
        "lineType": "mobile",
        "carrier": "T-Mobile USA, Inc.",
    }
    with Connector(emulator_config) as twilio:
        assert twilio.invoke("get-verify-services").to_list() == services  # found, not made again
    assert [s["friendly_name"] for s in services] == ["Sign-up"]


def test_signup_verification_by_call_for_a_landline_and_a_stale_code(
    emulator: Emulator, emulator_config: dict[str, Any]
) -> None:
    example, configs, landline = (
        EXAMPLES / "signup-verification.yaml",
        _configs(emulator_config),
        "+14155552000",
    )
    run_file(example, vars={"to": landline, "channel": "call"}, configs=configs)
    code = _code_sent_to(emulator, landline)
    verified = run_file(example, vars={"to": landline, "code": code}, configs=configs)
    assert (verified["verified"], verified["lineType"]) == (True, "landline")
    again = run_file(example, vars={"to": landline, "code": code}, configs=configs)
    assert again == {"to": landline, "verified": False, "status": "not-found"}
