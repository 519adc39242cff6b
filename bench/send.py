"""Calls per second of send-sms-message: the connector against raw requests and twilio-python.

One run starts bench/loopback.py's keep-alive HTTP/1.1 server on a loopback port (in a child
process, so the clients have this process to themselves) that answers every POST with 201 and a
message like Twilio's. Three clients send the same form with the same Basic auth and parse the
JSON:

- ours: ``Connector(config).invoke("send-sms-message", ...)`` (validation, funnel, retries)
- requests: ``requests.Session().post(url, data=form, auth=...).json()``
- twilio: twilio-python's ``client.messages.create(...)`` with ``client.api.base_url`` moved
- httpx: ``httpx.Client().post(url, data=form, auth=...).json()``
- http.client: a bare keep-alive ``HTTPConnection`` writing the same request and reading the
  JSON answer: the floor of what Python does per request

Rounds interleave the three (in a rotating order); each figure is the median over rounds.

    python bench/send.py [--rounds 7] [--calls 300] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import json
import pstats
import statistics
import sys
import time
from base64 import b64encode
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
import requests
from twilio.rest import Client

from bench.loopback import Fixed, LoopbackServer, response
from connector import Connector

ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "bench-auth-token"
FROM, TO, BODY = "+15005550006", "+14155550100", "Hello from the benchmark"
MESSAGE_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
MESSAGE_SID = "SM" + "0123456789abcdef" * 2

MESSAGE = {
    "account_sid": ACCOUNT_SID,
    "api_version": "2010-04-01",
    "body": BODY,
    "date_created": "Thu, 30 Jul 2015 20:12:31 +0000",
    "date_sent": None,
    "date_updated": "Thu, 30 Jul 2015 20:12:31 +0000",
    "direction": "outbound-api",
    "error_code": None,
    "error_message": None,
    "from": FROM,
    "messaging_service_sid": None,
    "num_media": "0",
    "num_segments": "1",
    "price": None,
    "price_unit": "USD",
    "sid": MESSAGE_SID,
    "status": "queued",
    "subresource_uris": {"media": f"{MESSAGE_PATH[:-5]}/{MESSAGE_SID}/Media.json"},
    "to": TO,
    "uri": f"{MESSAGE_PATH[:-5]}/{MESSAGE_SID}.json",
}


# -- the server --------------------------------------------------------------------------------


#: What the loopback server answers every send with: 201 and the message.
ANSWER = Fixed(response("201 Created", json.dumps(MESSAGE).encode()))


# -- the clients -------------------------------------------------------------------------------


def ours(url: str) -> Callable[[], Any]:
    twilio = Connector({"accountSid": ACCOUNT_SID, "authToken": AUTH_TOKEN, "baseUrl": url})
    params = {"from": FROM, "to": TO, "body": BODY}

    def send() -> Any:
        return twilio.invoke("send-sms-message", params)

    return send


def raw_requests(url: str) -> Callable[[], Any]:
    session = requests.Session()
    auth = (ACCOUNT_SID, AUTH_TOKEN)
    target = url + MESSAGE_PATH

    def send() -> Any:
        response = session.post(target, data={"To": TO, "From": FROM, "Body": BODY}, auth=auth)
        response.raise_for_status()
        return response.json()

    return send


def twilio_python(url: str) -> Callable[[], Any]:
    client = Client(ACCOUNT_SID, AUTH_TOKEN)
    client.api.base_url = url

    def send() -> Any:
        return client.messages.create(from_=FROM, to=TO, body=BODY)

    return send


def httpx_client(url: str) -> Callable[[], Any]:
    client = httpx.Client(auth=(ACCOUNT_SID, AUTH_TOKEN))
    target = url + MESSAGE_PATH

    def send() -> Any:
        response = client.post(target, data={"To": TO, "From": FROM, "Body": BODY})
        response.raise_for_status()
        return response.json()

    return send


def bare_http_client(url: str) -> Callable[[], Any]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
    token = b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    headers = {
        "Authorization": f"Basic {token}",
        "Content-Type": "application/x-www-form-urlencoded",
    }

    def send() -> Any:
        body = urlencode({"To": TO, "From": FROM, "Body": BODY})
        connection.request("POST", MESSAGE_PATH, body=body, headers=headers)
        response = connection.getresponse()
        return json.loads(response.read())

    return send


CLIENTS: dict[str, Callable[[str], Callable[[], Any]]] = {
    "ours": ours,
    "requests": raw_requests,
    "twilio": twilio_python,
    "httpx": httpx_client,
    "http.client": bare_http_client,
}


def check(results: dict[str, Any]) -> None:
    """Every client really sent the message and parsed the answer."""
    assert results["ours"]["sid"] == MESSAGE_SID, results["ours"]
    assert results["requests"]["sid"] == MESSAGE_SID, results["requests"]
    assert results["twilio"].sid == MESSAGE_SID, results["twilio"]
    assert results["httpx"]["sid"] == MESSAGE_SID, results["httpx"]
    assert results["http.client"]["sid"] == MESSAGE_SID, results["http.client"]


def rate(send: Callable[[], Any], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        send()
    return calls / (time.perf_counter() - started)


def measure(url: str, rounds: int, calls: int) -> dict[str, list[float]]:
    senders = {name: make(url) for name, make in CLIENTS.items()}
    check({name: send() for name, send in senders.items()})
    for send in senders.values():
        rate(send, max(calls // 5, 20))  # warm up pools and caches
    figures: dict[str, list[float]] = {name: [] for name in senders}
    names = list(senders)
    for index in range(rounds):
        order = names[index % len(names) :] + names[: index % len(names)]
        for name in order:
            figures[name].append(rate(senders[name], calls))
    return figures


def profile(url: str, calls: int) -> str:
    send = ours(url)
    rate(send, 50)
    profiler = cProfile.Profile()
    profiler.enable()
    rate(send, calls)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=300, help="calls per client per round")
    parser.add_argument("--profile", action="store_true", help="cProfile our client afterwards")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    with LoopbackServer(ANSWER) as url:
        figures = measure(url, args.rounds, args.calls)
        profiled = profile(url, args.calls * 3) if args.profile else ""
    medians = {name: statistics.median(values) for name, values in figures.items()}
    for name, value in medians.items():
        low, high = min(figures[name]), max(figures[name])
        print(
            f"{name:>11}: {value:8.0f} calls/s (median of {args.rounds} rounds x {args.calls}; "
            f"{low:.0f}-{high:.0f})"
        )
    met = True
    for other, label, target in (  # issue 13's targets
        ("twilio", "twilio-python", 1.15),
        ("requests", "raw requests", 1.6),
        ("httpx", "httpx", 1.1),
    ):
        ratio = medians["ours"] / medians[other]
        verdict = "ok" if ratio >= target else "MISSED"
        met = met and ratio >= target
        print(f"ours / {label + ':':<14} {ratio:.2f}x (target >= {target:.2f}x: {verdict})")
    floor = medians["ours"] / medians["http.client"]
    print(f"ours / {'http.client:':<14} {floor:.2f}x (the floor of Python per request; no target)")
    if profiled:
        print(profiled)
    print(f"finished in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    raise SystemExit(main())
