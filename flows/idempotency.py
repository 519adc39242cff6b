"""The replies given to Twilio's webhooks, by idempotency token, so that a retry runs nothing.

Twilio retries a webhook with the same ``I-Twilio-Idempotency-Token``. The listener claims a
token before it runs the flow (:meth:`ReplyStore.claim`) and records the reply it gave
(:meth:`ReplyStore.record`); a request whose token is claimed gets the recorded reply, or
waits for it while the first request is still running (:meth:`ReplyStore.wait`). Entries are
kept :data:`KEEP_FOR` seconds (24 hours). The store is one SQLite file, safe for the threads
of a listener and for several listener processes sharing the file; ``":memory:"`` keeps it
in the process.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from connector.sqlite import MEMORY, immediate, open_database

__all__ = ["KEEP_FOR", "Claim", "Reply", "ReplyStore", "default_store_path"]

#: How long a token's reply is kept: Twilio retries within 24 hours.
KEEP_FOR = 24 * 3600.0
#: How often a waiting request looks whether the first one has answered.
_POLL = 0.02
#: How often, at most, expired entries are deleted.
_SWEEP_EVERY = 60.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS replies (
    key TEXT PRIMARY KEY,
    claimed_at REAL NOT NULL,
    status INTEGER,
    content_type TEXT,
    body BLOB
);
CREATE INDEX IF NOT EXISTS replies_claimed_at ON replies (claimed_at);
"""


@dataclass(frozen=True)
class Reply:
    """An HTTP reply: status, content type (``None`` without a body) and body."""

    status: int
    content_type: str | None = None
    body: bytes = b""


class Claim(Enum):
    """What claiming a token found."""

    NEW = "new"  # the caller runs the flow, then records its reply
    RUNNING = "running"  # another request runs it: wait for its reply
    ANSWERED = "answered"  # the reply is recorded


def default_store_path() -> Path:
    """Where the listener keeps replies by default: ``twilio-connector/webhook-replies.sqlite3``
    in ``$XDG_STATE_HOME`` (else ``~/.local/state``)."""
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    return Path(state) / "twilio-connector" / "webhook-replies.sqlite3"


class ReplyStore:
    """Replies by key (a route and an idempotency token), kept :data:`KEEP_FOR` seconds."""

    def __init__(
        self,
        path: str | Path = MEMORY,
        *,
        keep_for: float = KEEP_FOR,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = str(path)
        self._keep_for = keep_for
        self._clock = clock
        self._lock = threading.Lock()
        self._swept = 0.0
        self._db = open_database(self.path, _SCHEMA)

    def claim(self, key: str) -> tuple[Claim, Reply | None]:
        """Claim a key for a request about to run its flow; what was found, and the recorded
        reply when there is one. A key claimed longer ago than the store keeps is free."""
        now = self._clock()
        with immediate(self._db, self._lock) as db:
            row = db.execute(
                "SELECT claimed_at, status, content_type, body FROM replies WHERE key = ?",
                (key,),
            ).fetchone()
            if row is not None and row[0] >= now - self._keep_for:
                found = (Claim.RUNNING, None) if row[1] is None else (Claim.ANSWERED, _reply(row))
            else:
                db.execute(
                    "INSERT OR REPLACE INTO replies (key, claimed_at) VALUES (?, ?)", (key, now)
                )
                found = (Claim.NEW, None)
            if now - self._swept >= _SWEEP_EVERY:
                db.execute("DELETE FROM replies WHERE claimed_at < ?", (now - self._keep_for,))
                self._swept = now
        return found

    def record(self, key: str, reply: Reply) -> None:
        """Record the reply given to the request that claimed ``key``."""
        with self._lock:
            self._db.execute(
                "UPDATE replies SET status = ?, content_type = ?, body = ? WHERE key = ?",
                (reply.status, reply.content_type, reply.body, key),
            )

    def wait(self, key: str, timeout: float) -> Reply | None:
        """The reply recorded for ``key``, waiting up to ``timeout`` seconds for the request
        that claimed it to record one; ``None`` when none came."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                row = self._db.execute(
                    "SELECT claimed_at, status, content_type, body FROM replies WHERE key = ?",
                    (key,),
                ).fetchone()
            if row is not None and row[1] is not None:
                return _reply(row)
            if time.monotonic() >= deadline:
                return None
            time.sleep(_POLL)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()


def _reply(row: tuple[float, int, str | None, bytes | None]) -> Reply:
    return Reply(row[1], row[2], bytes(row[3] or b""))
