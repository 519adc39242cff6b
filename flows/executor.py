"""Fan-out: run one piece of work per item, several at a time, and gather the outcomes in order.

``parallel-foreach`` hands its items to the run's :class:`FanOut`; any step that fans out
(a future ``scatter-gather``, a distributed executor) plugs in here instead of owning a pool::

    outcomes = run.fan_out.map(work, items, limit=8, done=progress.tick)
    for outcome in outcomes:               # in item order, every item's result or error
        ...

Work raises :class:`connector.ConnectorError` for a failure that belongs to the flow; that
error becomes the item's outcome and the other items still run. Any other exception (a bug,
``KeyboardInterrupt``) stops the fan-out: items not started are cancelled, those running are
waited for, and the exception propagates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from connector import ConnectorError

__all__ = ["FanOut", "Outcome", "ThreadFanOut"]

#: Runs one item: ``work(number, item)`` with ``number`` counting from 1.
Work = Callable[[int, Any], Any]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One item's result, or the error it raised."""

    value: Any = None
    error: ConnectorError | None = None


class FanOut(Protocol):
    """Runs work for every item, at most ``limit`` at a time; outcomes come in item order."""

    def map(
        self, work: Work, items: Sequence[Any], *, limit: int, done: Callable[[], None]
    ) -> list[Outcome]:
        """Every item's outcome, in order; ``done`` is called as each item finishes."""


class ThreadFanOut:
    """Fan-out on a thread pool of this process, one pool per call."""

    def map(
        self, work: Work, items: Sequence[Any], *, limit: int, done: Callable[[], None]
    ) -> list[Outcome]:
        """Run the items on up to ``limit`` threads; gather every outcome in order."""
        if not items:
            return []
        pool = ThreadPoolExecutor(min(limit, len(items)), thread_name_prefix="fan-out")
        try:
            futures = [
                pool.submit(self._one, work, number, item) for number, item in enumerate(items, 1)
            ]
            for future in futures:
                future.add_done_callback(_calling(done))
            return [future.result() for future in futures]
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _one(work: Work, number: int, item: Any) -> Outcome:
        try:
            return Outcome(work(number, item))
        except ConnectorError as error:
            return Outcome(error=error)


def _calling(done: Callable[[], None]) -> Callable[[Future[Any]], None]:
    return lambda _future: done()
