"""A real HTTP/1.1 server on 127.0.0.1 that answers from a script and records what it reads, and
the other loopback pieces the connector's tests need: a port nothing listens on, and a config
for a loopback server with short timeouts and quick retries.

:class:`RecordingServer` keeps connections alive and answers with Content-Length. Tests script
its answers (``server.script({"status": 429, ...}, ...)`` for the next requests,
``server.answer(...)`` for the rest: status, headers, body, delay, or dropping the connection
before or after reading the request) and then read ``server.requests`` (method, path, query,
form, headers) and ``server.attempts``, so they assert on what actually crossed a socket.
"""

from __future__ import annotations

import json
import select
import socket
import struct
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.support.samples import ACCOUNT_SID, AUTH_TOKEN


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

    @property
    def json(self) -> Any:
        """The body parsed as JSON (for an ``application/json`` request)."""
        return json.loads(self.body)

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


def free_port() -> int:
    """A loopback port that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def loopback_config(base_url: str, **overrides: Any) -> dict[str, Any]:
    """A config for a loopback server with short timeouts and quick retries (overrides merge)."""
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
