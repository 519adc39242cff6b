"""Twilio's limits on bulk sending, off unless asked for (``--sender-mps``,
``--max-concurrent-requests``).

- Per sender, Twilio accepts every message at once but sends them at the sender's rate (about
  1 message per second for a long code), queueing the rest: with a rate, each message accepted
  is given the time it leaves the queue, ``1/rate`` after the sender's previous one.
- Per account, Twilio refuses requests beyond its concurrency cap with 429 and code 20429
  (the request is not processed): with a cap, an API request that would be one more in flight
  for the same credentials than the cap is answered so.

Either way, every message accepted is logged with the wall-clock time it was accepted, so a
test can check that a client kept to a sender's rate: ``GET /_emulator/senders``.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from emulator.errors import TwilioError

__all__ = ["PACING", "TOO_MANY_REQUESTS", "Pacing"]

#: The WSGI environ key under which the app hands its `Pacing` to the admin endpoints.
PACING = "emulator.pacing"

#: Twilio's error code for requests beyond an account's concurrency cap.
TOO_MANY_REQUESTS = 20429


@dataclass(frozen=True)
class _Accepted:
    sid: str
    accepted: float
    send_at: float


class Pacing:
    """The senders' queues and the accounts' requests in flight (see the module docstring)."""

    def __init__(
        self,
        sender_mps: float | None = None,
        max_concurrent_requests: int | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if sender_mps is not None and sender_mps <= 0:
            raise ValueError("sender_mps must be more than 0")
        if max_concurrent_requests is not None and max_concurrent_requests < 1:
            raise ValueError("max_concurrent_requests must be at least 1")
        self.sender_mps = sender_mps
        self.max_concurrent_requests = max_concurrent_requests
        self._clock = clock
        self._lock = threading.Lock()
        self._senders: dict[str, list[_Accepted]] = {}
        self._in_flight: dict[str, int] = {}
        #: How many requests were refused for the cap.
        self.refused = 0

    @contextlib.contextmanager
    def request(self, credentials: str) -> Iterator[None]:
        """Count an API request in flight for the whole block; the 429 (20429) when it would be
        one more than the cap."""
        cap = self.max_concurrent_requests
        if cap is None:
            yield
            return
        with self._lock:
            if self._in_flight.get(credentials, 0) >= cap:
                self.refused += 1
                raise TwilioError(
                    429,
                    TOO_MANY_REQUESTS,
                    f"Too Many Requests: more than {cap} concurrent requests",
                    retry_after=1,
                )
            self._in_flight[credentials] = self._in_flight.get(credentials, 0) + 1
        try:
            yield
        finally:
            with self._lock:
                self._in_flight[credentials] -= 1

    def accepted(self, sender: str, sid: str) -> float:
        """Log a message accepted for ``sender``; when it leaves the sender's queue."""
        now = self._clock()
        with self._lock:
            queue = self._senders.setdefault(sender, [])
            send_at = now
            if self.sender_mps is not None and queue:
                send_at = max(now, queue[-1].send_at + 1 / self.sender_mps)
            queue.append(_Accepted(sid, now, send_at))
        return send_at

    def listing(self) -> dict[str, Any]:
        """Per sender, each message accepted (oldest first): SID, when it was accepted and
        when it leaves the queue (seconds since the epoch, wall clock); and the settings."""
        with self._lock:
            senders = {
                sender: [
                    {"sid": item.sid, "accepted": item.accepted, "sendAt": item.send_at}
                    for item in queue
                ]
                for sender, queue in self._senders.items()
            }
        return {
            "senderMps": self.sender_mps,
            "maxConcurrentRequests": self.max_concurrent_requests,
            "refused": self.refused,
            "senders": senders,
        }
