"""A one-line progress bar for long foreach loops, drawn on a terminal's stderr only."""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import IO

__all__ = ["MIN_ITEMS", "NoProgress", "ProgressBar", "ansi_allowed", "terminal_progress"]

#: Loops shorter than this show no bar.
MIN_ITEMS = 20
_WIDTH = 30


class NoProgress:
    """Progress that shows nothing."""

    def tick(self) -> None:
        """One more item done."""

    def close(self) -> None:
        """The loop is over."""


def ansi_allowed(stream: IO[str]) -> bool:
    """Whether ANSI escape sequences (colour, erasing a line) may be written to ``stream``: only
    to a terminal, and not when ``NO_COLOR`` is set (https://no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


class ProgressBar:
    """``\\r[#####.....] 12/40 foreach at notify.yaml:20:7``, redrawn at most 10 times a second."""

    def __init__(self, total: int, label: str, stream: IO[str]) -> None:
        self.total = total
        self.label = label
        self.stream = stream
        self.done = 0
        self._drawn = 0.0
        self._width = 0
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
        line = f"[{bar}] {self.done}/{self.total} {self.label}"
        self._width = len(line)
        self.stream.write("\r" + line)
        self.stream.flush()

    def close(self) -> None:
        """Erase the bar (overwritten with spaces where ANSI sequences are not allowed)."""
        with self._lock:
            erase = "\x1b[2K" if ansi_allowed(self.stream) else " " * self._width + "\r"
            self.stream.write("\r" + erase)
            self.stream.flush()


def terminal_progress(total: int, label: str) -> NoProgress | ProgressBar:
    """A bar on stderr when it is a terminal and the loop is long; else nothing."""
    stream = sys.stderr
    if total >= MIN_ITEMS and stream.isatty():
        return ProgressBar(total, label, stream)
    return NoProgress()
