"""Webhooks per second of the listener, against a bare WSGI app under the same server.

One run starts two waitress servers on loopback ports, each in a child process (so the client
has this process to itself): the listener serving an auto-reply flow (signature check,
idempotency store, the flow, its TwiML), and a bare WSGI app that answers every POST with the
same TwiML and checks nothing. A client posts signed webhooks (a fresh idempotency token each)
at a fixed concurrency. Rounds interleave the two; each figure is the median over rounds, and
the listener's overhead per request is the difference of the mean times per request.

    python bench/listener.py [--rounds 5] [--webhooks 400] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import multiprocessing
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the packages, not bench/flows.py

from connector.signatures import compute_signature

ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "bench-auth-token"
REPLY = b'<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks</Message></Response>'
FLOW = f"""
configs:
  main: {{accountSid: {ACCOUNT_SID}, authToken: {AUTH_TOKEN}}}
flows:
  auto-reply:
    source:
      twilio:on-incoming-message: {{config-ref: main, path: /sms}}
    steps:
      - twiml:
          message: "Thanks"
"""
PARAMS = {
    "MessageSid": "SM" + "0" * 32,
    "AccountSid": ACCOUNT_SID,
    "From": "+14155550100",
    "To": "+15005550006",
    "Body": "hello",
    "NumMedia": "0",
}


def _bare_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response("200 OK", [("Content-Type", "text/xml"), ("Content-Length", str(len(REPLY)))])
    return [REPLY]


def _serve(kind: str, port: int, folder: str) -> None:
    from flows.cli.listen_command import make_server  # noqa: PLC0415
    from flows.listener import create_app  # noqa: PLC0415

    if kind == "listener":
        path = Path(folder) / "bot.yaml"
        path.write_text(FLOW, encoding="utf-8")
        app: Any = create_app(path, store=str(Path(folder) / "replies.sqlite3"))
    else:
        app = _bare_app
    make_server(app, host="127.0.0.1", port=port, threads=16).run()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.05)
    sys.exit(f"no server at {url}")


def _round(url: str, webhooks: int, concurrency: int) -> float:
    """Webhooks per second for one batch; every answer must be 200 TwiML."""
    signature = compute_signature(url, PARAMS, AUTH_TOKEN)
    sessions = [requests.Session() for _ in range(concurrency)]

    def one(index: int) -> None:
        headers = {"X-Twilio-Signature": signature, "I-Twilio-Idempotency-Token": str(uuid.uuid4())}
        answer = sessions[index % concurrency].post(url, data=PARAMS, headers=headers, timeout=30)
        if answer.status_code != 200 or b"<Message>" not in answer.content:
            sys.exit(f"{url}: {answer.status_code} {answer.text[:200]}")

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(webhooks)))
    elapsed = time.perf_counter() - started
    for session in sessions:
        session.close()
    return webhooks / elapsed


def main() -> None:
    """Run the rounds and print the figures and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--webhooks", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ports = {"listener": _free_port(), "bare": _free_port()}
        servers = [
            multiprocessing.Process(target=_serve, args=(kind, port, folder), daemon=True)
            for kind, port in ports.items()
        ]
        for server in servers:
            server.start()
        urls = {kind: f"http://127.0.0.1:{port}" for kind, port in ports.items()}
        _wait(urls["listener"] + "/healthz")
        _wait(urls["bare"])
        rates: dict[str, list[float]] = {kind: [] for kind in urls}
        for number in range(args.rounds):
            order = list(urls) if number % 2 == 0 else list(reversed(urls))
            for kind in order:
                rates[kind].append(_round(urls[kind] + "/sms", args.webhooks, args.concurrency))
        for server in servers:
            server.terminate()
    listener, bare = (statistics.median(rates[kind]) for kind in ("listener", "bare"))
    print(f"listener: {listener:8.0f} webhooks/s  (signature, idempotency store, flow, TwiML)")
    print(f"bare app: {bare:8.0f} webhooks/s  (same server, answers fixed TwiML)")
    print(f"ratio listener/bare: {listener / bare:.2f}x")
    overhead = (1 / listener - 1 / bare) * args.concurrency * 1000
    print(f"listener overhead per request at concurrency {args.concurrency}: {overhead:.2f} ms")


if __name__ == "__main__":
    main()
