"""Idempotency keys and limits in flow files: what validate says of them, the keys run --run-id
gives (one per step, item and flow-ref), and a step's own key over a real emulator."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from connector import SendReport, SqliteLedger
from emulator import Account, Emulator
from flows import run_file, validate_file
from flows.document import ledger_path_for
from tests.support.cli import run_cli

RunFlow = Callable[..., Any]


@pytest.mark.parametrize(
    ("limits", "fragment"),
    [
        ("rateLimit: {perSecond: 0}", "perSecond"),
        ("rateLimit: {key: '#[payload]', perSecond: 1, brust: 2}", "brust"),
        ("rateLimit: {key: '#[payload]'}", "perSecond"),
        ("maxConcurrentRequests: 0", "maxConcurrentRequests"),
    ],
)
def test_malformed_limits_are_problems_at_their_place(
    limits: str, fragment: str, write_flow: Callable[..., Path]
) -> None:
    path = write_flow(
        f"""
        flows:
          main:
            - parallel-foreach:
                collection: "#[payload]"
                {limits}
                do:
                  - logger: {{message: "#[payload]"}}
        """
    )
    problems = validate_file(path)
    assert problems, limits
    assert all(problem.path.startswith(f"{path}:5:") for problem in problems), problems
    assert fragment in " ".join(str(problem) for problem in problems)


def test_an_unknown_choice_for_outcomes_unknown_is_a_problem(
    write_flow: Callable[..., Path],
) -> None:
    path = write_flow(
        """
        flows:
          main:
            - twilio:send-sms-message:
                from: "+15005550006"
                to: "+14155550100"
                body: hi
                onOutcomeUnknown: retry
        """
    )
    problems = validate_file(path)
    assert len(problems) == 1, problems
    assert problems[0].path.startswith(f"{path}:7:")
    assert "reconcile" in str(problems[0])


def test_limits_and_keys_pass_validation(write_flow: Callable[..., Path]) -> None:
    path = write_flow(
        """
        flows:
          main:
            - foreach:
                collection: "#[payload]"
                rateLimit: {key: "#[payload.from]", perSecond: 0.5, burst: 2}
                maxConcurrentRequests: 4
                do:
                  - twilio:send-sms-message:
                      from: "+15005550006"
                      to: "#[payload.to]"
                      body: hi
                      idempotencyKey: "welcome/#[payload.to]"
                      onOutcomeUnknown: reconcile
        """
    )
    assert validate_file(path) == []


def test_run_ids_give_each_step_item_and_flow_ref_its_own_key(
    run_flow: RunFlow, tmp_path: Path, emulator: Emulator
) -> None:
    text = """\
flows:
  main:
    - foreach:
        collection: "#[payload]"
        do:
          - parallel-foreach:
              collection: ["+14155550101", "+14155550102"]
              do:
                - twilio:send-sms-message:
                    from: "+15005550006"
                    to: "#[payload]"
                    body: "hi #[payload]"
    - flow-ref: {name: again}
    - flow-ref: {name: again}
  again:
    - twilio:send-sms-message: {from: "+15005550006", to: "+14155550109", body: "again"}
"""
    ledger = SqliteLedger(tmp_path / "keys.sqlite3")
    sends = SendReport()
    run_flow(text, payload=["a", "b"], run_id="r1", ledger=ledger, sends=sends)
    keys = sorted(entry.key.split("/", 1)[1] for entry in ledger.entries())
    assert keys == [
        "run/r1/flow.yaml:16:7/ref13:7",
        "run/r1/flow.yaml:16:7/ref14:7",
        "run/r1/flow.yaml:9:19/1.1",
        "run/r1/flow.yaml:9:19/1.2",
        "run/r1/flow.yaml:9:19/2.1",
        "run/r1/flow.yaml:9:19/2.2",
    ]
    assert (sends.sent, sends.skipped) == (6, 0)
    again = SendReport()
    run_flow(text, payload=["a", "b"], run_id="r1", ledger=ledger, sends=again)
    assert (again.sent, again.skipped) == (0, 6)
    ledger.close()


def test_a_steps_own_key_sends_each_recipient_once(
    run_flow: RunFlow, tmp_path: Path, emulator_config: dict[str, Any]
) -> None:
    sends = SendReport()
    result = run_flow(
        """
        flows:
          main:
            - foreach:
                collection: "#[payload]"
                do:
                  - twilio:send-sms-message:
                      from: "+15005550006"
                      to: "#[payload]"
                      body: "welcome"
                      idempotencyKey: "welcome/#[payload]"
            - twilio:get-all-sms-messages: {}
        """,
        payload=["+14155550101", "+14155550102", "+14155550101"],
        ledger=tmp_path / "own.sqlite3",
        sends=sends,
    )
    assert sorted(message["to"] for message in result) == ["+14155550101", "+14155550102"]
    assert (sends.sent, sends.skipped) == (2, 1)


def test_a_dry_run_with_a_run_id_touches_no_ledger(
    write_flow: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_flow(
        """
        flows:
          main:
            - twilio:send-sms-message: {from: "+15005550006", to: "+14155550100", body: hi}
        """
    )
    run_file(
        path,
        configs={"default": {"accountSid": "AC" + "0" * 32, "authToken": "t"}},
        dry_run=lambda request: None,
        run_id="dry",
    )
    assert not (tmp_path / "flow.yaml.ledger.sqlite3").exists()


def test_the_run_reports_keys_left_unknown_with_their_step(
    write_flow: Callable[..., Path],
    emulator: Emulator,
    account: Account,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_flow(
        f"""
        configs:
          main: {{accountSid: {account.sid}, authToken: {account.auth_token}}}
        flows:
          main:
            - foreach:
                collection: ["+14155550101", "+14155550102"]
                do:
                  - twilio:send-sms-message: {{from: "+15005550006", to: "#[payload]", body: hi}}
        """
    )
    argv = ["run", str(path), "--base-url", emulator.url, "--run-id", "r"]
    code, _, err = run_cli(capsys, *argv)
    assert code == 0
    assert "sends: 2 sent, 0 skipped (already done), 0 reconciled, 0 unknown" in err
    ledger = SqliteLedger(ledger_path_for(path))
    key = next(entry.key for entry in ledger.entries() if entry.key.endswith("/2"))
    ledger._db.execute("UPDATE sends SET state = 'unknown' WHERE key = ?", (key,))
    ledger.close()
    code, _, err = run_cli(capsys, *argv)
    assert code == 1
    assert "sends: 0 sent, 1 skipped (already done), 0 reconciled, 1 unknown" in err
    assert f"unknown: {key} (at {path}:8:13)" in err
    assert "TWILIO:OUTCOME_UNKNOWN" in err


def test_a_sequential_foreach_keeps_to_its_rate(
    write_flow: Callable[..., Path], emulator_config: dict[str, Any], emulator: Emulator
) -> None:
    path = write_flow(
        """
        flows:
          main:
            - foreach:
                collection: "#[payload]"
                rateLimit: {perSecond: 10}
                do:
                  - twilio:send-sms-message: {from: "+15005550006", to: "#[payload]", body: hi}
        """
    )
    recipients = [f"+141555502{n:02d}" for n in range(15)]
    started = time.monotonic()
    run_file(path, payload=recipients, configs={"default": emulator_config})
    assert time.monotonic() - started >= 1.4  # 15 sends, 0.1 s apart
