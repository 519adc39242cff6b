"""parallel-foreach on Celery workers against threads, and the ledger's cost per send in Redis.

    .venv/bin/python bench/distributed.py [--items 800] [--worker-threads 32]

Needs ``redis-server`` (.ci/install-test-tools) and the ``celery`` extra.

1. Items per second of a parallel-foreach sending one message per item, with ``run --run-id``
   keys (so every send goes through the ledger), against a loopback server that answers in
   50 ms (bench/flows.py's, in a child process): on the thread pool of this process
   (maxConcurrency 32, the SQLite ledger), and on 1, 2 and 4 ``twilio-connector worker``
   processes (``--concurrency`` 32 each, the Redis ledger and the broker on one local
   redis-server). Each figure is the best of two runs; ratios are to the thread pool.
2. The ledger's cost per send, measured as bench/ledger.py does (the whole keyed path of one
   send, :meth:`connector.once.Once.send`, around an answer given at once): this process's CPU
   and the wall time per send, for SQLite and for Redis (whose own CPU, in redis-server, is not
   in this process's figure but is in the wall time), against a loopback send's CPU.

The machine's cores bound what more workers can give: every worker, the run, redis-server and
the loopback server share them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.loopback import LoopbackServer
from bench.send import ACCOUNT_SID, ANSWER, AUTH_TOKEN, BODY, FROM, TO
from connector import ApiRequest, ApiResponse, Connector, SqliteLedger
from connector.ledger import Ledger
from connector.once import Once
from connector.redis_ledger import RedisLedger
from flows import FlowFile
from tests.support.redis_server import RedisServer

ROOT = Path(__file__).resolve().parents[1]
DELAY = 0.05
CONCURRENCY = 32
FLOW = """\
configs:
  default:
    accountSid: {account}
    authToken: {token}
    baseUrl: {url}
flows:
  main:
    - parallel-foreach:
        collection: "#[payload]"
        maxConcurrency: {most}
        do:
          - twilio:send-sms-message: {{from: "{sender}", to: "{to}", body: "n #[payload]"}}
          - set-payload: {{value: "#[payload.sid]"}}
"""


@contextmanager
def workers(flow: Path, broker: str, number: int, threads: int) -> Iterator[None]:
    """``number`` worker processes serving the flow file, stopped after."""
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    command = [
        sys.executable, "-m", "flows.cli", "worker", str(flow), "--broker", broker,
        "--concurrency", str(threads),
    ]  # fmt: skip
    started = [
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(number)
    ]
    try:
        yield
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(20)


def rate(flow: FlowFile, items: int, run: Callable[[FlowFile, list[int], str], Any]) -> float:
    """Items per second, the best of two runs (each with its own run id)."""
    best = 0.0
    for _ in range(2):
        run_id = f"bench-{time.time_ns()}"
        started = time.perf_counter()
        results = run(flow, list(range(items)), run_id)
        best = max(best, items / (time.perf_counter() - started))
        assert len(results) == items
    return best


def throughput(args: argparse.Namespace, redis: RedisServer, folder: Path) -> dict[str, float]:
    """Items per second on threads and on 1, 2 and 4 workers."""
    figures: dict[str, float] = {}
    with LoopbackServer(ANSWER, DELAY) as url:
        text = FLOW.format(
            account=ACCOUNT_SID, token=AUTH_TOKEN, url=url, sender=FROM, to=TO, most=CONCURRENCY
        )
        path = folder / "bench.yaml"
        path.write_text(text, encoding="utf-8")
        flow = FlowFile.load(path)
        ledger = folder / "ledger.sqlite3"
        figures["threads"] = rate(
            flow, args.items, lambda f, p, r: f.run(payload=p, run_id=r, ledger=ledger)
        )
        print(f"threads (maxConcurrency {CONCURRENCY}): {figures['threads']:7.1f} items/s")
        for number in (1, 2, 4):
            most = number * args.worker_threads
            text = FLOW.format(
                account=ACCOUNT_SID, token=AUTH_TOKEN, url=url, sender=FROM, to=TO, most=most
            )
            path = folder / f"bench-{number}.yaml"
            path.write_text(text, encoding="utf-8")
            flow = FlowFile.load(path)
            with workers(path, redis.url, number, args.worker_threads):

                def on_celery(f: FlowFile, p: list[int], r: str) -> Any:
                    return f.run(payload=p, run_id=r, executor="celery", broker=redis.url)

                on_celery(flow, list(range(number * 4)), f"warm-{number}")  # workers are up
                figures[f"{number} workers"] = rate(flow, args.items, on_celery)
            print(
                f"{number} worker{'s' if number > 1 else ' '} ({args.worker_threads} threads "
                f"each, maxConcurrency {most}): {figures[f'{number} workers']:7.1f} items/s"
            )
    return figures


def ledger_cost(ledger: Ledger, twilio: Connector, url: str, calls: int) -> tuple[float, float]:
    """CPU and wall seconds of this process per keyed send, the send itself answered at once."""
    keys = count()
    request = ApiRequest("POST", f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json")
    form = [("To", TO), ("From", FROM), ("Body", BODY)]
    answer = ApiResponse(201, url + request.path, b'{"sid": "SM1"}', "application/json")
    prefix = f"{ACCOUNT_SID}/bare{time.time_ns()}-"

    def one() -> None:
        once = Once(ledger, f"{prefix}{next(keys)}")
        once.send(twilio.http, request, url + request.path, form, lambda: answer)

    for _ in range(50):
        one()
    best = (float("inf"), float("inf"))
    for _ in range(5):
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(calls):
            one()
        best = min(
            best, ((time.process_time() - cpu) / calls, (time.perf_counter() - wall) / calls)
        )
    return best


def ledgers(redis: RedisServer, folder: Path, calls: int) -> None:
    """The ledger's cost per send, SQLite and Redis, against a loopback send's CPU."""
    with LoopbackServer(ANSWER) as url:
        config = {"accountSid": ACCOUNT_SID, "authToken": AUTH_TOKEN, "baseUrl": url}
        params = {"from": FROM, "to": TO, "body": BODY}
        with Connector(config) as twilio:
            for _ in range(50):
                twilio.invoke("send-sms-message", params)
            started = time.process_time()
            for _ in range(calls):
                twilio.invoke("send-sms-message", params)
            send_cpu = (time.process_time() - started) / calls
            sqlite = SqliteLedger(folder / "cost.sqlite3")
            in_redis = RedisLedger(redis.url)
            try:
                costs = {
                    "SQLite": ledger_cost(sqlite, twilio, url, calls),
                    "Redis": ledger_cost(in_redis, twilio, url, calls),
                }
            finally:
                sqlite.close()
                in_redis.close()
    print(f"loopback send, no key: {send_cpu * 1e6:7.1f} us CPU per send")
    for name, (cpu, wall) in costs.items():
        print(
            f"ledger cost per send, {name:6}: {cpu * 1e6:7.1f} us CPU ({cpu / send_cpu:.3f} of a "
            f"loopback send), {wall * 1e6:7.1f} us wall"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=800)
    parser.add_argument("--worker-threads", type=int, default=CONCURRENCY)
    parser.add_argument("--calls", type=int, default=500)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="distributed-bench-"))
    redis = RedisServer(folder)
    try:
        figures = throughput(args, redis, folder)
        ceiling = CONCURRENCY / DELAY
        print(f"(threads: {figures['threads'] / ceiling:.1%} of the {ceiling:.0f}/s ceiling)")
        for name, value in figures.items():
            if name != "threads":
                print(f"ratio {name} / threads: {value / figures['threads']:.2f}")
        ledgers(redis, folder, args.calls)
    finally:
        redis.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
