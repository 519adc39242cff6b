"""The Redis ledger: the same semantics as the SQLite one (the claims themselves are tested on
both in tests/connector/test_ledger.py), on a real redis-server, with owners killed and two
processes racing for the same keys."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from connector import Connector, IdempotencyConflictError, OutcomeUnknownError
from connector.ledger import Claim, open_ledger
from connector.redis_ledger import RedisLedger
from emulator import Account, Emulator
from tests.support.cli import run_cli

ROOT = Path(__file__).resolve().parents[2]
SMS = {"from": "+15005550006", "to": "+14155550100", "body": "once"}


@pytest.fixture
def ledger(redis_url: str) -> Iterator[RedisLedger]:
    led = RedisLedger(redis_url)
    yield led
    led.close()


def python(code: str, *args: str) -> subprocess.Popen[str]:
    """Another Python process running ``code`` with this checkout on its path."""
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_redis_url_opens_a_redis_ledger_and_a_path_a_sqlite_one(
    redis_url: str, tmp_path: Path
) -> None:
    assert isinstance(open_ledger(redis_url), RedisLedger)
    assert type(open_ledger(tmp_path / "l.sqlite3")).__name__ == "SqliteLedger"


def test_a_claim_whose_lease_ran_out_is_unknown_even_if_its_owner_lives(redis_url: str) -> None:
    now = [1000.0]
    first = RedisLedger(redis_url, lease=10, clock=lambda: now[0])
    second = RedisLedger(redis_url, lease=10, clock=lambda: now[0])
    first.claim("k", "p")
    now[0] += 9
    assert second.claim("k", "p").claim is Claim.BUSY
    now[0] += 2
    assert second.claim("k", "p").claim is Claim.UNKNOWN


def test_a_key_whose_process_was_killed_mid_request_is_unknown(
    ledger: RedisLedger, redis_url: str
) -> None:
    owner = python(
        """
        import os, signal, sys
        from connector.redis_ledger import RedisLedger
        RedisLedger(sys.argv[1]).claim("k", "p")
        os.kill(os.getpid(), signal.SIGKILL)
        """,
        redis_url,
    )
    assert owner.wait(30) == -signal.SIGKILL
    found = ledger.claim("k", "p")
    assert found.claim is Claim.UNKNOWN
    assert found.entry is not None
    assert str(owner.pid) in found.entry.owner


def test_an_owner_on_another_host_is_alive_while_its_heartbeat_is(
    ledger: RedisLedger, redis_url: str
) -> None:
    """/proc cannot tell about another machine's process: its heartbeat key does."""
    client = redis.Redis.from_url(redis_url)
    owner = "elsewhere:123:456"
    client.hset(
        "twilio-connector:ledger:k",
        mapping={
            "state": "pending",
            "fingerprint": "p",
            "owner": owner,
            "started_at": "1.0",
            "lease_until": repr(10.0**12),
        },
    )
    client.set(f"twilio-connector:owner:{owner}", "1", ex=60)
    assert ledger.claim("k", "p").claim is Claim.BUSY
    client.delete(f"twilio-connector:owner:{owner}")
    assert ledger.claim("k", "p").claim is Claim.UNKNOWN
    entry = ledger.entry("k")
    assert entry is not None
    assert entry.state == "unknown"


CLAIMER = """
    import json, sys
    from connector.ledger import Claim, Recorded
    from connector.redis_ledger import RedisLedger
    ledger = RedisLedger(sys.argv[1])
    sys.stdin.readline()  # both processes start together
    won = []
    numbers = range(int(sys.argv[2]))
    for number in numbers if sys.argv[3] == "up" else reversed(numbers):
        key = f"k{number}"
        if ledger.claim(key, "p").claim is Claim.NEW:
            won.append(key)
            ledger.complete(key, Recorded(201, "u", b"{}", sid=f"SM{number}"))
    print(json.dumps(won))
"""


def test_two_processes_sharing_the_server_claim_each_key_exactly_once(
    redis_url: str, ledger: RedisLedger
) -> None:
    count = 1000
    processes = [python(CLAIMER, redis_url, str(count), order) for order in ("up", "down")]
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    outputs = [process.communicate(timeout=60) for process in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    first, second = (set(json.loads(out)) for out, _ in outputs)
    assert not first & second
    assert first | second == {f"k{n}" for n in range(count)}
    assert [entry.state for entry in ledger.entries("k")] == ["done"] * count


@pytest.fixture
def emulated() -> Iterator[tuple[Emulator, Account]]:
    with Emulator() as emulator:
        yield emulator, emulator.create_account()


def messages(emulator: Emulator, account: Account) -> list[dict[str, object]]:
    config = {"accountSid": account.sid, "authToken": account.auth_token, "baseUrl": emulator.url}
    with Connector(config) as twilio:
        return list(twilio.invoke("get-all-sms-messages", {}))


def test_invoke_with_a_key_sends_once_and_reconciles_an_unknown_outcome(
    emulated: tuple[Emulator, Account], redis_url: str
) -> None:
    emulator, account = emulated
    config = {"accountSid": account.sid, "authToken": account.auth_token, "baseUrl": emulator.url}
    with Connector(config, ledger=redis_url) as twilio:
        first = twilio.execute("send-sms-message", SMS, idempotency_key="welcome-42")
        again = twilio.execute("send-sms-message", SMS, idempotency_key="welcome-42")
        assert again == first
        with pytest.raises(IdempotencyConflictError):
            twilio.execute(
                "send-sms-message", SMS | {"body": "other"}, idempotency_key="welcome-42"
            )
        assert (twilio.sends.sent, twilio.sends.skipped) == (1, 1)
        # The answer of a send is lost: its key is unknown, its message not indexed.
        sent = twilio.invoke("send-sms-message", SMS | {"body": "lost"}, idempotency_key="k")
        client = redis.Redis.from_url(redis_url)
        key = f"twilio-connector:ledger:{account.sid}/k"
        client.hset(key, "state", "unknown")
        client.hdel(key, "sid", "status")
        client.delete(f"twilio-connector:sid:{sent['sid']}")
        with pytest.raises(OutcomeUnknownError):
            twilio.invoke("send-sms-message", SMS | {"body": "lost"}, idempotency_key="k")
        found = twilio.execute(
            "send-sms-message",
            SMS | {"body": "lost"},
            idempotency_key="k",
            on_outcome_unknown="reconcile",
            settle=0.1,
        ).payload
        assert twilio.sends.reconciled == 1
    assert found["sid"] == sent["sid"]
    assert len(messages(emulator, account)) == 2


def test_invoke_on_the_command_line_takes_a_redis_ledger(
    emulated: tuple[Emulator, Account],
    redis_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    emulator, account = emulated
    configs = tmp_path / "configs.yaml"
    configs.write_text(
        f"configs:\n  main:\n    accountSid: {account.sid}\n    authToken: {account.auth_token}\n",
        encoding="utf-8",
    )
    argv = [
        "invoke", "send-sms-message", "-p", "from=+15005550006", "-p", "to=+14155550100",
        "-p", "body=hi", "--config", str(configs), "--base-url", emulator.url,
        "--idempotency-key", "cli-1", "--ledger", redis_url,
    ]  # fmt: skip
    code, out, _ = run_cli(capsys, *argv)
    assert code == 0
    code, again, err = run_cli(capsys, *argv)
    assert code == 0
    assert json.loads(again)["sid"] == json.loads(out)["sid"]
    assert "nothing sent" in err
    assert len(messages(emulator, account)) == 1


def test_the_environment_can_name_the_ledger_for_every_connector(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = {"accountSid": "AC" + "0" * 32, "authToken": "x"}
    monkeypatch.setenv("TWILIO_CONNECTOR_LEDGER", redis_url)
    with Connector(config) as twilio:
        assert isinstance(twilio.ledger, RedisLedger)
    monkeypatch.delenv("TWILIO_CONNECTOR_LEDGER")
    with Connector(config, ledger=":memory:") as twilio:
        assert not isinstance(twilio.ledger, RedisLedger)
