"""What each command imports: ``--help`` and the catalog listings start without the libraries
the sending commands need, and ``invoke`` without the emulator, web servers or expressions
(README: Performance); a script that sends one message through the Python API imports neither
pydantic (its config is checked without it) nor the idempotency ledger. Each case is a fresh
interpreter, as a user's command is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

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
    "fastjsonschema",
    "connector._config_model",
    "connector.ledger",
    "connector.once",
    "sqlite3",
    "difflib",
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
        {"connector", "operations", "fastjsonschema", "requests", "yaml"},
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
    """The check itself: a command that runs a flow does import the runner, and ``invoke``
    with an idempotency key the ledger."""
    code, loaded = imported(["validate", "flows/examples/notify.yaml"])
    assert code == 0
    assert {"flows.document", "jinja2", "yaml"} <= loaded
    code, loaded = imported(["invoke", "send-sms-message", *SEND, "--idempotency-key", "k1"])
    assert code == 0
    assert {"connector.once", "connector.ledger"} <= loaded


#: The optional extra of Celery workers (README: Running workers).
CELERY = ("celery", "kombu", "redis", "flows.distributed", "connector.redis_ledger")


def test_running_a_flow_without_executor_celery_imports_neither_celery_nor_redis() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "run", "flows/examples/notify.yaml", "--emulator"],
        input=json.dumps(CELERY),
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=True,
        timeout=60,
    )
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["code"] == 0, done.stderr
    assert found["loaded"] == []


def test_the_worker_command_does_import_celery() -> None:
    """The check above can fail: the worker imports Celery when it runs (here it stops at once
    on a flow file that is not there), though not for ``--help``."""
    for argv, code, loaded in (
        (["worker", "--help"], 0, []),
        (["worker", "missing.yaml", "--broker", "redis://127.0.0.1:1/0"], 2, list(CELERY[:4])),
    ):
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *argv],
            input=json.dumps(CELERY),
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            check=True,
            timeout=60,
        )
        found = json.loads(done.stdout.splitlines()[-1])
        assert found["code"] == code, done.stderr
        assert found["loaded"] == loaded


#: The script of bench/startup.py's first send: a Connector from the environment, one message.
FIRST_SEND = """
import json, os, sys
from connector import Config, Connector
config = Config.from_env().with_base_url(os.environ["BENCH_URL"])
Connector(config).invoke(
    "send-sms-message", {"from": "+15005550006", "to": "+14155550100", "body": "Hi"}
)
heavy = json.loads(sys.stdin.read())
print(json.dumps([name for name in heavy if name in sys.modules]))
"""


def test_a_first_send_imports_only_what_sending_needs(server: Any) -> None:
    server.answer(status=201, body={"sid": "SM" + "0" * 32, "status": "queued"})
    env = {
        **os.environ,
        "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
        "TWILIO_AUTH_TOKEN": "token",
        "BENCH_URL": server.url,
    }
    done = subprocess.run(
        [sys.executable, "-c", FIRST_SEND],
        input=json.dumps(HEAVY),
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        check=True,
        timeout=60,
    )
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert loaded == {"connector", "operations", "fastjsonschema", "requests"}
    assert server.attempts == 1
