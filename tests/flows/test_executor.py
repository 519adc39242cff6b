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
