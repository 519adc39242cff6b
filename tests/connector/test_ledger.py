"""The idempotency ledger: what a claim finds (on SQLite and on Redis alike), owners that die,
and two processes sharing a file.

Everything runs on real SQLite files and real processes; sends go to the emulator on loopback.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from connector import (
    Connector,
    IdempotencyConflictError,
    OutcomeUnknownError,
    ServerError,
    SqliteLedger,
)
from connector.ledger import Claim, Entry, Ledger, Recorded
from connector.redis_ledger import RedisLedger
from emulator import Account, Emulator
from tests.support.cli import run_cli

ROOT = Path(__file__).resolve().parents[2]
SMS = {"from": "+15005550006", "to": "+14155550100", "body": "once"}


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[SqliteLedger]:
    led = SqliteLedger(tmp_path / "ledger.sqlite3")
    yield led
    led.close()


@pytest.fixture(params=["sqlite", "redis"])
def any_ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    """Each kind of ledger in turn: the claims' semantics are the same on both."""
    led: Ledger
    if request.param == "redis":
        led = RedisLedger(request.getfixturevalue("redis_url"))
    else:
        led = SqliteLedger(tmp_path / "ledger.sqlite3")
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


def test_a_new_key_is_claimed_once_then_found_busy_done_or_in_conflict(
    any_ledger: Ledger,
) -> None:
    ledger = any_ledger
    assert ledger.claim("k", "print-1").claim is Claim.NEW
    assert ledger.claim("k", "print-1").claim is Claim.BUSY  # this live process holds it
    assert ledger.claim("k", "print-2").claim is Claim.CONFLICT
    answer = Recorded(201, "http://127.0.0.1/x", b'{"sid": "SM1"}', sid="SM1")
    ledger.complete("k", answer)
    found = ledger.claim("k", "print-1")
    assert found.claim is Claim.DONE
    assert found.entry is not None
    assert found.entry.recorded == answer


def test_a_released_key_is_free_again_and_an_unknown_one_stays_unknown(
    any_ledger: Ledger,
) -> None:
    ledger = any_ledger
    ledger.claim("free", "p")
    ledger.release("free")
    assert ledger.claim("free", "p").claim is Claim.NEW
    ledger.claim("maybe", "p")
    ledger.mark_unknown("maybe")
    assert ledger.claim("maybe", "p").claim is Claim.UNKNOWN
    assert ledger.claim("maybe", "p").claim is Claim.UNKNOWN
    assert ledger.reclaim("maybe")
    assert not ledger.reclaim("maybe")  # taken once only
    assert ledger.claim("maybe", "p").claim is Claim.BUSY


def test_a_resource_is_adopted_by_one_unknown_key_only(any_ledger: Ledger) -> None:
    ledger = any_ledger
    for key in ("a", "b"):
        ledger.claim(key, "same request")
        ledger.mark_unknown(key)
    found = Recorded(201, "/Messages/SM1.json", b"{}", sid="SM1")
    assert ledger.adopt("a", found)
    assert not ledger.adopt("b", found)
    assert ledger.taken(["SM1", "SM2"], "b") == {"SM1"}
    assert ledger.taken(["SM1"], "a") == set()
    entry = ledger.entry("a")
    assert entry is not None
    assert (entry.state, entry.how) == ("done", "reconciled")


def test_a_claim_whose_lease_ran_out_is_unknown_even_if_its_owner_lives(tmp_path: Path) -> None:
    now = [1000.0]
    first = SqliteLedger(tmp_path / "l.sqlite3", lease=10, clock=lambda: now[0])
    second = SqliteLedger(tmp_path / "l.sqlite3", lease=10, clock=lambda: now[0])
    first.claim("k", "p")
    now[0] += 9
    assert second.claim("k", "p").claim is Claim.BUSY
    now[0] += 2
    assert second.claim("k", "p").claim is Claim.UNKNOWN


def test_a_key_whose_process_was_killed_mid_request_is_unknown(ledger: SqliteLedger) -> None:
    owner = python(
        """
        import os, signal, sys
        from connector import SqliteLedger
        SqliteLedger(sys.argv[1]).claim("k", "p")
        os.kill(os.getpid(), signal.SIGKILL)
        """,
        ledger.path,
    )
    assert owner.wait(30) == -signal.SIGKILL
    found = ledger.claim("k", "p")
    assert found.claim is Claim.UNKNOWN
    assert found.entry is not None
    assert str(owner.pid) in found.entry.owner


ANSWERED_THEN_KILLED = """
    import os, signal, sys
    from connector import SqliteLedger
    from connector.ledger import Recorded
    ledger = SqliteLedger(sys.argv[1], record_within=float(sys.argv[2]))
    ledger.claim("k", "p")
    ledger.complete("k", Recorded(201, "u", b"{}", sid="SM1"))
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize(("record_within", "found"), [(60.0, Claim.UNKNOWN), (0.0, Claim.DONE)])
def test_an_answer_not_yet_written_when_its_process_is_killed_leaves_the_key_unknown(
    ledger: SqliteLedger, record_within: float, found: Claim
) -> None:
    """Answers wait for their flush; a process killed before it leaves the key as a process
    killed mid-request does (never sent again blindly). ``record_within=0`` writes at once."""
    owner = python(ANSWERED_THEN_KILLED, ledger.path, str(record_within))
    assert owner.wait(30) == -signal.SIGKILL
    assert ledger.claim("k", "p").claim is found


def test_an_answer_is_seen_at_once_here_and_by_other_processes_within_record_within(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shared.sqlite3"
    here = SqliteLedger(path, record_within=0.2)
    there = SqliteLedger(path)  # another connection, as another process would have
    try:
        assert here.claim("k", "p").claim is Claim.NEW
        here.complete("k", Recorded(201, "u", b"{}", sid="SM1"))
        written = there.entry("k")
        assert written is not None
        assert written.state == "pending"  # not committed yet
        assert there.claim("k", "p").claim is Claim.BUSY  # so another owner waits
        seen = here.entry("k")
        assert seen is not None
        assert seen.state == "done"  # a read here commits what waits
        assert there.claim("k", "p").claim is Claim.DONE
        assert here.claim("j", "p").claim is Claim.NEW
        here.complete("j", Recorded(201, "u", b"{}", sid="SM2"))
        deadline = time.monotonic() + 10
        while (entry := there.entry("j")) is not None and entry.state != "done":
            assert time.monotonic() < deadline, "the answer was never written"
            time.sleep(0.02)
    finally:
        here.close()
        there.close()


def test_a_claim_is_committed_alone_as_one_insert_whatever_answers_wait(tmp_path: Path) -> None:
    """A claim's commit is the cheapest write SQLite has, one ``INSERT`` in autocommit: answers
    waiting for their flush are not carried in it (that would make it a transaction of several
    statements, dearer than the claim)."""
    path = tmp_path / "shared.sqlite3"
    here = SqliteLedger(path, record_within=60)
    there = SqliteLedger(path)
    statements: list[str] = []
    try:
        assert here.claim("k", "p").claim is Claim.NEW
        here.complete("k", Recorded(201, "u", b"{}", sid="SM1"))
        here._db.set_trace_callback(statements.append)
        assert here.claim("j", "p").claim is Claim.NEW
        assert len(statements) == 1
        assert statements[0].startswith("INSERT INTO sends")
        written = there.entry("k")
        assert written is not None
        assert written.state == "pending"  # its answer still waits for the flush
        here.flush()
        written = there.entry("k")
        assert written is not None
        assert written.state == "done"
    finally:
        here.close()
        there.close()


def test_claims_made_at_once_by_threads_share_commits(
    ledger: SqliteLedger,
) -> None:
    commits: list[str] = []
    ledger._db.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    won: list[str] = []
    start = threading.Barrier(16)

    def claimer(first: int) -> None:
        start.wait()
        for number in range(first, first + 100):
            key = f"k{number}"
            if ledger.claim(key, "p").claim is Claim.NEW:
                won.append(key)
                ledger.complete(key, Recorded(201, "u", b"{}", sid=f"SM{number}"))

    threads = [threading.Thread(target=claimer, args=(n * 100,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == sorted(f"k{n}" for n in range(1600))
    assert len(commits) < 1600  # fewer commits than claims (and answers): many were shared
    assert [entry.state for entry in ledger.entries("k")] == ["done"] * 1600


CLAIMER = """
    import json, sys
    from connector import SqliteLedger
    from connector.ledger import Claim, Recorded
    ledger = SqliteLedger(sys.argv[1])
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


def test_two_processes_sharing_the_file_claim_each_key_exactly_once(tmp_path: Path) -> None:
    """Each claims every key, one from the first and one from the last: where they meet, both
    try the same keys at the same time."""
    path, count = str(tmp_path / "shared.sqlite3"), 1000
    SqliteLedger(path).close()
    processes = [python(CLAIMER, path, str(count), order) for order in ("up", "down")]
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
    ledger = SqliteLedger(path)
    assert [entry.state for entry in ledger.entries("k")] == ["done"] * count
    ledger.close()


@pytest.fixture
def emulated() -> Iterator[tuple[Emulator, Account]]:
    with Emulator() as emulator:
        yield emulator, emulator.create_account()


def messages(emulator: Emulator, account: Account) -> list[dict[str, object]]:
    config = {"accountSid": account.sid, "authToken": account.auth_token, "baseUrl": emulator.url}
    with Connector(config) as twilio:
        return list(twilio.invoke("get-all-sms-messages", {}))


def test_invoke_with_a_key_sends_once_and_returns_the_recorded_result(
    emulated: tuple[Emulator, Account], ledger: SqliteLedger
) -> None:
    emulator, account = emulated
    config = {"accountSid": account.sid, "authToken": account.auth_token, "baseUrl": emulator.url}
    with Connector(config, ledger=ledger) as twilio:
        first = twilio.execute("send-sms-message", SMS, idempotency_key="welcome-42")
        again = twilio.execute("send-sms-message", SMS, idempotency_key="welcome-42")
        with pytest.raises(IdempotencyConflictError):
            twilio.execute(
                "send-sms-message", SMS | {"body": "other"}, idempotency_key="welcome-42"
            )
        assert (twilio.sends.sent, twilio.sends.skipped) == (1, 1)
    assert again == first
    assert len(messages(emulator, account)) == 1


def test_an_unknown_outcome_is_reported_or_reconciled_never_sent_again_blindly(
    emulated: tuple[Emulator, Account], ledger: SqliteLedger
) -> None:
    emulator, account = emulated
    config = {"accountSid": account.sid, "authToken": account.auth_token, "baseUrl": emulator.url}
    with Connector(config, ledger=ledger) as twilio:
        sent = twilio.invoke("send-sms-message", SMS, idempotency_key="k")
        key = f"{account.sid}/k"
        ledger.flush()  # the answer is written, then lost
        ledger._db.execute("UPDATE sends SET state = 'unknown', sid = NULL WHERE key = ?", (key,))
        with pytest.raises(OutcomeUnknownError) as raised:
            twilio.invoke("send-sms-message", SMS, idempotency_key="k")
        assert raised.value.outcome_unknown
        found = twilio.execute(
            "send-sms-message",
            SMS,
            idempotency_key="k",
            on_outcome_unknown="reconcile",
            settle=0.1,
        ).payload
        assert twilio.sends.reconciled == 1
    assert found["sid"] == sent["sid"]
    assert len(messages(emulator, account)) == 1


def test_invoke_on_the_command_line_takes_an_idempotency_key(
    emulated: tuple[Emulator, Account], tmp_path: Path, capsys: pytest.CaptureFixture[str]
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
        "--idempotency-key", "cli-1", "--ledger", str(tmp_path / "cli.sqlite3"),
    ]  # fmt: skip
    code, out, _ = run_cli(capsys, *argv)
    assert code == 0
    code, again, err = run_cli(capsys, *argv)
    assert code == 0
    assert json.loads(again)["sid"] == json.loads(out)["sid"]
    assert "nothing sent" in err
    assert len(messages(emulator, account)) == 1


def test_reconcile_sends_nothing_when_twilio_shows_another_message_between_the_numbers(
    emulated: tuple[Emulator, Account], ledger: SqliteLedger
) -> None:
    """A message between the same numbers with another body may be this one (rewritten) or
    another: whether this one went out cannot be told, so it is reported, not sent."""
    emulator, account = emulated
    config = {
        "accountSid": account.sid,
        "authToken": account.auth_token,
        "baseUrl": emulator.url,
        "retry": {"maxAttempts": 1},
    }
    fault = {"status": 500, "count": 1, "method": "POST", "path": "/Messages.json"}
    with Connector(config, ledger=ledger) as twilio:
        twilio.invoke("send-sms-message", SMS | {"body": "an earlier one"})
        requests.post(f"{emulator.url}/_emulator/faults", json=fault, timeout=10)
        with pytest.raises(ServerError) as failed:
            twilio.invoke("send-sms-message", SMS, idempotency_key="k")
        assert failed.value.outcome_unknown
        with pytest.raises(OutcomeUnknownError) as raised:
            twilio.execute(
                "send-sms-message",
                SMS,
                idempotency_key="k",
                on_outcome_unknown="reconcile",
                settle=0,
            )
        assert len(twilio.sends.unknown) == 2
    assert "cannot be told" in raised.value.message
    assert [m["body"] for m in messages(emulator, account)] == ["an earlier one"]


def test_reconcile_sends_when_twilio_shows_nothing_since_the_attempt(
    emulated: tuple[Emulator, Account], ledger: SqliteLedger
) -> None:
    emulator, account = emulated
    config = {
        "accountSid": account.sid,
        "authToken": account.auth_token,
        "baseUrl": emulator.url,
        "retry": {"maxAttempts": 1},
    }
    fault = {"status": 500, "count": 1, "method": "POST", "path": "/Messages.json"}
    with Connector(config, ledger=ledger) as twilio:
        requests.post(f"{emulator.url}/_emulator/faults", json=fault, timeout=10)
        sent = twilio.execute(
            "send-sms-message",
            SMS,
            idempotency_key="k",
            on_outcome_unknown="reconcile",
            settle=0.2,
        ).payload
        assert (twilio.sends.sent, len(twilio.sends.unknown)) == (1, 0)
    assert [m["sid"] for m in messages(emulator, account)] == [sent["sid"]]


def test_reads_do_not_wait_for_another_process_writing(ledger: SqliteLedger) -> None:
    """entry, entries and taken read without the write lock another process may hold."""
    assert ledger.claim("k", "p").claim is Claim.NEW
    ledger.complete("k", Recorded(201, "u", b"{}", sid="SM1"))
    ledger.flush()
    writer = sqlite3.connect(ledger.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process, mid-transaction
    try:
        found: list[object] = []
        reader = threading.Thread(
            target=lambda: found.extend(
                [ledger.entry("k"), ledger.entries("k"), ledger.taken(["SM1"], "j")]
            )
        )
        reader.start()
        reader.join(5)
        assert not reader.is_alive(), "a read waited for the writer's lock"
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    entry, entries, taken = found
    assert isinstance(entry, Entry)
    assert entry.state == "done"
    assert entries == [entry]
    assert taken == {"SM1"}
