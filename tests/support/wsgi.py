"""A flow file's listener served by waitress on a free loopback port, as ``twilio-connector
listen`` serves it, and requests signed the way Twilio signs them (by twilio-python's
``RequestValidator``, the oracle of the signature tests)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import requests
from twilio.request_validator import RequestValidator

from flows.cli.listen_command import make_server
from flows.listener import create_app


@contextlib.contextmanager
def served(app: Any, *, threads: int = 16) -> Iterator[str]:
    """Serve a listener on 127.0.0.1 as ``twilio-connector listen`` serves it, until the block
    ends; yield its base URL."""
    server = make_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        # The worker threads first (each wakes the loop when it is done), then every channel,
        # closed in the loop's own thread: the loop ends when none is left.
        server.task_dispatcher.shutdown()

        def close_all() -> None:
            for channel in list(server._map.values()):
                channel.close()

        # OSError: the loop has closed its trigger already, so it is ending by itself.
        with contextlib.suppress(OSError):
            server.trigger.pull_trigger(close_all)
        thread.join(timeout=10)
        assert not thread.is_alive(), "the server did not stop"


@contextlib.contextmanager
def listening(path: Path, flows: str, **options: Any) -> Iterator[str]:
    """Write a flow file to ``path`` and serve its sources (``create_app`` options) until the
    block ends, then wait for the flows still running; yield the base URL."""
    path.write_text(flows, encoding="utf-8")
    app = create_app(path, **options)
    try:
        with served(app) as url:
            yield url
    finally:
        app.close()


def signature(url: str, params: Mapping[str, Any] | None, token: str) -> str:
    """The X-Twilio-Signature Twilio sends for a request to ``url`` with these parameters."""
    return str(RequestValidator(token).compute_signature(url, params or {}))


def post_signed(
    url: str,
    params: Mapping[str, str],
    token: str,
    *,
    signed_url: str | None = None,
    headers: Mapping[str, str] | None = None,
    session: requests.Session | None = None,
) -> requests.Response:
    """POST a form to ``url`` as Twilio would, signed for ``signed_url`` (default ``url``)."""
    sent = {"X-Twilio-Signature": signature(signed_url or url, params, token), **(headers or {})}
    return (session or requests).post(url, data=params, headers=sent, timeout=30)
