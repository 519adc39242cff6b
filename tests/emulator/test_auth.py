"""Basic auth as at Twilio: account SID + auth token, or API key + secret; a parent account's
credentials act on its subaccounts, never the other way round."""

from __future__ import annotations

import requests

from emulator import Account, Emulator
from tests.support.emulator_api import Api, assert_twilio_error


def _subaccount(api: Api, name: str = "Sub") -> dict[str, str]:
    response = api.post(f"{api.url}/2010-04-01/Accounts.json", FriendlyName=name)
    assert response.status_code == 201
    sub: dict[str, str] = response.json()
    return sub


def test_missing_credentials_get_401_with_a_basic_challenge(api: Api) -> None:
    response = requests.get(api.base + "/Messages.json", timeout=10)
    assert_twilio_error(response, 401, 20003)
    assert response.headers["WWW-Authenticate"] == 'Basic realm="Twilio API"'


def test_wrong_token_unknown_account_and_bearer_get_401(emu: Emulator, account: Account) -> None:
    url = f"{emu.url}/2010-04-01/Accounts/{account.sid}/Messages.json"
    wrong = requests.get(url, auth=(account.sid, "0" * 32), timeout=10)
    assert_twilio_error(wrong, 401, 20003)
    stranger = requests.get(url, auth=("AC" + "1" * 32, account.auth_token), timeout=10)
    assert_twilio_error(stranger, 401, 20003)
    bearer = requests.get(url, headers={"Authorization": "Bearer abc"}, timeout=10)
    assert_twilio_error(bearer, 401, 20003)


def test_api_key_acts_as_its_account(emu: Emulator, account: Account, api: Api) -> None:
    key, secret = emu.create_api_key(account.sid)
    assert key.startswith("SK")
    assert len(key) == 34
    keyed = Api(emu.url, key, secret, account_sid=account.sid)
    sent = keyed.send(body="by key")
    assert sent["account_sid"] == account.sid
    assert api.get(f"/Messages/{sent['sid']}.json").json()["body"] == "by key"
    wrong = Api(emu.url, key, "x" * 32, account_sid=account.sid)
    assert_twilio_error(wrong.get("/Messages.json"), 401, 20003)


def test_parent_credentials_act_on_a_subaccount(emu: Emulator, api: Api, account: Account) -> None:
    sub = _subaccount(api)
    as_parent = Api(emu.url, account.sid, account.auth_token, account_sid=sub["sid"])
    sent = as_parent.send(body="for the sub")
    assert sent["account_sid"] == sub["sid"]
    as_sub = Api(emu.url, sub["sid"], sub["auth_token"])
    assert [m["sid"] for m in as_sub.get("/Messages.json").json()["messages"]] == [sent["sid"]]
    assert api.get("/Messages.json").json()["messages"] == []


def test_parent_api_key_acts_on_a_subaccount(emu: Emulator, api: Api, account: Account) -> None:
    sub = _subaccount(api)
    key, secret = emu.create_api_key(account.sid)
    assert Api(emu.url, key, secret, account_sid=sub["sid"]).get("/Calls.json").status_code == 200


def test_subaccount_cannot_act_on_its_parent_or_a_sibling(
    emu: Emulator, api: Api, account: Account
) -> None:
    sub, sibling = _subaccount(api, "A"), _subaccount(api, "B")
    on_parent = Api(emu.url, sub["sid"], sub["auth_token"], account_sid=account.sid)
    assert_twilio_error(on_parent.get("/Messages.json"), 401, 20003)
    assert_twilio_error(
        on_parent.post("/Messages.json", From="+15005550006", To="+14155550100", Body="x"),
        401,
        20003,
    )
    fetch_parent = on_parent.get(f"{emu.url}/2010-04-01/Accounts/{account.sid}.json")
    assert_twilio_error(fetch_parent, 401, 20003)
    on_sibling = Api(emu.url, sub["sid"], sub["auth_token"], account_sid=sibling["sid"])
    assert_twilio_error(on_sibling.get("/Calls.json"), 401, 20003)
    key, secret = emu.create_api_key(sub["sid"])
    assert_twilio_error(
        Api(emu.url, key, secret, account_sid=account.sid).get("/Calls.json"), 401, 20003
    )


def test_account_list_is_the_caller_and_its_subaccounts(
    emu: Emulator, api: Api, account: Account
) -> None:
    sub = _subaccount(api)
    other = emu.create_account()
    listed = {a["sid"] for a in api.get(f"{emu.url}/2010-04-01/Accounts.json").json()["accounts"]}
    assert listed == {account.sid, sub["sid"]}
    as_sub = Api(emu.url, sub["sid"], sub["auth_token"])
    assert [
        a["sid"] for a in as_sub.get(f"{emu.url}/2010-04-01/Accounts.json").json()["accounts"]
    ] == [sub["sid"]]
    assert other.sid not in listed


def test_closed_or_suspended_accounts_cannot_act(emu: Emulator, api: Api, account: Account) -> None:
    sub = _subaccount(api)
    account_url = f"{emu.url}/2010-04-01/Accounts/{sub['sid']}.json"
    assert api.post(account_url, Status="suspended").json()["status"] == "suspended"
    as_sub = Api(emu.url, sub["sid"], sub["auth_token"])
    assert_twilio_error(as_sub.get("/Messages.json"), 401, 20003)
    as_parent = Api(emu.url, account.sid, account.auth_token, account_sid=sub["sid"])
    assert as_parent.get("/Messages.json").status_code == 200
    refused = as_parent.post("/Messages.json", From="+15005550006", To="+14155550100", Body="x")
    assert_twilio_error(refused, 403, 20005)
    assert api.post(account_url, Status="active").json()["status"] == "active"
    assert as_sub.send()["account_sid"] == sub["sid"]


def test_unknown_account_in_the_url_is_404(api: Api, emu: Emulator, account: Account) -> None:
    missing = Api(emu.url, account.sid, account.auth_token, account_sid="AC" + "0" * 32)
    assert_twilio_error(missing.get("/Messages.json"), 404, 20404)
