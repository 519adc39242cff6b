"""Records per second through auto-paging: the connector's lazy list against twilio-python.

One run starts bench/loopback.py's keep-alive HTTP/1.1 server on a loopback port (in a child
process, so the clients have this process to themselves) that serves pre-built pages of
messages, as Twilio's ``GET /2010-04-01/Accounts/{sid}/Messages.json`` does: ``--pages`` pages
of ``--page-size`` messages each, every page but the last with a ``next_page_uri``. Each client
reads every message, following the pages:

- ours: iterating ``Connector(config).invoke("get-all-sms-messages", {"pageSize": N})``, the
  lazy list a flow or a script reads (one page held at a time)
- ours to_list: the same list read into a Python list (what a flow's operation step does)
- twilio stream: iterating twilio-python's ``client.messages.stream(page_size=N)``
- twilio list: twilio-python's ``client.messages.list(page_size=N)``
- requests: a bare ``requests.Session().get`` loop following ``next_page_uri`` and parsing the
  JSON: the floor of what a requests-based client does per page

Rounds interleave the clients (in a rotating order); each figure is the median over rounds,
with the spread (lowest to highest). Afterwards each client reads the list once more under
tracemalloc for its peak memory (not timed: tracemalloc slows everything down).

    python bench/paging.py [--rounds 7] [--pages 20] [--page-size 1000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import json
import pstats
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from twilio.rest import Client

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.loopback import LoopbackServer, response
from connector import Connector

ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "bench-auth-token"
MESSAGES_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
#: The issue's target: ours at least this many times twilio-python's stream().
TARGET = 4.0


def message(n: int) -> dict[str, Any]:
    """Message ``n`` as Twilio lists it."""
    sid = f"SM{n:032x}"
    uri = f"{MESSAGES_PATH[:-5]}/{sid}"
    return {
        "account_sid": ACCOUNT_SID,
        "api_version": "2010-04-01",
        "body": f"Hello number {n} from the paging benchmark",
        "date_created": "Thu, 30 Jul 2015 20:12:31 +0000",
        "date_sent": "Thu, 30 Jul 2015 20:12:33 +0000",
        "date_updated": "Thu, 30 Jul 2015 20:12:33 +0000",
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
        "from": "+15005550006",
        "messaging_service_sid": None,
        "num_media": "0",
        "num_segments": "1",
        "price": "-0.00750",
        "price_unit": "USD",
        "sid": sid,
        "status": "delivered",
        "subresource_uris": {"media": f"{uri}/Media.json", "feedback": f"{uri}/Feedback.json"},
        "to": f"+1415555{n % 10000:04d}",
        "uri": f"{uri}.json",
    }


def page_bytes(page: int, pages: int, size: int) -> bytes:
    """Page ``page`` (from 0) of ``pages`` as the HTTP response Twilio would send."""
    first = f"{MESSAGES_PATH}?PageSize={size}&Page=0"
    following = f"{MESSAGES_PATH}?PageSize={size}&Page={page + 1}&PageToken=PA{page + 1}"
    body = json.dumps(
        {
            "messages": [message(page * size + n) for n in range(size)],
            "end": page * size + size - 1,
            "first_page_uri": first,
            "next_page_uri": following if page + 1 < pages else None,
            "page": page,
            "page_size": size,
            "previous_page_uri": None,
            "start": page * size,
            "uri": f"{MESSAGES_PATH}?PageSize={size}&Page={page}",
        }
    ).encode()
    return response("200 OK", body)


# -- the server --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pages:
    """What the loopback server answers: the page a request's ``Page`` asks for (the pages
    are built in the server's process, on the first request)."""

    pages: int
    size: int

    def __call__(self, target: str) -> bytes:
        """The page ``target`` asks for."""
        page = int(parse_qs(urlsplit(target).query).get("Page", ["0"])[0])
        return _built(self.pages, self.size)[page]


@functools.cache
def _built(pages: int, size: int) -> list[bytes]:
    return [page_bytes(page, pages, size) for page in range(pages)]


# -- the clients: each returns how many messages it read ---------------------------------------


def ours(url: str, size: int) -> Callable[[], int]:
    twilio = Connector({"accountSid": ACCOUNT_SID, "authToken": AUTH_TOKEN, "baseUrl": url})
    params = {"pageSize": size}

    def read() -> int:
        count = 0
        for _message in twilio.invoke("get-all-sms-messages", params):
            count += 1
        return count

    return read


def ours_list(url: str, size: int) -> Callable[[], int]:
    twilio = Connector({"accountSid": ACCOUNT_SID, "authToken": AUTH_TOKEN, "baseUrl": url})
    params = {"pageSize": size}

    def read() -> int:
        return len(twilio.invoke("get-all-sms-messages", params).to_list())

    return read


def twilio_stream(url: str, size: int) -> Callable[[], int]:
    client = Client(ACCOUNT_SID, AUTH_TOKEN)
    client.api.base_url = url

    def read() -> int:
        count = 0
        for _message in client.messages.stream(page_size=size):
            count += 1
        return count

    return read


def twilio_list(url: str, size: int) -> Callable[[], int]:
    client = Client(ACCOUNT_SID, AUTH_TOKEN)
    client.api.base_url = url

    def read() -> int:
        return len(client.messages.list(page_size=size))

    return read


def raw_requests(url: str, size: int) -> Callable[[], int]:
    session = requests.Session()
    auth = (ACCOUNT_SID, AUTH_TOKEN)

    def read() -> int:
        count = 0
        target: str | None = f"{url}{MESSAGES_PATH}?PageSize={size}"
        while target:
            response = session.get(target, auth=auth)
            response.raise_for_status()
            body = response.json()
            for _message in body["messages"]:
                count += 1
            following = body.get("next_page_uri")
            target = url + following if following else None
        return count

    return read


CLIENTS: dict[str, Callable[[str, int], Callable[[], int]]] = {
    "ours": ours,
    "ours to_list": ours_list,
    "twilio stream": twilio_stream,
    "twilio list": twilio_list,
    "requests": raw_requests,
}


def seconds(read: Callable[[], int], expected: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds (of this process) for one full listing."""
    started, cpu = time.perf_counter(), time.process_time()
    count = read()
    elapsed, used = time.perf_counter() - started, time.process_time() - cpu
    assert count == expected, f"read {count} messages, expected {expected}"
    return elapsed, used


def peak_memory(read: Callable[[], int]) -> int:
    """The most bytes allocated at once while ``read`` runs (the response bodies included)."""
    tracemalloc.start()
    try:
        read()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(
    url: str, rounds: int, size: int, expected: int
) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, int]]:
    """Wall-clock and CPU seconds per full listing for each client, per round; and each one's
    peak memory."""
    readers = {name: make(url, size) for name, make in CLIENTS.items()}
    for read in readers.values():
        seconds(read, expected)  # warm up connections and caches
    figures: dict[str, list[float]] = {name: [] for name in readers}
    cpu: dict[str, list[float]] = {name: [] for name in readers}
    names = list(readers)
    for index in range(rounds):
        order = names[index % len(names) :] + names[: index % len(names)]
        for name in order:
            elapsed, used = seconds(readers[name], expected)
            figures[name].append(elapsed)
            cpu[name].append(used)
    memory = {name: peak_memory(read) for name, read in readers.items()}
    return figures, cpu, memory


def profile(url: str, size: int, expected: int, which: str = "ours") -> str:
    read = CLIENTS[which](url, size)
    seconds(read, expected)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(3):
        seconds(read, expected)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Measure and print every figure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="cProfile ours afterwards")
    parser.add_argument("--profile-twilio", action="store_true", help="and twilio stream")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    expected = args.pages * args.page_size
    with LoopbackServer(Pages(args.pages, args.page_size)) as url:
        figures, cpu, memory = measure(url, args.rounds, args.page_size, expected)
        profiled = profile(url, args.page_size, expected) if args.profile else ""
        if args.profile_twilio:
            profiled += profile(url, args.page_size, expected, "twilio stream")
    medians = {name: statistics.median(values) for name, values in figures.items()}
    print(
        f"{expected:,} messages in pages of {args.page_size:,}; median of {args.rounds} "
        "interleaved rounds (spread: fastest to slowest round)"
    )
    for name, values in figures.items():
        print(
            f"{name:>13}: {expected / medians[name]:9,.0f} messages/s "
            f"({expected / max(values):,.0f} to {expected / min(values):,.0f}); "
            f"peak memory {memory[name] / 1e6:6.1f} MB"
        )
    stream = medians["twilio stream"] / medians["ours"]
    spread = [t / o for t, o in zip(figures["twilio stream"], figures["ours"], strict=True)]
    verdict = "ok" if stream >= TARGET else "MISSED"
    print(
        f"ours / twilio stream(): {stream:.2f}x (per round {min(spread):.2f}x to "
        f"{max(spread):.2f}x; target >= {TARGET:.1f}x: {verdict})"
    )
    cpu_ratio = statistics.median(cpu["twilio stream"]) / statistics.median(cpu["ours"])
    print(
        f"ours / twilio stream() in this process's CPU time: {cpu_ratio:.2f}x (steadier than "
        "the wall clock when other processes share the machine)"
    )
    listed = medians["twilio list"] / medians["ours to_list"]
    print(f"ours to_list / twilio list(): {listed:.2f}x")
    floor = medians["requests"] / medians["ours"]
    print(f"ours / bare requests loop: {floor:.2f}x (the floor with requests; no target)")
    if profiled:
        print(profiled)
    print(f"finished in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 1 if args.strict and stream < TARGET else 0


if __name__ == "__main__":
    raise SystemExit(main())
