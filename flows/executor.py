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

import itertools
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

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


#: An idle thread of a :class:`ThreadFanOut` ends after this many seconds without work.
IDLE_TIMEOUT = 60.0


class ThreadFanOut:
    """Fan-out on threads of this process, started once and kept between fan-outs.

    A fan-out takes up to ``limit`` idle threads (starting only those missing) and gives them
    back when its items are done, so a run's loops, and a loop inside another loop's items
    (which takes other threads: it never waits for its own), reuse the same threads. Items are
    handed out one at a time from a shared counter: no future, queue entry or callback per item.
    :meth:`close` ends the idle threads; one idle for ``idle_timeout`` seconds ends by itself.
    """

    def __init__(self, idle_timeout: float = IDLE_TIMEOUT) -> None:
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._idle_timeout = idle_timeout
        self._started = 0

    @property
    def threads_started(self) -> int:
        """How many threads this fan-out has started so far."""
        return self._started

    def map(
        self, work: Work, items: Sequence[Any], *, limit: int, done: Callable[[], None]
    ) -> list[Outcome]:
        """Run the items on up to ``limit`` threads; gather every outcome in order."""
        if not items:
            return []
        job = _Job(work, items, done, max(1, min(limit, len(items))))
        for worker in self._take(job.threads):
            worker.tasks.put(job)
        try:
            job.finished.wait()
        except BaseException:
            job.stop = True  # items not started never start; those running are waited for
            job.finished.wait()
            raise
        if job.failure is not None:
            raise job.failure
        return cast("list[Outcome]", job.outcomes)

    def close(self) -> None:
        """End the idle threads (a later fan-out starts new ones)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.tasks.put(None)

    def _take(self, count: int) -> list[_Worker]:
        with self._lock:
            taken = self._idle[-count:] if count else []
            del self._idle[len(self._idle) - len(taken) :]
            missing = count - len(taken)
            first = self._started + 1
            self._started += missing
        for number in range(first, first + missing):
            worker = _Worker()
            thread = threading.Thread(
                target=self._serve, args=(worker,), name=f"fan-out-{number}", daemon=True
            )
            thread.start()
            taken.append(worker)
        return taken

    def _serve(self, worker: _Worker) -> None:
        while True:
            try:
                job = worker.tasks.get(timeout=self._idle_timeout)
            except queue.Empty:
                with self._lock:
                    if worker in self._idle:  # not taken meanwhile: nobody will send it work
                        self._idle.remove(worker)
                        return
                continue
            if job is None:
                return
            try:
                job.run()
            finally:
                with self._lock:
                    self._idle.append(worker)
                job.leave()


class _Worker:
    """One thread's mailbox: the jobs it is given (``None``: stop)."""

    __slots__ = ("tasks",)

    def __init__(self) -> None:
        self.tasks: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()


class _Job:
    """One fan-out: its items, taken one at a time by ``threads`` threads."""

    def __init__(
        self, work: Work, items: Sequence[Any], done: Callable[[], None], threads: int
    ) -> None:
        self.work, self.items, self.done, self.threads = work, items, done, threads
        self.outcomes: list[Outcome | None] = [None] * len(items)
        self.failure: BaseException | None = None
        self.stop = False
        self.finished = threading.Event()
        self._next = itertools.count()  # next() on a count is atomic: each index taken once
        self._running = threads
        self._lock = threading.Lock()

    def run(self) -> None:
        """Take items until none is left (or the fan-out stops); record each outcome. Any
        error but a flow's (a bug, an interrupt, ``done`` failing) stops the fan-out."""
        try:
            self._take_items()
        except BaseException as exc:
            with self._lock:
                if self.failure is None:
                    self.failure = exc
            self.stop = True

    def _take_items(self) -> None:
        work, items, outcomes, done = self.work, self.items, self.outcomes, self.done
        count, taken = len(items), self._next
        while not self.stop:
            index = next(taken)
            if index >= count:
                return
            try:
                outcomes[index] = Outcome(work(index + 1, items[index]))
            except ConnectorError as error:
                outcomes[index] = Outcome(error=error)
            done()

    def leave(self) -> None:
        """One thread is done with this job; the last one says the job is finished."""
        with self._lock:
            self._running -= 1
            last = self._running == 0
        if last:
            self.finished.set()
