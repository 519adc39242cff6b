"""How fast the emulator answers on loopback, against minimal servers measured in the same run.

    python bench/emulator.py [--rounds 5] [--sends 300] [--pages 60] [--baseline DIR]
                             [--same-process] [--console]

Each server runs in its own process (the client's CPU time is not the server's) and is asked,
over one keep-alive `requests.Session`, to send messages (``POST .../Messages.json``) and for
list pages of 50 (``GET .../Messages.json?PageSize=50``, following ``next_page_uri``). Rounds
interleave the servers; each figure is the median of the rounds, with the lowest and highest.

The floors: a bare WSGI app under the emulator's own server (waitress) answering a fixed body of
the same size (a message, or a page of 50), and the standard library's http.server answering
the same bodies: what a `requests` client gets from a server that does nothing. The emulator is
also asked through `http.client` (far less client overhead). `--baseline DIR` adds the emulator
of another checkout (e.g. ``git archive COMMIT | tar -x -C DIR``) to the same rounds, so the
reader sees the change.

--same-process runs the emulator in this process (sharing its interpreter lock with the
client). --console measures twice, on two fresh emulators: without and then with a console open
on the messages view, polling as its page does (the version every second, and the live part of
the page again whenever the version moved), and prints the ratio.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests

# Run as a script, this file's folder comes first on sys.path, and this file (emulator.py) would
# shadow the emulator package.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from emulator import Emulator  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEND = {"From": "+15005550006", "To": "+14155550100", "Body": "benchmark"}
FLOOR_SID = "AC" + "0" * 32
Server = tuple[str, str, str, int | None]
"""A server's URL, account SID, auth token and process id (None: this process)."""
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def floor_bodies() -> tuple[bytes, bytes]:
    """What the floor servers answer: a message as the emulator renders it, and a page of 50
    of them (its next_page_uri pointing at itself)."""
    base = f"/2010-04-01/Accounts/{FLOOR_SID}/Messages"
    message = {
        "body": "benchmark", "num_segments": "1", "direction": "outbound-api",
        "from": SEND["From"], "to": SEND["To"], "date_updated": "Sun, 29 Nov 2026 12:00:00 +0000",
        "price": None, "error_message": None, "uri": f"{base}/SM{'0' * 32}.json",
        "account_sid": FLOOR_SID, "num_media": "0", "status": "queued",
        "messaging_service_sid": None, "sid": "SM" + "0" * 32, "date_sent": None,
        "date_created": "Sun, 29 Nov 2026 12:00:00 +0000", "error_code": None,
        "price_unit": "USD", "api_version": "2010-04-01",
        "subresource_uris": {"media": f"{base}/SM{'0' * 32}/Media.json"},
    }  # fmt: skip
    page_uri = f"{base}.json?PageSize=50"
    page = {
        "messages": [message] * 50, "end": 49, "first_page_uri": page_uri,
        "next_page_uri": page_uri, "page": 0, "page_size": 50, "previous_page_uri": None,
        "start": 0, "uri": page_uri,
    }  # fmt: skip
    return json.dumps(message).encode(), json.dumps(page).encode()


def bare_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """A WSGI app that reads the body and answers a fixed one: the floor of a WSGI server."""
    sent, page = floor_bodies()
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    posted = environ["REQUEST_METHOD"] == "POST"
    body, status = (sent, "201 Created") if posted else (page, "200 OK")
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    start_response(status, headers)
    return [body]


class BareHandler(BaseHTTPRequestHandler):
    """The standard library's server answering the same fixed bodies (keep-alive, no Nagle)."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    wbufsize = -1

    def _answer(self, status: int, body: bytes) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def do_POST(self) -> None:
        """A message sent."""
        self._answer(201, floor_bodies()[0])

    def do_GET(self) -> None:
        """A page of 50."""
        self._answer(200, floor_bodies()[1])

    def log_message(self, format: str, *args: Any) -> None:
        """No log line per request."""


def serve_floor(kind: str) -> None:
    """Serve a floor (``waitress`` or ``http.server``) until killed; print its URL first."""
    if kind == "waitress":
        from emulator.server import serve  # noqa: PLC0415

        server = serve("127.0.0.1", 0, bare_app)
        print(f"http://127.0.0.1:{server.port}", flush=True)
        server.serve_forever()
    else:
        plain = ThreadingHTTPServer(("127.0.0.1", 0), BareHandler)
        print(f"http://127.0.0.1:{plain.server_port}", flush=True)
        plain.serve_forever()


@contextmanager
def process(
    command: list[str], cwd: Path, lines: int, env: dict[str, str]
) -> Iterator[tuple[list[str], int]]:
    """Run `command` until the block ends; the first `lines` lines it prints, and its pid."""
    server = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, text=True, env=env)
    assert server.stdout is not None
    try:
        yield [server.stdout.readline() for _ in range(lines)], server.pid
    finally:
        server.terminate()
        server.wait(timeout=15)


@contextmanager
def emulator_at(same_process: bool, checkout: Path = ROOT) -> Iterator[Server]:
    """An emulator (of `checkout`) and its account's credentials."""
    if same_process:
        with Emulator() as emu:
            account = emu.create_account()
            yield emu.url, account.sid, account.auth_token, None
        return
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    command = [sys.executable, "-m", "emulator", "--port", "0"]
    with process(command, checkout, 3, env) as (lines, pid):
        url = re.search(r"http://\S+", lines[0])
        assert url is not None, lines
        yield url.group(0), lines[1].split()[-1], lines[2].split()[-1], pid


@contextmanager
def floor_at(kind: str) -> Iterator[Server]:
    """A floor server in its own process."""
    command = [sys.executable, __file__, "--serve-floor", kind]
    with process(command, ROOT, 1, {**os.environ, "PYTHONPATH": str(ROOT)}) as (lines, pid):
        yield lines[0].strip(), FLOOR_SID, "token", pid


def rate(count: int, work: Callable[[], None]) -> float:
    """Requests per second for `count` runs of `work`."""
    started = time.perf_counter()
    for _ in range(count):
        work()
    return count / (time.perf_counter() - started)


class Client:
    """A keep-alive client of one server: `send` and `page` make one request each."""

    def __init__(self, server: Server, library: str) -> None:
        url, sid, token, pid = server
        self.url = url
        self.pid = pid
        self.base = f"/2010-04-01/Accounts/{sid}/Messages.json"
        self.page_uri = self.base + "?PageSize=50"
        self.session = requests.Session()
        self.session.auth = (sid, token)
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        basic = base64.b64encode(f"{sid}:{token}".encode()).decode()
        self.headers = {
            "Authorization": "Basic " + basic,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        self.form = urlencode(SEND)
        self.library = library

    def _call(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        if self.library == "requests":
            if method == "POST":
                response = self.session.post(self.url + path, data=SEND, timeout=10)
            else:
                response = self.session.get(self.url + path, timeout=10)
            return response.status_code, response.content
        self.connection.request(method, path, body=body, headers=self.headers)
        answer = self.connection.getresponse()
        return answer.status, answer.read()

    def send(self) -> None:
        """Send one message."""
        status, data = self._call("POST", self.base, self.form)
        assert status == 201, data

    def page(self) -> None:
        """Fetch the next page of 50 (the first again after the last)."""
        status, data = self._call("GET", self.page_uri)
        assert status == 200, data
        page = json.loads(data)
        assert 0 < len(page["messages"]) <= 50  # 50 unless --sends is no multiple of 50
        self.page_uri = page["next_page_uri"] or self.base + "?PageSize=50"

    def close(self) -> None:
        """Close the connections."""
        self.session.close()
        self.connection.close()


def cpu_seconds(pid: int | None) -> float:
    """CPU time (user and system, all threads) process `pid` has used; 0 where unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def measure(
    clients: dict[str, Client],
    args: argparse.Namespace,
    rounds: int | None = None,
    cpu: dict[str, list[float]] | None = None,
) -> dict[str, list[float]]:
    """Requests/s of each round, per client and kind of request (sends first, so that every
    emulator has messages to list); and in `cpu`, the server's CPU ms per request."""
    figures: dict[str, list[float]] = {}
    for _ in range(args.rounds if rounds is None else rounds):
        for kind, count in (("send", args.sends), ("page of 50", args.pages)):
            for name, client in clients.items():
                work = client.send if kind == "send" else client.page
                used = cpu_seconds(client.pid)
                figures.setdefault(f"{kind}, {name}", []).append(rate(count, work))
                if cpu is not None and client.pid is not None:
                    spent = (cpu_seconds(client.pid) - used) * 1000 / count
                    cpu.setdefault(f"{kind}, {name}", []).append(spent)
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


def compare(args: argparse.Namespace) -> None:
    """The emulator (and its baseline) against the floors, interleaved; print the table."""
    with ExitStack() as stack:
        servers = {"emulator": stack.enter_context(emulator_at(args.same_process))}
        if args.baseline:
            baseline = stack.enter_context(emulator_at(False, Path(args.baseline).resolve()))
            servers["baseline"] = baseline
        servers["bare waitress"] = stack.enter_context(floor_at("waitress"))
        servers["http.server"] = stack.enter_context(floor_at("http.server"))
        clients = {name: Client(server, "requests") for name, server in servers.items()}
        clients["emulator, http.client"] = Client(servers["emulator"], "http.client")
        if "baseline" in servers:
            clients["baseline, http.client"] = Client(servers["baseline"], "http.client")
        for client in clients.values():  # a first page for every emulator to list
            for _ in range(50):
                client.send()
        cpu: dict[str, list[float]] = {}
        figures = measure(clients, args, cpu=cpu)
        for client in clients.values():
            client.close()
    where = "same process as the client" if args.same_process else "own process"
    print(
        f"Requests/s on loopback, requests.Session keep-alive client unless named, server in its"
        f" {where}; median (lowest-highest) of {args.rounds} interleaved rounds"
    )
    middle, server_cpu = medians(figures), medians(cpu)
    print(f"  {'':<38} {'requests/s':>18}  {'ratio':>6}  {'server CPU ms/request':>21}")
    for kind in ("send", "page of 50"):
        mine = figures[f"{kind}, emulator"]
        for name in clients:
            key = f"{kind}, {name}"
            values = figures[key]
            spread = f"({min(values):.0f}-{max(values):.0f})"
            # The emulator's rate over this one's, round by round (both measured moments
            # apart), then the median: steadier than the ratio of the medians.
            paired = [ours / theirs for ours, theirs in zip(mine, values, strict=True)]
            ratio = "" if name == "emulator" else f"{statistics.median(paired):5.2f}x"
            used = f"{server_cpu[key]:6.2f}" if key in server_cpu else ""
            print(f"  {key:<38} {middle[key]:5.0f} {spread:<12} {ratio:>6}  {used:>21}")
    print(
        "  ratio: the emulator's requests/s over the named server's (median of per-round ratios);"
        "\n  server CPU: the server process's user and system time per request (median of rounds)"
    )
    if "baseline" in servers:
        print("Against the baseline (median of per-round ratios):")
        for kind in ("send", "page of 50"):
            print(f"  {kind}: " + "; ".join(_against_baseline(figures, kind)))


def _against_baseline(figures: dict[str, list[float]], kind: str) -> list[str]:
    """How the emulator and the floors compare with the baseline: through `requests`, through
    `http.client` (the client's own cost mostly taken away), and the ceiling (a server that
    does nothing, through `requests`: no emulator can show more against this client)."""

    def over(top: str, bottom: str) -> float:
        pairs = zip(figures[f"{kind}, {top}"], figures[f"{kind}, {bottom}"], strict=True)
        return statistics.median(ours / theirs for ours, theirs in pairs)

    return [
        f"emulator {over('emulator', 'baseline'):.2f}x through requests",
        f"{over('emulator, http.client', 'baseline, http.client'):.2f}x through http.client",
        f"ceiling (bare waitress) {over('bare waitress', 'baseline'):.2f}x",
    ]


def console(args: argparse.Namespace) -> None:
    """The emulator alone and with a console polling, interleaved; print the ratios."""
    alone: dict[str, list[float]] = {}
    polled: dict[str, list[float]] = {}
    pages, longest = 0, 0.0
    with emulator_at(args.same_process) as first, emulator_at(args.same_process) as second:
        clients = [{"emulator": Client(server, "requests")} for server in (first, second)]
        for pair in clients:
            for _ in range(50):
                pair["emulator"].send()
        for _ in range(args.rounds):
            for name, values in measure(clients[0], args, rounds=1).items():
                alone.setdefault(name, []).extend(values)
            with ConsolePoller(second[0], args.console_interval) as poller:
                for name, values in measure(clients[1], args, rounds=1).items():
                    polled.setdefault(name, []).extend(values)
            pages, longest = pages + poller.pages, max(longest, poller.longest)
    print(f"Twilio emulator on loopback, median of {args.rounds} rounds:")
    print(f"  {'':<36} {'alone':>8} {'console':>8} {'ratio':>6}   (requests/s)")
    with_console = medians(polled)
    for name, value in medians(alone).items():
        ratio = with_console[name] / value
        print(f"  {name:<36} {value:8.0f} {with_console[name]:8.0f} {ratio:6.2f}")
    print(f"  the console fetched its page {pages} times, the slowest in {longest * 1000:.0f} ms")


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sends", type=int, default=300, help="messages sent per round and client")
    parser.add_argument("--pages", type=int, default=60, help="list pages per round and client")
    parser.add_argument(
        "--baseline", metavar="DIR", help="also measure the emulator of this checkout"
    )
    parser.add_argument(
        "--same-process", action="store_true", help="run the emulator in the client's process"
    )
    parser.add_argument(
        "--console", action="store_true", help="measure again with a console open and polling"
    )
    parser.add_argument(
        "--console-interval", type=float, default=1.0, help="seconds between the console's polls"
    )
    floors = ("waitress", "http.server")
    parser.add_argument("--serve-floor", choices=floors, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_floor:
        serve_floor(args.serve_floor)
        return
    started = time.perf_counter()
    console(args) if args.console else compare(args)
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
