"""parallel-foreach against a loopback server that delays each answer: items really run at
once, never more than maxConcurrency of them, and the results come back in input order."""

from __future__ import annotations

import time
from typing import Any

import pytest

from flows import run_file
from tests.support.delaying_server import DelayingServer

ACCOUNT = "AC" + "0" * 32
FLOW = """
flows:
  main:
    - parallel-foreach:
        collection: "#[payload]"
        maxConcurrency: {concurrency}
        do:
          - twilio:get-account-details: {{}}
          - set-payload: {{value: "#[payload.sid[:2] ~ vars.counter]"}}
"""


def _run(
    write_flow: Any, server: DelayingServer, items: int, concurrency: int
) -> tuple[float, Any]:
    config = {"accountSid": ACCOUNT, "authToken": "x", "baseUrl": server.url}
    path = write_flow(FLOW.format(concurrency=concurrency))
    started = time.perf_counter()
    result = run_file(path, payload=list(range(items)), configs={"default": config})
    return time.perf_counter() - started, result


def test_items_run_at_once_and_results_keep_input_order(write_flow: Any) -> None:
    with DelayingServer(delay=0.05, body={"sid": ACCOUNT}, gather=32) as server:
        elapsed, result = _run(write_flow, server, items=128, concurrency=32)
    assert result == [f"AC{n}" for n in range(1, 129)]
    assert server.requests == 128
    assert server.most_in_flight == 32
    # 4 waves of 50 ms at best; one request after the other would take 6.4 s. The bound is
    # half of that, so a busy machine does not fail the test while a serial run would.
    assert elapsed < 3.2, f"128 answers of 50 ms, 32 at once, took {elapsed:.2f}s"


@pytest.mark.parametrize(("concurrency", "waves"), [(1, 8), (3, 3)])
def test_max_concurrency_bounds_the_requests_in_flight(
    concurrency: int, waves: int, write_flow: Any
) -> None:
    with DelayingServer(delay=0.05, body={"sid": ACCOUNT}, gather=concurrency) as server:
        elapsed, result = _run(write_flow, server, items=8, concurrency=concurrency)
    assert result == [f"AC{n}" for n in range(1, 9)]
    assert server.most_in_flight == concurrency
    assert elapsed >= waves * 0.05 * 0.95


class _CountingServer(DelayingServer):
    """The delaying server, counting the connections it accepts."""

    connections = 0

    async def _client(self, reader: Any, writer: Any) -> None:
        self.connections += 1
        await super()._client(reader, writer)


TWO_LOOPS = """
flows:
  main:
    - parallel-foreach:
        collection: "#[payload]"
        maxConcurrency: 80
        do: [{twilio:get-account-details: {}}]
    - parallel-foreach:
        collection: "#[payload]"
        maxConcurrency: 80
        do: [{twilio:get-account-details: {}}]
"""


def test_connections_are_kept_for_every_item_at_once(write_flow: Any) -> None:
    """80 at once (above requests' 10 kept connections, and the 64 kept before), twice: all 80
    connections wait in the pool between the loops, and the second loop reuses them."""
    config = {"accountSid": ACCOUNT, "authToken": "x", "baseUrl": ""}
    with _CountingServer(delay=0.05, body={"sid": ACCOUNT}, gather=80) as server:
        config["baseUrl"] = server.url
        result = run_file(
            write_flow(TWO_LOOPS), payload=list(range(80)), configs={"default": config}
        )
    assert len(result) == 80
    assert server.requests == 160
    assert server.most_in_flight == 80
    assert server.connections == 80
