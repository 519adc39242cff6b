"""How fast the emulator answers on loopback: requests/s for sending messages and for list pages.

    python bench/emulator.py [--rounds 5] [--sends 300] [--pages 60] [--process] [--console]

Each figure is the median of the rounds. Two clients are measured over one keep-alive
connection: a requests.Session (what the connector uses) and the standard library's
http.client (far less client overhead, so closer to what the server alone can do). By default
the emulator runs in this process (sharing its interpreter lock with the client); --process runs
it as `python -m emulator` instead. --console measures twice, on two fresh emulators: without
and then with a console open on the messages view, polling as its page does (the version every
second, and the live part of the page again whenever the version moved), and prints the ratio.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests

# Run as a script, this file's folder comes first on sys.path, and this file (emulator.py) would
# shadow the emulator package.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from emulator import Emulator  # noqa: E402

SEND = {"From": "+15005550006", "To": "+14155550100", "Body": "benchmark"}


@contextmanager
def emulator_at(process: bool) -> Iterator[tuple[str, str, str]]:
    """An emulator's URL, account SID and auth token."""
    if not process:
        with Emulator() as emu:
            account = emu.create_account()
            yield emu.url, account.sid, account.auth_token
        return
    server = subprocess.Popen(
        [sys.executable, "-m", "emulator", "--port", "0"],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    lines = [server.stdout.readline() for _ in range(3)]
    try:
        url = re.search(r"http://\S+", lines[0])
        assert url is not None, lines
        yield url.group(0), lines[1].split()[-1], lines[2].split()[-1]
    finally:
        server.terminate()
        server.wait(timeout=15)


def rate(count: int, work: Callable[[], None]) -> float:
    """Requests per second for `count` runs of `work`."""
    started = time.perf_counter()
    for _ in range(count):
        work()
    return count / (time.perf_counter() - started)


def measure(
    url: str, sid: str, token: str, args: argparse.Namespace, rounds: int | None = None
) -> dict[str, list[float]]:
    """Requests/s of each round (`rounds`, else ``--rounds``), per client and kind of request."""
    base = f"/2010-04-01/Accounts/{sid}/Messages.json"
    session = requests.Session()
    session.auth = (sid, token)

    def send_requests() -> None:
        response = session.post(url + base, data=SEND, timeout=10)
        assert response.status_code == 201, response.text

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    headers = {
        "Authorization": "Basic " + base64.b64encode(f"{sid}:{token}".encode()).decode(),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    form = urlencode(SEND)

    def call(method: str, path: str, body: str | None = None) -> bytes:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        assert response.status in (200, 201), data
        return data

    def send_http_client() -> None:
        call("POST", base, form)

    page_uri = [base + "?PageSize=50"]

    def next_page(get: Callable[[str], bytes]) -> Callable[[], None]:
        def fetch() -> None:
            page = json.loads(get(page_uri[0]))
            assert len(page["messages"]) == 50
            page_uri[0] = page["next_page_uri"] or base + "?PageSize=50"

        return fetch

    def get_requests(path: str) -> bytes:
        return session.get(url + path, timeout=10).content

    figures: dict[str, list[float]] = {}
    for _ in range(args.rounds if rounds is None else rounds):
        for name, count, work in (
            ("send, requests.Session", args.sends, send_requests),
            ("send, http.client", args.sends, send_http_client),
            ("list page of 50, requests.Session", args.pages, next_page(get_requests)),
            ("list page of 50, http.client", args.pages, next_page(lambda p: call("GET", p))),
        ):
            figures.setdefault(name, []).append(rate(count, work))
    connection.close()
    return figures


def medians(figures: dict[str, list[float]]) -> dict[str, float]:
    """The median of each figure's rounds."""
    return {name: statistics.median(values) for name, values in figures.items()}


class ConsolePoller:
    """What an open console page does (static/console.js): ask for the version every `interval`
    seconds, and fetch the messages view's live part again whenever it moved, but not again
    before twenty times the last fetch's duration has passed."""

    def __init__(self, url: str, interval: float) -> None:
        self.url = url
        self.interval = interval
        self.pages = 0
        self.longest = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ConsolePoller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        http = requests.Session()
        version = None
        next_refresh = 0.0
        while not self._stop.wait(self.interval):
            now = http.get(self.url + "/_console/version", timeout=10).json()["version"]
            if now != version and time.perf_counter() >= next_refresh:
                started = time.perf_counter()
                page = http.get(self.url + "/_console/messages?partial=1", timeout=10)
                assert page.status_code == 200, page.text
                took = time.perf_counter() - started
                next_refresh = time.perf_counter() + 20 * took
                self.longest = max(self.longest, took)
                self.pages += 1
                version = now


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sends", type=int, default=300, help="messages sent per round and client")
    parser.add_argument("--pages", type=int, default=60, help="list pages per round and client")
    parser.add_argument(
        "--process", action="store_true", help="run the emulator in its own process"
    )
    parser.add_argument(
        "--console", action="store_true", help="measure again with a console open and polling"
    )
    parser.add_argument(
        "--console-interval", type=float, default=1.0, help="seconds between the console's polls"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    where = "separate process" if args.process else "same process"
    if not args.console:
        with emulator_at(args.process) as (url, sid, token):
            figures = medians(measure(url, sid, token, args))
        print(f"Twilio emulator on loopback ({where}), median of {args.rounds} rounds:")
        for name, value in figures.items():
            print(f"  {name:<36} {value:8.0f} requests/s")
    else:
        alone: dict[str, list[float]] = {}
        polled: dict[str, list[float]] = {}
        pages, longest = 0, 0.0
        with emulator_at(args.process) as first, emulator_at(args.process) as second:
            for _ in range(args.rounds):
                for name, values in measure(*first, args, rounds=1).items():
                    alone.setdefault(name, []).extend(values)
                with ConsolePoller(second[0], args.console_interval) as poller:
                    for name, values in measure(*second, args, rounds=1).items():
                        polled.setdefault(name, []).extend(values)
                pages, longest = pages + poller.pages, max(longest, poller.longest)
        print(f"Twilio emulator on loopback ({where}), median of {args.rounds} rounds:")
        print(f"  {'':<36} {'alone':>8} {'console':>8} {'ratio':>6}   (requests/s)")
        with_console = medians(polled)
        for name, value in medians(alone).items():
            ratio = with_console[name] / value
            print(f"  {name:<36} {value:8.0f} {with_console[name]:8.0f} {ratio:6.2f}")
        slowest = f"{longest * 1000:.0f} ms"
        print(f"  the console fetched its page {pages} times, the slowest in {slowest}")
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
