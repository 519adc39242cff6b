"""Accounts: subaccounts, renames, status changes."""

from __future__ import annotations

import pytest

from emulator import Account, Emulator
from tests.support.emulator_api import Api, assert_twilio_error


def test_creating_a_subaccount(api: Api, account: Account) -> None:
    response = api.post(f"{api.url}/2010-04-01/Accounts.json", FriendlyName="Shop")
    assert response.status_code == 201
    sub = response.json()
    assert (sub["friendly_name"], sub["owner_account_sid"], sub["status"]) == (
        "Shop",
        account.sid,
        "active",
    )
    assert sub["uri"] == f"/2010-04-01/Accounts/{sub['sid']}.json"
    assert sub["subresource_uris"]["messages"] == f"/2010-04-01/Accounts/{sub['sid']}/Messages.json"
    as_sub = Api(api.url, sub["sid"], sub["auth_token"])
    numbers = as_sub.get("/IncomingPhoneNumbers.json").json()["incoming_phone_numbers"]
    assert [n["phone_number"] for n in numbers] == ["+15005550006"]
    nested = as_sub.post(f"{api.url}/2010-04-01/Accounts.json").json()
    assert nested["owner_account_sid"] == account.sid
    assert nested["friendly_name"].startswith("SubAccount Created at 2024-01-01")


def test_fetching_and_renaming(api: Api, account: Account) -> None:
    url = f"{api.url}/2010-04-01/Accounts/{account.sid}.json"
    fetched = api.get(url).json()
    assert (fetched["sid"], fetched["friendly_name"], fetched["auth_token"]) == (
        account.sid,
        "Main",
        account.auth_token,
    )
    assert fetched["owner_account_sid"] == account.sid
    assert api.post(url, FriendlyName="Renamed").json()["friendly_name"] == "Renamed"
    assert api.get(url).json()["friendly_name"] == "Renamed"


def test_a_closed_account_stays_closed_and_loses_its_numbers(api: Api) -> None:
    sub = api.post(f"{api.url}/2010-04-01/Accounts.json").json()
    as_parent = Api(api.url, api.sid, api.session.auth[1], account_sid=sub["sid"])  # type: ignore[index]
    as_parent.post("/IncomingPhoneNumbers.json", AreaCode="415")
    url = f"{api.url}/2010-04-01/Accounts/{sub['sid']}.json"
    assert api.post(url, Status="closed").json()["status"] == "closed"
    assert as_parent.get("/IncomingPhoneNumbers.json").json()["incoming_phone_numbers"] == []
    body = assert_twilio_error(api.post(url, Status="active"), 400, 20001)
    assert "closed" in body["message"]
    assert api.get(url).json()["status"] == "closed"
    assert_twilio_error(Api(api.url, sub["sid"], sub["auth_token"]).get("/Calls.json"), 401, 20003)


def test_status_must_be_lowercase(api: Api, account: Account) -> None:
    url = f"{api.url}/2010-04-01/Accounts/{account.sid}.json"
    assert_twilio_error(api.post(url, Status="SUSPENDED"), 400, 20001)
    assert api.get(url).json()["status"] == "active"


def test_python_api_create_account_is_idempotent(emu: Emulator) -> None:
    sid, token = "AC" + "ab" * 16, "cd" * 16
    first = emu.create_account(sid, token, "Fixed")
    assert first == emu.create_account(sid, token)
    assert first.sid == sid
    assert first.auth_token == token
    with pytest.raises(ValueError, match="another auth token"):
        emu.create_account(sid, "ef" * 16)
    with pytest.raises(ValueError, match="32 hex digits"):
        emu.create_account("AC123")
