"""What each command imports: ``--help`` and the catalog listings start without the libraries
the sending commands need, and ``invoke`` without the emulator, web servers or expressions
(README: Performance). Each case is a fresh interpreter, as a user's command is."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support.paths import REPO_ROOT

#: Libraries (and project packages) that cost start-up time.
HEAVY = (
    "connector",
    "operations",
    "flows.document",
    "emulator",
    "jsonschema",
    "jinja2",
    "pydantic",
    "requests",
    "werkzeug",
    "waitress",
    "yaml",
    "twilio",
)
PROBE = """
import contextlib, io, json, sys
from flows.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
heavy = json.loads(sys.stdin.read())
print(json.dumps({"code": code, "loaded": [name for name in heavy if name in sys.modules]}))
"""
SEND = ["-p", "from=+15005550006", "-p", "to=+14155550100", "-p", "body=Hi", "--dry-run"]
CASES = [
    (["--help"], set()),
    (["operations"], set()),
    (["operations", "--json"], set()),
    (["describe", "make-call"], set()),
    (["describe", "send-sms-message", "--json"], set()),
    (
        ["invoke", "send-sms-message", *SEND],
        {"connector", "operations", "jsonschema", "pydantic", "requests", "yaml"},
    ),
]


def imported(argv: list[str]) -> tuple[int, set[str]]:
    """The exit code of the command, and which of HEAVY it imported."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        input=json.dumps(HEAVY),
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=True,
        timeout=60,
    )
    found = json.loads(done.stdout.splitlines()[-1])
    return found["code"], set(found["loaded"])


@pytest.mark.parametrize(("argv", "allowed"), CASES, ids=[" ".join(a[:2]) for a, _ in CASES])
def test_a_command_imports_only_what_it_uses(argv: list[str], allowed: set[str]) -> None:
    code, loaded = imported(argv)
    assert code == 0
    assert loaded <= allowed, f"{' '.join(argv)} imported {sorted(loaded - allowed)}"


def test_the_probe_sees_imports() -> None:
    """The check itself: a command that runs a flow does import the runner."""
    code, loaded = imported(["validate", "flows/examples/notify.yaml"])
    assert code == 0
    assert {"flows.document", "jinja2", "yaml"} <= loaded
