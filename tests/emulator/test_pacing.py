"""Twilio's limits on bulk sending in the emulator: each sender's queue at its rate, the account's
cap on concurrent requests (429, 20429), and the admin listing of when messages were accepted."""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from emulator import Emulator
from emulator.clock import ManualClock
from tests.support.emulator_api import Api, assert_twilio_error

ROOT = Path(__file__).resolve().parents[2]


def senders(emulator: Emulator) -> dict[str, object]:
    answer: dict[str, object] = requests.get(f"{emulator.url}/_emulator/senders", timeout=10).json()
    return answer


def test_every_accepted_message_is_listed_by_sender_with_when_it_was_accepted(
    emu: Emulator, api: Api
) -> None:
    before = time.time()
    first, second = api.send(to="+14155550100")["sid"], api.send(to="+14155550101")["sid"]
    refused = api.post("/Messages.json", From="+15005550006", To="+15005550001", Body="x")
    assert refused.status_code == 400
    listing = senders(emu)
    assert listing["senderMps"] is None
    assert listing["maxConcurrentRequests"] is None
    accepted = listing["senders"]["+15005550006"]  # type: ignore[index]
    assert [m["sid"] for m in accepted] == [first, second]
    for message in accepted:
        assert before <= message["accepted"] <= time.time()
        # no rate: it leaves at once, on the emulator's clock
        assert message["sendAt"] == pytest.approx(emu.clock.now().timestamp(), abs=1)


def test_a_senders_messages_above_its_rate_are_queued_at_the_rate() -> None:
    with Emulator(sender_mps=2) as emulator:
        account = emulator.create_account()
        api = Api(emulator.url, account.sid, account.auth_token)
        for number in range(4):
            assert api.send(to=f"+1415555010{number}")["status"] == "queued"
        accepted = senders(emulator)["senders"]["+15005550006"]  # type: ignore[index]
    send_at = [m["sendAt"] for m in accepted]
    gaps = [later - earlier for earlier, later in itertools.pairwise(send_at)]
    assert gaps == pytest.approx([0.5, 0.5, 0.5])
    assert send_at[0] == pytest.approx(accepted[0]["accepted"], abs=1)


def test_a_queued_messages_statuses_start_when_it_leaves_its_senders_queue() -> None:
    """At 1 message per second, three sent at once leave the queue a second apart, and each one's
    life cycle (queued, sending after 1 s, sent after 2 s, delivered after 3 s) starts then."""
    clock = ManualClock()
    with Emulator(sender_mps=1, clock=clock) as emulator:
        account = emulator.create_account()
        api = Api(emulator.url, account.sid, account.auth_token)
        sids = [api.send(to=f"+1415555010{number}")["sid"] for number in range(3)]
        clock.advance(0.5)
        assert [api.get(f"/Messages/{sid}.json").json()["status"] for sid in sids] == [
            "queued",
            "queued",
            "queued",
        ]
        clock.advance(2)  # 2.5 s: 2.5, 1.5 and 0.5 s since each left the queue
        statuses = [api.get(f"/Messages/{sid}.json").json()["status"] for sid in sids]
        assert statuses == ["sent", "sending", "queued"]
        clock.advance(3)
        statuses = [api.get(f"/Messages/{sid}.json").json()["status"] for sid in sids]
        assert statuses == ["delivered", "delivered", "delivered"]
        listing = senders(emulator)["senders"]["+15005550006"]  # type: ignore[index]
    leaving = [m["sendAt"] for m in listing]
    assert [later - earlier for earlier, later in itertools.pairwise(leaving)] == [1, 1]


def test_requests_beyond_the_accounts_cap_get_429_with_code_20429() -> None:
    with Emulator(max_concurrent_requests=1) as emulator:
        account = emulator.create_account()
        api = Api(emulator.url, account.sid, account.auth_token)
        fault = {"delay": 1.0, "method": "GET", "path": "/Accounts/"}
        requests.post(f"{emulator.url}/_emulator/faults", json=fault, timeout=10)
        slow = threading.Thread(target=api.get, args=(".json",))
        slow.start()
        time.sleep(0.3)
        refused = api.post("/Messages.json", From="+15005550006", To="+14155550100", Body="x")
        slow.join()
        after = api.post("/Messages.json", From="+15005550006", To="+14155550100", Body="x")
    assert_twilio_error(refused, 429, 20429)
    assert refused.headers["Retry-After"] == "1"
    assert after.status_code == 201
    assert emulator.app.pacing.refused == 1


def test_the_command_line_takes_the_limits_and_refuses_nonsense() -> None:
    bad = subprocess.run(
        [sys.executable, "-m", "emulator", "--port", "0", "--sender-mps", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert bad.returncode == 2
    assert "sender_mps must be more than 0" in bad.stderr
