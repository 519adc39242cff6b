"""The emulator as a process: `python -m emulator`, its output, SIGTERM, and a --db that
survives a restart."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from emulator import Emulator
from tests.support.emulator_api import Api
from tests.support.paths import REPO_ROOT

SID, TOKEN = "AC" + "5" * 32, "6" * 32


@contextmanager
def serving(*args: str) -> Iterator[tuple[str, list[str]]]:
    """Run `python -m emulator --port 0 ...`; yield its URL and the lines it printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "--port", "0", *args],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines: list[str] = []
    try:
        while not lines or not lines[-1].startswith("Press Ctrl-C"):
            line = process.stdout.readline()
            assert line, process.stderr.read() if process.stderr else "no output"
            lines.append(line.rstrip("\n"))
        url = re.search(r"http://127\.0\.0\.1:\d+", lines[0])
        assert url is not None, lines
        yield url.group(0), lines
    finally:
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=15)
        lines.extend(rest.splitlines())
    assert process.returncode == 0
    assert lines[-1] == "Twilio emulator stopped."


def _run_to_exit(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m emulator ...` that is expected to stop by itself; its exit and output."""
    return subprocess.run(
        [sys.executable, "-m", "emulator", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_the_cli_prints_url_and_credentials_and_stops_on_sigterm() -> None:
    with serving("--account-sid", SID, "--auth-token", TOKEN) as (url, lines):
        assert lines[0] == f"Twilio emulator listening on {url}"
        assert f"Account SID: {SID}" in lines[1]
        assert f"Auth token:  {TOKEN}" in lines[2]
        assert "in memory" in lines[3]
        assert Api(url, SID, TOKEN).send()["account_sid"] == SID


def test_generated_credentials_work() -> None:
    with serving() as (url, lines):
        sid, token = lines[1].split()[-1], lines[2].split()[-1]
        assert re.fullmatch(r"AC[0-9a-f]{32}", sid)
        assert re.fullmatch(r"[0-9a-f]{32}", token)
        assert Api(url, sid, token).get("/Messages.json").status_code == 200


def test_state_survives_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "twilio.db")
    with serving("--db", db, "--account-sid", SID, "--auth-token", TOKEN) as (url, _):
        api = Api(url, SID, TOKEN)
        message = api.send(body="remember me")["sid"]
        number = api.post("/IncomingPhoneNumbers.json", AreaCode="415").json()
        sub = api.post(f"{url}/2010-04-01/Accounts.json", FriendlyName="Kept").json()["sid"]
    with serving("--db", db) as (url, lines):
        assert f"Account SID: {SID}" in lines[1]
        assert db in lines[3]
        api = Api(url, SID, TOKEN)
        assert api.get(f"/Messages/{message}.json").json()["body"] == "remember me"
        assert (
            api.get(f"/IncomingPhoneNumbers/{number['sid']}.json").json()["phone_number"]
            == number["phone_number"]
        )
        assert api.get(f"{url}/2010-04-01/Accounts/{sub}.json").json()["friendly_name"] == "Kept"
        available = api.get("/AvailablePhoneNumbers/US/Local.json", AreaCode=415).json()[
            "available_phone_numbers"
        ]
        assert number["phone_number"] not in [n["phone_number"] for n in available]


def test_seed_file_is_loaded_at_start(tmp_path: Path) -> None:
    fixtures = tmp_path / "fixtures.json"
    fixtures.write_text(
        json.dumps({"notifications": [{"message_text": "seeded"}], "recordings": [{"duration": 7}]})
    )
    with serving("--account-sid", SID, "--auth-token", TOKEN, "--seed", str(fixtures)) as (
        url,
        lines,
    ):
        assert any("1 notifications" in line and "1 recordings" in line for line in lines)
        api = Api(url, SID, TOKEN)
        assert api.get("/Notifications.json").json()["notifications"][0]["message_text"] == "seeded"
        assert api.get("/Recordings.json").json()["recordings"][0]["duration"] == "7"
        assert requests.get(f"{url}/_emulator/health", timeout=10).json()["accounts"] == 1


def test_a_bad_seed_file_exits_2(tmp_path: Path) -> None:
    fixtures = tmp_path / "fixtures.json"
    fixtures.write_text('{"robots": []}')
    result = _run_to_exit("--port", "0", "--seed", str(fixtures))
    assert result.returncode == 2
    assert "unknown fixture kinds" in result.stderr
    assert result.stdout == ""


def test_a_taken_port_exits_2(tmp_path: Path) -> None:
    with Emulator() as running:
        port = running.url.rsplit(":", 1)[1]
        result = _run_to_exit("--port", port)
    assert result.returncode == 2
    assert result.stderr.startswith("emulator: ")
    assert result.stdout == ""
