"""``twilio-connector listen``: the file's sources served by waitress in a process of its own,
stopped by SIGTERM or Ctrl-C; with ``--emulator``, the account's numbers pointed at it."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.support.cli import run_cli
from tests.support.loopback import free_port
from tests.support.paths import REPO_ROOT
from tests.support.wsgi import post_signed

SID = "AC" + "6" * 32
TOKEN = "listen-token"
BOT = f"""\
configs:
  main: {{accountSid: {SID}, authToken: {TOKEN}, retry: {{maxAttempts: 1}}}}
flows:
  reply:
    source: {{twilio:on-incoming-message: {{path: /sms}}}}
    steps:
      - twilio:send-sms-message:
          {{from: "+15005550006", to: "#[payload.From]", body: pong, target: sent}}
      - set-payload: {{value: "<Response><Message>#[payload.Body]</Message></Response>"}}
  calls:
    source: {{twilio:on-incoming-call: {{path: /voice, method: GET}}}}
    steps: []
  call-status:
    source: {{twilio:on-call-status: {{path: /call-status}}}}
    steps: []
  recordings:
    source: {{twilio:on-recording-status: {{path: /recordings}}}}
    steps: []
  after-hours:
    source: {{twilio:on-incoming-call: {{path: /after-hours}}}}
    steps: []
"""
ECHO = f"""\
configs:
  main: {{accountSid: {SID}, authToken: {TOKEN}}}
flows:
  reply:
    source: {{twilio:on-incoming-message: {{path: /sms}}}}
    steps: [{{set-payload: {{value: "<Response><Message>#[payload.Body]</Message></Response>"}}}}]
"""


class Listening:
    """A ``twilio-connector listen`` process and the lines it wrote to stderr."""

    def __init__(self, *argv: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TWILIO_")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "listen", *argv],
            cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.lines: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def wait_for(self, prefix: str) -> str:
        """The first line that starts with ``prefix`` (reading on until it comes)."""
        while True:
            line = self._lines.get(timeout=60)
            assert line is not None, "\n".join(self.lines)
            self.lines.append(line)
            if line.startswith(prefix):
                return line

    def stop(self, signum: int) -> tuple[int, str]:
        """Send a signal; the exit code and the rest of stderr."""
        self.process.send_signal(signum)
        self.process.wait(timeout=60)
        while (line := self._lines.get(timeout=10)) is not None:
            self.lines.append(line)
        return self.process.returncode, "\n".join(self.lines)


@pytest.fixture
def start_listen() -> Iterator[type[Listening]]:
    started: list[Listening] = []

    def start(*argv: str) -> Listening:
        listening = Listening(*argv)
        started.append(listening)
        return listening

    yield start  # type: ignore[misc]
    for listening in started:
        listening.process.kill()
        listening.process.wait(timeout=10)


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "bot.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_listen_serves_signed_webhooks_until_sigterm(
    start_listen: type[Listening], tmp_path: Path
) -> None:
    port = free_port()
    store = tmp_path / "replies.sqlite3"
    listening = start_listen(_write(tmp_path, ECHO), "--port", str(port), "--store", str(store))
    line = listening.wait_for("listening on ")
    url = f"http://127.0.0.1:{port}"
    assert line == f"listening on {url}"
    assert f"  POST {url}/sms -> flow 'reply' (twilio:on-incoming-message)" in listening.lines
    reply = post_signed(f"{url}/sms", {"From": "+14155550100", "Body": "ping"}, TOKEN)
    assert (reply.status_code, reply.text) == (200, "<Response><Message>ping</Message></Response>")
    assert reply.headers["Server"] == "twilio-connector"
    assert requests.get(f"{url}/healthz", timeout=10).status_code == 200
    assert post_signed(f"{url}/sms", {"Body": "ping"}, "wrong").status_code == 403
    code, err = listening.stop(signal.SIGTERM)
    assert code == 0, err
    assert "stopping (SIGTERM)" in err
    assert "Traceback" not in err
    assert store.exists()


def test_ctrl_c_stops_listen_with_exit_130(start_listen: type[Listening], tmp_path: Path) -> None:
    listening = start_listen(
        _write(tmp_path, ECHO), "--port", "0", "--store", str(tmp_path / "r.db")
    )
    listening.wait_for("listening on ")
    code, err = listening.stop(signal.SIGINT)
    assert code == 130, err
    assert "Traceback" not in err


def test_listen_with_the_emulator_points_the_numbers_at_the_listener(
    start_listen: type[Listening], tmp_path: Path
) -> None:
    port = free_port()
    listening = start_listen(_write(tmp_path, BOT), "--port", str(port), "--emulator")
    listening.wait_for("listening on ")
    announced = next(line for line in listening.lines if line.startswith("emulator on"))
    emulator = re.fullmatch(r"emulator on (\S+)", announced)
    assert emulator is not None
    url = f"http://127.0.0.1:{port}"
    account = f"{emulator[1]}/2010-04-01/Accounts/{SID}"
    (number,) = requests.get(
        f"{account}/IncomingPhoneNumbers.json", auth=(SID, TOKEN), timeout=10
    ).json()["incoming_phone_numbers"]
    assert (number["sms_url"], number["sms_method"]) == (f"{url}/sms", "POST")
    assert (number["voice_url"], number["voice_method"]) == (f"{url}/voice", "GET")
    # the first incoming-call flow in the file has the number, not the first by name
    taken = "flow 'after-hours': the numbers' voiceUrl is taken by flow 'calls', the first"
    assert any(taken in line for line in listening.lines), listening.lines
    assert (number["status_callback"], number["status_callback_method"]) == (
        f"{url}/call-status",
        "POST",
    )
    assert any(f"give {url}/recordings as the status callback" in line for line in listening.lines)
    # A message as the emulator will deliver it: the flow's own send goes to the emulator.
    reply = post_signed(
        number["sms_url"], {"From": "+14155550100", "To": "+15005550006", "Body": "ping"}, TOKEN
    )
    assert reply.text == "<Response><Message>ping</Message></Response>"
    sent = requests.get(f"{account}/Messages.json", auth=(SID, TOKEN), timeout=10).json()[
        "messages"
    ]
    assert [(m["to"], m["body"]) for m in sent] == [("+14155550100", "pong")]
    code, err = listening.stop(signal.SIGTERM)
    assert code == 0, err
    assert TOKEN not in err


ANSWERED = f"""\
configs:
  main: {{accountSid: {SID}, authToken: {TOKEN}}}
flows:
  calls:
    source: {{twilio:on-incoming-call: {{path: /voice}}}}
    steps: [{{set-payload: {{value: "<Response><Say>Hi</Say><Pause length='4'/></Response>"}}}}]
"""


def test_with_answer_calls_a_call_the_bot_makes_fetches_its_url(
    start_listen: type[Listening], tmp_path: Path
) -> None:
    port = free_port()
    listening = start_listen(
        _write(tmp_path, ANSWERED), "--port", str(port), "--emulator", "--answer-calls"
    )
    listening.wait_for("listening on ")
    announced = next(line for line in listening.lines if line.startswith("emulator on"))
    emulator = re.fullmatch(r"emulator on (\S+)", announced)
    assert emulator is not None
    calls = f"{emulator[1]}/2010-04-01/Accounts/{SID}/Calls"
    made = requests.post(
        f"{calls}.json",
        data={
            "From": "+15005550006",
            "To": "+14155550100",
            "Url": f"http://127.0.0.1:{port}/voice",
        },
        auth=(SID, TOKEN),
        timeout=10,
    ).json()
    deadline = time.monotonic() + 30
    while (call := requests.get(f"{calls}/{made['sid']}.json", auth=(SID, TOKEN), timeout=10)
           .json())["status"] != "completed":  # fmt: skip
        assert time.monotonic() < deadline, call
        time.sleep(0.1)
    assert call["duration"] == "5"  # the listener's TwiML ran (Say 1 s, Pause 4 s), not the clock
    assert listening.stop(signal.SIGTERM)[0] == 0


def test_answer_calls_needs_the_emulator(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run_cli(capsys, "listen", _write(tmp_path, ECHO), "--answer-calls")
    assert code == 2
    assert "--answer-calls is an option of the emulator: give --emulator too" in err


def test_a_file_without_sources_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text("flows:\n  main: [{set-payload: {value: 1}}]\n")
    code, out, err = run_cli(capsys, "listen", str(path), "--port", "0")
    assert (code, out) == (2, "")
    assert "no flow has a source: there is nothing to listen to" in err


def test_an_invalid_file_is_reported_and_nothing_is_served(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _write(tmp_path, ECHO.replace("path: /sms", "path: sms"))
    code, _, err = run_cli(capsys, "listen", path, "--port", "0")
    assert code == 2
    assert "'path' must be an absolute path such as /sms (got 'sms')" in err


def test_a_public_url_with_a_query_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _write(tmp_path, ECHO)
    store = str(tmp_path / "r.db")
    code, _, err = run_cli(
        capsys,
        "listen",
        path,
        "--port",
        "0",
        "--store",
        store,
        "--public-url",
        "https://x.com/?a=1",
    )
    assert code == 2
    assert "public URL 'https://x.com/?a=1'" in err


def test_listen_help_does_not_import_the_server() -> None:
    code = (
        "import sys; from flows.cli import main; main(['listen', '--help']); "
        "print('waitress' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "--public-url URL" in done.stdout
    assert done.stdout.strip().endswith("False")
