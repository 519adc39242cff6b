"""What the idempotency ledger costs per send, against the send itself over loopback.

A keep-alive HTTP/1.1 server in a child process (bench/send.py's) answers every POST with 201
and a message. This process sends ``send-sms-message`` through the connector, in rounds that
alternate: without a key, and with a fresh key per send in a SQLite ledger on disk (WAL). The
CPU time of this process (``time.process_time``) per send is compared.

The ledger's cost per send is measured directly too: the whole keyed path of one send (the
fingerprint, the claim, recording the answer: :meth:`connector.once.Once.send`) around an
answer given at once instead of a request. The difference of the two end-to-end figures says
the same with the noise of two network measurements in it; the direct one is the figure to read.

Each is measured one send at a time, and with ``--threads`` threads sending at once, as a
``parallel-foreach`` does: there the ledger's claims share commits.

    python bench/ledger.py [--rounds 7] [--calls 320] [--threads 16]

Target (issue 12): under 10% of a loopback send's CPU.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from itertools import count
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.loopback import LoopbackServer
from bench.send import ACCOUNT_SID, ANSWER, AUTH_TOKEN, BODY, FROM, TO
from connector import ApiRequest, ApiResponse, Connector, SqliteLedger
from connector.once import Once

PARAMS = {"from": FROM, "to": TO, "body": BODY}


def cpu_per_call(call: Callable[[], Any], calls: int, threads: int = 1) -> float:
    """CPU seconds of this process per call, the calls shared by ``threads`` threads."""

    def some() -> None:
        for _ in range(calls // threads):
            call()

    started = time.process_time()
    if threads == 1:
        some()
    else:
        with ThreadPoolExecutor(threads) as pool:
            for done in [pool.submit(some) for _ in range(threads)]:
                done.result()
    return (time.process_time() - started) / (calls // threads * threads)


def plain_body(twilio: Connector) -> bytes:
    """The body the server answers a send with (as JSON bytes)."""
    import json  # noqa: PLC0415

    return json.dumps(twilio.invoke("send-sms-message", PARAMS)).encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=320)
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args()
    with LoopbackServer(ANSWER) as url:
        folder = tempfile.mkdtemp(prefix="ledger-bench-")
        ledger = SqliteLedger(Path(folder) / "ledger.sqlite3")
        keys = count()
        config = {"accountSid": ACCOUNT_SID, "authToken": AUTH_TOKEN, "baseUrl": url}
        try:
            with Connector(config, ledger=ledger) as twilio:

                def plain() -> Any:
                    return twilio.invoke("send-sms-message", PARAMS)

                def keyed() -> Any:
                    return twilio.invoke(
                        "send-sms-message", PARAMS, idempotency_key=f"k{next(keys)}"
                    )

                request = ApiRequest("POST", f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json")
                form = [("To", TO), ("From", FROM), ("Body", BODY)]
                answer = ApiResponse(
                    201, url + request.path, plain_body(twilio), "application/json"
                )

                def ledger_only() -> None:
                    once = Once(ledger, f"{ACCOUNT_SID}/bare{next(keys)}", report=twilio.sends)
                    once.send(twilio.http, request, url + request.path, form, lambda: answer)

                assert keyed()["sid"] == plain()["sid"]
                ways = {"plain": plain, "keyed": keyed, "ledger": ledger_only}
                shapes = (1, args.threads)
                for call in ways.values():
                    cpu_per_call(call, max(args.calls // 5, 20))  # warm up
                figures: dict[tuple[str, int], list[float]] = {}
                for _ in range(args.rounds):
                    for threads in shapes:
                        for name, call in ways.items():
                            cpu = cpu_per_call(call, args.calls, threads)
                            figures.setdefault((name, threads), []).append(cpu)
                assert twilio.sends.sent >= args.rounds * args.calls
        finally:
            ledger.close()
    print(f"{args.rounds} rounds of {args.calls} sends each; medians (spread), CPU per send")
    for threads in shapes:
        median = {name: statistics.median(figures[name, threads]) for name in ways}
        spread = {name: _spread(figures[name, threads]) for name in ways}
        cost = median["keyed"] - median["plain"]
        print(f"\n{'one send at a time' if threads == 1 else f'{threads} threads at once'}:")
        print(
            f"  loopback send, no key:          {median['plain'] * 1e6:8.1f} us {spread['plain']}"
        )
        print(
            f"  loopback send, keyed:           {median['keyed'] * 1e6:8.1f} us {spread['keyed']}"
        )
        print(
            f"    difference (noisy):           {cost * 1e6:8.1f} us ({cost / median['plain']:.1%})"
        )
        print(
            f"  ledger cost per send (direct):  {median['ledger'] * 1e6:8.1f} us {spread['ledger']}"
        )
        ratio = median["ledger"] / median["plain"]
        print(f"  ratio ledger / loopback send:   {ratio:.3f} (target < 0.10)")
    return 0


def _spread(figures: list[float]) -> str:
    return f"({min(figures) * 1e6:.0f}-{max(figures) * 1e6:.0f})"


if __name__ == "__main__":
    sys.exit(main())
