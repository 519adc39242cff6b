"""How much the flow runner costs, and how fast parallel-foreach goes.

    .venv/bin/python bench/flows.py [--rounds 5] [--items 1280] [--profile]

1. a set-variable step: microseconds per step (a literal value, and an expression);
2. an operation step against a loopback server that answers at once, compared with calling
   ``Connector.execute`` directly: the runner's microseconds per operation step;
3. parallel-foreach at maxConcurrency 32 against a loopback server that delays each answer
   by 50 ms: requests per second, against the 640/s that concurrency and delay allow
   (issue 13's target: at least 95%), in interleaved rounds (median and spread) with, in the
   same rounds, the same requests from 32 threads calling ``Connector.execute`` (what the
   connector allows without the runner) and from 32 threads each with a bare keep-alive
   ``http.client`` connection (what the server and the machine allow). Before the rounds, the
   server's capacity: bare requests/s over 32 connections with no delay, which must be well
   above 640/s for the server not to be the limit.

The loopback server (bench/loopback.py: threaded keep-alive HTTP/1.1, one thread per connection,
each answer after ``time.sleep``) runs in a child process, so its work does not compete with the
runner for the interpreter lock. (An asyncio server answers late by about a millisecond, the
event loop's timer granularity: 2% of a 50 ms answer.)"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import json
import pstats
import statistics
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.loopback import Fixed, LoopbackServer, response
from connector import Connector
from flows import FlowFile

ACCOUNT = "AC" + "0" * 32
CONCURRENCY = 32
DELAY = 0.05
CEILING = CONCURRENCY / DELAY  # 640 requests/s
BODY = {
    "sid": "SM00000000000000000000000000000000",
    "status": "queued",
    "to": "+14155550100",
    "from": "+15005550006",
    "body": "hi",
}


def _server(delay: float) -> LoopbackServer:
    """The loopback server answering each send with 201 and a message after ``delay``."""
    return LoopbackServer(Fixed(response("201 Created", json.dumps(BODY).encode())), delay)


def _flow(text: str) -> FlowFile:
    return FlowFile.from_text(text, "bench.yaml")


def _best(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def set_variable_overhead(steps: int = 2000) -> tuple[float, float]:
    """Microseconds per set-variable step: a literal value, and a small expression."""
    results = []
    for value in ("text", "'#[vars.n + 1]'"):
        body = "".join(f"    - set-variable: {{name: n, value: {value}}}\n" for _ in range(steps))
        flow = _flow(f"flows:\n  main:\n    - set-variable: {{name: n, value: '#[0]'}}\n{body}")
        seconds = _best(5, lambda flow=flow: flow.run())  # type: ignore[misc]
        results.append(seconds / steps * 1e6)
    return results[0], results[1]


def operation_overhead(calls: int = 300) -> tuple[float, float]:
    """Microseconds per call: ``Connector.execute`` directly, and as a flow's operation step."""
    with _server(0) as url:
        config = {"accountSid": ACCOUNT, "authToken": "bench", "baseUrl": url}
        params = {"from": "+15005550006", "to": "+14155550100", "body": "hi"}
        with Connector(config) as twilio:
            twilio.execute("send-sms-message", params)  # connect once

            def direct() -> None:
                for _ in range(calls):
                    twilio.execute("send-sms-message", params)

            direct_seconds = _best(5, direct)
        flow = _flow(
            "flows:\n  main:\n"
            "    - foreach:\n"
            "        collection: '#[payload]'\n"
            "        do:\n"
            "          - twilio:send-sms-message:\n"
            "              {from: +15005550006, to: +14155550100, body: hi}\n"
        )
        items = list(range(calls))
        flow_seconds = _best(5, lambda: flow.run(payload=items, configs={"default": config}))
    return direct_seconds / calls * 1e6, flow_seconds / calls * 1e6


PARALLEL = (
    "flows:\n  main:\n"
    "    - parallel-foreach:\n"
    "        collection: '#[payload]'\n"
    f"        maxConcurrency: {CONCURRENCY}\n"
    "        do:\n"
    "          - twilio:send-sms-message: {from: +15005550006, to: '#[vars.to]', body: hi}\n"
)
PARAMS = {"from": "+15005550006", "to": "+14155550100", "body": "hi"}
FORM = "From=%2B15005550006&To=%2B14155550100&Body=hi"


def _bare_pool(url: str, items: int, threads: int = CONCURRENCY) -> float:
    """Requests/s from ``threads`` threads, each with its own keep-alive ``http.client``
    connection (opened first), sending the same form: what the server and machine allow."""
    parts = urlsplit(url)
    path = f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    local = threading.local()

    def one(_: int) -> None:
        connection = getattr(local, "connection", None)
        if connection is None:
            connection = local.connection = http.client.HTTPConnection(
                parts.hostname or "127.0.0.1", parts.port
            )
        connection.request("POST", path, FORM, headers)
        response = connection.getresponse()
        json.loads(response.read())

    with ThreadPoolExecutor(threads) as pool:
        started = time.perf_counter()
        list(pool.map(one, range(items)))
        return items / (time.perf_counter() - started)


def _connector_pool(url: str, items: int) -> float:
    """Requests/s from 32 threads calling ``Connector.execute`` (one connector)."""
    config = {"accountSid": ACCOUNT, "authToken": "bench", "baseUrl": url}
    with Connector(config) as twilio, ThreadPoolExecutor(CONCURRENCY) as pool:
        started = time.perf_counter()
        list(pool.map(lambda _: twilio.execute("send-sms-message", PARAMS), range(items)))
        return items / (time.perf_counter() - started)


def _parallel_foreach(url: str, items: int, flow: FlowFile) -> float:
    """Requests/s of the parallel-foreach, measured around ``FlowFile.run``: connectors,
    threads and connections are made inside it, as a real run makes them."""
    config = {"accountSid": ACCOUNT, "authToken": "bench", "baseUrl": url}
    started = time.perf_counter()
    results = flow.run(
        payload=list(range(items)), vars={"to": "+14155550100"}, configs={"default": config}
    )
    rate = items / (time.perf_counter() - started)
    assert len(results) == items
    assert results[0]["sid"] == BODY["sid"]
    return rate


def server_capacity(requests: int = 4000) -> float:
    """Bare requests/s over 32 keep-alive connections to the server with no delay."""
    with _server(0) as url:
        _bare_pool(url, 200)
        return _bare_pool(url, requests)


def parallel_throughput(
    items: int = 1280, rounds: int = 5
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Requests per second at 32 at once (answers delayed 50 ms), per round, taken in turns
    (rotating order): parallel-foreach, a thread pool calling the connector, a bare pool;
    and the CPU time this process spent per request in each."""
    flow = _flow(PARALLEL)
    clients: dict[str, Callable[[str], float]] = {
        "parallel-foreach": lambda url: _parallel_foreach(url, items, flow),
        "connector pool": lambda url: _connector_pool(url, items),
        "bare pool": lambda url: _bare_pool(url, items),
    }
    figures: dict[str, list[float]] = {name: [] for name in clients}
    cpu: dict[str, list[float]] = {name: [] for name in clients}
    names = list(clients)
    with _server(DELAY) as url:
        for measure in clients.values():
            measure(url)  # warm up: imports, caches, the server's threads
        for index in range(rounds):
            for name in names[index % len(names) :] + names[: index % len(names)]:
                started = time.process_time()
                figures[name].append(clients[name](url))
                cpu[name].append((time.process_time() - started) / items)
    return figures, cpu


def profile_parallel(items: int = 1280) -> str:
    """cProfile of one parallel-foreach run, every thread's profile merged (top own time)."""
    from flows import executor  # noqa: PLC0415 - only when profiling

    profiles: list[cProfile.Profile] = []
    serve = executor.ThreadFanOut._serve

    def profiled(self: executor.ThreadFanOut, worker: Any) -> None:
        profiler = cProfile.Profile()
        profiles.append(profiler)
        profiler.enable()
        try:
            serve(self, worker)
        finally:
            profiler.disable()

    executor.ThreadFanOut._serve = profiled  # type: ignore[method-assign]
    try:
        with _server(DELAY) as url:
            main = cProfile.Profile()
            main.enable()
            _parallel_foreach(url, items, _flow(PARALLEL))
            main.disable()
    finally:
        executor.ThreadFanOut._serve = serve  # type: ignore[method-assign]
    out = io.StringIO()
    pstats.Stats(main, *profiles, stream=out).sort_stats("tottime").print_stats(20)
    return out.getvalue()


def _spread(values: list[float]) -> str:
    return f"{min(values) / CEILING:.1%} to {max(values) / CEILING:.1%}"


def main(argv: list[str] | None = None) -> None:
    """Measure and print every figure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--items", type=int, default=1280)
    parser.add_argument("--only-parallel", action="store_true", help="skip figures 1 and 2")
    parser.add_argument("--skip-parallel", action="store_true", help="only figures 1 and 2")
    parser.add_argument("--profile", action="store_true", help="profile one parallel run")
    args = parser.parse_args(argv)
    if not args.only_parallel:
        literal, expression = set_variable_overhead()
        print(f"set-variable step: {literal:.1f} us (literal), {expression:.1f} us (expression)")
        direct, in_flow = operation_overhead()
        print(
            f"operation step: {in_flow:.0f} us per call in a flow, {direct:.0f} us direct "
            f"(runner overhead {in_flow - direct:.0f} us, {in_flow / direct - 1:+.1%})"
        )
    if args.skip_parallel:
        return
    capacity = server_capacity()
    print(
        f"server capacity: {capacity:.0f} requests/s over {CONCURRENCY} bare connections with "
        f"no delay ({capacity / CEILING:.1f}x the {CEILING:.0f}/s ceiling)"
    )
    figures, cpu = parallel_throughput(args.items, args.rounds)
    print(
        f"maxConcurrency {CONCURRENCY}, {DELAY * 1000:.0f} ms answers, {args.items} items: "
        f"median of {args.rounds} interleaved rounds (spread), of the {CEILING:.0f}/s ceiling"
    )
    medians = {name: statistics.median(values) for name, values in figures.items()}
    for name, values in figures.items():
        target = " (target 95%)" if name == "parallel-foreach" else ""
        print(
            f"{name:>17}: {medians[name]:4.0f} requests/s = {medians[name] / CEILING:.1%}"
            f"{target} ({_spread(values)}); CPU {statistics.median(cpu[name]) * 1e6:.0f} us "
            "per request"
        )
    ratio = medians["parallel-foreach"] / medians["bare pool"]
    print(f"parallel-foreach / bare pool: {ratio:.1%}")
    if args.profile:
        print(profile_parallel(args.items))


if __name__ == "__main__":
    main()
