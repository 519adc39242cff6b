"""The emulator's own endpoints under /_emulator/: health, clock, seed, accounts, keys, faults."""

from __future__ import annotations

import time

import requests

from emulator import Emulator, ManualClock, SystemClock
from tests.support.emulator_api import Api, assert_twilio_error


def test_health(emu: Emulator, account: object) -> None:
    body = requests.get(f"{emu.url}/_emulator/health", timeout=10).json()
    assert body == {"status": "ok", "now": "2024-01-01T00:00:00+00:00", "accounts": 1}


def test_the_clock_can_be_advanced_over_http(emu: Emulator, api: Api, clock: ManualClock) -> None:
    sid = api.send()["sid"]
    moved = requests.post(f"{emu.url}/_emulator/clock", json={"advance": 2.5}, timeout=10)
    assert moved.json() == {"now": "2024-01-01T00:00:02.500000+00:00"}
    assert api.get(f"/Messages/{sid}.json").json()["status"] == "sent"
    assert_twilio_error(
        requests.post(f"{emu.url}/_emulator/clock", json={"advance": -1}, timeout=10), 400, 20001
    )
    assert_twilio_error(
        requests.post(f"{emu.url}/_emulator/clock", data="advance", timeout=10), 400, 20001
    )


def test_the_system_clock_moves_with_advance() -> None:
    clock = SystemClock()
    before = clock.now()
    clock.advance(3600)
    assert 3600 <= (clock.now() - before).total_seconds() < 3660


def test_seeding_over_http_answers_the_sids(emu: Emulator) -> None:
    fixtures = {
        "accounts": [{"sid": "AC" + "a" * 32, "auth_token": "t" * 32, "friendly_name": "Seeded"}],
        "api_keys": [{"sid": "SK" + "b" * 32, "secret": "s3cret"}],
        "incoming_phone_numbers": [
            {"phone_number": "+14155550111", "voice_url": "https://example.com/v"}
        ],
        "outgoing_caller_ids": [{"phone_number": "+14155550122", "friendly_name": "Desk"}],
        "applications": [{"friendly_name": "IVR"}],
        "calls": [
            {
                "from": "+15005550006",
                "to": "+14155550133",
                "duration": 42,
                "date_created": "2024-05-01T10:00:00Z",
            }
        ],
        "messages": [
            {
                "from": "+15005550006",
                "to": "+14155550144",
                "body": "old news",
                "date_created": "2024-05-01T10:00:00Z",
            }
        ],
    }
    response = requests.post(f"{emu.url}/_emulator/seed", json=fixtures, timeout=10)
    assert response.status_code == 201
    created = response.json()
    assert set(created) == set(fixtures)
    assert created["accounts"] == ["AC" + "a" * 32]
    keyed = Api(emu.url, "SK" + "b" * 32, "s3cret", account_sid="AC" + "a" * 32)
    (call,) = keyed.get("/Calls.json").json()["calls"]
    assert (call["sid"], call["status"], call["duration"]) == (
        created["calls"][0],
        "completed",
        "42",
    )
    assert call["end_time"] == "Wed, 01 May 2024 10:00:42 +0000"
    (message,) = keyed.get("/Messages.json", DateSent="2024-05-01").json()["messages"]
    assert (message["body"], message["status"]) == ("old news", "delivered")
    assert keyed.send(sender="+14155550111")["from"] == "+14155550111"
    call = keyed.post("/Calls.json", From="+14155550122", To="+14155550100", Url="https://e.com/v")
    assert call.status_code == 201, "the seeded caller id places calls"
    assert (
        keyed.get(f"/Applications/{created['applications'][0]}.json").json()["friendly_name"]
        == "IVR"
    )
    again = requests.post(
        f"{emu.url}/_emulator/seed", json={"accounts": fixtures["accounts"]}, timeout=10
    )
    assert again.json() == {"accounts": ["AC" + "a" * 32]}


def test_bad_fixtures_are_refused_with_the_reason(emu: Emulator, account: object) -> None:
    for fixtures, words in (
        ({"robots": []}, "unknown fixture kinds"),
        ({"messages": [{"to": "+14155550100", "colour": "red"}]}, "unknown fields ['colour']"),
        ({"messages": [{"body": "x"}]}, "needs a 'to'"),
        ({"calls": [{"date_created": "yesterday"}]}, "ISO 8601"),
        ({"calls": [{"account_sid": "AC" + "0" * 32}]}, "does not exist"),
        ([], "JSON object"),
    ):
        response = requests.post(f"{emu.url}/_emulator/seed", json=fixtures, timeout=10)
        body = assert_twilio_error(response, 400, 20001)
        assert words in body["message"]
    assert requests.get(f"{emu.url}/_emulator/health", timeout=10).json()["accounts"] == 1


def test_accounts_and_keys_over_http(emu: Emulator) -> None:
    made = requests.post(f"{emu.url}/_emulator/accounts", json={"friendly_name": "Dev"}, timeout=10)
    assert made.status_code == 201
    account = made.json()
    key = requests.post(
        f"{emu.url}/_emulator/keys", json={"account_sid": account["sid"]}, timeout=10
    ).json()
    assert (
        Api(emu.url, key["sid"], key["secret"], account_sid=account["sid"]).send()["account_sid"]
        == account["sid"]
    )
    same = requests.post(
        f"{emu.url}/_emulator/accounts",
        json={"sid": account["sid"], "auth_token": account["auth_token"]},
        timeout=10,
    )
    assert same.json()["sid"] == account["sid"]
    clash = requests.post(
        f"{emu.url}/_emulator/accounts", json={"sid": account["sid"], "auth_token": "x"}, timeout=10
    )
    assert_twilio_error(clash, 400, 20001)
    assert_twilio_error(
        requests.post(f"{emu.url}/_emulator/keys", json={"account_sid": "AC1"}, timeout=10),
        400,
        20001,
    )


def test_faults_answer_the_next_matching_requests(emu: Emulator, api: Api) -> None:
    queued = requests.post(
        f"{emu.url}/_emulator/faults",
        json={
            "status": 429,
            "retry_after": 2,
            "count": 2,
            "method": "POST",
            "path": "/Messages.json",
        },
        timeout=10,
    )
    assert queued.json() == {"queued": 2}
    assert api.get("/Messages.json").status_code == 200
    for _ in range(2):
        limited = api.post("/Messages.json", From="+15005550006", To="+14155550100", Body="x")
        assert_twilio_error(limited, 429, 20429)
        assert limited.headers["Retry-After"] == "2"
    assert api.get("/Messages.json").json()["messages"] == []
    assert api.send()["status"] == "queued"
    requests.post(f"{emu.url}/_emulator/faults", json={"status": 503}, timeout=10)
    assert_twilio_error(api.get("/Calls.json"), 503, 20503)
    requests.post(f"{emu.url}/_emulator/faults", json={"delay": 0.3}, timeout=10)
    started = time.monotonic()
    assert api.get("/Calls.json").status_code == 200
    assert time.monotonic() - started >= 0.3
    requests.post(f"{emu.url}/_emulator/faults", json={"status": 500, "count": 3}, timeout=10)
    assert requests.delete(f"{emu.url}/_emulator/faults", timeout=10).json() == {"cleared": 3}
    assert_twilio_error(
        requests.post(f"{emu.url}/_emulator/faults", json={"status": 404}, timeout=10), 400, 20001
    )
