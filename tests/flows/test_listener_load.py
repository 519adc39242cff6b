"""1,000 signed webhooks at concurrency 16 against the listener served by waitress on loopback,
one in ten of them retried among the others: every one answered with its own reply, each flow
run exactly once, no error. A correctness test under load, not a timing one (bench/ measures
speed)."""

from __future__ import annotations

import concurrent.futures
import logging
import random
import threading
from pathlib import Path

import pytest
import requests

from tests.support.wsgi import listening, signature

TOKEN = "load-token"
SID = "AC" + "4" * 32
WEBHOOKS = 1000
CONCURRENCY = 16
FLOWS = f"""\
configs:
  main: {{accountSid: {SID}, authToken: {TOKEN}}}
flows:
  count:
    source: {{twilio:on-incoming-message: {{path: /sms}}}}
    steps:
      - logger: {{message: "ran #[payload.N]"}}
      - set-payload: {{value: "<Response><Message>#[payload.N]</Message></Response>"}}
"""


def test_a_thousand_concurrent_webhooks_each_run_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="flows")
    store = tmp_path / "replies.sqlite3"
    sessions = threading.local()
    with listening(tmp_path / "load.yaml", FLOWS, store=store) as url:
        target = f"{url}/sms"

        def send(number: int) -> tuple[int, int, str]:
            if not hasattr(sessions, "session"):
                sessions.session = requests.Session()
            params = {"N": str(number), "From": "+14155550100", "Body": f"message {number}"}
            headers = {
                "X-Twilio-Signature": signature(target, params, TOKEN),
                "I-Twilio-Idempotency-Token": f"load-{number}",
            }
            reply = sessions.session.post(target, data=params, headers=headers, timeout=30)
            return number, reply.status_code, reply.text

        order = list(range(WEBHOOKS)) + list(range(0, WEBHOOKS, 10))  # the retries
        random.Random(9).shuffle(order)
        with concurrent.futures.ThreadPoolExecutor(CONCURRENCY) as pool:
            replies = list(pool.map(send, order))
    assert len(replies) == len(order)
    for number, status, text in replies:
        assert (status, text) == (200, f"<Response><Message>{number}</Message></Response>")
    ran = sorted(int(r.getMessage().split()[1]) for r in caplog.records if r.name == "flows")
    assert ran == list(range(WEBHOOKS))
    # (waitress may warn that its task queue was not empty: requests waited, none was lost)
    troubles = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [r for r in troubles if r.name != "waitress.queue"]
