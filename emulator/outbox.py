"""The outbox: status callbacks waiting to be delivered, and the courier that delivers them.

Resources put a delivery in the outbox (the ``callbacks`` table) inside the transaction that
changes their status, so a callback exists exactly when its status change does. The courier, a
background thread, moves life cycles on with the clock (it runs the settle hooks, so callbacks
go out as the clock advances even when no API request comes) and then sends what is due,
outside the store's lock: a slow webhook never holds up the API. A delivery that gets no answer
or a 5xx is tried again after a pause that doubles, up to `DeliveryPolicy.attempts` times, with
the same idempotency token; then it is ``delivered`` or ``failed``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests

from emulator import webhooks
from emulator.clock import Clock
from emulator.routing import Settle
from emulator.store import Db, Row, Store, get, insert, update

__all__ = ["Courier", "DeliveryPolicy", "enqueue", "listing"]

log = logging.getLogger("emulator.outbox")

BODY_KEPT = 2000
"""How much of a webhook's answer the listing keeps."""


@dataclass(frozen=True)
class DeliveryPolicy:
    """How the courier delivers: tries per callback, the first pause between tries (it
    doubles), the connect and read timeout of every request, and how often it looks."""

    attempts: int = 3
    backoff: float = 0.5
    timeout: float = 10.0
    interval: float = 0.05


def enqueue(
    db: Db,
    *,
    account_sid: str,
    source: str,
    resource_sid: str,
    url: str,
    method: str,
    params: list[tuple[str, str]],
    now: float,
) -> str:
    """Put a signed delivery in the outbox; its idempotency token."""
    account = get(db, "accounts", account_sid)
    assert account is not None
    token = str(uuid.uuid4())
    signed = webhooks.sign(
        account["auth_token"],
        webhooks.target(url, method, params),
        params if method == "POST" else [],
    )
    insert(
        db,
        "callbacks",
        {
            "sid": token,
            "account_sid": account_sid,
            "source": source,
            "resource_sid": resource_sid,
            "url": url,
            "method": method,
            "params": json.dumps(params),
            "signature": signed,
            "state": "pending",
            "next_attempt": time.time(),
            "date_created": now,
            "date_updated": now,
        },
    )
    return token


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat()


def render(row: Row) -> dict[str, Any]:
    """A delivery as the admin listing shows it."""
    return {
        "idempotency_token": row["sid"],
        "account_sid": row["account_sid"],
        "source": row["source"],
        "resource_sid": row["resource_sid"],
        "url": row["url"],
        "method": row["method"],
        "params": dict(json.loads(row["params"])),
        "signature": row["signature"],
        "state": row["state"],
        "attempts": row["attempts"],
        "response_status": row["response_status"],
        "response_body": row["response_body"],
        "error": row["error"],
        "date_created": _iso(row["date_created"]),
    }


def listing(db: Db, resource_sid: str | None = None) -> list[dict[str, Any]]:
    """Every delivery, oldest first (only those for `resource_sid` when given)."""
    if resource_sid is None:
        rows = db.execute("SELECT * FROM callbacks ORDER BY seq")
    else:
        rows = db.execute(
            "SELECT * FROM callbacks WHERE resource_sid = ? ORDER BY seq", (resource_sid,)
        )
    return [render(row) for row in rows]


class Courier:
    """The background thread that settles life cycles with the clock and delivers callbacks."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        settle_hooks: Iterable[Settle],
        policy: DeliveryPolicy | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.settle_hooks = tuple(settle_hooks)
        self.policy = policy or DeliveryPolicy()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread."""
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="emulator-courier", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread (a request under way finishes first, within its timeout)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        http = webhooks.session()
        while not self._stopping.wait(self.policy.interval):
            try:
                self.tick(http)
            except Exception:
                log.exception("emulator: delivering callbacks failed")

    def tick(self, http: requests.Session) -> None:
        """Settle life cycles at the clock's time, then make every delivery that is due."""
        with self.store.transaction() as db:
            now = self.clock.now().timestamp()
            for settle in self.settle_hooks:
                settle(db, now)
            due = db.execute(
                "SELECT * FROM callbacks WHERE next_attempt <= ? ORDER BY seq", (time.time(),)
            ).fetchall()
        for row in due:
            if self._stopping.is_set():
                return
            self._deliver(http, row)

    def _deliver(self, http: requests.Session, row: Row) -> None:
        params = [(name, value) for name, value in json.loads(row["params"])]
        reply = webhooks.send(
            http,
            row["url"],
            row["method"],
            params,
            signature=row["signature"],
            idempotency_token=row["sid"],
            timeout=self.policy.timeout,
        )
        attempts = row["attempts"] + 1
        again = not reply.ok and reply.retryable and attempts < self.policy.attempts
        state = "delivered" if reply.ok else "pending" if again else "failed"
        pause = self.policy.backoff * 2 ** (attempts - 1)
        with self.store.transaction() as db:
            update(
                db,
                "callbacks",
                row["sid"],
                {
                    "state": state,
                    "attempts": attempts,
                    "next_attempt": time.time() + pause if again else None,
                    "response_status": reply.status,
                    "response_body": reply.body[:BODY_KEPT],
                    "error": reply.error,
                    "date_updated": self.clock.now().timestamp(),
                },
            )
