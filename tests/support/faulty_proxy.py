"""A loopback proxy in front of a real server (the emulator) that fails some POSTs the ways that
leave a client not knowing what happened: the connection reset after the server processed the
request, a 5xx after it processed it, or a 5xx before it (nothing processed).

Faults are drawn at random (seeded) with probability ``p`` each, and counted in ``done``; GETs
pass untouched, so a client can look at what the server has.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

__all__ = ["FaultyProxy"]

FAULTS = ("reset-after", "5xx-after", "5xx-before")
_JSON = "application/json"
_UNAVAILABLE = b'{"code": 20503, "message": "Service Unavailable"}'
_INTERNAL = b'{"code": 20500, "message": "Internal Server Error"}'


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def _forward(self, body: bytes) -> requests.Response:
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        return self.server.owner.session().request(
            self.command,
            self.server.owner.upstream + self.path,
            data=body or None,
            headers=headers,
            timeout=30,
        )

    def _answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        fault = self.server.owner.draw() if self.command == "POST" else None
        if fault == "5xx-before":
            self._answer(503, _UNAVAILABLE, _JSON)
            return
        upstream = self._forward(body)
        if fault == "reset-after":
            # SO_LINGER 0: closing sends a reset, as a connection lost after the request went out.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        if fault == "5xx-after":
            self._answer(500, _INTERNAL, _JSON)
            return
        self._answer(
            upstream.status_code,
            upstream.content,
            upstream.headers.get("Content-Type", "application/json"),
        )

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    owner: FaultyProxy


class FaultyProxy:
    """``with FaultyProxy(emulator.url, p=0.05, seed=1) as proxy: proxy.url``."""

    def __init__(self, upstream: str, *, p: float, seed: int = 0) -> None:
        self.upstream = upstream.rstrip("/")
        self.p = p
        self.done: Counter[str] = Counter()
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> FaultyProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def session(self) -> requests.Session:
        """This thread's session to the upstream server."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def draw(self) -> str | None:
        """The fault for the next POST, if any (each with probability ``p``)."""
        with self._lock:
            roll = self._random.random()
            for number, fault in enumerate(FAULTS):
                if roll < self.p * (number + 1):
                    self.done[fault] += 1
                    return fault
            self.done["passed"] += 1
            return None
