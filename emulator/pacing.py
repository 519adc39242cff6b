"""Twilio's limits on bulk sending, off unless asked for (``--sender-mps``,
``--max-concurrent-requests``).

- Per sender, Twilio accepts every message at once but sends them at the sender's rate (about
  1 message per second for a long code), queueing the rest: with a rate, each message accepted
  is given the time it leaves the queue on the emulator's clock, ``1/rate`` after the sender's
  previous one, and its life cycle (queued, sending, sent...) starts then.
- Per account, Twilio refuses requests beyond its concurrency cap with 429 and code 20429
  (the request is not processed): with a cap, an API request that would be one more in flight
  for the same credentials than the cap is answered so.

Either way, every message accepted is logged with the wall-clock time it was accepted (and when
it leaves the queue, on the clock), so a test can check that a client kept to a sender's rate:
``GET /_emulator/senders``.
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
    leaves: float


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
        self._leaving: dict[str, float] = {}
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

    def leaves(self, sender: str, now: float) -> float:
        """When a message ``sender`` sends at ``now`` (the emulator's clock) leaves the sender's
        queue: ``now`` without a rate, else ``1/rate`` after the one before it. The time is taken
        for it (call :meth:`accepted` once the message is made)."""
        with self._lock:
            last = self._leaving.get(sender)
            leaves = now
            if self.sender_mps is not None and last is not None:
                leaves = max(now, last + 1 / self.sender_mps)
            self._leaving[sender] = leaves
        return leaves

    def accepted(self, sender: str, sid: str, leaves: float) -> None:
        """Log a message accepted for ``sender`` now (wall clock), leaving its queue at
        ``leaves``."""
        with self._lock:
            self._senders.setdefault(sender, []).append(_Accepted(sid, self._clock(), leaves))

    def listing(self) -> dict[str, Any]:
        """Per sender, each message accepted (oldest first): SID, when it was accepted (seconds
        since the epoch, wall clock) and when it leaves the queue (on the emulator's clock); and
        the settings."""
        with self._lock:
            senders = {
                sender: [
                    {"sid": item.sid, "accepted": item.accepted, "sendAt": item.leaves}
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
