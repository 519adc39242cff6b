"""The benchmarks' loopback server: threaded, keep-alive HTTP/1.1, in a child process.

One thread per connection reads each request (head and body), waits ``delay`` seconds when
asked to, and writes the answer that ``answer(target)`` gives for the request's target. It runs
in a child process (started with ``spawn``), so its work does not compete with the client for
the interpreter lock; ``answer`` is pickled there, so it is a module-level callable.

    with LoopbackServer(Fixed(response("201 Created", body)), delay=0.05) as url:
        ...
"""

from __future__ import annotations

import multiprocessing
import socket
import socketserver
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["Fixed", "LoopbackServer", "response"]

#: What the server answers a request target with.
Answer = Callable[[str], bytes]


def response(status: str, body: bytes) -> bytes:
    """A whole HTTP/1.1 answer (``status`` as ``"201 Created"``) with Twilio's headers."""
    head = (
        f"HTTP/1.1 {status}\r\n"
        "Content-Type: application/json; charset=utf-8\r\n"
        "Twilio-Request-Id: RQ0123456789abcdef0123456789abcdef\r\n"
        f"Content-Length: {len(body)}\r\n"
        "\r\n"
    )
    return head.encode() + body


@dataclass(frozen=True)
class Fixed:
    """The same answer to every request."""

    answer: bytes

    def __call__(self, target: str) -> bytes:
        """The answer, whatever the target."""
        return self.answer


def requests_on(sock: socket.socket) -> Iterator[str]:
    """The target of each request read off a keep-alive connection (head and body read in
    full), until the client closes it."""
    buffer = b""
    while True:
        while b"\r\n\r\n" not in buffer:
            chunk = sock.recv(65536)
            if not chunk:
                return
            buffer += chunk
        head, _, buffer = buffer.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        while len(buffer) < length:
            chunk = sock.recv(65536)
            if not chunk:
                return
            buffer += chunk
        buffer = buffer[length:]
        yield head.split(b" ", 2)[1].decode("latin-1")


class _Handler(socketserver.BaseRequestHandler):
    ANSWER: Answer = Fixed(b"")
    DELAY = 0.0

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for target in requests_on(sock):
            if self.DELAY:
                time.sleep(self.DELAY)
            sock.sendall(self.ANSWER(target))


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024  # clients that connect at once are not turned away


def _serve(answer: Answer, delay: float, ready: Any) -> None:
    _Handler.ANSWER = answer
    _Handler.DELAY = delay
    with _Server(("127.0.0.1", 0), _Handler) as server:
        ready.send(server.server_address[1])
        server.serve_forever()


class LoopbackServer:
    """The server in a child process for the ``with`` block, which gets its base URL."""

    def __init__(self, answer: Answer, delay: float = 0.0) -> None:
        context = multiprocessing.get_context("spawn")
        self._parent, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(answer, delay, child), daemon=True)

    def __enter__(self) -> str:
        self._process.start()
        if not self._parent.poll(60):
            self._process.terminate()
            raise RuntimeError("the benchmark server did not start")
        return f"http://127.0.0.1:{self._parent.recv()}"

    def __exit__(self, *exc: object) -> None:
        self._process.terminate()
        self._process.join(5)
