"""Prism, Stoplight's spec-validating mock, as a process serving an OpenAPI file on a loopback
port until the ``with`` block ends."""

from __future__ import annotations

import base64
import json
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.support.loopback import free_port
from tests.support.samples import ACCOUNT_SID

STARTUP_SECONDS = 60


def _answers(url: str) -> bool:
    token = base64.b64encode(f"{ACCOUNT_SID}:x".encode()).decode()
    request = urllib.request.Request(url, headers={"Authorization": f"Basic {token}"})
    try:
        with urllib.request.urlopen(request, timeout=1):
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP answer means Prism is serving
    except OSError:
        return False


def with_exploded_form_arrays(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with each array property of a form body given OpenAPI's default encoding
    (``style: form, explode: true``: the name repeated, ``Permissions=a&Permissions=b``, as
    Twilio reads lists) spelt out: Prism reads repeated names as an array only when told."""
    for item in document["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            content = operation.get("requestBody", {}).get("content", {})
            form = content.get("application/x-www-form-urlencoded")
            if form is None:
                continue
            properties = form.get("schema", {}).get("properties", {})
            arrays = [name for name, schema in properties.items() if schema.get("type") == "array"]
            encoding = form.setdefault("encoding", {})
            for name in arrays:
                encoding.setdefault(name, {"style": "form", "explode": True})
    return document


@contextmanager
def serving(binary: Path, openapi: Path, log_path: Path) -> Iterator[str]:
    """Start ``prism mock`` on ``openapi`` (its output to ``log_path``; the file as
    :func:`with_exploded_form_arrays` makes it, written beside the log) and yield its base URL
    once it answers; fail the test with the log's tail if it does not start in time."""
    served = log_path.with_name(openapi.name)
    document = json.loads(openapi.read_text(encoding="utf-8"))
    served.write_text(json.dumps(with_exploded_form_arrays(document)), encoding="utf-8")
    openapi = served
    port = free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(binary), "mock", "-h", "127.0.0.1", "-p", str(port), str(openapi)],
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
