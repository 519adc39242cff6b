"""How much the flow runner costs, and how fast parallel-foreach goes.

    .venv/bin/python bench/flows.py

1. a set-variable step: microseconds per step (a literal value, and an expression);
2. an operation step against a loopback server that answers at once, compared with calling
   ``Connector.execute`` directly: the runner's microseconds per operation step;
3. parallel-foreach at maxConcurrency 32 against a loopback server that delays each answer
   by 50 ms: requests per second, against the 640/s that concurrency and delay allow
   (target: at least 90%), and the same requests from a bare ThreadPoolExecutor of 32
   threads calling ``Connector.execute``: what the HTTP client allows without the runner.

The loopback server (tests/support/delaying_server.py: asyncio, deep backlog) runs in a child
process, so its work does not compete with the runner for the interpreter lock.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from connector import Connector
from flows import FlowFile
from tests.support.delaying_server import DelayingServer

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


def _serve(delay: float, status: int, urls: Any) -> None:
    with DelayingServer(delay, body=BODY, status=status) as server:
        urls.put(server.url)
        threading.Event().wait()


class LoopbackServer:
    """tests/support's delaying server, in a child process of its own."""

    def __init__(self, delay: float, status: int = 200) -> None:
        context = multiprocessing.get_context("spawn")
        self._urls = context.Queue()
        self._process = context.Process(
            target=_serve, args=(delay, status, self._urls), daemon=True
        )

    def __enter__(self) -> str:
        self._process.start()
        url: str = self._urls.get(timeout=10)
        return url

    def __exit__(self, *exc: object) -> None:
        self._process.terminate()
        self._process.join(5)


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
    with LoopbackServer(delay=0, status=201) as url:
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


def parallel_throughput(items: int = 1280) -> tuple[float, float]:
    """Requests per second at 32 at once (answers delayed 50 ms): parallel-foreach, and a bare
    thread pool calling the connector; the best of three runs each, taken in turns."""
    flow = _flow(
        "flows:\n  main:\n"
        "    - parallel-foreach:\n"
        "        collection: '#[payload]'\n"
        f"        maxConcurrency: {CONCURRENCY}\n"
        "        do:\n"
        "          - twilio:send-sms-message: {from: +15005550006, to: '#[vars.to]', body: hi}\n"
    )
    params = {"from": "+15005550006", "to": "+14155550100", "body": "hi"}
    with LoopbackServer(delay=DELAY, status=201) as url:
        config = {"accountSid": ACCOUNT, "authToken": "bench", "baseUrl": url}
        rates, bare = [], []
        for _ in range(3):
            started = time.perf_counter()
            results = flow.run(
                payload=list(range(items)), vars={"to": "+14155550100"}, configs={"default": config}
            )
            rates.append(items / (time.perf_counter() - started))
            assert len(results) == items
            with Connector(config) as twilio, ThreadPoolExecutor(CONCURRENCY) as pool:
                started = time.perf_counter()
                list(pool.map(lambda _: twilio.execute("send-sms-message", params), range(items)))
                bare.append(items / (time.perf_counter() - started))
    return max(rates), max(bare)


def main() -> None:
    """Measure and print every figure."""
    literal, expression = set_variable_overhead()
    print(f"set-variable step: {literal:.1f} us (literal), {expression:.1f} us (expression)")
    direct, in_flow = operation_overhead()
    print(
        f"operation step: {in_flow:.0f} us per call in a flow, {direct:.0f} us direct "
        f"(runner overhead {in_flow - direct:.0f} us, {in_flow / direct - 1:+.1%})"
    )
    rate, bare = parallel_throughput()
    print(
        f"parallel-foreach, maxConcurrency {CONCURRENCY}, {DELAY * 1000:.0f} ms answers: "
        f"{rate:.0f} requests/s = {rate / CEILING:.1%} of the {CEILING:.0f}/s ceiling "
        f"(target 90%); a bare pool of {CONCURRENCY} threads calling the connector: "
        f"{bare:.0f}/s = {bare / CEILING:.1%}"
    )


if __name__ == "__main__":
    main()
