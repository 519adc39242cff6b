"""The HTTP server: Werkzeug's threaded server with a request handler that keeps connections
alive.

Werkzeug 3.1's handler answers every request with ``Connection: close`` and then waits 10 ms
for stray request bytes, so each request costs a new TCP connection and a new thread. Clients
of the emulator (the connector, its benchmark) send many small requests over one keep-alive
session, so this handler reads the whole request body first, sends the response with its
Content-Length and leaves the connection open. Requests it cannot frame that way (chunked
bodies) go to Werkzeug's own handling.
"""

from __future__ import annotations

import io
import logging
import socket
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

log = logging.getLogger("emulator.server")

IDLE_TIMEOUT = 60.0
"""Seconds an idle keep-alive connection (and its thread) is kept."""


class KeepAliveHandler(WSGIRequestHandler):
    """HTTP/1.1 with keep-alive, no Nagle delay, no per-request log line."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    wbufsize = -1  # buffer the response: headers and body leave in one send
    timeout = IDLE_TIMEOUT

    def run_wsgi(self) -> None:
        """Run the WSGI app on a request whose body is read up front; answer with its length."""
        length = self.headers.get("Content-Length")
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        if chunked or (length is not None and not length.isdigit()):
            super().run_wsgi()
            return
        body = self.rfile.read(int(length)) if length else b""
        environ = self.make_environ()
        environ["wsgi.input"] = io.BytesIO(body)
        started: list[Any] = []

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            started[:] = [status, headers]
            return None

        chunks = self.server.app(environ, start_response)
        try:
            payload = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        status, headers = started
        code, _, reason = status.partition(" ")
        self.send_response(int(code), reason)
        names = set()
        for name, value in headers:
            self.send_header(name, value)
            names.add(name.lower())
        if "content-length" not in names and int(code) not in (204, 304):
            self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def log(self, type: str, message: str, *args: Any) -> None:
        """Requests and connection errors go to the ``emulator.server`` logger at DEBUG."""
        log.debug(message, *args)


def serve(host: str, port: int, app: Any) -> BaseWSGIServer:
    """A threaded server for `app` on `host`:`port` (0 picks a free port), not yet serving.

    The socket is bound here, so a port in use raises OSError (Werkzeug would exit the process).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(socket.SOMAXCONN)
        return make_server(
            host,
            port,
            app,
            threaded=True,
            request_handler=KeepAliveHandler,
            fd=listener.fileno(),
        )
