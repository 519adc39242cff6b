"""An application's web server on loopback, for the emulator to call: it answers each path from
a table (TwiML, a status, an answer held until released) and records every request it reads,
so tests assert on what crossed the socket, and check each signature with twilio-python's own
RequestValidator."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from twilio.request_validator import RequestValidator

from tests.support.loopback import Received

WAIT = 10.0
"""The longest a test waits for the emulator to call (it calls within a fraction of that)."""


@dataclass
class Page:
    """What one path answers: `status` and `body` (TwiML by default), or each of `replies` in
    turn first; `hold` keeps the answer back until it is set (or `hold_at_most` passes)."""

    body: str = "<Response/>"
    status: int = 200
    content_type: str = "text/xml"
    replies: list[tuple[int, str]] = field(default_factory=list)
    hold: threading.Event | None = None
    hold_at_most: float = WAIT
    """How long `hold` keeps the answer back at most."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        app = self.server.app
        page = app.page(urlsplit(self.path).path)
        app.record(Received(self.command, self.path, dict(self.headers), body))
        if page.hold is not None:
            page.hold.wait(page.hold_at_most)
        status, text = page.replies.pop(0) if page.replies else (page.status, page.body)
        payload = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``requests`` instead."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    app: WebhookApp


class WebhookApp:
    """A loopback web server answering by path (404 for paths it does not know)."""

    def __init__(self, auth_token: str) -> None:
        self.validator = RequestValidator(auth_token)
        self.pages: dict[str, Page] = {}
        self.requests: list[Received] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.app = self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    def serve(self, path: str, body: str = "<Response/>", **fields: Any) -> str:
        """Answer `path` with `body` (and Page's other fields); its full URL."""
        self.pages[path] = Page(body, **fields)
        return self.url + path

    def page(self, path: str) -> Page:
        """What `path` answers."""
        return self.pages.get(path, Page("not found", 404, "text/plain"))

    def record(self, request: Received) -> None:
        """Keep a request that was read."""
        with self._lock:
            self.requests.append(request)

    def to(self, path: str) -> list[Received]:
        """The requests made to `path`, in the order they came."""
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def wait_for(self, path: str, count: int) -> list[Received]:
        """The first `count` requests to `path`, once they have come (fails after `WAIT` s)."""
        deadline = time.monotonic() + WAIT
        while len(self.to(path)) < count:
            assert time.monotonic() < deadline, f"{len(self.to(path))} requests to {path}"
            time.sleep(0.01)
        return self.to(path)[:count]

    def is_signed(self, request: Received) -> bool:
        """Whether twilio-python's RequestValidator accepts the request's signature."""
        params = dict(request.form) if request.method == "POST" else {}
        signature = request.header("X-Twilio-Signature") or ""
        return bool(self.validator.validate(self.url + request.target, params, signature))

    def close(self) -> None:
        """Stop serving."""
        for page in self.pages.values():
            if page.hold is not None:
                page.hold.set()
        self._server.shutdown()
        self._server.server_close()


def eventually(check: Callable[[], bool]) -> None:
    """Wait until `check()` holds (fails after `WAIT` s)."""
    deadline = time.monotonic() + WAIT
    while not check():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.01)
