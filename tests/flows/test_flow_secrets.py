"""A canary secret written in a flow file's configs appears in no repr, str, problem or CLI
output of that file, however the configs are written (rightly, or with the mistakes people
make)."""

from __future__ import annotations

import dataclasses
import traceback
from pathlib import Path

import pytest

from flows import FlowValidationError, load_file
from flows.cli import main

CANARY = "canary-token-0d9c7e4f2a61"
CANARY_SECRET = "canary-secret-b83a5e1c07d4"
SID = "AC" + "3" * 32
FLOWS = "flows:\n  main:\n    - twilio:get-account-details: {}\n"


def _assert_clean(texts: list[str]) -> None:
    for text in texts:
        for secret in (CANARY, CANARY_SECRET):
            assert secret not in text, f"a secret leaked into: {text[:300]!r}"


def test_a_loaded_flow_file_does_not_show_its_configs(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text(
        "configs:\n"
        f"  main: {{accountSid: {SID}, authToken: {CANARY}}}\n"
        f"  keyed: {{accountSid: {SID}, apiKey: SK{'4' * 32}, apiSecret: {CANARY_SECRET}}}\n"
        + FLOWS.replace("{}", "{config-ref: main}"),
        encoding="utf-8",
    )
    flow_file = load_file(path)
    assert flow_file.raw_configs is not None
    assert flow_file.raw_configs["main"]["authToken"] == CANARY  # it is there, and used
    configs = flow_file.resolve_configs(["main", "keyed"])
    texts = [repr(flow_file), str(flow_file), repr(flow_file.flows), repr(configs)]
    texts += [f"{flow_file}", "%r" % (flow_file,)]  # noqa: UP031 - as logging formats it
    texts += [repr(field) for field in dataclasses.fields(flow_file)]
    _assert_clean(texts)


#: Configs written wrongly, each with a secret in it, and what validation must still say.
MISTAKES = {
    "a config's keys not indented under its name": (
        f"configs:\n  main:\n  accountSid: {SID}\n  authToken: {CANARY}\n",
        "'authToken' must be",
    ),
    "a misspelt key": (
        f"configs:\n  main: {{accountSid: {SID}, authTokn: {CANARY}}}\n",
        "unknown key 'authTokn'",
    ),
    "the token as a list": (
        f"configs:\n  main: {{accountSid: {SID}, authToken: [{CANARY}]}}\n",
        "authToken",
    ),
    "the token as a mapping": (
        f"configs:\n  main: {{accountSid: {SID}, authToken: {{t: {CANARY}}}}}\n",
        "authToken",
    ),
    "the token given twice": (
        f"configs:\n  main:\n    accountSid: {SID}\n    authToken: {CANARY}\n"
        f"    authToken: {CANARY}x\n",
        "duplicate key 'authToken'",
    ),
    "the token with a tag": (
        f"configs:\n  main: {{accountSid: {SID}, authToken: !!int {CANARY}}}\n",
        "not a valid !!int",
    ),
    "the token in place of the account SID": (
        f"configs:\n  main: {{accountSid: {CANARY}, authToken: x}}\n",
        "accountSid",
    ),
    "a secret without its key": (
        f"configs:\n  main: {{accountSid: {SID}, apiSecret: {CANARY_SECRET}}}\n",
        "apiKey",
    ),
    "the token as the whole config": (f"configs:\n  main: {CANARY}\n", "'main' must be"),
}


@pytest.mark.parametrize(("text", "says"), MISTAKES.values(), ids=list(MISTAKES))
def test_problems_with_configs_do_not_show_their_values(
    text: str, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text(text + FLOWS, encoding="utf-8")
    with pytest.raises(FlowValidationError) as caught:
        load_file(path)
    error = caught.value
    texts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    texts += [str(problem) for problem in error.problems]
    assert any(says in problem.message for problem in error.problems), error.problems
    assert main(["validate", str(path)]) == 2
    assert main(["run", str(path), "--dry-run"]) == 2
    out, err = capsys.readouterr()
    assert says in err
    _assert_clean([*texts, out, err])
