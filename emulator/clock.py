"""Clocks the emulator reads time from, and the life cycles of messages and calls.

Life cycles are not driven by timers: a resource stores when its life cycle started and its
status is worked out from the clock whenever it is read, so a `ManualClock` makes them exact.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

__all__ = [
    "CALL_TIMELINE",
    "Clock",
    "ManualClock",
    "SystemClock",
    "Timeline",
    "message_timeline",
]


class Clock(Protocol):
    """Where the emulator reads the time."""

    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...

    def advance(self, seconds: float) -> None:
        """Move the clock forward by `seconds`."""
        ...


class SystemClock:
    """The wall clock, plus whatever has been added with `advance`."""

    def __init__(self) -> None:
        self._offset = timedelta()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The wall-clock time plus the accumulated offset."""
        return datetime.now(UTC) + self._offset

    def advance(self, seconds: float) -> None:
        """Jump ahead by `seconds` (later readings keep running from there)."""
        with self._lock:
            self._offset += timedelta(seconds=seconds)


class ManualClock:
    """A clock that only moves when told to: for deterministic tests."""

    DEFAULT_START = datetime(2024, 1, 1, tzinfo=UTC)

    def __init__(self, start: datetime | None = None) -> None:
        start = start or self.DEFAULT_START
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start time")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The time the clock was last set to."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by `seconds`."""
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        with self._lock:
            self._now += timedelta(seconds=seconds)


@dataclass(frozen=True)
class Timeline:
    """Statuses a resource goes through, each reached a fixed number of seconds after the start."""

    steps: tuple[tuple[float, str], ...]

    def position(self, started: float, now: float) -> int:
        """Index of the step the resource is in at `now`."""
        index = 0
        for i, (offset, _status) in enumerate(self.steps):
            if now >= started + offset:
                index = i
        return index

    def status(self, index: int) -> str:
        """The status of step `index`."""
        return self.steps[index][1]

    def reached(self, started: float, index: int) -> float:
        """When step `index` is reached."""
        return started + self.steps[index][0]

    def next_change(self, started: float, index: int) -> float | None:
        """When the step after `index` is reached, or None at the last step."""
        if index + 1 >= len(self.steps):
            return None
        return started + self.steps[index + 1][0]

    def index_of(self, status: str) -> int:
        """The step whose status is `status`."""
        return [s for _, s in self.steps].index(status)


MESSAGE_TIMELINES = {
    "delivered": Timeline(((0, "queued"), (1, "sending"), (2, "sent"), (3, "delivered"))),
    "undelivered": Timeline(((0, "queued"), (1, "sending"), (2, "sent"), (3, "undelivered"))),
    "failed": Timeline(((0, "queued"), (1, "sending"), (2, "failed"))),
}
"""A message is queued, then one step per second: sending, sent, then its outcome."""

CALL_TIMELINE = Timeline(((0, "queued"), (1, "ringing"), (2, "in-progress"), (5, "completed")))
"""A call rings after 1 s, is answered after 2 s and hangs up after 5 s (duration 3 s)."""


def message_timeline(outcome: str) -> Timeline:
    """The timeline of a message that ends `delivered`, `undelivered` or `failed`."""
    return MESSAGE_TIMELINES[outcome]
