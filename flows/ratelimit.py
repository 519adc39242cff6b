"""Rate limits for the sends of a loop: per key (a sender), and a cap on requests in flight.

``foreach`` and ``parallel-foreach`` take ``rateLimit: {key, perSecond, burst}`` and
``maxConcurrentRequests``. Each send of an item waits for its key's turn
(:meth:`RateLimiter.acquire`) and, under the cap, for a free slot; a 429 from Twilio slows the
key down (:meth:`RateLimiter.throttled`) instead of failing the item, and each send answered
brings its rate back up.

A key's turn is given by two rules, so that Twilio, counting the requests it accepts, never
sees more than the rate:

- spacing (GCRA, a token bucket by its theoretical arrival time): sends start ``1/perSecond``
  apart, ``burst`` of them at once when the key has been idle;
- a window measured on completed sends: a send starts only when fewer than ``perSecond``
  (at least 1) sends of the key are in flight or ended within the last window (``1`` second,
  longer for rates under 1 per second). A request is accepted between its start and its
  answer, so with a whole ``perSecond`` no one-second window at Twilio holds more than
  ``perSecond`` of the key's sends, however late a thread wakes or a request is answered.

:class:`Limiter` is the interface a distributed limiter (Redis) may implement instead.
"""

from __future__ import annotations

import collections
import contextlib
import math
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

__all__ = ["ConcurrencyCap", "ItemLimits", "Limiter", "LoopLimits", "RateLimiter", "turn"]

#: A key throttled by 429s goes down to this share of its rate, no lower.
_FLOOR = 1 / 16
#: Each send answered brings a slowed key's rate up by this factor (up to its own rate).
_RECOVERY = 1.1


class Limiter(Protocol):
    """Turns for sends by key."""

    def acquire(self, key: Hashable) -> None:
        """Wait for the key's turn; the send starts now."""

    def release(self, key: Hashable, *, answered: bool) -> None:
        """The send started by :meth:`acquire` ended (``answered``: Twilio took it)."""

    def throttled(self, key: Hashable, retry_after: float | None) -> None:
        """Twilio answered 429: slow the key down."""


@dataclass
class _Key:
    rate: float
    tat: float = 0.0  # the theoretical arrival time of the next send
    in_flight: int = 0
    ended: collections.deque[float] = field(default_factory=collections.deque)


class RateLimiter:
    """Per-key rate limits in this process: ``per_second`` sends, ``burst`` at once."""

    def __init__(
        self,
        per_second: float,
        burst: int = 1,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_second <= 0 or burst < 1:
            raise ValueError("a rate limit needs perSecond > 0 and burst >= 1")
        self.per_second = per_second
        self.burst = burst
        #: Sends of a key in flight or ended within :attr:`window` at most.
        self.most = max(1, math.floor(per_second))
        self.window = self.most / per_second
        self._clock = clock
        self._sleep = sleep
        self._keys: dict[Hashable, _Key] = {}
        self._lock = threading.Condition()

    def acquire(self, key: Hashable) -> None:
        """Wait for the key's turn (both rules of the module's docstring)."""
        with self._lock:
            state = self._keys.setdefault(key, _Key(self.per_second))
            while True:
                now = self._clock()
                while state.ended and state.ended[0] <= now - self.window:
                    state.ended.popleft()
                interval = 1 / state.rate
                start = max(now, state.tat - (self.burst - 1) * interval)
                if state.in_flight + len(state.ended) >= self.most:
                    if state.ended:
                        start = max(start, state.ended[0] + self.window)
                    else:
                        self._lock.wait()  # every one in flight: wait for an answer
                        continue
                if start <= now:
                    state.tat = max(state.tat, now) + interval
                    state.in_flight += 1
                    return
                self._lock.wait(start - now)

    def release(self, key: Hashable, *, answered: bool) -> None:
        """The send ended; an answered one brings a slowed key's rate back up."""
        with self._lock:
            state = self._keys[key]
            state.in_flight -= 1
            state.ended.append(self._clock())
            if answered:
                state.rate = min(self.per_second, state.rate * _RECOVERY)
            self._lock.notify_all()

    def throttled(self, key: Hashable, retry_after: float | None) -> None:
        """Halve the key's rate (down to a sixteenth) and hold its next send back."""
        with self._lock:
            state = self._keys.setdefault(key, _Key(self.per_second))
            state.rate = max(self.per_second * _FLOOR, state.rate / 2)
            pause = retry_after if retry_after is not None else 1 / state.rate
            state.tat = max(state.tat, self._clock() + pause)
            self._lock.notify_all()


@contextlib.contextmanager
def turn(limiter: Limiter, key: Hashable) -> Iterator[None]:
    """Hold the key's turn for the block (the send counts as answered unless it raises)."""
    limiter.acquire(key)
    answered = False
    try:
        yield
        answered = True
    finally:
        limiter.release(key, answered=answered)


class ConcurrencyCap:
    """At most ``most`` requests in flight at once per account (config)."""

    def __init__(self, most: int) -> None:
        if most < 1:
            raise ValueError("maxConcurrentRequests must be at least 1")
        self.most = most
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def slot(self, account: str) -> Iterator[None]:
        """Hold one of the account's slots for the block."""
        with self._lock:
            slots = self._slots.setdefault(account, threading.BoundedSemaphore(self.most))
        with slots:
            yield


@dataclass(frozen=True)
class LoopLimits:
    """A loop's limits, shared by all its items: the rate limiter (and how each item's key is
    worked out, by the loop) and the cap on requests in flight."""

    rate: Limiter | None = None
    cap: ConcurrencyCap | None = None

    def for_item(self, key: Hashable) -> ItemLimits:
        """The limits an item's sends are held to, its rate-limit key worked out."""
        return ItemLimits(self, key)


@dataclass(frozen=True)
class ItemLimits:
    """The limits one item's sends are held to: its loop's, under the item's key."""

    loop: LoopLimits
    key: Hashable

    @contextlib.contextmanager
    def held(self, account: str) -> Iterator[None]:
        """Wait for the key's turn, then for a slot of the account's; hold both for the block."""
        with contextlib.ExitStack() as stack:
            if self.loop.rate is not None:
                stack.enter_context(turn(self.loop.rate, self.key))
            if self.loop.cap is not None:
                stack.enter_context(self.loop.cap.slot(account))
            yield

    def throttled(self, retry_after: float | None) -> None:
        """Twilio answered 429: slow the key down."""
        if self.loop.rate is not None:
            self.loop.rate.throttled(self.key, retry_after)
