"""Bulk sends on Celery workers with real parts: redis-server on a loopback port, two
``twilio-connector worker`` processes, a ``twilio-connector run --executor celery`` and the
emulator (in this process, on loopback, wall clock) as Twilio. One worker is killed with
SIGKILL midway: its items are redelivered (or sent again by the run) and the Redis ledger
decides what they send; the rate per sender and the cap on requests in flight hold across the
workers."""

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
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from connector import Connector, SendReport
from emulator import Account, Emulator
from flows import CompositeRoutingError, run_file
from flows.errors import DistributedError

ROOT = Path(__file__).resolve().parents[2]
SENDERS = ("+14155550001", "+14155550002", "+14155550003", "+14155550004", "+14155550005")
PER_SECOND = 20
#: The account's cap on requests in flight, at the emulator and in the flow.
CAP = 6

FLOW = """\
configs:
  main:
    accountSid: ${env:TWILIO_ACCOUNT_SID}
    authToken: ${env:TWILIO_AUTH_TOKEN}
flows:
  main:
    - parallel-foreach:
        collection: "#[payload]"
        maxConcurrency: 32
        executor: celery
        rateLimit: {key: "#[payload.from]", perSecond: %(rate)d, burst: 1}
        maxConcurrentRequests: %(cap)d
        do:
          - twilio:send-sms-message:
              from: "#[payload.from]"
              to: "#[payload.to]"
              body: "bulk #[payload.n]"
              onOutcomeUnknown: reconcile
          - set-payload: {value: "#[payload.sid]"}
"""
SUMMARY = re.compile(
    r"sends: (?P<sent>\d+) sent, (?P<skipped>\d+) skipped \(already done\), "
    r"(?P<reconciled>\d+) reconciled, (?P<unknown>\d+) unknown"
)


@pytest.fixture
def live() -> Iterator[tuple[Emulator, Account]]:
    """An emulator on the wall clock that owns the senders and refuses requests above CAP."""
    with Emulator(max_concurrent_requests=CAP) as emulator:
        account = emulator.create_account()
        emulator.seed({"incoming_phone_numbers": [{"phone_number": n} for n in SENDERS]})
        yield emulator, account


def accepted(emulator: Emulator) -> dict[str, list[dict[str, Any]]]:
    """Per sender, the messages the emulator accepted (its admin endpoint)."""
    senders: dict[str, list[dict[str, Any]]] = requests.get(
        f"{emulator.url}/_emulator/senders", timeout=10
    ).json()["senders"]
    return senders


def windows_over(times: list[float], per_second: float) -> int:
    """How many one-second windows (each starting at a send) hold more than ``per_second``."""
    times = sorted(times)
    return sum(
        sum(1 for t in times[start:] if t < first + 1.0) > per_second
        for start, first in enumerate(times)
    )


def bodies(emulator: Emulator, account: Account) -> Counter[str]:
    """How many messages the emulator holds with each body."""
    config = {"accountSid": account.sid, "authToken": account.auth_token, "baseUrl": emulator.url}
    with Connector(config) as twilio:
        return Counter(m["body"] for m in twilio.invoke("get-all-sms-messages", {"pageSize": 1000}))


def worker(flow: Path, broker: str, base_url: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """A ``twilio-connector worker`` process."""
    command = [
        sys.executable, "-m", "flows.cli", "worker", str(flow), "--broker", broker,
        "--base-url", base_url, "--concurrency", "8", "--redeliver-after", "3",
    ]  # fmt: skip
    return subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def test_two_workers_one_killed_midway_send_every_message_once_within_the_limits(
    live: tuple[Emulator, Account], redis_url: str, tmp_path: Path
) -> None:
    emulator, account = live
    count = 2000
    flow = tmp_path / "bulk.yaml"
    flow.write_text(FLOW % {"rate": PER_SECOND, "cap": CAP}, encoding="utf-8")
    payload = [
        {"n": n, "from": SENDERS[n % len(SENDERS)], "to": f"+1415666{n:04d}"} for n in range(count)
    ]
    (tmp_path / "items.json").write_text(json.dumps(payload), encoding="utf-8")
    env = os.environ | {
        "TWILIO_ACCOUNT_SID": account.sid,
        "TWILIO_AUTH_TOKEN": account.auth_token,
        "PYTHONPATH": str(ROOT),
    }
    workers = [worker(flow, redis_url, emulator.url, env) for _ in range(2)]
    try:
        command = [
            sys.executable, "-m", "flows.cli", "run", str(flow), "--payload",
            f"@{tmp_path / 'items.json'}", "--executor", "celery", "--broker", redis_url,
            "--run-id", "campaign-7", "--settle", "0.5", "--redeliver-after", "3",
        ]  # fmt: skip
        run = subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while sum(map(len, accepted(emulator).values())) < count // 3:
            assert run.poll() is None, run.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        workers[0].send_signal(signal.SIGKILL)
        assert workers[0].wait(10) == -signal.SIGKILL
        out, err = run.communicate(timeout=180)
    finally:
        for process in workers:
            if process.poll() is None:
                process.terminate()
        for process in workers:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
    assert run.returncode == 0, err
    sids = json.loads(out)
    assert len(set(sids)) == count
    held = bodies(emulator, account)
    assert held == Counter(f"bulk {n}" for n in range(count)), "a message missing or sent twice"
    senders = accepted(emulator)
    assert sorted(senders) == sorted(SENDERS)
    for sender, messages in senders.items():
        assert len(messages) == count // len(SENDERS)
        assert windows_over([m["accepted"] for m in messages], PER_SECOND) == 0, sender
    # 16 threads on two workers, CAP requests in flight across them: the emulator refused none.
    assert emulator.app.pacing.refused == 0
    summary = SUMMARY.search(err)
    assert summary is not None, err
    done = {name: int(value) for name, value in summary.groupdict().items()}
    assert done["unknown"] == 0
    assert done["sent"] + done["skipped"] + done["reconciled"] == count


@pytest.fixture
def emulated() -> Iterator[tuple[Emulator, Account]]:
    with Emulator() as emulator:
        yield emulator, emulator.create_account()


@contextmanager
def serving(
    flow: Path | None, broker: str, emulator: Emulator, account: Account
) -> Iterator[subprocess.Popen[str]]:
    """One worker (of ``flow``, or of operations only), terminated after."""
    env = os.environ | {
        "TWILIO_ACCOUNT_SID": account.sid,
        "TWILIO_AUTH_TOKEN": account.auth_token,
        "PYTHONPATH": str(ROOT),
    }
    command = [
        sys.executable, "-m", "flows.cli", "worker", *([str(flow)] if flow else []),
        "--broker", broker, "--base-url", emulator.url, "--concurrency", "4",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        yield process
    finally:
        process.terminate()
        process.wait(20)


MIXED = """\
configs:
  main:
    accountSid: ${env:TWILIO_ACCOUNT_SID}
    authToken: ${env:TWILIO_AUTH_TOKEN}
flows:
  main:
    - parallel-foreach:
        collection: "#[payload]"
        executor: celery
        do:
          - twilio:send-sms-message: {from: "+15005550006", to: "#[payload]", body: "hi"}
          - set-payload: {value: "#[payload.to]"}
"""


def test_items_on_workers_come_back_in_order_and_failures_as_composite_routing(
    emulated: tuple[Emulator, Account], redis_url: str, tmp_path: Path
) -> None:
    emulator, account = emulated
    flow = tmp_path / "mixed.yaml"
    flow.write_text(MIXED, encoding="utf-8")
    numbers = [f"+1415555{n:04d}" for n in range(12)]
    numbers[3] = numbers[8] = "not a number"
    config = {"accountSid": account.sid, "authToken": account.auth_token, "baseUrl": emulator.url}
    sends = SendReport()
    with (
        serving(flow, redis_url, emulator, account),
        pytest.raises(CompositeRoutingError) as raised,
    ):
        run_file(
            flow, payload=numbers, configs={"main": config}, executor="celery", broker=redis_url,
            sends=sends,
        )  # fmt: skip
    error = raised.value
    assert error.type == "FLOW:COMPOSITE_ROUTING"
    assert [index for index, _ in error.failures] == [3, 8]
    assert [(f.type, f.status) for _, f in error.failures] == [("TWILIO:BAD_REQUEST", 400)] * 2
    assert [r for i, r in enumerate(error.results) if i not in (3, 8)] == [
        n for i, n in enumerate(numbers) if i not in (3, 8)
    ]
    # Without --run-id a run on Celery has keys of its own: the workers' counts come back.
    assert sends.sent == 10
    assert sum(bodies(emulator, account).values()) == 10


def test_a_run_on_celery_needs_a_broker_and_a_ledger_the_workers_share(tmp_path: Path) -> None:
    flow = tmp_path / "mixed.yaml"
    flow.write_text(MIXED, encoding="utf-8")
    config = {"accountSid": "AC" + "0" * 32, "authToken": "x"}
    with pytest.raises(DistributedError, match="needs a broker"):
        run_file(flow, payload=["+14155550100"], configs={"main": config}, broker=None)
    with pytest.raises(DistributedError, match=r"not .*sqlite3"):
        run_file(
            flow, payload=["+14155550100"], configs={"main": config},
            broker="redis://127.0.0.1:1/0", ledger=str(tmp_path / "l.sqlite3"),
        )  # fmt: skip


def test_operations_are_celery_tasks_by_name_with_the_same_ledger(
    emulated: tuple[Emulator, Account], redis_url: str
) -> None:
    from flows.distributed import INVOKE_TASK, QUEUE, make_app  # noqa: PLC0415

    emulator, account = emulated
    app = make_app(redis_url)
    config = {"accountSid": account.sid, "authToken": account.auth_token}
    params = {"from": "+15005550006", "to": "+14155550100", "body": "by task"}

    def invoke(operation: str, given: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        task = app.send_task(
            INVOKE_TASK, args=[operation, given], kwargs={"config": config, **kwargs}, queue=QUEUE
        )
        answer: dict[str, Any] = task.get(timeout=30)
        return answer

    with serving(None, redis_url, emulator, account):
        first = invoke("send-sms-message", params, idempotency_key="task-1")
        again = invoke("send-sms-message", params, idempotency_key="task-1")
        refused = invoke("send-sms-message", params | {"to": "nope"})
        listed = invoke("get-all-sms-messages", {})
    assert first["payload"]["sid"].startswith("SM")
    assert again["payload"] == first["payload"]
    assert first["attributes"]["statusCode"] == 201
    assert (refused["error"]["type"], refused["error"]["status"]) == ("TWILIO:BAD_REQUEST", 400)
    assert [m["sid"] for m in listed["payload"]] == [first["payload"]["sid"]]
