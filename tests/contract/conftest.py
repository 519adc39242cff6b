"""Prism, Stoplight's spec-validating mock, serving Twilio's OpenAPI file for the session.

Install it once with ``npm install --prefix .prism @stoplight/prism-cli@5.16.0`` (CI does).
"""

from __future__ import annotations

import base64
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

PRISM_VERSION = "5.16.0"
INSTALL = f"npm install --prefix .prism @stoplight/prism-cli@{PRISM_VERSION}"
STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    token = base64.b64encode(b"AC0123456789abcdef0123456789abcdef:x").decode()
    request = urllib.request.Request(url, headers={"Authorization": f"Basic {token}"})
    try:
        with urllib.request.urlopen(request, timeout=1):
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP answer means Prism is serving
    except OSError:
        return False


@pytest.fixture(scope="session")
def prism_url(
    repo_root: Path, reference_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The base URL of a Prism mock of reference/twilio_api_v2010.json, started once."""
    binary = repo_root / ".prism" / "node_modules" / ".bin" / "prism"
    if not binary.exists():
        pytest.fail(f"Prism is not installed ({binary} is missing): run `{INSTALL}` in {repo_root}")
    spec = reference_dir / "twilio_api_v2010.json"
    port = _free_port()
    log_path = tmp_path_factory.mktemp("prism") / "prism.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(binary), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(f"{url}/2010-04-01/Accounts.json"):
            if process.poll() is not None or time.monotonic() > deadline:
                output = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
                pytest.fail(f"Prism did not start (exit code {process.poll()}):\n{output}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
