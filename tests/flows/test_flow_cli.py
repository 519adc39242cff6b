"""``twilio-connector run``: the final payload on stdout, logs and progress on stderr, exit codes
0 / 1 / 2, --flow, --var, --payload, --emulator and --dry-run."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main
from tests.support.cli import run_cli as _run
from tests.support.paths import EXAMPLES, REPO_ROOT

NOTIFY = EXAMPLES / "notify.yaml"


def test_the_readme_command_runs_notify_on_the_emulator_in_a_fresh_process() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWILIO_")}
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "flows/examples/notify.yaml", "--emulator"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["sent"], summary["failed"]) == (3, 1)
    assert "WARNING flows: not sent to +15005550001" in done.stderr
    assert "INFO flows: sent 3, failed 1" in done.stderr


def test_run_prints_only_the_payload_on_stdout(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    code, out, _ = _run(capsys, "run", str(NOTIFY), "--emulator", "--payload", '["+14155550100"]')
    assert code == 0
    summary = json.loads(out)
    assert (summary["sent"], summary["failed"]) == (1, 0)
    assert "sent 1, failed 0" in caplog.text
    assert "sent 1," not in out


def test_payload_from_a_file_and_vars(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    payload = tmp_path / "recipients.json"
    payload.write_text('["+15005550001"]', encoding="utf-8")
    code, out, _ = _run(
        capsys,
        "run",
        str(NOTIFY),
        "--emulator",
        "--payload",
        f"@{payload}",
        "--var",
        "message=Hello = world",
    )
    assert code == 0
    assert json.loads(out)["failures"][0]["code"] == 21211


def test_vars_are_text(capsys: pytest.CaptureFixture[str], write_flow: Any) -> None:
    path = write_flow(
        """
        flows:
          main:
            - set-payload: {value: ["#[vars.a]", "#[vars.b]", "#[vars.empty]"]}
        """
    )
    code, out, _ = _run(
        capsys, "run", str(path), "--var", "a=007", "--var", "b=NO", "--var", "empty="
    )
    assert code == 0
    assert json.loads(out) == ["007", "NO", ""]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], "main"),
        (["--flow", "other"], "other"),
    ],
)
def test_flow_choice(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str], write_flow: Any
) -> None:
    path = write_flow(
        """
        flows:
          other:
            - set-payload: {value: other}
          main:
            - set-payload: {value: main}
        """
    )
    code, out, _ = _run(capsys, "run", str(path), *argv)
    assert code == 0
    assert json.loads(out) == expected


def test_the_only_flow_runs_without_main(
    capsys: pytest.CaptureFixture[str], write_flow: Any
) -> None:
    path = write_flow("flows:\n  only:\n    - set-payload: {value: '#[1]'}\n")
    code, out, _ = _run(capsys, "run", str(path))
    assert (code, json.loads(out)) == (0, 1)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "this file has 2 flows (a, b) and none is 'main': choose one"),
        (["--flow", "c"], "FLOW:VALIDATION: no flow named 'c'"),
        (["--flow", "aa"], "no flow named 'aa'; flows: a, b (did you mean 'a'?)"),
        (["--var", "novalue"], "CLI:USAGE: --var takes NAME=VALUE"),
        (["--payload", "{oops"], "CLI:USAGE: --payload is not valid JSON"),
        (["--payload", "@no-such-file.json"], "CLI:USAGE: cannot read --payload file"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], write_flow: Any
) -> None:
    path = write_flow(
        "flows:\n  a: [{set-payload: {value: a}}]\n  b: [{set-payload: {value: b}}]\n"
    )
    code, out, err = _run(capsys, "run", str(path), *argv)
    assert code == 2
    assert out == ""
    assert message in err


def test_a_run_time_error_exits_1_with_type_code_and_place(
    capsys: pytest.CaptureFixture[str], write_flow: Any
) -> None:
    path = write_flow(
        """
        flows:
          main:
            - twilio:send-sms-message: {from: +15005550006, to: +15005550001, body: hi}
        """
    )
    code, out, err = _run(capsys, "run", str(path), "--emulator")
    assert code == 1
    assert out == ""
    assert "error: TWILIO:BAD_REQUEST:" in err
    assert "(Twilio code 21211)" in err
    assert f"at {path}:3:7" in err


def test_a_missing_environment_variable_is_flow_config_and_exits_2(
    capsys: pytest.CaptureFixture[str],
    write_flow: Any,
    server: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FLOW_TEST_TOKEN", raising=False)
    path = write_flow(
        f"""
        configs:
          main:
            accountSid: AC{"0" * 32}
            authToken: ${{env:FLOW_TEST_TOKEN}}
            baseUrl: {server.url}
        flows:
          main:
            - twilio:get-account-details: {{}}
        """
    )
    code, _out, err = _run(capsys, "run", str(path))
    assert code == 2
    assert "FLOW:CONFIG" in err
    assert "FLOW_TEST_TOKEN" in err
    assert server.attempts == 0


def test_env_placeholders_resolve_at_run_time(
    capsys: pytest.CaptureFixture[str],
    write_flow: Any,
    emulator: Any,
    account: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FLOW_TEST_SID", account.sid)
    monkeypatch.setenv("FLOW_TEST_TOKEN", account.auth_token)
    path = write_flow(
        f"""
        configs:
          main:
            accountSid: ${{env:FLOW_TEST_SID}}
            authToken: ${{env:FLOW_TEST_TOKEN}}
            baseUrl: ${{env:FLOW_TEST_URL:-{emulator.url}}}
        flows:
          main:
            - twilio:get-account-details: {{}}
            - set-payload: {{value: "#[payload.sid]"}}
        """
    )
    code, out, _ = _run(capsys, "run", str(path))
    assert (code, json.loads(out)) == (0, account.sid)


@pytest.mark.parametrize("configs", ["", "configs: {}\n"])
def test_no_configs_means_the_default_from_twilio_variables(
    configs: str,
    capsys: pytest.CaptureFixture[str],
    write_flow: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "2" * 32)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "from-the-environment")
    monkeypatch.setenv("TWILIO_REGION", "ie1")
    monkeypatch.setenv("TWILIO_EDGE", "dublin")
    path = write_flow(configs + "flows:\n  main:\n    - twilio:get-account-details: {}\n")
    code, out, err = _run(capsys, "run", str(path), "--dry-run")
    assert (code, json.loads(out)) == (0, None)
    assert (
        f"dry-run: GET https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/AC{'2' * 32}.json"
        in err
    )
    assert "from-the-environment" not in err


def test_dry_run_prints_each_request_and_sends_nothing(
    capsys: pytest.CaptureFixture[str], write_flow: Any, server: Any
) -> None:
    path = write_flow(
        f"""
        configs:
          main:
            accountSid: AC{"1" * 32}
            authToken: very-secret-token
            baseUrl: {server.url}
        flows:
          main:
            - foreach:
                collection: [+14155550100, +14155550101]
                do:
                  - twilio:send-sms-message:
                      {{from: +15005550006, to: "#[payload]", body: Hi there}}
            - twilio:get-calls: {{status: failed}}
            - set-payload: {{value: "#[payload | length]"}}
        """
    )
    code, out, err = _run(capsys, "run", str(path), "--dry-run")
    assert code == 0, err
    assert json.loads(out) == 0
    requests = [line for line in err.splitlines() if line.startswith("dry-run: ")]
    assert len(requests) == 3
    assert requests[0] == (
        f"dry-run: POST {server.url}/2010-04-01/Accounts/AC{'1' * 32}/Messages.json "
        f"From=+15005550006 To=+14155550100 Body=Hi there  [auth AC{'1' * 32}:<redacted>]"
    )
    assert requests[2].startswith(f"dry-run: GET {server.url}/2010-04-01/Accounts/AC{'1' * 32}/")
    assert "Status=failed" in requests[2]
    assert "very-secret-token" not in err + out
    assert server.attempts == 0


def test_dry_run_needs_no_credentials(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    code, out, err = _run(capsys, "run", str(NOTIFY), "--dry-run", "--var", "to=+14155550100")
    assert code == 0
    assert "dry-run: POST https://api.twilio.com/2010-04-01/Accounts/AC" in err
    # Results are null in a dry run, and so is what is read from them.
    assert json.loads(out)["messages"] == [{"to": "+14155550100", "sid": None}]


def test_a_dry_run_stops_clearly_where_a_request_needs_an_earlier_result(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(capsys, "run", str(EXAMPLES / "buy-number.yaml"), "--dry-run")
    assert code == 1
    assert out == ""
    assert err.count("dry-run: ") == 3
    assert "incomingPhoneNumberSid: is required" in err
    assert "buy-number.yaml:28:9" in err
    assert "(a dry run sends nothing, so operation results are null)" in err


def test_a_dry_runs_own_errors_are_not_put_down_to_null_results(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    flow = tmp_path / "raises.yaml"
    flow.write_text(
        "flows:\n  main:\n    - raise-error: {type: 'APP:NO_RECIPIENTS', description: none}\n"
    )
    code, _, err = _run(capsys, "run", str(flow), "--dry-run")
    assert code == 1
    assert "APP:NO_RECIPIENTS" in err
    assert "operation results are null" not in err  # no operation result was read


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


LOOP = """
flows:
  main:
    - foreach:
        collection: "#[payload]"
        do: [{set-variable: {name: last, value: "#[payload]"}}]
    - parallel-foreach:
        collection: "#[payload]"
        do: [{set-payload: {value: "#[payload * 2]"}}]
"""


def test_long_loops_show_a_progress_bar_on_a_terminal(
    write_flow: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["run", str(write_flow(LOOP)), "--payload", json.dumps(list(range(25)))]) == 0
    shown = terminal.getvalue()
    assert "\r[" in shown
    assert "] 25/25 foreach at " in shown
    assert "] 25/25 parallel-foreach at " in shown
    assert shown.endswith("\r\x1b[2K")
    assert json.loads(capsys.readouterr().out) == [n * 2 for n in range(25)]


def test_no_ansi_sequences_on_a_terminal_when_no_color_is_set(
    write_flow: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """https://no-color.org: the bar is still drawn, and erased with spaces."""
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["run", str(write_flow(LOOP)), "--payload", json.dumps(list(range(25)))]) == 0
    shown = terminal.getvalue()
    assert "] 25/25 foreach at " in shown
    assert "\x1b" not in shown
    assert shown.endswith(" \r")
    assert json.loads(capsys.readouterr().out) == [n * 2 for n in range(25)]


def test_no_progress_bar_when_not_a_terminal_or_the_loop_is_short(
    write_flow: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = _run(
        capsys, "run", str(write_flow(LOOP)), "--payload", json.dumps(list(range(25)))
    )
    assert code == 0
    assert "\r" not in err
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["run", str(write_flow(LOOP)), "--payload", "[1, 2, 3]"]) == 0
    assert terminal.getvalue() == ""


def test_logger_levels(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, write_flow: Any
) -> None:
    path = write_flow(
        """
        flows:
          main:
            - logger: {message: "debug #[1]", level: DEBUG}
            - logger: {message: "info #[2]"}
            - logger: {message: "warn #[3]", level: WARN}
            - logger: {message: "#[{'a': 4}]", level: ERROR}
        """
    )
    code, out, _ = _run(capsys, "run", str(path))
    assert (code, out) == (0, "null\n")
    logged = [(r.name, r.levelname, r.getMessage()) for r in caplog.records]
    assert logged == [
        ("flows", "INFO", "info 2"),
        ("flows", "WARNING", "warn 3"),
        ("flows", "ERROR", '{"a": 4}'),
    ]
    caplog.clear()
    _run(capsys, "-vv", "run", str(path))
    assert ("flows", "DEBUG", "debug 1") in [
        (r.name, r.levelname, r.getMessage()) for r in caplog.records
    ]


def test_a_media_payload_is_printed_as_base64(
    capsys: pytest.CaptureFixture[str], write_flow: Any, emulator: Any, account: Any
) -> None:
    (call,) = emulator.seed(
        {"calls": [{"account_sid": account.sid, "from": "+15005550006", "to": "+14155550100"}]}
    )["calls"]
    (recording,) = emulator.seed(
        {"recordings": [{"account_sid": account.sid, "call_sid": call, "duration": 1}]}
    )["recordings"]
    path = write_flow(
        f"""
        configs:
          main: {{accountSid: {account.sid}, authToken: {account.auth_token},
                  baseUrl: "{emulator.url}"}}
        flows:
          main:
            - twilio:get-recording: {{recordingSid: {recording}, recordingType: MP3}}
        """
    )
    code, out, err = _run(capsys, "run", str(path))
    assert code == 0
    assert base64.b64decode(json.loads(out)).startswith(b"\xff\xfb")
    assert "binary media, printed as base64" in err


def test_an_unknown_flow_is_reported_with_its_type_and_the_flow_meant(
    capsys: pytest.CaptureFixture[str], write_flow: Any
) -> None:
    path = write_flow(
        "flows:\n  main: [{set-payload: {value: a}}]\n  other: [{set-payload: {value: b}}]\n"
    )
    code, out, err = _run(capsys, "run", str(path), "--flow", "mian")
    assert (code, out) == (2, "")
    (line,) = err.splitlines()
    assert line.startswith("error: FLOW:VALIDATION: no flow named 'mian'")
    assert "did you mean 'main'?" in line


# -- validate ------------------------------------------------------------------------------


def test_validate_prints_ok_on_stdout_and_the_summary_on_stderr(
    capsys: pytest.CaptureFixture[str], write_flow: Any
) -> None:
    path = write_flow("flows:\n  main:\n    - logger: {message: hi}\n")
    code, out, err = _run(capsys, "validate", str(path))
    assert (code, out) == (0, "ok\n")
    assert err == f"{path}: ok (1 flow, 1 steps)\n"
    code, out, _ = _run(capsys, "validate", str(path), "--json")
    assert (code, json.loads(out)) == (0, [])


BROKEN = """
flows:
  main:
    - loger: {message: hi}
    - twilio:get-acount-details: {}
"""


def test_validate_prints_problems_once_on_stderr_and_nothing_on_stdout(
    capsys: pytest.CaptureFixture[str], write_flow: Any
) -> None:
    path = write_flow(BROKEN)
    code, out, err = _run(capsys, "validate", str(path))
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[-1] == f"{path}: 2 problems"
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [f"{path}:3:7", f"{path}:4:7"]
    assert err.count("loger") == 1


def test_validate_json_lists_the_problems_as_data(
    capsys: pytest.CaptureFixture[str], write_flow: Any
) -> None:
    """File, line and column as data, also when the file name holds ':' itself."""
    path = write_flow(BROKEN, name="flow:12:3.yaml")
    code, out, err = _run(capsys, "validate", str(path), "--json")
    assert code == 2
    problems = json.loads(out)
    assert [(p["file"], p["line"], p["column"]) for p in problems] == [
        (str(path), 3, 7),
        (str(path), 4, 7),
    ]
    for problem in problems:
        assert set(problem) == {"file", "line", "column", "message", "hint", "severity"}
        assert problem["severity"] == "error"
        assert problem["message"]
        assert problem["hint"] is None or isinstance(problem["hint"], str)
    unknown = problems[0]
    assert "unknown step 'loger'" in unknown["message"]
    assert "did you mean 'logger'" in unknown["message"] + str(unknown["hint"])
    assert err == f"{path}: 2 problems\n"


def test_validate_json_lists_warnings_of_a_file_that_is_fine(
    capsys: pytest.CaptureFixture[str], write_flow: Any
) -> None:
    path = write_flow('flows:\n  main:\n    - set-payload: {value: "#[vars.to]"}\n')
    code, out, _ = _run(capsys, "validate", str(path), "--json")
    assert code == 0
    (warning,) = json.loads(out)
    assert (warning["line"], warning["column"], warning["severity"]) == (3, 28, "warning")
    assert warning["message"].startswith("vars.to is read but no step of this file sets it")


def test_validate_json_of_a_file_that_cannot_be_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.yaml"
    code, out, _ = _run(capsys, "validate", str(missing), "--json")
    assert code == 2
    (problem,) = json.loads(out)
    assert (problem["file"], problem["line"], problem["column"]) == (str(missing), None, None)
    assert problem["message"].startswith("cannot read")
