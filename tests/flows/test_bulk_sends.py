"""Bulk sends with real parts: the idempotency ledger across a killed process, under faults that
leave outcomes unknown, and the rate limits as the emulator saw them.

The emulator runs in this process on a loopback port with the wall clock; the flows run either
in this process (``run_file``) or as a real ``twilio-connector run`` subprocess.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from connector import SendReport
from emulator import Account, Emulator
from flows import CompositeRoutingError, run_file
from tests.support.faulty_proxy import FAULTS, FaultyProxy

ROOT = Path(__file__).resolve().parents[2]
SENDERS = ("+14155550001", "+14155550002", "+14155550003", "+14155550004", "+14155550005")

BULK = """\
configs:
  main:
    accountSid: ${env:TWILIO_ACCOUNT_SID}
    authToken: ${env:TWILIO_AUTH_TOKEN}
flows:
  main:
    - parallel-foreach:
        collection: "#[payload]"
        maxConcurrency: %(concurrency)d
        %(limits)s
        do:
          - twilio:send-sms-message:
              from: "#[payload.from]"
              to: "#[payload.to]"
              body: "bulk #[payload.n]"
              onOutcomeUnknown: reconcile
          - set-payload: {value: "#[payload.sid]"}
"""


def bulk_flow(path: Path, *, concurrency: int = 8, limits: str = "") -> Path:
    """A flow file that sends one message per item of its payload."""
    path.write_text(BULK % {"concurrency": concurrency, "limits": limits}, encoding="utf-8")
    return path


def items(count: int, senders: tuple[str, ...] = ("+15005550006",)) -> list[dict[str, Any]]:
    """Items with a distinct recipient and body each, spread over the senders."""
    return [
        {"n": n, "from": senders[n % len(senders)], "to": f"+1415666{n:04d}"} for n in range(count)
    ]


@pytest.fixture
def live() -> Iterator[tuple[Emulator, Account]]:
    """An emulator on the wall clock that owns the senders."""
    with Emulator() as emulator:
        account = emulator.create_account()
        emulator.seed({"incoming_phone_numbers": [{"phone_number": n} for n in SENDERS]})
        yield emulator, account


def config(url: str, account: Account, **extra: Any) -> dict[str, Any]:
    """A config for the account at ``url``."""
    return {"accountSid": account.sid, "authToken": account.auth_token, "baseUrl": url} | extra


def accepted(emulator: Emulator) -> dict[str, list[dict[str, Any]]]:
    """Per sender, the messages the emulator accepted (its admin endpoint)."""
    import requests  # noqa: PLC0415 - only these tests read the admin endpoint

    answer = requests.get(f"{emulator.url}/_emulator/senders", timeout=10).json()
    senders: dict[str, list[dict[str, Any]]] = answer["senders"]
    return senders


def bodies(emulator: Emulator, account: Account) -> Counter[str]:
    """How many messages the emulator holds with each body."""
    from connector import Connector  # noqa: PLC0415

    with Connector(config(emulator.url, account)) as twilio:
        return Counter(m["body"] for m in twilio.invoke("get-all-sms-messages", {"pageSize": 1000}))


SUMMARY = re.compile(
    r"sends: (?P<sent>\d+) sent, (?P<skipped>\d+) skipped \(already done\), "
    r"(?P<reconciled>\d+) reconciled, (?P<unknown>\d+) unknown"
)


def test_a_run_killed_midway_and_run_again_with_its_id_sends_every_message_once(
    live: tuple[Emulator, Account], tmp_path: Path
) -> None:
    emulator, account = live
    count = 2000
    flow = bulk_flow(tmp_path / "bulk.yaml", concurrency=8)
    (tmp_path / "items.json").write_text(json.dumps(items(count)), encoding="utf-8")
    env = os.environ | {
        "TWILIO_ACCOUNT_SID": account.sid,
        "TWILIO_AUTH_TOKEN": account.auth_token,
        "PYTHONPATH": str(ROOT),
    }
    command = [
        sys.executable,
        "-m",
        "flows.cli",
        "run",
        str(flow),
        "--payload",
        f"@{tmp_path / 'items.json'}",
        "--base-url",
        emulator.url,
        "--run-id",
        "campaign-1",
        "--settle",
        "0.5",
    ]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while sum(map(len, accepted(emulator).values())) < count // 3:
        assert first.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    time.sleep(0.2)  # requests the emulator had read when the client died are answered
    sent_before = sum(map(len, accepted(emulator).values()))
    assert count // 3 <= sent_before < count

    second = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=False
    )

    assert second.returncode == 0, second.stderr
    sids = json.loads(second.stdout)
    held = bodies(emulator, account)
    assert sum(held.values()) == count
    assert held == Counter(f"bulk {n}" for n in range(count))
    assert len(set(sids)) == count
    summary = SUMMARY.search(second.stderr)
    assert summary is not None, second.stderr
    done = {name: int(value) for name, value in summary.groupdict().items()}
    assert done["unknown"] == 0
    assert done["skipped"] > 0
    # Each message the killed run made is skipped (its answer recorded) or, when the run died
    # before recording it, found at Twilio (reconciled); the rest are sent now.
    assert done["skipped"] + done["reconciled"] == sent_before
    assert done["sent"] == count - sent_before


def test_under_resets_and_5xx_no_message_goes_twice_and_each_unknown_is_resolved_or_reported(
    live: tuple[Emulator, Account], tmp_path: Path
) -> None:
    emulator, account = live
    count = 200
    flow = bulk_flow(tmp_path / "bulk.yaml", concurrency=8)
    sends = SendReport()
    with FaultyProxy(emulator.url, p=0.05, seed=12) as proxy:
        retry = {"maxAttempts": 2, "initialDelay": 0.01, "maxDelay": 0.05}
        configs = {"main": config(proxy.url, account, retry=retry)}
        try:
            results = run_file(
                flow,
                payload=items(count),
                configs=configs,
                run_id="faults",
                sends=sends,
                settle=0.3,
            )
            failed: dict[int, Any] = {}
        except CompositeRoutingError as error:
            results = error.results
            failed = dict(error.failures)
    assert all(proxy.done[fault] for fault in FAULTS), proxy.done
    held = bodies(emulator, account)
    assert max(held.values()) == 1, "a message was sent twice"
    assert set(held) <= {f"bulk {n}" for n in range(count)}
    reported = {item_of(unresolved.key) for unresolved in sends.unknown}
    assert set(failed) == reported
    for index in range(count):
        if index in failed:
            assert failed[index].outcome_unknown
        else:
            assert held[f"bulk {index}"] == 1
            assert results[index].startswith("SM")
    # The sends whose answer was lost after the emulator made the message are found.
    assert sends.reconciled >= 1
    assert sends.sent + sends.reconciled + len(sends.unknown) == count


def item_of(key: str) -> int:
    """The item (from 0) a key of ``run --run-id`` was given for: its last position."""
    return int(key.rsplit("/", 1)[-1]) - 1


def windows_over(times: list[float], per_second: float) -> int:
    """How many one-second windows (each starting at a send) hold more than ``per_second``."""
    times = sorted(times)
    over = 0
    for start, first in enumerate(times):
        inside = sum(1 for t in times[start:] if t < first + 1.0)
        over += inside > per_second
    return over


def test_no_sender_goes_above_its_rate_in_any_one_second_window(
    live: tuple[Emulator, Account], tmp_path: Path
) -> None:
    emulator, account = live
    per_second, count = 20, 200
    limits = f'rateLimit: {{key: "#[payload.from]", perSecond: {per_second}, burst: 1}}'
    flow = bulk_flow(tmp_path / "bulk.yaml", concurrency=16, limits=limits)
    started = time.monotonic()
    run_file(flow, payload=items(count, SENDERS), configs={"main": config(emulator.url, account)})
    took = time.monotonic() - started
    senders = accepted(emulator)
    assert sorted(senders) == sorted(SENDERS)
    for sender, messages in senders.items():
        assert len(messages) == count // len(SENDERS)
        assert windows_over([m["accepted"] for m in messages], per_second) == 0, sender
    # 40 per sender at 20 per second, one at a time: the last goes out 1.95 s after the first.
    assert took >= (count / len(SENDERS) - 1) / per_second


def test_without_a_limit_the_same_sends_do_go_above_the_rate(
    live: tuple[Emulator, Account], tmp_path: Path
) -> None:
    """The check above can fail: unlimited, the emulator sees bursts above 20 per second."""
    emulator, account = live
    flow = bulk_flow(tmp_path / "bulk.yaml", concurrency=16)
    run_file(flow, payload=items(200, SENDERS[:1]), configs={"main": config(emulator.url, account)})
    times = [m["accepted"] for m in accepted(emulator)[SENDERS[0]]]
    assert windows_over(times, 20) > 0


def test_429s_above_the_accounts_cap_slow_the_loop_down_instead_of_failing_items(
    tmp_path: Path,
) -> None:
    with Emulator(max_concurrent_requests=2) as emulator:
        account = emulator.create_account()
        limits = "rateLimit: {perSecond: 200, burst: 8}"
        flow = bulk_flow(tmp_path / "bulk.yaml", concurrency=8, limits=limits)
        retry = {"maxAttempts": 2, "initialDelay": 0.01, "maxDelay": 0.02, "maxRetryAfter": 1}
        sids = run_file(
            flow,
            payload=items(60),
            configs={"main": config(emulator.url, account, retry=retry)},
        )
        assert emulator.app.pacing.refused > 0, "the emulator refused some requests with 429"
        assert len(set(sids)) == 60
        assert sum(bodies(emulator, account).values()) == 60


def test_a_cap_on_requests_in_flight_keeps_under_the_accounts_cap(tmp_path: Path) -> None:
    with Emulator(max_concurrent_requests=2) as emulator:
        account = emulator.create_account()
        flow = bulk_flow(tmp_path / "bulk.yaml", concurrency=8, limits="maxConcurrentRequests: 2")
        sids = run_file(flow, payload=items(40), configs={"main": config(emulator.url, account)})
        assert len(set(sids)) == 40
        assert emulator.app.pacing.refused == 0
