"""Routing steps: ``choice``, ``foreach``, ``parallel-foreach`` and ``flow-ref``."""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from connector.errors import suggest
from flows.errors import CompositeRoutingError, Where
from flows.expressions import Value
from flows.loader import YamlList, YamlMap
from flows.ratelimit import ConcurrencyCap, ItemLimits, LoopLimits, RateLimiter
from flows.runtime import Event, Run
from flows.steps.base import (
    FlowCall,
    ParseContext,
    Step,
    count_at,
    steps_at,
    text_at,
    value_at,
    when_at,
)

__all__ = [
    "DEFAULT_CONCURRENCY",
    "LIMITS_SCHEMA",
    "LOOP_VARIABLES",
    "Choice",
    "FlowRef",
    "Foreach",
    "Limits",
    "ParallelForeach",
]


@dataclass(frozen=True)
class FlowRef(Step, kind="flow-ref"):
    """``flow-ref {name}``: run another flow of the file with the same event."""

    schema: ClassVar[dict[str, Any]] = {
        "title": "flow-ref",
        "description": "Run another flow of this file with the same payload and variables.",
        "type": "object",
        "required": ["name"],
        "additionalProperties": False,
        "properties": {"name": {"$ref": "#/$defs/name", "description": "The flow to run."}},
        "examples": [{"name": "notify"}],
    }

    where: Where
    name: str

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{name}``, checking that the flow exists."""
        name = text_at(body, "name")
        if name is None:
            return None
        if name not in ctx.flow_names:
            ctx.report(
                value_at(body, "name", where)[1],
                f"no flow named '{name}' in this file",
                suggest(name, ctx.flow_names),
            )
            return None
        ctx.calls.append(FlowCall(ctx.flow, name, where, ctx.handler_depth > 0))
        return cls(where, name)

    def run(self, event: Event, run: Run) -> None:
        """Run the other flow (its sends' keys under ``run --run-id`` say from where)."""
        position = event.position
        event.position = (*position, f"ref{self.where.line}:{self.where.column}")
        try:
            run.run_flow(self.name, event)
        finally:
            event.position = position


@dataclass(frozen=True)
class Choice(Step, kind="choice"):
    """``choice``: run the first route whose ``when`` is true, else ``otherwise``."""

    schema: ClassVar[dict[str, Any]] = {
        "title": "choice",
        "description": "Run the first route whose when: is true; else the otherwise: route "
        "(which, if given, comes last).",
        "type": "array",
        "minItems": 1,
        "items": {
            "if": {"type": "object", "required": ["otherwise"]},
            "then": {
                "title": "the otherwise route",
                "type": "object",
                "additionalProperties": False,
                "properties": {"otherwise": {"$ref": "#/$defs/steps"}},
            },
            "else": {
                "title": "a choice route",
                "description": "A condition and the steps to run when it is true.",
                "type": "object",
                "required": ["when", "do"],
                "additionalProperties": False,
                "properties": {
                    "when": {"$ref": "#/$defs/condition"},
                    "do": {"$ref": "#/$defs/steps"},
                },
            },
        },
        "examples": [
            [
                {
                    "when": "#[payload.status == 'failed']",
                    "do": [{"logger": {"message": "failed", "level": "WARN"}}],
                },
                {"otherwise": [{"logger": {"message": "ok"}}]},
            ]
        ],
    }

    where: Where
    routes: tuple[tuple[Value, tuple[Step, ...]], ...]
    otherwise: tuple[Step, ...] | None

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from a list of ``{when, do}`` and at most one last ``{otherwise}``."""
        if not isinstance(body, YamlList):
            return None
        routes: list[tuple[Value, tuple[Step, ...]]] = []
        otherwise: tuple[Step, ...] | None = None
        for index, route in enumerate(body):
            if not isinstance(route, YamlMap):
                continue
            route_where = route.where
            if "otherwise" in route:
                if index != len(body) - 1:
                    ctx.report(route_where, "otherwise must be the last route of a choice")
                otherwise = steps_at(route, "otherwise", route_where, ctx)
                continue
            routes.append(
                (when_at(route, route_where, ctx), steps_at(route, "do", route_where, ctx))
            )
        return cls(where, tuple(routes), otherwise)

    def nested(self) -> tuple[Sequence[Step], ...]:
        """Each route's steps."""
        routes = tuple(steps for _, steps in self.routes)
        return (*routes, self.otherwise) if self.otherwise is not None else routes

    def run(self, event: Event, run: Run) -> None:
        """Run the first route that applies."""
        for when, steps in self.routes:
            if when.evaluate(event.scope()):
                run.run_steps(steps, event)
                return
        if self.otherwise is not None:
            run.run_steps(self.otherwise, event)


def _items(value: Any) -> list[Any]:
    """A collection as a list: null is empty; a mapping is its entries, each a one-key mapping
    (as Mule iterates an object); anything else that is not a list is one item."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return [{key: item} for key, item in value.items()]
    return [value]


#: The keys of foreach and parallel-foreach that limit their items' sends.
LIMITS_SCHEMA: dict[str, Any] = {
    "rateLimit": {
        "title": "a rate limit per key",
        "description": "Hold the items' sends to perSecond per key (such as the sender), "
        "burst of them at once; no one-second window at Twilio sees more than perSecond "
        "of a key's sends (a whole perSecond). A 429 from Twilio slows the key down "
        "instead of failing the item.",
        "type": "object",
        "required": ["perSecond"],
        "additionalProperties": False,
        "properties": {
            "key": {
                "$ref": "#/$defs/value",
                "description": "What the limit counts by, worked out per item, such as "
                '"#[payload.from]" (default: one limit for all items).',
            },
            "perSecond": {
                "title": "a number above 0",
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "Sends per second per key (Twilio: about 1 for a long code).",
            },
            "burst": {
                "$ref": "#/$defs/positiveCount",
                "description": "Sends of a key that may go at once after a pause (default 1).",
            },
        },
        "examples": [{"key": "#[payload.from]", "perSecond": 1, "burst": 1}],
    },
    "maxConcurrentRequests": {
        "$ref": "#/$defs/positiveCount",
        "description": "The most requests the items have in flight at once per account "
        "(config), whatever their concurrency: Twilio refuses more than an account's "
        "cap with 429 (20429).",
    },
}


@dataclass(frozen=True)
class Limits:
    """A loop's ``rateLimit`` and ``maxConcurrentRequests``, as parsed."""

    key: Value | None = None
    per_second: float | None = None
    burst: int = 1
    max_requests: int | None = None

    @classmethod
    def parse(cls, body: YamlMap, where: Where, ctx: ParseContext) -> Limits:
        """From the loop's body (the schema reports what is malformed)."""
        cap = body.get("maxConcurrentRequests")
        max_requests = count_at(body, "maxConcurrentRequests", 0) if cap is not None else None
        rate = body.get("rateLimit")
        if not isinstance(rate, YamlMap):
            return cls(max_requests=max_requests or None)
        per_second = rate.get("perSecond")
        if isinstance(per_second, bool) or not isinstance(per_second, int | float):
            per_second = None
        key = None
        if rate.get("key") is not None:
            key = ctx.value(*value_at(rate, "key", where))
        burst = max(count_at(rate, "burst", 1), 1)
        per_second = float(per_second) if per_second and per_second > 0 else None
        return cls(key, per_second, burst, max_requests or None)

    @property
    def any(self) -> bool:
        """Whether the loop has a limit at all."""
        return self.per_second is not None or self.max_requests is not None

    def make(self) -> LoopLimits:
        """The limiters, shared by every item of the loop for the whole run."""
        rate = RateLimiter(self.per_second, self.burst) if self.per_second else None
        cap = ConcurrencyCap(self.max_requests) if self.max_requests else None
        return LoopLimits(rate, cap)

    def for_item(self, loop: LoopLimits, event: Event) -> ItemLimits:
        """The limits of the item that is ``event``'s payload."""
        key: Hashable = None
        if self.key is not None:
            value = self.key.evaluate(event.scope())
            key = (
                value
                if isinstance(value, str | int | float | bool)
                else json.dumps(value, sort_keys=True, default=str)
            )
        return loop.for_item(key)


_NO_LIMITS = Limits()


#: The variables foreach and parallel-foreach set for each item, as Mule does: ``counter``
#: (from 1) and ``rootMessage`` (the message being split: its payload and attributes).
LOOP_VARIABLES = ("counter", "rootMessage")
_UNSET = object()


def _root_message(event: Event) -> dict[str, Any]:
    return {"payload": event.payload, "attributes": event.attributes}


def _set_loop_variables(variables: dict[str, Any], number: int, root: dict[str, Any]) -> None:
    """Set the LOOP_VARIABLES for one item."""
    variables.update(zip(LOOP_VARIABLES, (number, root), strict=True))


@dataclass(frozen=True)
class Foreach(Step, kind="foreach"):
    """``foreach {collection, do}``: payload is each item; ``vars.counter`` counts from 1 and
    ``vars.rootMessage`` is the message being split."""

    schema: ClassVar[dict[str, Any]] = {
        "title": "foreach",
        "description": "Run steps once per item of a collection. Inside, payload is the item, "
        "vars.counter counts from 1 and vars.rootMessage is the message being split "
        "({payload, attributes} as they were when the foreach started); afterwards the "
        "payload, vars.counter and vars.rootMessage are what they were before (other "
        "variables set inside stay set). A mapping is iterated by entry, each a one-key "
        "mapping {key: value}, in order (as Mule iterates an object); any other collection "
        "that is not a list is one item; null is none.",
        "type": "object",
        "required": ["collection", "do"],
        "additionalProperties": False,
        "properties": {
            "collection": {
                "$ref": "#/$defs/value",
                "description": "A list, or a mapping (each entry becomes a one-key mapping "
                '{key: value}, in order); usually an expression such as "#[vars.recipients]".',
            },
            "do": {"$ref": "#/$defs/steps"},
            **LIMITS_SCHEMA,
        },
        "examples": [
            {"collection": "#[payload]", "do": [{"logger": {"message": "item #[vars.counter]"}}]}
        ],
    }

    where: Where
    collection: Value
    steps: tuple[Step, ...]
    limits: Limits = _NO_LIMITS

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{collection, do, rateLimit, maxConcurrentRequests}``."""
        if not isinstance(body, YamlMap):
            return None
        collection = ctx.value(*value_at(body, "collection", where))
        ctx.variables_set.update(LOOP_VARIABLES)
        limits = Limits.parse(body, where, ctx)
        return cls(where, collection, steps_at(body, "do", where, ctx), limits)

    def nested(self) -> tuple[Sequence[Step], ...]:
        """The loop's steps."""
        return (self.steps,)

    def run(self, event: Event, run: Run) -> None:
        """Run the steps per item; afterwards the payload is what it was before."""
        items = _items(self.collection.evaluate(event.scope()))
        before, root = event.payload, _root_message(event)
        saved = {name: event.vars.get(name, _UNSET) for name in LOOP_VARIABLES}
        position, limits = event.position, event.limits
        loop = run.limits_for(self, self.limits.make) if self.limits.any else None
        progress = run.progress_for(len(items), f"foreach at {self.where}")
        try:
            for number, item in enumerate(items, 1):
                event.payload = item
                _set_loop_variables(event.vars, number, root)
                event.position = (*position, str(number))
                if loop is not None:
                    event.limits = (*limits, self.limits.for_item(loop, event))
                run.run_steps(self.steps, event)
                progress.tick()
        finally:
            progress.close()
            event.payload = before
            event.position, event.limits = position, limits
            for name, value in saved.items():
                if value is _UNSET:
                    event.vars.pop(name, None)
                else:
                    event.vars[name] = value


#: parallel-foreach runs at most this many items at once unless maxConcurrency says otherwise.
DEFAULT_CONCURRENCY = 8


@dataclass(frozen=True)
class ParallelForeach(Step, kind="parallel-foreach"):
    """``parallel-foreach {collection, maxConcurrency, do}``: items at once, results in order."""

    schema: ClassVar[dict[str, Any]] = {
        "title": "parallel-foreach",
        "description": "Run steps for every item of a collection (a mapping by entry, as "
        "foreach), up to maxConcurrency at a time, each with its own copy of the variables "
        "(vars.counter counts from 1; vars.rootMessage is the message being split). "
        "Afterwards the payload is the list of each item's final payload, in input "
        "order. If any item fails, FLOW:COMPOSITE_ROUTING is raised after every "
        "item ran; error.failures lists each failure and error.results every "
        "item's payload.",
        "type": "object",
        "required": ["collection", "do"],
        "additionalProperties": False,
        "properties": {
            "collection": {
                "$ref": "#/$defs/value",
                "description": "A list, or a mapping (iterated by entry, each a one-key "
                "mapping); usually an expression.",
            },
            "maxConcurrency": {
                "$ref": "#/$defs/positiveCount",
                "description": "The most items run at once (default 8).",
            },
            "do": {"$ref": "#/$defs/steps"},
            **LIMITS_SCHEMA,
        },
        "examples": [
            {
                "collection": "#[payload]",
                "maxConcurrency": 4,
                "do": [{"set-payload": {"value": "#[payload.sid]"}}],
            }
        ],
    }

    where: Where
    collection: Value
    max_concurrency: int
    steps: tuple[Step, ...]
    limits: Limits = _NO_LIMITS

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{collection, maxConcurrency, do, rateLimit, maxConcurrentRequests}``."""
        if not isinstance(body, YamlMap):
            return None
        collection = ctx.value(*value_at(body, "collection", where))
        ctx.variables_set.update(LOOP_VARIABLES)
        concurrency = max(count_at(body, "maxConcurrency", DEFAULT_CONCURRENCY), 1)
        limits = Limits.parse(body, where, ctx)
        return cls(where, collection, concurrency, steps_at(body, "do", where, ctx), limits)

    def nested(self) -> tuple[Sequence[Step], ...]:
        """The loop's steps."""
        return (self.steps,)

    def run(self, event: Event, run: Run) -> None:
        """Run every item, each with its own variables; raise the failures after all ran."""
        items = _items(self.collection.evaluate(event.scope()))
        if not items:
            event.payload = []
            return
        progress = run.progress_for(len(items), f"parallel-foreach at {self.where}")
        root = _root_message(event)
        loop = run.limits_for(self, self.limits.make) if self.limits.any else None

        def one(number: int, item: Any) -> Any:
            branch = event.copy()
            branch.payload = item
            _set_loop_variables(branch.vars, number, root)
            branch.position = (*event.position, str(number))
            if loop is not None:
                branch.limits = (*event.limits, self.limits.for_item(loop, branch))
            run.run_steps(self.steps, branch)
            return branch.payload

        try:
            outcomes = run.fan_out.map(one, items, limit=self.max_concurrency, done=progress.tick)
        finally:
            progress.close()
        results = [outcome.value for outcome in outcomes]
        failures = [(i, outcome.error) for i, outcome in enumerate(outcomes) if outcome.error]
        if failures:
            raise CompositeRoutingError(failures, results, self.where)
        event.payload = results
