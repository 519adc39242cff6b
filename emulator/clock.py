"""Clocks the emulator reads time from, and the timelines that resources' life cycles follow.

Life cycles are not driven by timers: a resource stores when its life cycle started and when its
next status is due, and its settle hook (see emulator/routing.py) moves it on to the clock's time
before every API request, so a `ManualClock` makes them exact.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

__all__ = ["Clock", "ManualClock", "SystemClock", "Timeline"]


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
