"""What every step shares: the :class:`Step` base and its registry, the :class:`ParseContext`
that parsing a file fills, and the helpers that read a step's body.

A step class names itself (``class SetVariable(Step, kind="set-variable")``), declares its
piece of the flow-file JSON Schema (``schema``), builds itself from the loaded YAML with
:meth:`Step.parse` (reporting what static validation can see) and runs against an
:class:`~flows.runtime.Event`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from connector.errors import suggest
from flows.errors import Found, Where
from flows.expressions import Interpolation, Value, VarReads, compile_value
from flows.loader import YamlList, YamlMap, where_of
from flows.runtime import Event, Run

__all__ = [
    "COUNT",
    "PREFIXED",
    "STEPS",
    "FlowCall",
    "ParseContext",
    "Step",
    "count_at",
    "parse_steps",
    "steps_at",
    "text_at",
    "value_at",
    "when_at",
]

#: Every step kind by name (``set-variable``), and the prefixed kinds by prefix (``twilio:``).
STEPS: dict[str, type[Step]] = {}
PREFIXED: dict[str, type[Step]] = {}
#: A whole number written as digits (spaces around allowed).
COUNT = re.compile(r"^\s*[0-9]+\s*$")
#: Words YAML 1.1 read as booleans; YAML 1.2, and so a flow file, reads them as text.
_YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off", "y", "n"})


@dataclass(frozen=True)
class FlowCall:
    """A ``flow-ref`` found while parsing: from which flow, to which, where, and whether it
    is inside an error handler (where ``error`` is set)."""

    caller: str
    callee: str
    where: Where
    in_handler: bool


@dataclass
class ParseContext:
    """What parsing a file knows and collects: names to check against, the problems, and
    what each flow uses (configs, flow-refs, variables and ``error``) for the checks that
    need the whole file."""

    file: str
    config_names: tuple[str, ...]
    flow_names: tuple[str, ...]
    has_configs: bool
    problems: list[Found] = field(default_factory=list)
    flow: str = ""
    handler_depth: int = 0
    configs_by_flow: dict[str, set[str]] = field(default_factory=dict)
    calls: list[FlowCall] = field(default_factory=list)
    reads: list[tuple[str, str, Where, bool]] = field(default_factory=list)
    variables_set: set[str] = field(default_factory=set)

    def report(self, where: Where, message: str, hint: str | None = None) -> None:
        """Record a problem at a place (with a hint on how to fix it, when there is one)."""
        self.problems.append(Found(where, message, hint))

    def value(self, node: Any, where: Where) -> Value:
        """Compile a value's expressions, reporting syntax errors and unknown names."""
        found: VarReads = []
        value = compile_value(node, where_of(node, where), self.report, found)
        in_handler = self.handler_depth > 0
        self.reads.extend((self.flow, name, place, in_handler) for name, place in found)
        return value

    def use_config(self, name: str) -> None:
        """Record that the flow being parsed uses a config."""
        self.configs_by_flow.setdefault(self.flow, set()).add(name)

    def config_ref(self, body: YamlMap, where: Where) -> str:
        """The config a step or source names with ``config-ref`` (or the default one), an
        unknown name reported with a did-you-mean; empty when none can be chosen."""
        config = text_at(body, "config-ref")
        if config is None:
            return self.default_config(where)
        if config not in self.config_names and not (config == "default" and not self.has_configs):
            known = self.config_names if self.has_configs else ("default",)
            message = f"unknown config-ref '{config}'"
            self.report(body.key_where["config-ref"], message, suggest(config, known))
        return config

    def default_config(self, where: Where) -> str:
        """The config an operation step without config-ref uses."""
        if not self.has_configs:
            return "default"
        if len(self.config_names) == 1:
            return self.config_names[0]
        names = ", ".join(self.config_names)
        self.report(where, f"config-ref is needed: this file has several configs ({names})")
        return ""


class Step:
    """A step of a flow; subclasses register under their ``kind`` (or a name ``prefix``).

    ``schema`` is the step's piece of the flow-file JSON Schema (``schemas/flow.json`` is
    generated from these), with ``examples``.
    """

    kind: ClassVar[str]
    schema: ClassVar[dict[str, Any]]
    #: Whether :meth:`parse` reports every problem of the step's body itself, so that the
    #: schema's errors inside it are left out (each problem is reported once).
    checks_itself: ClassVar[bool] = False
    where: Where

    def __init_subclass__(
        cls, kind: str | None = None, prefix: str | None = None, **kw: Any
    ) -> None:
        super().__init_subclass__(**kw)
        if kind is not None:
            if kind in STEPS:
                raise TypeError(f"two steps named {kind!r}: {STEPS[kind].__name__}, {cls.__name__}")
            cls.kind = kind
            STEPS[kind] = cls
        if prefix is not None:
            cls.kind = prefix
            PREFIXED[prefix] = cls

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build the step from its loaded body (``None`` when its shape is wrong)."""
        raise NotImplementedError

    @classmethod
    def parse_named(cls, name: str, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build a prefixed step (``twilio:send-sms-message``) from its name and body."""
        raise NotImplementedError

    def run(self, event: Event, run: Run) -> None:
        """Run the step, changing the event."""
        raise NotImplementedError

    def nested(self) -> tuple[Sequence[Step], ...]:
        """The lists of steps inside this one (none for simple steps)."""
        return ()


# -- helpers for parsing ---------------------------------------------------------------------


def value_at(body: Any, key: str, where: Where) -> tuple[Any, Where]:
    """A key's value in a step's body and where it is (the key's place for nulls)."""
    if not isinstance(body, YamlMap):
        return None, where
    key_where = body.key_where.get(key, where)
    return body.get(key), where_of(body.get(key), key_where)


def steps_at(body: Any, key: str, where: Where, ctx: ParseContext) -> tuple[Step, ...]:
    """The steps listed under a key of a step's body."""
    node, node_where = value_at(body, key, where)
    return parse_steps(node, node_where, ctx)


def count_at(body: Any, key: str, default: int) -> int:
    """A whole number under a key (written as a number or as digits), else ``default``."""
    value = body.get(key) if isinstance(body, YamlMap) else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and COUNT.match(value):
        return int(value)
    return default


def text_at(body: Any, key: str) -> str | None:
    """The text under a key, or ``None`` when it is missing or not text."""
    value = body.get(key) if isinstance(body, YamlMap) else None
    return str(value) if isinstance(value, str) else None


def parse_steps(node: Any, where: Where, ctx: ParseContext) -> tuple[Step, ...]:
    """Parse a list of steps; items whose shape is wrong are left out (the schema reports them)."""
    if not isinstance(node, YamlList):
        return ()
    steps = []
    for item in node:
        if not isinstance(item, YamlMap) or len(item) != 1:
            continue
        (name, body), step_where = next(iter(item.items())), next(iter(item.key_where.values()))
        step: Step | None = None
        prefixed = next((cls for prefix, cls in PREFIXED.items() if name.startswith(prefix)), None)
        if prefixed is not None:
            step = prefixed.parse_named(name, body, step_where, ctx)
        elif name in STEPS:
            step = STEPS[name].parse(body, step_where, ctx)
        if step is not None:
            steps.append(step)
    return tuple(steps)


def when_at(body: YamlMap | None, where: Where, ctx: ParseContext) -> Value:
    """A ``when:`` condition: one expression, or a literal ``true`` or ``false``.

    Literal text can never be a boolean (and is always true), so it is a problem; text that
    looks like a boolean (a quoted ``"false"``, YAML 1.1's ``yes``) says how to write it.
    """
    node, node_where = value_at(body, "when", where)
    when = ctx.value(node, node_where)
    example = 'one expression such as "#[vars.a > 1 and vars.b]"'
    if isinstance(when, Interpolation) and str(node).strip().startswith("#["):
        ctx.report(node_where, f"when must be {example}")
    elif isinstance(node, str) and when.literal:
        word = node.strip().lower()
        if word in ("true", "false"):
            why = f"in quotes, {node!r} is text, and text is always true: write {word} unquoted"
        elif word in _YAML11_BOOLEANS:
            why = f"{node!r} is text (not a boolean in YAML 1.2), and text is always true"
        else:
            why = f"{node!r} is text, which is always true"
        ctx.report(node_where, f"when must be true, false or {example}; {why}")
    return when
