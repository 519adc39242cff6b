"""Idempotency keys and limits in flow files: what validate says of them, the keys run --run-id
gives (one per step, item and flow-ref), and a step's own key over a real emulator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from connector import SendReport, SqliteLedger
from emulator import Emulator
from flows import validate_file

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
    from flows import run_file  # noqa: PLC0415

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
