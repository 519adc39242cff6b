"""Problems are data: a path, a message and a hint, with one did-you-mean helper for all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connector import Config, ConfigError, Connector, ValidationError
from connector.errors import Problem, UnknownOperationError, did_you_mean, suggest, with_hint
from flows.cli import main
from tests.support.samples import ACCOUNT_SID


@pytest.mark.parametrize(
    ("name", "candidates", "expected"),
    [
        ("accountsid", ["accountSid", "authToken"], "accountSid"),  # case alone
        ("acountSid", ["accountSid", "authToken"], "accountSid"),  # close
        ("zzz", ["accountSid", "authToken"], None),  # nothing close
    ],
)
def test_did_you_mean(name: str, candidates: list[str], expected: str | None) -> None:
    assert did_you_mean(name, candidates) == expected
    assert suggest(name, candidates) == (f"did you mean '{expected}'?" if expected else None)


def test_a_problem_shows_its_hint_after_its_message() -> None:
    problem = Problem("to", "is required", "did you mean 'To'?")
    assert str(problem) == "to: is required (did you mean 'To'?)"
    assert str(Problem("", "bad")) == "bad"
    assert with_hint("bad", None) == "bad"


def test_a_config_problem_carries_its_hint() -> None:
    with pytest.raises(ConfigError) as caught:
        Config.load({"acountSid": ACCOUNT_SID, "authToken": "t"})
    unknown = next(p for p in caught.value.problems if p.path == "acountSid")
    assert (unknown.message, unknown.hint) == ("unknown key", "did you mean 'accountSid'?")


def test_an_operation_problem_carries_its_hint() -> None:
    connector = Connector({"accountSid": ACCOUNT_SID, "authToken": "t"}, dry_run=lambda _: None)
    with pytest.raises(ValidationError) as caught:
        connector.invoke("send-sms-message", {"from": "+15005550006", "to": "+1", "bdy": "hi"})
    problems = {p.path: p for p in caught.value.problems}
    assert problems["bdy"].message == "is not a parameter of send-sms-message"
    assert problems["bdy"].hint == "did you mean 'body'?"
    group = problems["body | mediaUrl | contentSid"]
    assert (group.message, group.hint) == ("give at least one of body, mediaUrl, contentSid", None)


def test_an_unknown_operation_names_the_close_one() -> None:
    error = UnknownOperationError("send-sms-mesage", ["send-sms-message", "make-call"])
    assert error.message == "unknown operation 'send-sms-mesage' (did you mean 'send-sms-message'?)"


def test_validate_json_gives_the_hint_as_its_own_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text("flows:\n  main:\n    - loger: {message: hi}\n", encoding="utf-8")
    assert main(["validate", str(path), "--json"]) == 2
    (problem,) = json.loads(capsys.readouterr().out)
    assert problem["message"] == "unknown step 'loger'"
    assert problem["hint"] == "did you mean 'logger'?"
