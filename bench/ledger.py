"""What the idempotency ledger costs per send, against the send itself over loopback.

A keep-alive HTTP/1.1 server in a child process (bench/send.py's) answers every POST with 201
and a message. This process sends ``send-sms-message`` through the connector, in rounds that
alternate: without a key, and with a fresh key per send in a SQLite ledger on disk (WAL). The
CPU time of this process (``time.process_time``) per send is compared.

The ledger's cost per send is measured directly too: the whole keyed path of one send (the
fingerprint, the claim, recording the answer: :meth:`connector.once.Once.send`) around an
answer given at once instead of a request. The difference of the two end-to-end figures says
the same with the noise of two network measurements in it; the direct one is the figure to read.

    python bench/ledger.py [--rounds 7] [--calls 300]

Target (issue 12): under 10% of a loopback send's CPU.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.send import ACCOUNT_SID, AUTH_TOKEN, BODY, FROM, TO, start_server
from connector import ApiRequest, ApiResponse, Connector, SqliteLedger
from connector.once import Once

PARAMS = {"from": FROM, "to": TO, "body": BODY}


def cpu_per_call(call: Callable[[], Any], calls: int) -> float:
    """CPU seconds of this process per call."""
    started = time.process_time()
    for _ in range(calls):
        call()
    return (time.process_time() - started) / calls


def plain_body(twilio: Connector) -> bytes:
    """The body the server answers a send with (as JSON bytes)."""
    import json  # noqa: PLC0415

    return json.dumps(twilio.invoke("send-sms-message", PARAMS)).encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    url, server = start_server()
    folder = tempfile.mkdtemp(prefix="ledger-bench-")
    ledger = SqliteLedger(Path(folder) / "ledger.sqlite3")
    keys = count()
    config = {"accountSid": ACCOUNT_SID, "authToken": AUTH_TOKEN, "baseUrl": url}
    try:
        with Connector(config, ledger=ledger) as twilio:

            def plain() -> Any:
                return twilio.invoke("send-sms-message", PARAMS)

            def keyed() -> Any:
                return twilio.invoke("send-sms-message", PARAMS, idempotency_key=f"k{next(keys)}")

            request = ApiRequest("POST", f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json")
            form = [("To", TO), ("From", FROM), ("Body", BODY)]
            answer = ApiResponse(201, url + request.path, plain_body(twilio), "application/json")

            def ledger_only() -> None:
                once = Once(ledger, f"{ACCOUNT_SID}/bare{next(keys)}", report=twilio.sends)
                once.send(twilio.http, request, url + request.path, form, lambda: answer)

            assert keyed()["sid"] == plain()["sid"]
            for call in (plain, keyed, ledger_only):
                cpu_per_call(call, max(args.calls // 5, 20))  # warm up
            figures: dict[str, list[float]] = {"plain": [], "keyed": [], "ledger": []}
            for _ in range(args.rounds):
                figures["plain"].append(cpu_per_call(plain, args.calls))
                figures["keyed"].append(cpu_per_call(keyed, args.calls))
                figures["ledger"].append(cpu_per_call(ledger_only, args.calls))
            assert twilio.sends.sent >= args.rounds * args.calls
    finally:
        ledger.close()
        server.terminate()
    plain_cpu = statistics.median(figures["plain"])
    keyed_cpu = statistics.median(figures["keyed"])
    ledger_cpu = statistics.median(figures["ledger"])
    cost = keyed_cpu - plain_cpu
    print(f"loopback send, no key:          {plain_cpu * 1e6:8.1f} us CPU per send")
    print(f"loopback send, keyed:           {keyed_cpu * 1e6:8.1f} us CPU per send")
    print(f"  difference (noisy):           {cost * 1e6:8.1f} us CPU ({cost / plain_cpu:.1%})")
    print(f"ledger cost per send (direct):  {ledger_cpu * 1e6:8.1f} us CPU")
    print(f"ratio ledger / loopback send:   {ledger_cpu / plain_cpu:.3f} (target < 0.10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
