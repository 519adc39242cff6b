"""Every magic number of Twilio's test credentials (tests/data/magic_numbers.json) gives the
outcome Twilio documents for it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.emulator_api import Api, assert_twilio_error
from tests.support.reference import magic_numbers

MAGIC = magic_numbers()
ENDPOINTS = {
    "Messages": {"From": "+15005550006", "To": "+14155550100", "Body": "hi"},
    "Calls": {"From": "+15005550006", "To": "+14155550100", "Url": "https://example.com/twiml"},
    "IncomingPhoneNumbers": {},
}


def test_every_resource_with_magic_numbers_is_exercised() -> None:
    assert {row["resource"] for row in MAGIC} == set(ENDPOINTS)


@pytest.mark.parametrize(
    "row", MAGIC, ids=[f"{r['resource']}-{r['field']}-{r['value']}" for r in MAGIC]
)
def test_magic_number(api: Api, row: dict[str, Any]) -> None:
    data = {**ENDPOINTS[row["resource"]], row["field"]: row["value"]}
    response = api.post(f"/{row['resource']}.json", **data)
    if "code" in row:
        assert_twilio_error(response, row["http"], row["code"])
        return
    assert response.status_code == row["http"], response.text
    if "status" in row:
        assert response.json()["status"] == row["status"]


def test_calls_from_a_number_neither_owned_nor_verified_get_21210(api: Api) -> None:
    response = api.post(
        "/Calls.json", From="+14155550177", To="+14155550100", Url="https://example.com/t"
    )
    assert_twilio_error(response, 400, 21210)


def test_magic_numbers_apply_to_every_account(api: Api) -> None:
    sub = api.post(f"{api.url}/2010-04-01/Accounts.json").json()
    as_sub = Api(api.url, sub["sid"], sub["auth_token"])
    assert_twilio_error(
        as_sub.post("/Messages.json", From="+15005550006", To="+15005550003", Body="x"), 400, 21408
    )
    assert as_sub.send()["status"] == "queued"
