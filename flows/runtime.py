"""What a running flow works on: the event, the connectors, and the interpreter loop.

An :class:`Event` carries ``payload``, ``vars``, ``attributes`` (of the last operation) and
``error`` (inside handlers). A :class:`Run` executes steps against it: one step after the
other, each error given the place of the step that raised it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, cast

from connector import (
    Config,
    Connector,
    ConnectorError,
    Ledger,
    OnOutcomeUnknown,
    PagedList,
    Result,
    SendReport,
    TooManyRequestsError,
)
from connector.http import DryRunSink
from connector.once import DEFAULT_SETTLE
from flows.errors import FlowRecursionError, error_data, locate
from flows.executor import FanOut, ThreadFanOut
from flows.progress import NoProgress, ProgressBar
from flows.ratelimit import Cap, ConcurrencyCap, ItemLimits, Limiter, LoopLimits, RateLimiter
from flows.sandbox import DRY_RUN_RESULT, DryRunList, Vars
from operations import catalog

if TYPE_CHECKING:
    from flows.distributed import CeleryItems
    from flows.steps import Flow, Handler, Step
    from flows.steps.routing import Limits

__all__ = ["DEFAULT_REDELIVER", "MAX_FLOW_DEPTH", "Connectors", "Event", "Run"]

#: How deeply flow-ref calls may nest (a flow that calls itself stops here).
MAX_FLOW_DEPTH = 64
#: How long (s) an item on a Celery worker may go unanswered before it is given to another
#: worker (README: Running workers).
DEFAULT_REDELIVER = 300.0
#: How many times a send under a loop's limits is tried again after Twilio's 429s outlast the
#: config's retries (each time slowed down further).
MAX_THROTTLED_ROUNDS = 8


@dataclass(slots=True)
class Event:
    """The data a flow works on."""

    payload: Any = None
    vars: dict[str, Any] = field(default_factory=Vars)
    attributes: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    depth: int = 0
    dry_run: bool = False
    #: Where the event is in the loops and flow-refs it went through (a loop's item number, a
    #: flow-ref's line), for the idempotency keys of ``run --run-id``.
    position: tuple[str, ...] = ()
    #: The limits of the loops the event is in, outermost first.
    limits: tuple[ItemLimits, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.vars, Vars):
            self.vars = Vars(self.vars)

    def scope(self) -> dict[str, Any]:
        """The names expressions see."""
        return {
            "payload": self.payload,
            "vars": self.vars,
            "attributes": self.attributes,
            "error": self.error,
        }

    def copy(self) -> Event:
        """An event with the same data and its own variables."""
        return Event(
            self.payload,
            Vars(self.vars),
            self.attributes,
            self.error,
            self.depth,
            self.dry_run,
            self.position,
            self.limits,
        )

    def restore(self, saved: Event) -> None:
        """Go back to a copy taken earlier."""
        self.payload = saved.payload
        self.vars.clear()
        self.vars.update(saved.vars)
        self.attributes = saved.attributes
        self.error = saved.error


class Connectors:
    """One connector per config, created when first used and shared by every thread."""

    def __init__(
        self,
        configs: Mapping[str, Config],
        *,
        dry_run: DryRunSink | None = None,
        ledger: Ledger | str | Path | None = None,
        sends: SendReport | None = None,
    ) -> None:
        self.configs = dict(configs)
        self._dry_run = dry_run
        self._ledger = ledger
        #: What the keyed sends of every connector did.
        self.sends = sends if sends is not None else SendReport()
        self._made: dict[str, Connector] = {}
        self._lock = threading.Lock()

    @property
    def dry_run(self) -> bool:
        """Whether requests are only described, not sent."""
        return self._dry_run is not None

    def get(self, name: str) -> Connector:
        """The connector for a config name (every name a step uses was resolved before)."""
        connector = self._made.get(name)
        if connector is not None:
            return connector
        with self._lock:
            if name not in self._made:
                self._made[name] = Connector(
                    self.configs[name],
                    catalog=catalog,
                    dry_run=self._dry_run,
                    ledger=self._ledger,
                    sends=self.sends,
                )
            return self._made[name]

    def close(self) -> None:
        """Close every connector made."""
        with self._lock:
            for connector in self._made.values():
                connector.close()
            self._made.clear()


#: Makes the progress display of a loop: ``(items, label) -> progress``.
ProgressFactory = Callable[[int, str], NoProgress | ProgressBar]


class Run:
    """Runs the flows of one file: steps in order, handlers on errors, flow-ref by name."""

    def __init__(
        self,
        flows: Mapping[str, Flow],
        connectors: Connectors,
        *,
        progress: ProgressFactory | None = None,
        sleep: Callable[[float], None] = time.sleep,
        fan_out: FanOut | None = None,
        run_id: str | None = None,
        settle: float = DEFAULT_SETTLE,
        executor: str = "threads",
        broker: str | None = None,
        broker_ledger: str | None = None,
        redeliver_after: float = DEFAULT_REDELIVER,
        rate_limiter: Callable[[str, float, int], Limiter] | None = None,
        concurrency_cap: Callable[[int], Cap] | None = None,
    ) -> None:
        self.flows = flows
        self.connectors = connectors
        self.progress = progress
        self.sleep = sleep
        self._own_fan_out: ThreadFanOut | None = None
        if fan_out is None:
            fan_out = self._own_fan_out = ThreadFanOut()
        self.fan_out: FanOut = fan_out
        #: With a run id every operation step's send has an idempotency key (README: Bulk
        #: sends); ``settle`` is how long reconciling waits for Twilio to show a send.
        self.run_id = run_id
        self.settle = settle
        self._limits: dict[int, LoopLimits] = {}
        self._limits_lock = threading.Lock()
        #: Where parallel-foreach runs its items unless it says (``threads`` or ``celery``),
        #: and the Celery broker's URL (README: Running workers).
        self.executor = executor
        self.broker = broker
        #: The ledger (a Redis URL) the workers are told to use for this run's items.
        self.broker_ledger = broker_ledger
        #: An item on a worker unanswered this long (s) is sent again (its task may be lost).
        self.redeliver_after = redeliver_after
        #: Makes a loop's rate limiter: ``(loop name, perSecond, burst)``; ``None``: in this
        #: process (Celery workers make them in Redis).
        self._rate_limiter = rate_limiter
        #: Makes a loop's cap on requests in flight: ``(maxConcurrentRequests)``; ``None``: in
        #: this process.
        self._concurrency_cap = concurrency_cap
        self._distributed: Any = None

    def close(self) -> None:
        """End the threads the run's loops ran their items on (a run started them once, for
        every parallel-foreach it runs)."""
        if self._own_fan_out is not None:
            self._own_fan_out.close()

    def loop_limits(self, step: Step, limits: Limits) -> LoopLimits:
        """A loop step's limits, one set per step for the whole run (made when first asked)."""
        make, cap = self._rate_limiter, self._concurrency_cap
        if make is None and cap is None:
            return self.limits_for(step, limits.make)
        where = step.where
        name = f"{PurePath(where.file).name}:{where.line}:{where.column}"

        def rate(per_second: float, burst: int) -> Limiter:
            if make is None:
                return RateLimiter(per_second, burst)
            return make(name, per_second, burst)

        return self.limits_for(step, lambda: limits.make(rate, cap or ConcurrencyCap))

    def distributed(self) -> CeleryItems:
        """What sends parallel-foreach's items to Celery workers (made when first asked: only
        then are Celery and the Redis client imported)."""
        with self._limits_lock:
            if self._distributed is None:
                from flows.distributed import CeleryItems  # noqa: PLC0415 - optional extra

                self._distributed = CeleryItems(self)
            return cast("CeleryItems", self._distributed)

    def limits_for(self, step: object, make: Callable[[], LoopLimits]) -> LoopLimits:
        """A loop step's limits, one set per step for the whole run (made when first asked)."""
        with self._limits_lock:
            if id(step) not in self._limits:
                self._limits[id(step)] = make()
            return self._limits[id(step)]

    def run_flow(self, name: str, event: Event) -> None:
        """Run a flow with its own error handlers."""
        flow = self.flows[name]
        if event.depth >= MAX_FLOW_DEPTH:
            raise FlowRecursionError(
                f"flow-ref calls nest more than {MAX_FLOW_DEPTH} deep (flow '{name}' calls "
                "itself?)",
                where=flow.where,
            )
        event.depth += 1
        try:
            if flow.handlers:
                self.run_guarded(flow.steps, flow.handlers, event)
            else:
                self.run_steps(flow.steps, event)
        finally:
            event.depth -= 1

    def run_steps(self, steps: Sequence[Step], event: Event) -> None:
        """Run steps in order; an error leaves with the place of the step that raised it."""
        for step in steps:
            try:
                step.run(event, self)
            except ConnectorError as error:
                locate(error, step.where)
                raise

    def run_guarded(self, steps: Sequence[Step], handlers: Sequence[Handler], event: Event) -> None:
        """Run steps; an error goes to the first handler that takes it (else it propagates)."""
        try:
            self.run_steps(steps, event)
        except ConnectorError as error:
            self.handle(handlers, error, event)

    def handle(self, handlers: Sequence[Handler], error: ConnectorError, event: Event) -> None:
        """Give an error to the first handler that takes it; re-raise it when none does."""
        data = error_data(error)
        outer = event.error
        event.error = data
        try:
            for handler in handlers:
                if not handler.takes(error.type, event):
                    continue
                self.run_steps(handler.steps, event)
                if handler.propagate:
                    raise error
                return
        finally:
            event.error = outer
        raise error

    def _execute_limited(
        self,
        connector: Connector,
        operation: str,
        params: Mapping[str, Any],
        *,
        config: str,
        key: str | None,
        on_outcome_unknown: OnOutcomeUnknown,
        where: str | None,
        limits: Sequence[ItemLimits],
    ) -> Result:
        """Run one operation under its loops' limits: wait for its turn; Twilio's 429s slow
        the loops down and the send is tried again (up to ``MAX_THROTTLED_ROUNDS``)."""

        def throttled(retry_after: float | None) -> None:
            for limit in limits:
                limit.throttled(retry_after)

        rounds = 1
        while True:
            with contextlib.ExitStack() as held:
                for limit in limits:
                    held.enter_context(limit.held(config))
                try:
                    return connector.execute(
                        operation,
                        params,
                        idempotency_key=key,
                        on_outcome_unknown=on_outcome_unknown,
                        settle=self.settle,
                        throttled=throttled,
                        where=where,
                    )
                except TooManyRequestsError:
                    if rounds >= MAX_THROTTLED_ROUNDS:
                        raise
            rounds += 1

    def progress_for(self, total: int, label: str) -> NoProgress | ProgressBar:
        """The progress display of a loop over ``total`` items."""
        return self.progress(total, label) if self.progress else NoProgress()

    def execute(
        self,
        config: str,
        operation: str,
        params: Mapping[str, Any],
        *,
        key: str | None = None,
        on_outcome_unknown: OnOutcomeUnknown = "report",
        where: str | None = None,
        limits: Sequence[ItemLimits] = (),
    ) -> Result:
        """Run one operation with a config; a lazy list is read into a list.

        ``key`` is its idempotency key; ``limits`` are those of the loops it is in: it waits
        for its turn, and Twilio's 429s slow those loops down instead of failing it.
        In a dry run nothing comes back: a list operation gives a :class:`DryRunList` (no
        items), others the :data:`DRY_RUN_RESULT` (null, and so is what is read from it).
        """
        connector = self.connectors.get(config)
        if not limits:  # the common case, without the bookkeeping of limits
            result = connector.execute(
                operation,
                params,
                idempotency_key=key,
                on_outcome_unknown=on_outcome_unknown,
                settle=self.settle,
                where=where,
            )
        else:
            result = self._execute_limited(
                connector,
                operation,
                params,
                config=config,
                key=key,
                on_outcome_unknown=on_outcome_unknown,
                where=where,
                limits=limits,
            )
        if self.connectors.dry_run:
            listed = isinstance(result.payload, list)
            return Result(DryRunList() if listed else DRY_RUN_RESULT, result.attributes)
        if isinstance(result.payload, PagedList):
            return Result(result.payload.to_list(), result.attributes)
        return result
