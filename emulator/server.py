"""The HTTP server: waitress, a production WSGI server, with a pool of worker threads.

Waitress reads requests on one thread (keep-alive connections cost nothing while idle) and
runs the application on `THREADS` workers. It is already what ``twilio-connector listen``
serves with; measured against Werkzeug's development server (the emulator's server before)
and cheroot on a keep-alive `requests` client, all three are within a few percent of each other
answering a fixed body (bench/emulator.py prints the floor), so the one the project already
depends on is used.

`Server` gives waitress the start/stop life cycle of the standard library's servers
(``serve_forever`` on one thread, ``shutdown`` from another, then ``server_close``).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from waitress import wasyncore
from waitress.server import create_server

log = logging.getLogger("emulator.server")

IDLE_TIMEOUT = 60
"""Seconds an idle keep-alive connection is kept."""
THREADS = 16
"""Worker threads by default: requests beyond them wait for one (the store takes one at a
time anyway); enough for the handlers that sleep (queued faults) or wait on webhooks."""
CONNECTION_LIMIT = 1000
"""Open connections at most (waitress's default, 100, would stall more keep-alive clients)."""


class Server:
    """A waitress server bound to its port, not yet serving."""

    def __init__(self, host: str, port: int, app: Any, threads: int = THREADS) -> None:
        self._server: Any = create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            channel_timeout=IDLE_TIMEOUT,
            connection_limit=CONNECTION_LIMIT,
            asyncore_use_poll=True,
            clear_untrusted_proxy_headers=False,
            ident="twilio-emulator",
        )
        self.port: int = int(self._server.effective_port)
        self._stopping = threading.Event()
        self._done = threading.Event()

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Serve until `shutdown` is called (it is checked every `poll_interval` seconds)."""
        try:
            while not self._stopping.is_set():
                wasyncore.loop(timeout=poll_interval, map=self._server._map, use_poll=True, count=1)
        finally:
            self._done.set()

    def shutdown(self) -> None:
        """Stop `serve_forever` and wait until it has returned."""
        self._stopping.set()
        self._server.pull_trigger()
        self._done.wait()

    def server_close(self) -> None:
        """Close the listening socket and every connection; let the workers finish."""
        for channel in list(self._server._map.values()):
            channel.close()
        self._server.task_dispatcher.shutdown()


def serve(host: str, port: int, app: Any, threads: int = THREADS) -> Server:
    """A threaded server for `app` on `host`:`port` (0 picks a free port), not yet serving.

    The socket is bound here, so a port in use raises OSError.
    """
    return Server(host, port, app, threads)
