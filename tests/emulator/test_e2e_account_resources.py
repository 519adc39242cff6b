"""Queues, usage, short codes, connect apps and API keys, end to end over the emulator: each
operation run through the Connector and checked by the state it leaves."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from connector import BadRequestError, Connector, NotFoundError, UnauthorizedError
from emulator import Account, Emulator, ManualClock
from tests.emulator.webhook_app import WebhookApp
from tests.support.e2e import RecordingConnector, covers


def not_found(twilio: Connector, operation: str, params: dict[str, Any]) -> None:
    with pytest.raises(NotFoundError):
        twilio.invoke(operation, params)


def seed_queue(emu: Emulator, name: str, waiting: int) -> str:
    members = [{"date_enqueued": f"2024-01-01T00:00:0{i}Z"} for i in range(waiting)]
    return emu.seed({"queues": [{"friendly_name": name, "members": members}]})["queues"][0]


@covers("create-queue", "get-queue", "get-queues", "update-queue", "delete-queue")
def test_queues(twilio: Connector) -> None:
    made = twilio.invoke("create-queue", {"friendlyName": "support", "maxSize": "20"})
    assert (made["friendly_name"], made["max_size"], made["current_size"]) == ("support", 20, 0)
    renamed = twilio.invoke("update-queue", {"queueSid": made["sid"], "friendlyName": "sales"})
    assert renamed["friendly_name"] == "sales"
    assert twilio.invoke("get-queue", {"queueSid": made["sid"]})["friendly_name"] == "sales"
    assert [q["sid"] for q in twilio.invoke("get-queues", {})] == [made["sid"]]
    with pytest.raises(BadRequestError) as caught:
        twilio.invoke("create-queue", {"friendlyName": "sales"})
    assert caught.value.code == 20001
    twilio.invoke("delete-queue", {"queueSid": made["sid"]})
    not_found(twilio, "get-queue", {"queueSid": made["sid"]})


@covers("get-queue-members", "get-queue-member", "dequeue-member")
def test_queue_members(twilio: Connector, emu: Emulator, clock: ManualClock) -> None:
    queue = seed_queue(emu, "support", 2)
    clock.advance(30)
    members = list(twilio.invoke("get-queue-members", {"queueSid": queue}))
    assert [m["position"] for m in members] == [1, 2]
    assert [m["wait_time"] for m in members] == [30, 29]
    front = twilio.invoke("get-queue-member", {"queueSid": queue, "callSid": "Front"})
    assert front["call_sid"] == members[0]["call_sid"]
    assert twilio.invoke("get-queue", {"queueSid": queue})["average_wait_time"] == 30
    with pytest.raises(BadRequestError):
        twilio.invoke("delete-queue", {"queueSid": queue})
    dequeued = twilio.invoke(
        "dequeue-member",
        {"queueSid": queue, "callSid": "Front", "url": "https://example.com/agent"},
    )
    assert dequeued["call_sid"] == front["call_sid"]
    call = twilio.invoke("get-call", {"callSid": front["call_sid"]})
    assert call["status"] == "in-progress"
    (left,) = twilio.invoke("get-queue-members", {"queueSid": queue})
    assert (left["call_sid"], left["position"]) == (members[1]["call_sid"], 1)
    not_found(twilio, "get-queue-member", {"queueSid": queue, "callSid": front["call_sid"]})


def usage(twilio: Connector, category: str, **params: Any) -> dict[str, Any]:
    (record,) = twilio.invoke("get-usage-records", {"category": category, **params})
    assert record["category"] == category
    return dict(record)


@covers("get-usage-records")
def test_usage_records_count_what_the_account_did(twilio: Connector, clock: ManualClock) -> None:
    send = {"from": "+15005550006", "to": "+14155550100"}
    twilio.invoke("send-sms-message", {**send, "body": "short"})
    twilio.invoke("send-sms-message", {**send, "body": "x" * 200})  # two segments
    twilio.invoke(
        "make-call", {**send, "twiml": "<Response><Say>Hello</Say></Response>"}
    )  # 3 s: one minute
    clock.advance(10)
    sms = usage(twilio, "sms-outbound")
    assert (sms["count"], sms["usage"], sms["usage_unit"]) == ("2", "3", "segments")
    assert sms["price"] == pytest.approx(3 * 0.0079)
    calls = usage(twilio, "calls-outbound", period="today")
    assert (calls["count"], calls["usage"], calls["usage_unit"]) == ("1", "1", "minutes")
    assert usage(twilio, "phonenumbers", period="this-month")["count"] == "1"
    assert usage(twilio, "sms", period="yesterday")["count"] == "0"
    daily = list(
        twilio.invoke(
            "get-usage-records",
            {"period": "daily", "category": "sms", "startDate": "2023-12-31"},
        )
    )
    assert [(r["start_date"], r["count"]) for r in daily] == [
        ("2023-12-31", "0"),
        ("2024-01-01", "2"),
    ]
    total = usage(twilio, "totalprice", period="all-time")
    assert float(total["usage"]) == pytest.approx(3 * 0.0079 + 0.014 + 1.15)


def test_usage_records_include_subaccounts_unless_told(
    twilio: Connector, emu: Emulator, account: Account
) -> None:
    sub = twilio.invoke("create-sub-account", {"friendlyName": "Child"})["sid"]
    emu.seed(
        {
            "messages": [
                {"account_sid": sub, "to": "+14155550100", "date_created": "2024-01-01T00:00:00Z"}
            ]
        }
    )
    assert usage(twilio, "sms")["count"] == "1"
    assert usage(twilio, "sms", includeSubaccounts=False)["count"] == "0"


@covers(
    "create-usage-trigger",
    "get-usage-trigger",
    "get-usage-triggers",
    "update-usage-trigger",
    "delete-usage-trigger",
)
def test_usage_trigger_fires_when_crossed(
    twilio: Connector, clock: ManualClock, webhooks: WebhookApp
) -> None:
    hook = webhooks.serve("/usage")
    made = twilio.invoke(
        "create-usage-trigger",
        {
            "callbackUrl": webhooks.url + "/nowhere",
            "triggerValue": "+2",
            "usageCategory": "sms",
            "triggerBy": "count",
            "recurring": "daily",
        },
    )
    assert (made["trigger_value"], made["current_value"], made["date_fired"]) == ("2", "0", None)
    updated = twilio.invoke(
        "update-usage-trigger", {"triggerSid": made["sid"], "callbackUrl": hook}
    )
    assert updated["callback_url"] == hook
    send = {"from": "+15005550006", "to": "+14155550100", "body": "hi"}
    twilio.invoke("send-sms-message", send)
    clock.advance(3)
    assert twilio.invoke("get-usage-trigger", {"triggerSid": made["sid"]})["date_fired"] is None
    twilio.invoke("send-sms-message", send)
    clock.advance(3)
    fired = twilio.invoke("get-usage-trigger", {"triggerSid": made["sid"]})
    assert (fired["current_value"], fired["date_fired"] is not None) == ("2", True)
    (request,) = webhooks.wait_for("/usage", 1)
    assert webhooks.is_signed(request)
    form = dict(request.form)
    assert (form["UsageTriggerSid"], form["CurrentValue"], form["TriggerBy"]) == (
        made["sid"],
        "2",
        "count",
    )
    assert [t["sid"] for t in twilio.invoke("get-usage-triggers", {"recurring": "daily"})] == [
        made["sid"]
    ]
    assert list(twilio.invoke("get-usage-triggers", {"usageCategory": "calls"})) == []
    twilio.invoke("delete-usage-trigger", {"triggerSid": made["sid"]})
    not_found(twilio, "get-usage-trigger", {"triggerSid": made["sid"]})


@covers("get-short-codes", "get-short-code", "update-short-code")
def test_short_codes(twilio: Connector, emu: Emulator) -> None:
    made = emu.seed({"short_codes": [{"short_code": "89461"}, {"short_code": "12345"}]})
    first = made["short_codes"][0]
    found = twilio.invoke("get-short-codes", {"shortCode": "8946*"})
    assert [c["sid"] for c in found] == [first]
    changed = twilio.invoke(
        "update-short-code",
        {"shortCodeSid": first, "smsUrl": "https://example.com/sms", "friendlyName": "Promo"},
    )
    assert (changed["sms_url"], changed["friendly_name"]) == ("https://example.com/sms", "Promo")
    fetched = twilio.invoke("get-short-code", {"shortCodeSid": first})
    assert (fetched["short_code"], fetched["sms_url"]) == ("89461", "https://example.com/sms")


@covers(
    "get-connect-apps",
    "get-connect-app",
    "update-connect-app",
    "get-authorized-connect-apps",
    "get-authorized-connect-app",
)
def test_connect_apps(twilio: Connector, emu: Emulator) -> None:
    (app,) = emu.seed({"connect_apps": [{"friendly_name": "Reports", "permissions": ["get-all"]}]})[
        "connect_apps"
    ]
    emu.seed({"authorized_connect_apps": [{"connect_app_sid": app, "permissions": ["get-all"]}]})
    assert [a["sid"] for a in twilio.invoke("get-connect-apps", {})] == [app]
    changed = twilio.invoke(
        "update-connect-app",
        {"connectAppSid": app, "friendlyName": "Reporter", "permissions": "get-all, post-all"},
    )
    assert changed["permissions"] == ["get-all", "post-all"]
    assert twilio.invoke("get-connect-app", {"connectAppSid": app})["friendly_name"] == "Reporter"
    (authorized,) = twilio.invoke("get-authorized-connect-apps", {})
    assert (authorized["connect_app_sid"], authorized["permissions"]) == (app, ["get-all"])
    one = twilio.invoke("get-authorized-connect-app", {"connectAppSid": app})
    assert one["connect_app_friendly_name"] == "Reporter"


@covers("create-api-key", "get-api-keys", "get-api-key", "update-api-key", "delete-api-key")
def test_api_keys(
    twilio: Connector, emu: Emulator, account: Account, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    made = twilio.invoke("create-api-key", {"friendlyName": "ci"})
    secret = made["secret"]
    assert secret
    assert secret not in caplog.text
    config = {"accountSid": account.sid, "apiKey": made["sid"], "apiSecret": secret}
    with RecordingConnector({**config, "baseUrl": emu.url}) as keyed:
        assert keyed.invoke("get-account-details", {})["sid"] == account.sid
        listed = list(twilio.invoke("get-api-keys", {}))
        assert [k["sid"] for k in listed] == [made["sid"]]
        assert all("secret" not in k for k in listed)
        twilio.invoke("update-api-key", {"keySid": made["sid"], "friendlyName": "deploy"})
        fetched = twilio.invoke("get-api-key", {"keySid": made["sid"]})
        assert fetched["friendly_name"] == "deploy"
        assert "secret" not in fetched
        twilio.invoke("delete-api-key", {"keySid": made["sid"]})
        with pytest.raises(UnauthorizedError) as caught:
            keyed.invoke("get-account-details", {})
        assert secret not in str(caught.value)
    not_found(twilio, "get-api-key", {"keySid": made["sid"]})
    assert secret not in caplog.text
