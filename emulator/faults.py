"""Failures a test asks for, so a client's retries and timeouts can be exercised offline.

``POST /_emulator/faults`` queues them; the next API requests that match (by method and a
substring of the path) take one each, before anything is processed, as at Twilio when it
answers 429 or 503: the request never happened.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from emulator.errors import TwilioError

STATUSES = {429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}


@dataclass(frozen=True)
class Fault:
    """An answer to force: a status (429, 500 or 503) and/or a delay before answering."""

    status: int | None = None
    delay: float = 0.0
    retry_after: int | None = None
    method: str | None = None
    path: str | None = None

    def matches(self, method: str, path: str) -> bool:
        """Whether a request with this method and path takes this fault."""
        return (self.method is None or self.method == method) and (
            self.path is None or self.path in path
        )

    def error(self) -> TwilioError | None:
        """The error to answer with, if the fault has a status."""
        if self.status is None:
            return None
        return TwilioError(
            self.status, 20000 + self.status, STATUSES[self.status], retry_after=self.retry_after
        )


class Faults:
    """The queue of faults still to be taken."""

    def __init__(self) -> None:
        self._queue: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault, count: int = 1) -> None:
        """Queue `count` copies of `fault`."""
        with self._lock:
            self._queue.extend([fault] * count)

    def take(self, method: str, path: str) -> Fault | None:
        """Remove and return the first fault matching this request, if any."""
        if not self._queue:
            return None
        with self._lock:
            for index, fault in enumerate(self._queue):
                if fault.matches(method, path):
                    return self._queue.pop(index)
        return None

    def clear(self) -> int:
        """Drop every queued fault; how many there were."""
        with self._lock:
            count = len(self._queue)
            self._queue.clear()
            return count
