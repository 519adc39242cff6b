"""The fan-out behind parallel-foreach: outcomes in item order, flow errors as outcomes, a bug
stops it (items not started are cancelled), and a run's fan-out can be another one."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from connector import ConnectorError
from flows.errors import Where
from flows.executor import Outcome, ThreadFanOut
from flows.expressions import Literal
from flows.runtime import Connectors, Event, Run
from flows.steps import ParallelForeach, SetPayload

HERE = Where("test.yaml", 1, 1)


def test_outcomes_come_in_item_order_whoever_finishes_first() -> None:
    def work(number: int, item: float) -> int:
        time.sleep(item)
        return number

    ticks: list[None] = []
    outcomes = ThreadFanOut().map(work, [0.2, 0.1, 0.0], limit=3, done=lambda: ticks.append(None))
    assert [outcome.value for outcome in outcomes] == [1, 2, 3]
    assert len(ticks) == 3


def test_a_flow_error_is_an_items_outcome_and_the_others_still_run() -> None:
    def work(number: int, item: str) -> str:
        if item == "bad":
            raise ConnectorError("no", type="APP:BAD")
        return item

    outcomes = ThreadFanOut().map(work, ["a", "bad", "c"], limit=2, done=lambda: None)
    assert [outcome.value for outcome in outcomes] == ["a", None, "c"]
    assert [o.error.type if o.error else None for o in outcomes] == [None, "APP:BAD", None]


def test_a_bug_stops_the_fan_out_and_items_not_started_never_run() -> None:
    started: list[int] = []
    lock = threading.Lock()

    def work(number: int, item: Any) -> None:
        with lock:
            started.append(number)
        if number == 1:
            raise RuntimeError("a bug")
        time.sleep(0.2)

    with pytest.raises(RuntimeError, match="a bug"):
        ThreadFanOut().map(work, list(range(20)), limit=1, done=lambda: None)
    assert len(started) <= 2  # item 1, and at most the one its thread took next


def test_no_items_is_no_outcomes() -> None:
    assert ThreadFanOut().map(lambda n, i: i, [], limit=4, done=lambda: None) == []


class _Recording:
    """A fan-out of another kind (as a distributed one would be): runs items in this thread."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def map(
        self,
        work: Callable[[int, Any], Any],
        items: Sequence[Any],
        *,
        limit: int,
        done: Callable[[], None],
    ) -> list[Outcome]:
        self.calls.append((len(items), limit))
        return [Outcome(work(number, item)) for number, item in enumerate(items, 1)]


def test_parallel_foreach_hands_its_items_to_the_runs_fan_out() -> None:
    step = ParallelForeach(HERE, Literal([1, 2, 3]), 5, (SetPayload(HERE, Literal("done")),))
    fan_out = _Recording()
    event = Event()
    step.run(event, Run({}, Connectors({}), fan_out=fan_out))
    assert fan_out.calls == [(3, 5)]
    assert event.payload == ["done", "done", "done"]


def test_threads_are_started_once_and_reused_by_later_fan_outs() -> None:
    fan_out = ThreadFanOut()
    try:
        for _ in range(3):
            outcomes = fan_out.map(lambda n, i: i * 2, list(range(50)), limit=4, done=lambda: None)
            assert [outcome.value for outcome in outcomes] == [i * 2 for i in range(50)]
        assert fan_out.threads_started == 4
    finally:
        fan_out.close()


def test_a_fan_out_inside_an_item_takes_other_threads() -> None:
    """Every thread busy with an outer item, each starting an inner fan-out: no deadlock."""
    fan_out = ThreadFanOut()

    def outer(number: int, item: int) -> list[Any]:
        inner = fan_out.map(lambda n, i: (item, i), [1, 2], limit=2, done=lambda: None)
        return [outcome.value for outcome in inner]

    try:
        outcomes = fan_out.map(outer, [1, 2, 3], limit=3, done=lambda: None)
        assert [outcome.value for outcome in outcomes] == [
            [(item, 1), (item, 2)] for item in (1, 2, 3)
        ]
        # The outer items hold 3 threads; each inner fan-out takes idle ones, started for it
        # or left by an inner fan-out that ended first (so 2 to 6 more, by timing).
        assert 3 + 2 <= fan_out.threads_started <= 3 + 3 * 2
    finally:
        fan_out.close()


def _wait_for_end(threads: set[threading.Thread]) -> None:
    deadline = time.monotonic() + 5
    while any(thread.is_alive() for thread in threads):
        assert time.monotonic() < deadline, "idle fan-out threads did not end"
        time.sleep(0.01)


def test_closing_ends_the_idle_threads() -> None:
    before = set(threading.enumerate())
    fan_out = ThreadFanOut()
    fan_out.map(lambda n, i: i, [1, 2, 3], limit=3, done=lambda: None)
    started = {t for t in set(threading.enumerate()) - before if t.name.startswith("fan-out-")}
    assert len(started) == 3
    fan_out.close()
    _wait_for_end(started)


def test_an_idle_thread_ends_by_itself_after_the_timeout() -> None:
    before = set(threading.enumerate())
    fan_out = ThreadFanOut(idle_timeout=0.05)
    fan_out.map(lambda n, i: i, [1, 2], limit=2, done=lambda: None)
    started = {t for t in set(threading.enumerate()) - before if t.name.startswith("fan-out-")}
    assert len(started) == 2
    _wait_for_end(started)
    outcomes = fan_out.map(lambda n, i: i, [1, 2], limit=2, done=lambda: None)
    assert [outcome.value for outcome in outcomes] == [1, 2]
    assert fan_out.threads_started == 4
    fan_out.close()


def test_a_failing_done_callback_stops_the_fan_out_instead_of_hanging_it() -> None:
    def done() -> None:
        raise RuntimeError("the progress display broke")

    fan_out = ThreadFanOut()
    try:
        with pytest.raises(RuntimeError, match="progress display"):
            fan_out.map(lambda n, i: i, list(range(10)), limit=3, done=done)
        outcomes = fan_out.map(lambda n, i: i, [1, 2], limit=3, done=lambda: None)
        assert [outcome.value for outcome in outcomes] == [1, 2]
    finally:
        fan_out.close()
