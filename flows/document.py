"""A flow file: loaded, checked statically (every problem at once, each with its place), run.

Static validation has three layers, all run before anything is sent:

1. the loader: YAML syntax, duplicate keys, forbidden tags, bounded aliases, expressions
   lost to comments;
2. the flow-file JSON Schema (``schemas/flow.json``, also printed by ``twilio-connector
   schema``): the shape of every step, with each error mapped back to its line
   (:mod:`flows.schema_problems`);
3. the steps and sources themselves: unknown operations and parameters, literal values the
   operation's schema rejects, unknown config-refs, flows and error types, bad expressions,
   two sources on one path and method, a source's config without an auth token, and the
   configs' own rules (with ``${env:...}`` placeholders standing for valid values).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import schemas
from connector import (
    DOMAINS,
    STAND_IN_ACCOUNT_SID,
    Config,
    ConfigError,
    Ledger,
    Problem,
    SendReport,
)
from connector.errors import did_you_mean, suggest
from connector.http import DryRunSink
from connector.ledger import configured_ledger, is_redis_url
from connector.once import DEFAULT_SETTLE
from flows.errors import (
    DistributedError,
    FlowConfigError,
    FlowValidationError,
    Found,
    Where,
)
from flows.expressions import to_data
from flows.graph import file_problems, reachable_flows
from flows.limits import decode
from flows.loader import YamlMap, as_written, load_yaml
from flows.runtime import DEFAULT_REDELIVER, Connectors, Event, ProgressFactory, Run
from flows.schema_problems import schema_problems
from flows.sources import Source, source_problems
from flows.steps import Flow, ParseContext, parse_flow
from flows.steps.routing import ParallelForeach, all_steps

__all__ = ["FlowFile", "check_text", "flow_schema", "ledger_path_for"]

_CONFIG_STAND_INS = {
    "accountSid": STAND_IN_ACCOUNT_SID,
    "authToken": "stand-in",
    "apiKey": "SK" + "0" * 32,
    "apiSecret": "stand-in",
    "baseUrl": "https://api.twilio.com",
    **dict.fromkeys(DOMAINS, "https://api.twilio.com"),
    "region": "us1",
    "edge": "edge",
    "connectTimeout": "10",
    "readTimeout": "30",
    "caBundle": "ca.pem",
    "maxAttempts": "4",
    "initialDelay": "0.5",
    "maxDelay": "8",
    "maxRetryAfter": "60",
}


def ledger_path_for(flow_file: str | Path) -> Path:
    """Where a flow file's idempotency ledger is kept by default: beside it,
    ``<file>.ledger.sqlite3``."""
    path = Path(flow_file)
    return path.with_name(path.name + ".ledger.sqlite3")


def flow_schema() -> dict[str, Any]:
    """The flow-file JSON Schema (a fresh copy)."""
    return schemas.load("flow")


@dataclass(frozen=True)
class FlowFile:
    """A checked flow file, ready to run."""

    path: str
    flows: Mapping[str, Flow]
    raw_configs: Mapping[str, Any] | None = field(repr=False)  # secrets, as written
    #: The configs each flow's own operation steps use (flow-refs not followed).
    configs_by_flow: Mapping[str, frozenset[str]]
    #: Flow-refs by calling flow.
    calls: Mapping[str, frozenset[str]]
    #: What is worth a look but does not stop the file from running.
    warnings: tuple[Problem, ...] = ()

    @property
    def sources(self) -> dict[str, Source]:
        """The flows that start from a Twilio webhook: each one's source, by flow name."""
        return {name: flow.source for name, flow in self.flows.items() if flow.source}

    @property
    def used_configs(self) -> frozenset[str]:
        """Every config an operation step of the file uses."""
        return frozenset().union(*self.configs_by_flow.values())

    def configs_for(self, flow: str) -> frozenset[str]:
        """The configs a flow can reach: its own steps' and those of the flows it calls."""
        reached = reachable_flows(flow, self.calls)
        return frozenset().union(*(self.configs_by_flow.get(name, ()) for name in reached))

    @classmethod
    def load(cls, path: str | Path) -> FlowFile:
        """Read and check a file; :class:`FlowValidationError` lists every problem."""
        name = str(path)
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            problem = Problem(name, f"cannot read: {exc.strerror}")
            raise FlowValidationError(name, [problem]) from None
        text, problems = decode(data, name)
        if problems:
            raise FlowValidationError(name, _sorted(problems))
        return cls.from_text(text, name)

    @classmethod
    def from_text(cls, text: str, file: str = "<flow>") -> FlowFile:
        """Check flow-file text (``file`` names it in messages)."""
        flow_file, problems = check_text(text, file)
        if problems or flow_file is None:
            raise FlowValidationError(file, problems)
        return flow_file

    def step_count(self) -> int:
        """Steps in all flows, nested ones included."""
        return sum(flow.count_steps() for flow in self.flows.values())

    def choose(self, name: str | None = None) -> str:
        """The flow to run: ``name``, else ``main``, else the only flow."""
        names = sorted(self.flows)
        if name is not None:
            if name in self.flows:
                return name
            message = f"no flow named '{name}'; flows: {', '.join(names)}"
            problem = Problem(self.path, message, suggest(name, names))
            raise FlowValidationError(self.path, [problem])
        if "main" in self.flows:
            return "main"
        if len(names) == 1:
            return names[0]
        listed = ", ".join(names)
        message = f"this file has {len(names)} flows ({listed}) and none is 'main': choose one"
        raise FlowValidationError(self.path, [Problem(self.path, message)])

    def uses_celery(self) -> bool:
        """Whether a parallel-foreach of the file says ``executor: celery``."""
        return any(
            isinstance(step, ParallelForeach) and step.executor == "celery"
            for flow in self.flows.values()
            for step in all_steps((*flow.steps, *(s for h in flow.handlers for s in h.steps)))
        )

    def plain_configs(self) -> dict[str, Any] | None:
        """The ``configs:`` section as plain data, each value as written (placeholders
        unresolved), or ``None``."""
        if self.raw_configs is None:
            return None
        return {name: self._config_data(name) for name in self.raw_configs}

    def _config_data(self, name: str) -> Any:
        return _plain(as_written(self.raw_configs[name])) if self.raw_configs else None

    def resolve_configs(
        self, names: Iterable[str] | None = None, environ: Mapping[str, str] | None = None
    ) -> dict[str, Config]:
        """Configs by name (default: those the steps use), placeholders resolved.

        ``FLOW:CONFIG`` when one can't be: a variable is not set, or a value is invalid.
        """
        configs = {}
        for name in sorted(self.used_configs if names is None else names):
            try:
                if self.raw_configs is None:
                    configs[name] = Config.from_env(environ)
                else:
                    configs[name] = Config.load(self._config_data(name), environ)
            except ConfigError as exc:
                raise FlowConfigError(f"config '{name}': {exc.message}") from None
        return configs

    def run(
        self,
        flow: str | None = None,
        *,
        vars: Mapping[str, Any] | None = None,
        payload: Any = None,
        attributes: Mapping[str, Any] | None = None,
        configs: Mapping[str, Config | Mapping[str, Any]] | None = None,
        dry_run: DryRunSink | None = None,
        progress: ProgressFactory | None = None,
        environ: Mapping[str, str] | None = None,
        run_id: str | None = None,
        ledger: Ledger | str | Path | None = None,
        sends: SendReport | None = None,
        settle: float = DEFAULT_SETTLE,
        executor: str = "threads",
        broker: str | None = None,
        redeliver_after: float = DEFAULT_REDELIVER,
    ) -> Any:
        """Run a flow and return its final payload.

        ``attributes`` are those the flow starts with (a webhook's: method, path, query,
        headers, idempotencyToken). ``configs`` (by name) take the place of the file's own;
        the rest are resolved from the file. With ``dry_run``, every request goes to that
        callable and nothing is sent.

        With ``run_id`` every operation step's send gets an idempotency key, so running the
        same file again with the same id sends only what had not gone out (README: Bulk
        sends). Keys live in ``ledger`` (default :func:`ledger_path_for` the file); ``sends``
        is filled with what keyed sends did, also when the run fails; ``settle`` is how long
        reconciling waits for Twilio to show a send.

        ``executor="celery"`` runs every parallel-foreach's items on Celery workers (as
        ``executor: celery`` does for one) through ``broker`` (a Redis URL; default
        ``$TWILIO_CONNECTOR_BROKER``), whose Redis then also holds the ledger unless
        ``ledger`` names another Redis, and a run without ``run_id`` gets one of its own (so
        that items run again after a worker died do not send twice); an item unanswered for
        ``redeliver_after`` seconds is sent again (README: Running workers).
        """
        name = self.choose(flow)
        broker = broker or (environ if environ is not None else os.environ).get(
            "TWILIO_CONNECTOR_BROKER"
        )
        if ledger is None:
            ledger = configured_ledger()
        broker_ledger = None
        if dry_run is None and (executor == "celery" or self.uses_celery()):
            ledger = ledger if ledger is not None else broker
            if broker is None or not is_redis_url(ledger):
                raise DistributedError(
                    "parallel-foreach on Celery needs a broker and a ledger the workers share: "
                    "run --broker redis://HOST:PORT/DB (the ledger is kept there too)"
                    if broker is None
                    else f"the workers share their ledger through Redis, not {ledger!r}: "
                    "give --ledger redis://... or leave it out (the broker's Redis)"
                )
            broker_ledger = str(ledger)
            # A worker killed mid-item has its items run again elsewhere: only keys keep
            # their sends from going twice, so a run on Celery always has an id.
            run_id = run_id or f"celery-{uuid.uuid4().hex}"
        given = {key: Config.load(value) for key, value in (configs or {}).items()}
        needed = self.configs_for(name) - set(given)
        resolved = self.resolve_configs(needed, environ) | given
        connectors = Connectors(
            resolved,
            dry_run=dry_run,
            ledger=ledger if ledger is not None else ledger_path_for(self.path),
            sends=sends,
        )
        event = Event(
            payload=payload,
            vars=dict(vars or {}),
            attributes=dict(attributes) if attributes is not None else None,
            dry_run=dry_run is not None,
        )
        run = Run(
            self.flows,
            connectors,
            progress=progress,
            run_id=run_id,
            settle=settle,
            executor=executor,
            broker=broker,
            broker_ledger=broker_ledger,
            redeliver_after=redeliver_after,
        )
        try:
            run.run_flow(name, event)
        finally:
            run.close()
            connectors.close()
        # A dry run's results are not known: as data they are null.
        return to_data(event.payload) if event.dry_run else event.payload


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value


def check_text(text: str, file: str) -> tuple[FlowFile | None, list[Problem]]:
    """Check flow-file text: the file (when it could be read) and every problem, in order."""
    loaded = load_yaml(text, file)
    problems = list(loaded.problems)
    root = loaded.data
    if root is None:
        return None, _sorted(problems)
    fallback = Where(file, 1, 1)
    problems.extend(schema_problems(root, fallback))
    if not isinstance(root, YamlMap):
        return None, _sorted(problems)
    configs = root.get("configs")
    if not isinstance(configs, YamlMap):
        configs = YamlMap(fallback)
    config_names = tuple(configs)
    for name, config in configs.items():
        problems.extend(_config_problems(name, config, configs.key_where[name]))
    flows_node = root.get("flows")
    flow_names = tuple(flows_node) if isinstance(flows_node, YamlMap) else ()
    ctx = ParseContext(file, config_names, flow_names, has_configs=bool(config_names))
    flows: dict[str, Flow] = {}
    if isinstance(flows_node, YamlMap):
        for name, node in flows_node.items():
            flows[name] = parse_flow(name, node, flows_node.key_where[name], ctx)
    problems.extend(ctx.problems)
    sources = [flow.source for flow in flows.values() if flow.source]
    problems.extend(source_problems(sources, configs))
    found, warnings = file_problems(ctx)
    problems.extend(found)
    raw = {name: configs[name] for name in config_names} if config_names else None
    calls: dict[str, set[str]] = {}
    for call in ctx.calls:
        calls.setdefault(call.caller, set()).add(call.callee)
    flow_file = FlowFile(
        file,
        flows,
        raw,
        {name: frozenset(used) for name, used in ctx.configs_by_flow.items()},
        {name: frozenset(callees) for name, callees in calls.items()},
        tuple(_sorted(warnings)),
    )
    return flow_file, _sorted(problems)


def _sorted(problems: list[Found]) -> list[Problem]:
    unique = sorted(set(problems), key=lambda found: (found.where, found.message))
    return [found.problem() for found in unique]


# -- configs ---------------------------------------------------------------------------------


def _stand_in(key: str, value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stand_in(k, v) for k, v in value.items()}
    if isinstance(value, str) and "${env:" in value:
        return _CONFIG_STAND_INS.get(key, "stand-in")
    return value


def _config_problems(name: str, config: Any, where: Where) -> list[Found]:
    """The config's own rules, with each ``${env:...}`` standing for a valid value."""
    if not isinstance(config, YamlMap):
        return []
    data = {key: _stand_in(key, _plain(value)) for key, value in as_written(config).items()}
    try:
        Config.load(data, environ={})
    except ConfigError as exc:
        found = []
        keys = {info.alias or key for key, info in Config.model_fields.items()}
        suggested = {did_you_mean(key, keys) for key in config if key not in keys}
        for problem in exc.problems:
            if problem.message.startswith("unknown key"):
                continue  # the schema reports unknown keys, with a hint
            if problem.message == "is required" and problem.path in suggested:
                continue  # ... and a misspelt key is not also reported missing
            first = problem.path.split(".")[0]
            place = config.key_where.get(first, where)
            label = f"{problem.path}: " if problem.path else ""
            found.append(Found(place, f"config '{name}': {label}{problem.message}", problem.hint))
        if not exc.problems:
            found.append(Found(where, f"config '{name}': {exc.message}"))
        return found
    return []
