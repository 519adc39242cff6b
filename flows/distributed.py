"""Scale-out on Celery, with Redis: parallel-foreach items and single operations as tasks.

With ``executor: celery`` (or ``run --executor celery --broker redis://...``) each item of a
``parallel-foreach`` is a Celery task, ``twilio_connector.item``, JSON in and JSON out, run by
``twilio-connector worker FILE --broker URL`` processes on any number of machines
(:func:`serve`). The run sends the tasks (:class:`CeleryItems`), at most ``maxConcurrency``
outstanding, and gathers the results in input order; failures come back as error data and
become ``FLOW:COMPOSITE_ROUTING`` as with threads.

The idempotency ledger (:class:`~connector.redis_ledger.RedisLedger`) and the rate limits
(:class:`~flows.redis_limits.RedisRateLimiter`) live in the broker's Redis. Tasks are
acknowledged late (``acks_late``): a worker killed mid-item leaves its tasks unacknowledged,
and the broker hands them to another worker once ``redeliver_after`` seconds have passed.
The ledger decides what a redelivered item sends: a send the killed worker finished is
skipped (its answer recorded), one it was in the middle of is unknown (reconciled with
``onOutcomeUnknown: reconcile``, else reported), the rest are sent. So nothing is lost and
nothing goes twice.

Operations are tasks too, ``twilio_connector.invoke`` (:func:`invoke_task`), for platforms
that already run Celery: ``app.send_task("twilio_connector.invoke", args=[operation, params],
kwargs={"config": {...}, "idempotency_key": "..."})``, with the same ledger.

This module imports Celery and the Redis client, an optional extra
(``pip install 'twilio-connector[celery]'``); the rest of the package never imports it unless
a run or a command asks for Celery.
"""

from __future__ import annotations

import base64
import collections
import hashlib
import itertools
import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import redis
from celery import Celery

from connector import Config, Connector, ConnectorError, PagedList, SendReport
from connector.ledger import is_redis_url
from connector.once import DEFAULT_SETTLE
from flows.errors import DistributedError, error_data
from flows.executor import Outcome
from flows.redis_limits import RedisConcurrencyCap, RedisRateLimiter
from flows.runtime import DEFAULT_REDELIVER, Connectors, Event, Run
from flows.sandbox import Vars
from flows.steps.routing import ParallelForeach, all_steps

__all__ = [
    "DEFAULT_REDELIVER",
    "INVOKE_TASK",
    "ITEM_TASK",
    "QUEUE",
    "RESULT_KEY",
    "ROOT_KEY",
    "CeleryItems",
    "DistributedError",
    "Worker",
    "invoke_task",
    "make_app",
    "serve",
]

#: The task that runs one parallel-foreach item's steps.
ITEM_TASK = "twilio_connector.item"
#: The task that runs one operation.
INVOKE_TASK = "twilio_connector.invoke"
#: The queue the tasks go to.
QUEUE = "twilio-connector"
#: How many runs' state (their loops' limits) a worker keeps.
_RUNS_KEPT = 64
#: How long (s) the run sleeps when a look at the items' results found none new.
_POLL = 0.005


#: Where the run stores the message its items were split from (``vars.rootMessage``), once.
ROOT_KEY = "twilio-connector:root:{}"
#: How long (s) results and root messages are kept in Redis.
_KEPT = 24 * 3600
#: Where a worker stores a task's result (Celery's Redis result backend), by task id.
RESULT_KEY = "celery-task-meta-{}"


def make_app(
    broker: str, *, redeliver_after: float = DEFAULT_REDELIVER, results: bool = True
) -> Celery:
    """A Celery app on ``broker`` (Redis, also the result backend), JSON only, tasks
    acknowledged after they ran, one task prefetched per worker thread. ``results=False``
    (the run's side, which reads results from Redis itself) has no result backend."""
    app = Celery("twilio_connector", broker=broker, backend=broker if results else None)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=QUEUE,
        broker_transport_options={
            "visibility_timeout": redeliver_after,
            "unacked_restore_interval": 1,
            "unacked_restore_throttle": 1,
            # A worker killed while restoring must not hold the others off for long.
            "unacked_mutex_expire": max(2, min(int(redeliver_after), 300)),
        },
        result_expires=_KEPT,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
    )
    app.task(name=ITEM_TASK)(_item_task)
    app.task(name=INVOKE_TASK)(invoke_task)
    return app


def _digest(path: str) -> str:
    """What identifies a flow file's text (a worker refuses items of another version)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _where(step: ParallelForeach) -> str:
    return f"{PurePath(step.where.file).name}:{step.where.line}:{step.where.column}"


class CeleryItems:
    """Sends a parallel-foreach's items to the workers and gathers their outcomes in order."""

    def __init__(self, run: Run) -> None:
        if not run.broker:
            raise DistributedError(
                "parallel-foreach with executor: celery needs a broker: "
                "run --broker redis://HOST:PORT/DB (or set TWILIO_CONNECTOR_BROKER)"
            )
        self.run = run
        self.app = make_app(run.broker, results=False)
        self._results = redis.Redis.from_url(run.broker)
        self._digests: dict[str, str] = {}

    def map(
        self,
        step: ParallelForeach,
        items: Sequence[Any],
        event: Event,
        *,
        done: Callable[[], None],
    ) -> list[Outcome]:
        """Every item's outcome, in input order, at most ``maxConcurrency`` outstanding."""
        file = step.where.file
        if file not in self._digests:
            self._digests[file] = _digest(file)
        root = {"payload": event.payload, "attributes": event.attributes}
        root_key = ROOT_KEY.format(uuid.uuid4().hex)
        common: dict[str, Any] = {
            "file": PurePath(file).name,
            "digest": self._digests[file],
            "step": _where(step),
            "vars": dict(event.vars),
            "attributes": event.attributes,
            "position": list(event.position),
            "depth": event.depth,
            # vars.rootMessage (the whole collection, as a rule) is stored once, not per item.
            "root": root_key,
            "runId": self.run.run_id,
            "settle": self.run.settle,
            "ledger": self.run.broker_ledger,
        }
        try:
            json.dumps(common)
            self._results.set(root_key, json.dumps(root), ex=_KEPT)
        except (TypeError, ValueError) as error:
            raise DistributedError(
                f"parallel-foreach with executor: celery sends its variables and payload "
                f"to workers as JSON: {error}",
                where=str(step.where),
            ) from None
        outcomes: list[Outcome] = []
        pending: collections.deque[_Sent] = collections.deque()
        numbered = iter(enumerate(items, 1))
        limit = max(step.max_concurrency, 1)
        try:
            while True:
                running = sum(1 for sent in pending if sent.answer is None)
                more = list(itertools.islice(numbered, max(limit - running, 0)))
                pending.extend(
                    self._send([common | {"number": n, "item": item} for n, item in more], step)
                )
                if not pending:
                    return outcomes
                if not self._gather(pending):
                    time.sleep(_POLL)
                while pending and pending[0].answer is not None:
                    outcomes.append(self._outcome(pending.popleft(), step))
                    done()
        finally:
            self._forget([sent for sent in pending if sent.answer is None])

    def _send(self, messages: Sequence[dict[str, Any]], step: ParallelForeach) -> list[_Sent]:
        """Send these items' tasks (in one round trip to Redis)."""
        for message in messages:
            try:
                json.dumps(message["item"])
            except (TypeError, ValueError) as error:
                raise DistributedError(
                    f"item {message['number']} of a parallel-foreach with executor: celery is "
                    f"not JSON: {error}",
                    where=str(step.where),
                ) from None
        now = time.monotonic()
        return [
            _Sent(message, [task], now)
            for message, task in zip(messages, self._tasks(messages), strict=True)
        ]

    def _tasks(self, messages: Sequence[dict[str, Any]]) -> list[str]:
        """Publish a task per message, batched; their ids."""
        ids = [uuid.uuid4().hex for _ in messages]
        if not messages:
            return ids
        with self.app.producer_or_acquire() as producer, producer.batch():
            for message, task_id in zip(messages, ids, strict=True):
                self.app.send_task(
                    ITEM_TASK,
                    args=[message],
                    queue=QUEUE,
                    task_id=task_id,
                    producer=producer,
                    # Celery would otherwise describe each message for its logs, at a cost.
                    argsrepr=f"[item {message['number']}]",
                    kwargsrepr="{}",
                )
        return ids

    def _gather(self, pending: Sequence[_Sent]) -> bool:
        """Read the results of every item not answered yet, in one round trip; whether any
        came. An item unanswered for ``redeliver_after`` seconds is sent again: the broker
        loses a task whose worker was killed between taking it and noting it as taken, and
        the ledger keeps a second run of it from sending twice (it waits for the first, then
        skips what that sent)."""
        waiting = [sent for sent in pending if sent.answer is None]
        keys = [self._meta_key(task) for sent in waiting for task in sent.tasks]
        if not keys:
            return True
        metas = iter(self._results.mget(keys))
        came = False
        now = time.monotonic()
        for sent in waiting:
            for meta in [next(metas) for _ in sent.tasks]:
                if meta is None or sent.answer is not None:
                    continue
                decoded = json.loads(meta)
                if decoded.get("status") in ("SUCCESS", "FAILURE"):
                    sent.answer = decoded
                    came = True
            if sent.answer is None and now - sent.at > self.run.redeliver_after:
                sent.tasks.extend(self._tasks([sent.message]))
                sent.at = now
        self._forget([sent for sent in waiting if sent.answer is not None])
        return came

    @staticmethod
    def _meta_key(task_id: str) -> str:
        return RESULT_KEY.format(task_id)

    def _forget(self, sents: Sequence[_Sent]) -> None:
        """Delete the stored results of these items' tasks (a task run twice may store its
        second result later: results expire after a day)."""
        keys = [self._meta_key(task) for sent in sents for task in sent.tasks]
        if keys:
            self._results.delete(*keys)

    def _outcome(self, sent: _Sent, step: ParallelForeach) -> Outcome:
        """The item's outcome as its worker gave it."""
        meta = sent.answer or {}
        answer = meta.get("result")
        if meta.get("status") != "SUCCESS" or not isinstance(answer, dict):
            return Outcome(
                error=DistributedError(
                    f"a worker failed item {sent.message['number']}: {answer!r}",
                    where=str(step.where),
                )
            )
        sends = answer.get("sends")
        if isinstance(sends, dict):
            _merge(self.run.connectors.sends, sends)
        error = answer.get("error")
        if error is not None:
            return Outcome(error=_rebuilt(error))
        return Outcome(answer.get("payload"))


@dataclass
class _Sent:
    """An item sent to the workers: its message, its tasks' ids (more than one once sent
    again), when it was last sent, and its task's stored result once there is one."""

    message: dict[str, Any]
    tasks: list[str]
    at: float
    answer: dict[str, Any] | None = None


def _merge(report: SendReport, counts: Mapping[str, Any]) -> None:
    """Add a worker's counts of one item's keyed sends to the run's."""
    for what in ("sent", "skipped", "reconciled"):
        for _ in range(int(counts.get(what, 0))):
            report.count(what)
    for unknown in counts.get("unknown", []):
        report.unresolved(unknown["key"], unknown["reason"], unknown.get("where"))


def _rebuilt(data: Mapping[str, Any]) -> ConnectorError:
    """An item's error as the worker described it."""
    return ConnectorError(
        str(data.get("description") or data.get("message") or "the item failed"),
        type=data.get("type"),
        status=data.get("status"),
        code=data.get("code"),
        more_info=data.get("moreInfo"),
        operation=data.get("operation"),
        request_id=data.get("requestId"),
        outcome_unknown=bool(data.get("outcomeUnknown")),
        where=data.get("where"),
    )


class _PerTask(SendReport):
    """The run-wide report of a worker's connectors, that also counts into the report of the
    task its thread is running."""

    def __init__(self) -> None:
        super().__init__()
        self._local = threading.local()

    @property
    def task(self) -> SendReport | None:
        """The report of this thread's task."""
        report: SendReport | None = getattr(self._local, "report", None)
        return report

    @task.setter
    def task(self, report: SendReport | None) -> None:
        self._local.report = report

    def count(self, what: str) -> None:
        """Count it, for the worker and for the task."""
        super().count(what)
        if self.task is not None:
            self.task.count(what)

    def unresolved(self, key: str, reason: str, where: str | None = None) -> None:
        """Report it, for the worker and for the task."""
        super().unresolved(key, reason, where)
        if self.task is not None:
            self.task.unresolved(key, reason, where)


@dataclass
class Worker:
    """What a worker process runs tasks with: the flow file (if any), its configs pointed at
    ``base_url``, and one set of connectors (and Run) per ledger and run."""

    broker: str
    file: Any = None  # a FlowFile
    base_url: str | None = None
    ledger: str | None = None
    _connectors: dict[str, Connectors] = field(default_factory=dict)
    _runs: dict[tuple[str, str | None, float], Run] = field(default_factory=dict)
    _invokers: dict[tuple[str, str], Connector] = field(default_factory=dict)
    _limiters: dict[tuple[str, float, int], RedisRateLimiter] = field(default_factory=dict)
    _roots: dict[str, dict[str, Any]] = field(default_factory=dict)
    _caps: dict[int, RedisConcurrencyCap] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _digest: str | None = None

    def __post_init__(self) -> None:
        self._redis = redis.Redis.from_url(self.broker)
        if self.file is not None:
            self._digest = _digest(str(self.file.path))
            self._steps = {
                _where(step): step
                for flow in self.file.flows.values()
                for step in all_steps((*flow.steps, *(s for h in flow.handlers for s in h.steps)))
                if isinstance(step, ParallelForeach)
            }
            configs = self.file.resolve_configs()
            self._configs: dict[str, Config] = {
                name: config.with_base_url(self.base_url) if self.base_url else config
                for name, config in configs.items()
            }

    def ledger_for(self, asked: str | None) -> str:
        """The ledger a task's sends use: the run's, else this worker's, else the broker."""
        chosen = asked or self.ledger or self.broker
        if not is_redis_url(chosen):
            raise DistributedError(f"workers share their ledger through Redis, not {chosen!r}")
        return chosen

    def rate_limiter(self, name: str, per_second: float, burst: int) -> RedisRateLimiter:
        """The loop's rate limiter in the broker's Redis, one per loop and rate."""
        with self._lock:
            key = (name, per_second, burst)
            if key not in self._limiters:
                self._limiters[key] = RedisRateLimiter(self._redis, name, per_second, burst)
            return self._limiters[key]

    def concurrency_cap(self, most: int) -> RedisConcurrencyCap:
        """The cap on requests in flight per account, across workers, in the broker's Redis."""
        with self._lock:
            if most not in self._caps:
                self._caps[most] = RedisConcurrencyCap(self._redis, most)
            return self._caps[most]

    def run_for(self, ledger: str, run_id: str | None, settle: float) -> Run:
        """The Run of a run's items (so a loop's limits are shared by its items here)."""
        with self._lock:
            if ledger not in self._connectors:
                self._connectors[ledger] = Connectors(
                    self._configs, ledger=ledger, sends=_PerTask()
                )
            key = (ledger, run_id, settle)
            if key not in self._runs:
                while len(self._runs) >= _RUNS_KEPT:  # the oldest run's loops are long done
                    del self._runs[next(iter(self._runs))]
                self._runs[key] = Run(
                    self.file.flows,
                    self._connectors[ledger],
                    run_id=run_id,
                    settle=settle,
                    rate_limiter=self.rate_limiter,
                    concurrency_cap=self.concurrency_cap,
                )
            return self._runs[key]

    def item(self, message: Mapping[str, Any]) -> dict[str, Any]:
        """Run one item's steps; its payload, or its error, and what its sends did."""
        if self.file is None:
            raise DistributedError("this worker was started without a flow file")
        if message["digest"] != self._digest or message["step"] not in self._steps:
            raise DistributedError(
                f"this worker runs another version of {message['file']} than the run's: "
                "start the workers with the same file"
            )
        step = self._steps[message["step"]]
        run = self.run_for(
            self.ledger_for(message.get("ledger")),
            message.get("runId"),
            float(message.get("settle", DEFAULT_SETTLE)),
        )
        event = Event(
            payload=None,
            vars=Vars(message.get("vars") or {}),
            attributes=message.get("attributes"),
            depth=int(message.get("depth", 0)),
            position=tuple(message.get("position", ())),
        )
        root = self.root(message["root"])
        branch = step.branch(event, int(message["number"]), message["item"], root)
        if step.limits.any:
            loop = run.loop_limits(step, step.limits)
            branch.limits = (step.limits.for_item(loop, branch),)
        report = SendReport()
        sends = run.connectors.sends
        assert isinstance(sends, _PerTask)
        sends.task = report
        try:
            run.run_steps(step.steps, branch)
            answer: dict[str, Any] = {"payload": _json(branch.payload)}
        except ConnectorError as error:
            answer = {"payload": None, "error": error_data(error)}
        finally:
            sends.task = None
        return answer | {"sends": report.to_dict()}

    def root(self, key: str) -> dict[str, Any]:
        """A run's root message, read from Redis once per worker."""
        with self._lock:
            if key in self._roots:
                return self._roots[key]
        stored = self._redis.get(key)
        if stored is None:
            raise DistributedError("the run's root message is no longer in Redis")
        root: dict[str, Any] = json.loads(stored)
        with self._lock:
            while len(self._roots) >= _RUNS_KEPT:
                del self._roots[next(iter(self._roots))]
            self._roots[key] = root
        return root

    def invoker(self, config: Mapping[str, Any] | str | None, ledger: str) -> Connector:
        """A connector for a task's config: a mapping, or the name of one of the file's."""
        if isinstance(config, str) or config is None:
            names = sorted(getattr(self, "_configs", {}))
            name = config or (names[0] if len(names) == 1 else "")
            if name not in getattr(self, "_configs", {}):
                raise DistributedError(f"no config named {name!r} on this worker")
            resolved = self._configs[name]
            cache = f"name:{name}"
        else:
            resolved = Config.load(dict(config))
            if self.base_url:
                resolved = resolved.with_base_url(self.base_url)
            cache = json.dumps(dict(config), sort_keys=True, default=str)
        with self._lock:
            if (cache, ledger) not in self._invokers:
                self._invokers[(cache, ledger)] = Connector(resolved, ledger=ledger)
            return self._invokers[(cache, ledger)]


_WORKER: Worker | None = None


def _current() -> Worker:
    if _WORKER is None:
        raise DistributedError("tasks run in `twilio-connector worker` processes only")
    return _WORKER


def _item_task(message: dict[str, Any]) -> dict[str, Any]:
    return _current().item(message)


def invoke_task(
    operation: str,
    params: Mapping[str, Any] | None = None,
    *,
    config: Mapping[str, Any] | str | None = None,
    idempotency_key: str | None = None,
    on_outcome_unknown: str = "report",
    ledger: str | None = None,
) -> dict[str, Any]:
    """The task ``twilio_connector.invoke``: run one operation with ``config`` (a config's
    fields, or the name of one in the worker's file) and return ``{payload, attributes}``,
    or ``{error}``; a send with ``idempotency_key`` goes out at most once (the ledger in
    Redis)."""
    worker = _current()
    try:
        twilio = worker.invoker(config, worker.ledger_for(ledger))
        result = twilio.execute(
            operation,
            dict(params or {}),
            idempotency_key=idempotency_key,
            on_outcome_unknown="reconcile" if on_outcome_unknown == "reconcile" else "report",
        )
    except ConnectorError as error:
        return {"error": error_data(error)}
    payload = result.payload
    if isinstance(payload, PagedList):
        payload = payload.to_list()
    return {"payload": _json(payload), "attributes": result.attributes.to_dict()}


def _json(value: Any) -> Any:
    """A result as JSON data (media bytes as base64 text)."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return json.loads(json.dumps(value, default=str))


def serve(
    worker: Worker,
    *,
    concurrency: int = 8,
    redeliver_after: float = DEFAULT_REDELIVER,
    loglevel: str = "WARNING",
) -> None:
    """Run a Celery worker (threads) on the broker until it is stopped."""
    global _WORKER  # noqa: PLW0603 - the tasks find the worker's state here
    _WORKER = worker
    app = make_app(worker.broker, redeliver_after=redeliver_after)
    celery_worker = app.Worker(
        pool="threads",
        concurrency=concurrency,
        queues=[QUEUE],
        loglevel=loglevel,
        hostname=f"twilio-connector-{os.getpid()}@%h",
        without_gossip=True,
        without_mingle=True,
        quiet=True,
    )
    celery_worker.start()
