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
from urllib.parse import parse_qsl, urlencode

import pytest
import requests
from requests.adapters import HTTPAdapter

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


@contextmanager
def serving(binary: Path, openapi: Path, log_path: Path) -> Iterator[str]:
    """Start ``prism mock`` on ``openapi`` (its output to ``log_path``) and yield its base URL
    once it answers; fail the test with the log's tail if it does not start in time."""
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


def array_fields(openapi: Path) -> frozenset[str]:
    """The form fields an OpenAPI file types as arrays (``StatusCallbackEvent``, ``MediaUrl``)."""
    document = json.loads(openapi.read_text("utf-8"))
    return frozenset(
        name
        for methods in document["paths"].values()
        for operation in methods.values()
        if isinstance(operation, dict)
        for content in operation.get("requestBody", {}).get("content", {}).values()
        for name, field in content["schema"].get("properties", {}).items()
        if field.get("type") == "array"
    )


class ArraysAsBrackets(HTTPAdapter):
    """Prism reads a form array only as ``Key[]=a&Key[]=b``; Twilio and twilio-python send
    ``Key=a&Key=b``. This adapter writes the one as the other for the fields the file types as
    arrays, so that Prism checks the request the connector sends (and nothing else changes)."""

    def __init__(self, fields: frozenset[str]) -> None:
        super().__init__()
        self.fields = fields

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        """Send `request` with its array fields in Prism's form."""
        body = request.body
        if isinstance(body, bytes):
            body = body.decode()
        if body and "x-www-form-urlencoded" in request.headers.get("Content-Type", ""):
            pairs = parse_qsl(body, keep_blank_values=True)
            body = urlencode([(k + "[]" if k in self.fields else k, v) for k, v in pairs])
            request.body = body
            request.headers["Content-Length"] = str(len(body))
        return super().send(request, **kwargs)


def session_for(openapi: Path) -> requests.Session:
    """A session whose requests Prism serving `openapi` reads as the connector means them."""
    session = requests.Session()
    adapter = ArraysAsBrackets(array_fields(openapi))
    session.mount("http://", adapter)
    return session
