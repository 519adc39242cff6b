"""What every command of ``twilio-connector`` shares: global options before or after the command,
``--version``, ``@-`` for stdin, ``--base-url``, Ctrl-C (exit 130 with the count of requests
sent), each problem reported once, and dry runs that check the config a real run would use."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import run_cli as run
from tests.support.paths import REPO_ROOT
from tests.support.samples import ACCOUNT_SID as SID


def write(tmp_path: Path, text: str, name: str = "flow.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- global options --------------------------------------------------------------------------

DEBUG_FLOW = "flows:\n  main:\n    - logger: {message: at debug level, level: DEBUG}\n"


@pytest.mark.parametrize(
    "argv",
    [["-vv", "run", "FILE"], ["run", "FILE", "-vv"], ["run", "-vv", "FILE"]],
    ids=["before", "after", "between"],
)
def test_verbose_works_before_or_after_the_command(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    path = str(write(tmp_path, DEBUG_FLOW))
    code, _, err = run(capsys, *[path if arg == "FILE" else arg for arg in argv])
    assert code == 0, err
    assert ("flows", "DEBUG", "at debug level") in [
        (r.name, r.levelname, r.getMessage()) for r in caplog.records
    ]


def test_invoke_takes_verbose_after_its_arguments(
    capsys: pytest.CaptureFixture[str], no_twilio_env: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, "invoke", "get-account-details", "--dry-run", "-v")
    assert code == 0, err
    assert json.loads(out)["dryRun"] is True


@pytest.mark.parametrize(
    "argv", [["--version"], ["invoke", "--version"], ["validate", "--version"]]
)
def test_version_prints_the_installed_version(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    assert out == f"twilio-connector {metadata.version('twilio-connector')}\n"


def test_an_unknown_option_is_a_usage_error_with_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "operations", "--colour")
    assert (code, out) == (2, "")
    assert "unrecognized arguments: --colour" in err


# -- @- reads stdin --------------------------------------------------------------------------


def test_invoke_reads_params_from_stdin(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    no_twilio_env: pytest.MonkeyPatch,
) -> None:
    params = {"from": "+15005550006", "to": "+14155550100", "body": "from stdin"}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(params)))
    code, out, err = run(capsys, "invoke", "send-sms-message", "--params", "@-", "--dry-run")
    assert code == 0, err
    (request,) = json.loads(out)["requests"]
    assert request["form"] == {"From": "+15005550006", "To": "+14155550100", "Body": "from stdin"}


def test_run_reads_the_payload_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write(
        tmp_path, "flows:\n  main:\n    - set-payload: {value: '#[payload.items | length]'}\n"
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"items": [1, 2, 3]}'))
    code, out, err = run(capsys, "run", str(path), "--payload", "@-")
    assert code == 0, err
    assert json.loads(out) == 3


def test_bad_json_on_stdin_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("{not json"))
    code, out, err = run(capsys, "invoke", "get-account-details", "--params", "@-", "--dry-run")
    assert (code, out) == (2, "")
    assert "CLI:USAGE: --params is not valid JSON" in err


# -- --base-url ------------------------------------------------------------------------------


def test_invoke_base_url_points_the_config_at_a_running_emulator(
    capsys: pytest.CaptureFixture[str], no_twilio_env: pytest.MonkeyPatch, emulator: Any
) -> None:
    account = emulator.create_account()
    no_twilio_env.setenv("TWILIO_ACCOUNT_SID", account.sid)
    no_twilio_env.setenv("TWILIO_AUTH_TOKEN", account.auth_token)
    code, out, err = run(capsys, "invoke", "get-account-details", "--base-url", emulator.url)
    assert code == 0, err
    assert json.loads(out)["sid"] == account.sid


def test_run_base_url_points_every_config_at_a_running_emulator(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, emulator: Any
) -> None:
    one, two = emulator.create_account(), emulator.create_account()
    path = write(
        tmp_path,
        f"""\
configs:
  one: {{accountSid: {one.sid}, authToken: {one.auth_token}, region: ie1, edge: dublin}}
  two: {{accountSid: {two.sid}, authToken: {two.auth_token}}}
flows:
  main:
    - twilio:get-account-details: {{config-ref: one, target: first}}
    - twilio:get-account-details: {{config-ref: two}}
    - set-payload: {{value: ["#[vars.first.sid]", "#[payload.sid]"]}}
""",
    )
    code, out, err = run(capsys, "run", str(path), "--base-url", emulator.url + "/")
    assert code == 0, err
    assert json.loads(out) == [one.sid, two.sid]


@pytest.mark.parametrize("command", ["invoke", "run"])
def test_a_base_url_that_is_not_https_or_loopback_is_refused(
    command: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    no_twilio_env: pytest.MonkeyPatch,
) -> None:
    no_twilio_env.setenv("TWILIO_ACCOUNT_SID", SID)
    no_twilio_env.setenv("TWILIO_AUTH_TOKEN", "a-token")
    flow = write(tmp_path, "flows:\n  main:\n    - twilio:get-account-details: {}\n")
    target = ["invoke", "get-account-details"] if command == "invoke" else ["run", str(flow)]
    code, out, err = run(capsys, *target, "--base-url", "http://example.com")
    assert (code, out) == (2, "")
    assert "CLI:USAGE: --base-url" in err
    assert "http://example.com: must use https:// unless the host is loopback" in err


def test_base_url_and_emulator_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "invoke", "get-account-details", "--emulator", "--base-url", "http://127.0.0.1:1"
    )
    assert (code, out) == (2, "")
    assert "not allowed with argument" in err


# -- Ctrl-C ----------------------------------------------------------------------------------

# The child turns SIGINT into KeyboardInterrupt as an interactive Python does, even when this
# test runs where SIGINT is ignored (a background job), which the child would inherit.
CHILD = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from flows.cli import main; sys.exit(main(sys.argv[1:]))"
)


def test_ctrl_c_exits_130_and_says_how_many_requests_were_sent(tmp_path: Path, server: Any) -> None:
    """Two answers come at once, the third never: Ctrl-C while waiting for it."""
    server.script({"body": {"sid": SID}}, {"body": {"sid": SID}})
    server.answer(body={"sid": SID}, delay=60)
    path = write(
        tmp_path,
        f"""\
configs:
  main: {{accountSid: {SID}, authToken: a-token, baseUrl: "{server.url}",
          readTimeout: 120, retry: {{maxAttempts: 1}}}}
flows:
  main:
    - foreach:
        collection: [1, 2, 3, 4]
        do: [{{twilio:get-account-details: {{}}}}]
""",
    )
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, "run", str(path)],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while server.attempts < 3 and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.attempts == 3, child.communicate(timeout=5)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
    assert child.returncode == 130, err
    assert out == ""
    assert err.strip().splitlines()[-1] == "interrupted: 3 requests had been sent"
    assert "Traceback" not in err


# -- each problem once -----------------------------------------------------------------------


def test_an_invalid_invoke_reports_each_problem_once(
    capsys: pytest.CaptureFixture[str], no_twilio_env: pytest.MonkeyPatch
) -> None:
    code, out, err = run(
        capsys, "invoke", "make-call", "-p", "from=+15005550006", "-p", "timeout=soon",
        "--dry-run",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err.count("TWILIO:VALIDATION") == 1
    for fragment in ("timeout: 'soon'", "to: is required", "give exactly one of url"):
        assert err.count(fragment) == 1, err


def test_a_validation_error_at_run_time_is_reported_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_twilio_env: pytest.MonkeyPatch
) -> None:
    """The literal passes validate; the value an expression gives at run time does not."""
    path = write(
        tmp_path,
        """\
flows:
  main:
    - set-variable: {name: wait, value: soon}
    - twilio:make-call: {from: "+15005550006", to: "+14155550100", url: "https://example.com/a",
                         timeout: "#[vars.wait]"}
""",
    )
    code, out, err = run(capsys, "run", str(path), "--dry-run")
    assert (code, out) == (1, "")
    assert err.count("TWILIO:VALIDATION") == 1
    assert err.count("timeout: 'soon'") == 1, err
    assert f"at {path}:4:7" in err


# -- dry runs check the config a real run would use ------------------------------------------

ENV_CONFIG = """\
configs:
  main:
    accountSid: ${env:H2_TEST_SID}
    authToken: ${env:H2_TEST_TOKEN}
    baseUrl: http://127.0.0.1:8765
flows:
  main:
    - twilio:get-account-details: {}
"""


@pytest.mark.parametrize("command", ["invoke", "run"])
def test_a_dry_run_refuses_a_malformed_account_sid_from_the_environment(
    command: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("H2_TEST_SID", "XY123")
    monkeypatch.setenv("H2_TEST_TOKEN", "a-token")
    path = str(write(tmp_path, ENV_CONFIG))
    target = ["invoke", "get-account-details", "--config", path] if command == "invoke" else []
    code, out, err = run(capsys, *(target or ["run", path]), "--dry-run")
    assert (code, out) == (2, "")
    # invoke gives the connector a config; run resolves a flow's
    assert ("TWILIO:CONFIG" if command == "invoke" else "FLOW:CONFIG") in err
    assert "accountSid" in err
    assert "dry-run:" not in err
    assert "stand-in" not in err


def test_invoke_dry_run_refuses_a_malformed_account_sid_in_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "configs:\n  main: {accountSid: XY123, authToken: t}\n")
    code, out, err = run(
        capsys, "invoke", "get-account-details", "--config", str(path), "--dry-run"
    )
    assert (code, out) == (2, "")
    assert "TWILIO:CONFIG" in err
    assert "accountSid" in err


def test_invoke_dry_run_refuses_a_malformed_twilio_account_sid(
    capsys: pytest.CaptureFixture[str], no_twilio_env: pytest.MonkeyPatch
) -> None:
    no_twilio_env.setenv("TWILIO_ACCOUNT_SID", "XY123")
    no_twilio_env.setenv("TWILIO_AUTH_TOKEN", "a-token")
    code, out, err = run(capsys, "invoke", "get-account-details", "--dry-run")
    assert (code, out) == (2, "")
    assert "TWILIO:CONFIG" in err


def test_a_dry_run_with_only_some_credentials_needs_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("H2_TEST_SID", SID)
    monkeypatch.delenv("H2_TEST_TOKEN", raising=False)
    code, out, err = run(capsys, "run", str(write(tmp_path, ENV_CONFIG)), "--dry-run")
    assert (code, out) == (2, "")
    assert "H2_TEST_TOKEN" in err


@pytest.mark.parametrize("command", ["invoke", "run"])
def test_a_dry_run_without_credentials_uses_stand_ins_and_says_so_once(
    command: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: Any
) -> None:
    """The rest of the config still counts: the requests go to the file's baseUrl."""
    monkeypatch.delenv("H2_TEST_SID", raising=False)
    monkeypatch.delenv("H2_TEST_TOKEN", raising=False)
    path = str(write(tmp_path, ENV_CONFIG))
    target = ["invoke", "get-account-details", "--config", path] if command == "invoke" else []
    code, out, err = run(capsys, *(target or ["run", path]), "--dry-run")
    assert code == 0, err
    notes = [line for line in err.splitlines() if "stand-in" in line]
    assert notes == ["dry run: no credentials in config 'main', so stand-in ones are used"]
    url = f"http://127.0.0.1:8765/2010-04-01/Accounts/AC{'0' * 32}.json"
    assert url in (out if command == "invoke" else err)


def test_a_dry_run_without_any_twilio_variables_says_so(
    capsys: pytest.CaptureFixture[str], no_twilio_env: pytest.MonkeyPatch
) -> None:
    no_twilio_env.setenv("TWILIO_REGION", "ie1")
    no_twilio_env.setenv("TWILIO_EDGE", "dublin")
    code, out, err = run(capsys, "invoke", "get-account-details", "--dry-run")
    assert code == 0, err
    assert err == "dry run: no credentials in the TWILIO_* variables, so stand-in ones are used\n"
    (request,) = json.loads(out)["requests"]
    assert request["url"].startswith("https://api.dublin.ie1.twilio.com/")
