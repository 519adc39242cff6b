"""List filters, exact and with `<` / `>` (on or before / on or after a date)."""

from __future__ import annotations

from typing import Any

import pytest

from emulator import Emulator, ManualClock
from tests.support.emulator_api import Api, assert_twilio_error

DAY = 86400


def _days(api: Api, clock: ManualClock, count: int) -> list[str]:
    """One delivered message on each of 2024-01-01, -02, ... (sent 2 s after midnight)."""
    sids = []
    for _ in range(count):
        sids.append(api.send()["sid"])
        clock.advance(DAY)
    return sids


def _sids(page: dict[str, Any], key: str) -> list[str]:
    return [item["sid"] for item in page[key]]


def test_date_sent_exact_before_and_after(api: Api, clock: ManualClock) -> None:
    jan1, jan2, jan3 = _days(api, clock, 3)

    def listed(**params: str) -> list[str]:
        return _sids(api.get("/Messages.json", **params).json(), "messages")

    assert listed(DateSent="2024-01-02") == [jan2]
    assert listed(**{"DateSent<": "2024-01-02"}) == [jan2, jan1]
    assert listed(**{"DateSent>": "2024-01-02"}) == [jan3, jan2]
    assert listed(**{"DateSent>": "2024-01-02", "DateSent<": "2024-01-02"}) == [jan2]
    assert listed(**{"DateSent<": "2023-12-31"}) == []
    assert listed(DateSent="2024-01-02T23:59:00Z") == [jan2]
    assert listed(**{"DateSent>": "2024-01-03T00:00:00Z"}) == [jan3]


def test_queued_messages_have_no_date_sent(api: Api) -> None:
    api.send()
    assert api.get("/Messages.json", DateSent="2024-01-01").json()["messages"] == []


@pytest.mark.parametrize("value", ["garbage", "2024-13-01", "01/02/2024", ""])
def test_malformed_dates_are_400(api: Api, value: str) -> None:
    assert_twilio_error(api.get("/Messages.json", **{"DateSent<": value}), 400, 20001)


def test_to_and_from_filters(api: Api) -> None:
    a = api.send(to="+14155550111")["sid"]
    b = api.send(to="+14155550122")["sid"]
    assert _sids(api.get("/Messages.json", To="+14155550111").json(), "messages") == [a]
    assert _sids(api.get("/Messages.json", From="+15005550006").json(), "messages") == [b, a]
    assert api.get("/Messages.json", From="+14155550111").json()["messages"] == []


def test_calls_by_status_start_and_end_time(api: Api, clock: ManualClock) -> None:
    first = api.post(
        "/Calls.json", From="+15005550006", To="+14155550100", Url="https://example.com/t"
    ).json()["sid"]
    clock.advance(DAY)
    second = api.post(
        "/Calls.json", From="+15005550006", To="+14155550101", Url="https://example.com/t"
    ).json()["sid"]
    assert _sids(api.get("/Calls.json", Status="completed").json(), "calls") == [first]
    assert _sids(api.get("/Calls.json", Status="queued").json(), "calls") == [second]
    clock.advance(10)
    assert _sids(api.get("/Calls.json", **{"StartTime>": "2024-01-02"}).json(), "calls") == [second]
    assert _sids(api.get("/Calls.json", **{"StartTime<": "2024-01-01"}).json(), "calls") == [first]
    assert _sids(api.get("/Calls.json", StartTime="2024-01-01").json(), "calls") == [first]
    assert _sids(
        api.get("/Calls.json", **{"EndTime>": "2024-01-01", "EndTime<": "2024-01-02"}).json(),
        "calls",
    ) == [second, first]
    assert_twilio_error(api.get("/Calls.json", Status="done"), 400, 20001)


def test_conferences_by_dates_status_and_name(emu: Emulator, api: Api) -> None:
    created = emu.seed(
        {
            "conferences": [
                {
                    "account_sid": api.sid,
                    "friendly_name": "Old",
                    "status": "completed",
                    "date_created": "2023-06-01T10:00:00Z",
                    "date_updated": "2023-06-01T11:00:00Z",
                },
                {
                    "account_sid": api.sid,
                    "friendly_name": "New",
                    "date_created": "2024-02-01T10:00:00Z",
                    "date_updated": "2024-02-03T10:00:00Z",
                },
            ]
        }
    )
    old, new = created["conferences"]

    def listed(**params: str) -> list[str]:
        return _sids(api.get("/Conferences.json", **params).json(), "conferences")

    assert listed() == [new, old]
    assert listed(Status="in-progress") == [new]
    assert listed(FriendlyName="Old") == [old]
    assert listed(**{"DateCreated<": "2024-01-31"}) == [old]
    assert listed(**{"DateCreated>": "2024-02-01"}) == [new]
    assert listed(DateUpdated="2024-02-03") == [new]
    assert listed(**{"DateUpdated<": "2024-02-02"}) == [old]
    assert_twilio_error(
        api.get("/Conferences.json", DateCreated="2024-02-01T10:00:00Z"), 400, 20001
    )
    assert_twilio_error(api.get("/Conferences.json", Status="running"), 400, 20001)


def test_recordings_by_call_and_date(emu: Emulator, api: Api) -> None:
    call = "CA" + "1" * 32
    created = emu.seed(
        {
            "recordings": [
                {"account_sid": api.sid, "call_sid": call, "date_created": "2024-03-01T08:00:00Z"},
                {"account_sid": api.sid, "date_created": "2024-03-05T08:00:00Z"},
            ]
        }
    )["recordings"]
    assert _sids(api.get("/Recordings.json", CallSid=call).json(), "recordings") == [created[0]]
    assert _sids(
        api.get("/Recordings.json", **{"DateCreated>": "2024-03-02"}).json(), "recordings"
    ) == [created[1]]
    assert _sids(
        api.get("/Recordings.json", **{"DateCreated<": "2024-03-01T23:00:00Z"}).json(), "recordings"
    ) == [created[0]]


def test_notifications_by_log_and_message_date(emu: Emulator, api: Api) -> None:
    error, warning = emu.seed(
        {
            "notifications": [
                {"account_sid": api.sid, "log": "0", "message_date": "2024-04-01T00:00:00Z"},
                {
                    "account_sid": api.sid,
                    "log": "1",
                    "error_code": "13227",
                    "message_date": "2024-04-02T00:00:00Z",
                },
            ]
        }
    )["notifications"]
    assert _sids(api.get("/Notifications.json", Log=1).json(), "notifications") == [warning]
    assert _sids(
        api.get("/Notifications.json", **{"MessageDate<": "2024-04-01"}).json(), "notifications"
    ) == [error]
    assert _sids(
        api.get("/Notifications.json", MessageDate="2024-04-02").json(), "notifications"
    ) == [warning]
    assert_twilio_error(api.get("/Notifications.json", Log="error"), 400, 20001)


def test_accounts_by_friendly_name_and_status(api: Api) -> None:
    accounts = f"{api.url}/2010-04-01/Accounts.json"
    sub = api.post(accounts, FriendlyName="Billing").json()
    api.post(f"{api.url}/2010-04-01/Accounts/{sub['sid']}.json", Status="suspended")
    assert _sids(api.get(accounts, FriendlyName="Billing").json(), "accounts") == [sub["sid"]]
    assert _sids(api.get(accounts, Status="suspended").json(), "accounts") == [sub["sid"]]
    assert api.get(accounts, FriendlyName="Nobody").json()["accounts"] == []
    assert_twilio_error(api.get(accounts, Status="SUSPENDED"), 400, 20001)


def test_incoming_numbers_by_partial_number_and_name(api: Api) -> None:
    bought = api.post("/IncomingPhoneNumbers.json", AreaCode="510", FriendlyName="Sales").json()
    numbers = "/IncomingPhoneNumbers.json"
    assert _sids(api.get(numbers, PhoneNumber="510").json(), "incoming_phone_numbers") == [
        bought["sid"]
    ]
    pattern = bought["phone_number"][:5] + "*" * 3 + bought["phone_number"][8:]
    assert _sids(api.get(numbers, PhoneNumber=pattern).json(), "incoming_phone_numbers") == [
        bought["sid"]
    ]
    assert _sids(api.get(numbers, FriendlyName="Sales").json(), "incoming_phone_numbers") == [
        bought["sid"]
    ]
    assert len(api.get(numbers).json()["incoming_phone_numbers"]) == 2
