"""Fixtures shared by the test suites: paths, test credentials, sample parameters and a
recording loopback server.

:class:`RecordingServer` is a real HTTP/1.1 server on 127.0.0.1 (keep-alive, Content-Length).
Tests script its answers (``server.script({"status": 429, ...}, ...)`` for the next requests,
``server.answer(...)`` for the rest: status, headers, body, delay, or dropping the connection
before or after reading the request) and then read ``server.requests`` (method, path, query,
form, headers) and ``server.attempts``, so they assert on what actually crossed a socket.
"""

from __future__ import annotations

import json
import re
import select
import socket
import struct
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
INSTALL_TEST_TOOLS = ".ci/install-test-tools"

ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "test-auth-token-0123456789"


@dataclass(frozen=True)
class Reply:
    """One scripted answer.

    ``drop`` closes the connection instead of answering: ``"before-read"`` as soon as the
    request starts arriving (nothing of it read), ``"after-read"`` once it was read in full.
    ``delay`` waits that long (after reading the request) before answering.
    """

    status: int = 200
    body: Any = b"{}"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: str | None = None

    def payload(self) -> bytes:
        """The body as bytes (dicts and lists become JSON)."""
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()


@dataclass(frozen=True)
class Received:
    """One request as the server read it off the socket."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        """The path, also for an absolute-form target (a request sent to a proxy)."""
        return urlsplit(self.target).path

    @property
    def query(self) -> list[tuple[str, str]]:
        """Query pairs, decoded, in the order sent."""
        return parse_qsl(urlsplit(self.target).query, keep_blank_values=True)

    @property
    def form(self) -> list[tuple[str, str]]:
        """Form pairs of an ``application/x-www-form-urlencoded`` body, in the order sent."""
        return parse_qsl(self.body.decode(), keep_blank_values=True)

    def header(self, name: str) -> str | None:
        """A header by case-insensitive name."""
        lowered = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == lowered), None)


def _as_reply(reply: Reply | Mapping[str, Any]) -> Reply:
    return reply if isinstance(reply, Reply) else Reply(**reply)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def handle_one_request(self) -> None:
        # Take a scripted reply only once a request starts arriving, so an idle keep-alive
        # connection never claims a reply meant for another connection.
        while True:
            if self.server.stopping.is_set():
                self.close_connection = True
                return
            readable, _, _ = select.select([self.connection], [], [], 0.05)
            if readable:
                break
        if not self.connection.recv(1, socket.MSG_PEEK):
            self.close_connection = True
            return
        reply = self.server.owner.next_reply()
        if reply.drop == "before-read":
            self.server.owner.record(None)
            # Closing with the request unread sends a reset: a peer that vanished mid-request.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self._drop()
            return
        self._reply = reply
        super().handle_one_request()

    def _drop(self) -> None:
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.owner.record(Received(self.command, self.path, dict(self.headers), body))
        reply = self._reply
        if reply.drop == "after-read":
            self._drop()
            return
        if reply.delay and self.server.stopping.wait(reply.delay):
            self.close_connection = True
            return
        payload = b"" if reply.status in (204, 304) else reply.payload()
        try:
            self.send_response(reply.status)
            headers = {"Content-Type": "application/json", **reply.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``requests`` instead."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog of 5 stalls a burst of parallel clients
    owner: RecordingServer
    stopping: threading.Event


class RecordingServer:
    """A loopback HTTP/1.1 server that answers from a script and records what it reads."""

    def __init__(self, port: int = 0) -> None:
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.owner = self
        self._server.stopping = threading.Event()
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests: list[Received] = []
        #: Requests that reached the server, dropped ones included.
        self.attempts = 0
        self.default = Reply()
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    def script(self, *replies: Reply | Mapping[str, Any]) -> None:
        """Answer the next requests with these replies (``Reply`` or its fields as a mapping),
        then with ``default``."""
        with self._lock:
            self._script.extend(_as_reply(r) for r in replies)

    def answer(self, **fields: Any) -> None:
        """Set the default reply, for requests beyond the script."""
        self.default = Reply(**fields)

    def next_reply(self) -> Reply:
        """The reply for the request that is arriving now."""
        with self._lock:
            return self._script.popleft() if self._script else self.default

    def record(self, request: Received | None) -> None:
        """Count an attempt; keep the request when it was read (``None`` when dropped unread)."""
        with self._lock:
            self.attempts += 1
            if request is not None:
                self.requests.append(request)

    def close(self) -> None:
        """Stop serving and release the port (hanging replies are cut short)."""
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    """A recording loopback server, stopped after the test."""
    srv = RecordingServer()
    try:
        yield srv
    finally:
        srv.close()


@pytest.fixture
def other_server() -> Iterator[RecordingServer]:
    """A second recording server: another host that must never see our credentials."""
    srv = RecordingServer()
    try:
        yield srv
    finally:
        srv.close()


@pytest.fixture
def start_server() -> Iterator[Callable[[int], RecordingServer]]:
    """``start_server(port)``: more recording servers (on a given port), stopped after."""
    started: list[RecordingServer] = []

    def start(port: int = 0) -> RecordingServer:
        srv = RecordingServer(port)
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.close()


def _loopback_config(base_url: str, **overrides: Any) -> dict[str, Any]:
    """A config for a loopback server with short timeouts and quick retries."""
    config: dict[str, Any] = {
        "accountSid": ACCOUNT_SID,
        "authToken": AUTH_TOKEN,
        "baseUrl": base_url,
        "connectTimeout": 10,
        "readTimeout": 10,
        "retry": {"maxAttempts": 3, "initialDelay": 0.01, "maxDelay": 0.5},
    }
    config.update(overrides)
    return config


@pytest.fixture
def make_connector(server: RecordingServer) -> Iterator[Callable[..., Any]]:
    """Build connectors pointed at ``server`` (overrides merge into the config); closed after."""
    from connector import Connector  # noqa: PLC0415 - imported lazily so conftest stays light

    made: list[Any] = []

    def make(base_url: str | None = None, **overrides: Any) -> Any:
        twilio = Connector(_loopback_config(base_url or server.url, **overrides))
        made.append(twilio)
        return twilio

    yield make
    for twilio in made:
        twilio.close()


@pytest.fixture
def loopback_config() -> Callable[..., dict[str, Any]]:
    """``loopback_config(base_url, **overrides)``: a config dict with small timeouts."""
    return _loopback_config


@pytest.fixture
def refused_port() -> int:
    """A loopback port that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's root folder."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def installed_tool(repo_root: Path) -> Callable[[str, str], Path]:
    """Finds a file that .ci/install-test-tools installs; fails the test, naming that command,
    when it is missing: ``installed_tool(".prism/node_modules/.bin/prism", "Prism")``."""

    def find(relative: str, what: str) -> Path:
        path = repo_root / relative
        if not path.is_file():
            pytest.fail(
                f"{what} is not installed ({relative} is missing): "
                f"run `{INSTALL_TEST_TOOLS}` in {repo_root}"
            )
        return path

    return find


@pytest.fixture(scope="session")
def twilio_api_v2010(installed_tool: Callable[[str, str], Path]) -> Path:
    """Twilio's OpenAPI file for the 2010-04-01 API, from the npm package @twilio/cli-core."""
    return installed_tool(".twilio-api/twilio_api_v2010.json", "Twilio's OpenAPI file")


@pytest.fixture(scope="session")
def op_map(repo_root: Path) -> dict[str, dict[str, Any]]:
    """tests/data/op_map.json by operation name: each seed operation's method, path, success
    status and wire parameters, as checked against Twilio's OpenAPI file and twilio-python 9.13."""
    path = repo_root / "tests" / "data" / "op_map.json"
    rows: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return rows


_SAMPLE_TEXT = {
    "isoCountryCode": "US",
    "apiVersion": "2010-04-01",
    "ifMachine": "Enable",
    "twiml": "<Response><Say>Hello</Say></Response>",
    "areaCode": "510",
    "nearLatLong": "37.84,-122.27",
    "inLata": "722",
    "inRateCenter": "OKLD",
    "inRegion": "CA",
    "inPostalCode": "94105",
    "contains": "555",
    "extension": "123",
    "sendDigits": "1234",
    "body": "Hello from the tests",
    "callSid": "CA" + "4" * 32,
}
_SAMPLE_INTEGER = {
    "areaCode": "510",
    "distance": "25",
    "callDelay": "5",
    "timeout": "30",
    "log": "1",
}
_SAMPLE_PHONE = "+14155550100"
_SID_PATTERN = re.compile(r"^\^\(?([A-Z]{2})")


def _sample_value(param: Any) -> Any:
    """A value Twilio's spec accepts, given the way flows give them (text, any case)."""
    if param.name == "limit":
        return "5"
    if param.name == "pageSize":
        return "20"
    if param.kind == "integer":
        return _SAMPLE_INTEGER.get(param.name, "1")
    if param.kind == "boolean":
        return "TRUE"
    if param.kind == "date":
        return "2024-01-31"
    if param.kind == "date-time":
        return "2024-01-31T10:00:00+02:00"
    if param.enum:
        first = param.enum[0]
        return first.lower() if first.isupper() else first.upper()
    if param.pattern and param.pattern.startswith("^https"):
        return "https://example.com/hook"
    if param.pattern and (match := _SID_PATTERN.match(param.pattern)):
        return match.group(1) + "3" * 32
    if param.name in _SAMPLE_TEXT:
        return _SAMPLE_TEXT[param.name]
    if "phone" in param.name.lower() or param.name in ("to", "from"):
        return _SAMPLE_PHONE
    return "Sample"


def _sample_params(op: Any, *, full: bool = True) -> dict[str, Any]:
    """Valid parameters for ``op``: every one it takes (``full``) or only what it requires.

    Of each exactly-one-of group only the first is given; representations stay at JSON.
    """
    excluded = {name for group in op.exactly_one_of for name in group[1:]}
    params: dict[str, Any] = {}
    for param in op.all_params:
        if param.extensions or param.name in excluded:
            continue
        if not (full or param.required or any(param.name == g[0] for g in op.exactly_one_of)):
            continue
        if param.name == "accountSid" and param.from_config and not full:
            continue
        value = _sample_value(param)
        params[param.name] = value
        if full:
            params.update(dict.fromkeys(param.bound_names(), value))
    return params


@pytest.fixture(scope="session")
def sample_params() -> Callable[..., dict[str, Any]]:
    """``sample_params(op, full=True)``: valid parameters for an operation (see above)."""
    return _sample_params


@pytest.fixture
def no_twilio_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No TWILIO_* variables, whatever the machine has; returns monkeypatch to set some."""
    for name in (
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_API_KEY",
        "TWILIO_API_SECRET",
        "TWILIO_REGION",
        "TWILIO_EDGE",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch
