"""A one-line progress bar for long foreach loops, drawn on a terminal's stderr only."""

from __future__ import annotations

import sys
import threading
import time
from typing import IO

__all__ = ["MIN_ITEMS", "NoProgress", "ProgressBar", "terminal_progress"]

#: Loops shorter than this show no bar.
MIN_ITEMS = 20
_WIDTH = 30


class NoProgress:
    """Progress that shows nothing."""

    def tick(self) -> None:
        """One more item done."""

    def close(self) -> None:
        """The loop is over."""


class ProgressBar:
    """``\\r[#####.....] 12/40 foreach at notify.yaml:20:7``, redrawn at most 10 times a second."""

    def __init__(self, total: int, label: str, stream: IO[str]) -> None:
        self.total = total
        self.label = label
        self.stream = stream
        self.done = 0
        self._drawn = 0.0
        self._lock = threading.Lock()

    def tick(self) -> None:
        """One more item done (safe from any thread)."""
        with self._lock:
            self.done += 1
            now = time.monotonic()
            if now - self._drawn >= 0.1 or self.done == self.total:
                self._drawn = now
                self._draw()

    def _draw(self) -> None:
        filled = _WIDTH * self.done // max(self.total, 1)
        bar = "#" * filled + "." * (_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} {self.label}")
        self.stream.flush()

    def close(self) -> None:
        """Erase the bar."""
        with self._lock:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def terminal_progress(total: int, label: str) -> NoProgress | ProgressBar:
    """A bar on stderr when it is a terminal and the loop is long; else nothing."""
    stream = sys.stderr
    if total >= MIN_ITEMS and stream.isatty():
        return ProgressBar(total, label, stream)
    return NoProgress()
