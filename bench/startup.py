"""Start-up: the CPU a command takes, and the time from process start to the first request on
the wire, against twilio-python measured in the same run.

Each case is a fresh Python process; its CPU time (user + system) comes from the operating
system's accounting of the finished child. The baseline is
``python -c "from twilio.rest import Client"``. The "first send" cases are scripts that read
credentials from the environment, build their client and send one message to a loopback server
in this process; their figure is the wall time from spawning the process to the server reading
the request. Rounds interleave the cases (in a rotating order); each figure is the median over
rounds, with the spread (lowest to highest) beside it.

The children run as an installed package does: with Python's bytecode cache (an environment's
PYTHONDONTWRITEBYTECODE is dropped for them, and an untimed first round writes the cache), so
neither side pays for compiling its source on every start.

    python bench/startup.py [--rounds 9]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CLI = [PYTHON, "-m", "flows.cli"]
ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"

OURS_SEND = """
import os
from connector import Config, Connector
config = Config.from_env().with_base_url(os.environ["BENCH_URL"])
Connector(config).invoke(
    "send-sms-message", {"from": "+15005550006", "to": "+14155550100", "body": "Hi"}
)
"""
TWILIO_SEND = """
import os
from twilio.rest import Client
client = Client()
client.api.base_url = os.environ["BENCH_URL"]
client.messages.create(from_="+15005550006", to="+14155550100", body="Hi")
"""

#: name, argv, and whether its figure is the time to the first request (else CPU time).
CASES: list[tuple[str, list[str], bool]] = [
    ("twilio-python import", [PYTHON, "-c", "from twilio.rest import Client"], False),
    ("--help", [*CLI, "--help"], False),
    ("describe make-call", [*CLI, "describe", "make-call"], False),
    ("operations", [*CLI, "operations"], False),
    ("first send: ours", [PYTHON, "-c", OURS_SEND], True),
    ("first send: twilio-python", [PYTHON, "-c", TWILIO_SEND], True),
]
TARGETS = {  # case: (its baseline, the most it may take, as a ratio)
    "--help": ("twilio-python import", 0.5),
    "describe make-call": ("twilio-python import", 0.5),
    "operations": ("twilio-python import", 1.0),
    "first send: ours": ("first send: twilio-python", 1.0),
}


class _Server:
    """A loopback server answering every POST like Twilio's Messages, noting when one came."""

    def __init__(self) -> None:
        owner = self
        self.arrived = threading.Event()
        self.at = 0.0

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                owner.at = time.perf_counter()
                owner.arrived.set()
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                body = b'{"sid": "SM' + b"0" * 32 + b'", "status": "queued"}'
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def run_case(argv: list[str], to_wire: bool, server: _Server, env: dict[str, str]) -> float:
    """One run of a case: its CPU seconds, or its seconds to the first request."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server.arrived.clear()
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{argv[-1][:40]!r} failed:\n{done.stderr.decode()[-2000:]}")
    if to_wire:
        if not server.arrived.is_set():
            raise SystemExit(f"{argv} sent nothing")
        return server.at - start
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    """Measure, then print each case's median, spread and ratio to its baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    rounds = parser.parse_args().rounds
    server = _Server()
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": "bench-token",
        "BENCH_URL": server.url,
        "PYTHONPATH": str(ROOT),
    }
    samples: dict[str, list[float]] = {name: [] for name, _, _ in CASES}
    for _, argv, to_wire in CASES:  # untimed: fills the bytecode caches
        run_case(argv, to_wire, server, env)
    for number in range(rounds):
        shift = number % len(CASES)
        for name, argv, to_wire in CASES[shift:] + CASES[:shift]:
            samples[name].append(run_case(argv, to_wire, server, env))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    print(f"{rounds} rounds, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    for name, _, to_wire in CASES:
        values = samples[name]
        unit = "s to the wire" if to_wire else "s CPU"
        line = f"{name:<28} {medians[name]:.3f} {unit} ({min(values):.3f}-{max(values):.3f})"
        if name in TARGETS:
            baseline, most = TARGETS[name]
            ratio = medians[name] / medians[baseline]
            verdict = "ok" if ratio <= most else f"over the target of {most}x"
            line += f"  {ratio:.2f}x {baseline} [{verdict}]"
        print(line)


if __name__ == "__main__":
    main()
