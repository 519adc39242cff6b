"""Expressions: ``#[...]`` holds a Jinja2 expression, evaluated in Jinja2's immutable sandbox.

A value that is exactly one expression gets the expression's value with its type (``#[3]``,
``#[true]``, ``#[none]``, ``#[[1, 2]]``); text around expressions is interpolation
(``"Hi #[vars.name]!"``, with values that are not text written as JSON). Every string of a
step's value is looked at, at any depth of its mappings and lists. Expressions are compiled
once, when the flow file is loaded, into :class:`Value` objects.

In scope are ``payload``, ``vars``, ``attributes`` and ``error``, and nothing else: no
globals (``range``, ``lipsum``, ``cycler``... are gone), no attribute that starts with ``_``,
no method that changes data, and operators that could build huge values (``**``, ``*`` on
text or lists, ``%`` on text, ``str.format``, padding methods) are bounded. ``payload.sid``
reads the key ``sid`` of a mapping, before any method of that name (a variable called
``items`` is ``vars.items``). A name that is not defined is an error, in a dry run too; there
an operation's result is a :class:`DryRunResult`, which nothing was sent to know: anything read
from it is one too, and as data it is null. What comes out is JSON
data (lists, mappings, text, numbers, booleans, null). Jinja's filters are there (``length``,
``map``, ``select``, ``join``, ``default``...) but for the few that build large text, and
one is added: ``days_ago`` (``#[1 | days_ago]`` is yesterday's UTC date, ``YYYY-MM-DD``),
since flows have no clock of their own.
"""

from __future__ import annotations

import itertools
import json
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar

from jinja2 import (
    Environment,
    StrictUndefined,
    TemplateSyntaxError,
    Undefined,
    nodes,
    pass_environment,
    pass_eval_context,
)
from jinja2.environment import TemplateExpression
from jinja2.exceptions import SecurityError
from jinja2.filters import do_join, do_sum, make_attrgetter
from jinja2.nodes import EvalContext
from jinja2.parser import Parser
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from connector.errors import suggest
from flows.errors import ExpressionError, Where
from flows.loader import MAX_DEPTH, MAX_TEXT, YamlList, YamlMap, where_of

__all__ = [
    "DRY_RUN_RESULT",
    "MAX_ITEMS",
    "SCOPE_NAMES",
    "DryRunList",
    "DryRunResult",
    "Expression",
    "Interpolation",
    "ListValue",
    "Literal",
    "MapValue",
    "Value",
    "VarReads",
    "Vars",
    "compile_value",
    "days_ago",
    "find_expressions",
    "to_data",
]

#: The longest text or list an operator or method inside an expression may build.
MAX_ITEMS = 100_000
#: The largest integer (in bits) ``**`` and ``*`` may build.
MAX_BITS = 100_000
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_UNSAFE_METHODS = frozenset({"format", "format_map"})
#: Filters that could build huge values from small inputs, or only make sense in templates.
_REMOVED_FILTERS = (
    "batch", "center", "indent", "format", "slice", "wordwrap", "pprint", "xmlattr",
)  # fmt: skip
#: The most items in a list an expression produces (and it produces text of at most
#: ``MAX_TEXT`` characters): repeated steps cannot grow a value past these (``s ~ s`` in a loop).
MAX_LIST = 1_000_000
#: The names an expression may use (``error`` is set only inside error handlers).
SCOPE_NAMES = frozenset({"payload", "vars", "attributes", "error"})
#: Filters and tests that make reading a variable no step sets safe.
_GUARDS = frozenset({"default", "d", "defined", "undefined"})


class Vars(dict[str, Any]):
    """A flow's variables: reading one that is not set says which ``--var`` would set it."""


class _FlowSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with no globals and bounded operators."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=False)
        self.filters["days_ago"] = days_ago
        self.filters["join"] = _bounded_join
        self.filters["sum"] = _bounded_sum
        self.globals.clear()
        for name in _REMOVED_FILTERS:
            self.filters.pop(name, None)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``a.b`` on a mapping is its key ``b`` when it has one (JSON data before methods)."""
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        if isinstance(obj, DryRunResult) and not attribute.startswith("_"):
            return obj
        if isinstance(obj, Vars):
            return self.unset_variable(obj, attribute)
        if isinstance(obj, str) and attribute in _UNSAFE_METHODS:
            return self.unsafe_undefined(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``a[b]``; an item of a dry run's result (or of its list) is not known either, and
        ``vars['name']`` of a variable that is not set says how to set it."""
        if isinstance(obj, DryRunResult) or (
            isinstance(obj, DryRunList) and isinstance(argument, int)
        ):
            return DRY_RUN_RESULT
        if isinstance(obj, Vars) and isinstance(argument, str) and argument not in obj:
            return self.unset_variable(obj, argument)
        return super().getitem(obj, argument)

    def unset_variable(self, variables: Vars, name: str) -> Undefined:
        """The undefined value of ``vars.<name>``, whose error names the ``--var`` to give."""
        message = (
            f"vars.{name} is not set: no step set it before this point; give it with "
            f"--var {name}=VALUE (or vars={{'{name}': ...}} from Python)"
        )
        return self.undefined(message, obj=variables, name=name)

    def call_binop(self, context: Context, op: str, left: Any, right: Any) -> Any:
        """``*``, ``**`` and ``%`` with limits on what they may build."""
        if op == "**":
            _check_power(left, right)
            return operator.pow(left, right)
        if op == "*":
            _check_repeat(left, right)
            return operator.mul(left, right)
        if isinstance(left, str):
            raise SecurityError("'%' formatting of text is not available: build text with ~")
        return operator.mod(left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Call a method, refusing text formatting and results that would be huge."""
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = __obj.__name__
            if name in _WIDTH_METHODS:
                _check_sizes((*args, *kwargs.values()))
            elif name == "replace" and len(args) >= 2:
                _check_replace(owner, *args[:3])
            elif name == "join" and args:
                args = (_check_join(list(args[0]), owner),)
        return super().call(__context, __obj, *args, **kwargs)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_power(base: Any, exponent: Any) -> None:
    if (
        isinstance(base, int)
        and isinstance(exponent, int)
        and abs(base) > 1
        and base.bit_length() * exponent > MAX_BITS
    ):
        raise SecurityError(f"{base} ** {exponent} is too large")


def _check_repeat(left: Any, right: Any) -> None:
    if _is_number(left) and _is_number(right):
        if (
            isinstance(left, int)
            and isinstance(right, int)
            and left.bit_length() + right.bit_length() > MAX_BITS
        ):
            raise SecurityError("the product is too large")
        return
    sequence, count = (left, right) if isinstance(right, int) else (right, left)
    size = len(sequence) if hasattr(sequence, "__len__") else 0
    if isinstance(count, int) and size * count > MAX_ITEMS:
        raise SecurityError(f"repeating would build more than {MAX_ITEMS} items")


def _check_sizes(args: Iterable[Any]) -> None:
    for arg in args:
        if isinstance(arg, int) and arg > MAX_ITEMS:
            raise SecurityError(f"a width of {arg} is more than {MAX_ITEMS}")


def _check_replace(text: str, old: Any, new: Any, count: Any = -1) -> None:
    if not isinstance(old, str) or not isinstance(new, str) or len(new) <= len(old):
        return
    found = len(text) + 1 if old == "" else text.count(old)
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    if len(text) + found * (len(new) - len(old)) > MAX_ITEMS:
        raise SecurityError(f"replace would build more than {MAX_ITEMS} characters")


def _check_join(items: list[Any], separator: str) -> list[Any]:
    size = sum(len(item) for item in items if isinstance(item, str))
    if size + len(separator) * len(items) > MAX_ITEMS:
        raise SecurityError(f"join would build more than {MAX_ITEMS} characters")
    return items


@pass_eval_context
def _bounded_join(
    eval_ctx: EvalContext, value: Iterable[Any], d: str = "", attribute: Any = None
) -> str:
    """Jinja's ``join``, refusing to build more than ``MAX_ITEMS`` characters."""
    items = list(value)
    if attribute is not None:
        items = list(map(make_attrgetter(eval_ctx.environment, attribute), items))
    return str(do_join(eval_ctx, _check_join(items, d), d))


@pass_environment
def _bounded_sum(
    environment: Environment, iterable: Iterable[Any], attribute: Any = None, start: Any = 0
) -> Any:
    """Jinja's ``sum``, refusing to concatenate more than ``MAX_ITEMS`` items."""
    items = list(iterable)
    if attribute is not None:
        items = list(map(make_attrgetter(environment, attribute), items))
    if not _is_number(start):
        size = sum(len(item) for item in items if hasattr(item, "__len__"))
        if size > MAX_ITEMS:
            raise SecurityError(f"sum would build more than {MAX_ITEMS} items")
    return do_sum(environment, items, start=start)


def days_ago(days: Any) -> str:
    """The UTC date ``days`` days before today, as ``YYYY-MM-DD`` (the ``days_ago`` filter)."""
    if isinstance(days, str) and days.strip().lstrip("-").isdigit():
        days = int(days)
    if not isinstance(days, int) or isinstance(days, bool) or abs(days) > MAX_ITEMS:
        raise TypeError(f"days_ago takes a whole number of days, not {days!r}")
    return (datetime.now(UTC).date() - timedelta(days=days)).isoformat()


class DryRunResult:
    """An operation's result in a dry run, which sends nothing: not known, so null as data.

    In expressions anything read from it (``vars.sent.sid``, ``payload['to']``,
    ``payload.sid.upper()``) is itself; it is empty as a collection and false as a condition.
    A name that is not defined, or an attribute the sandbox refuses, fails as in a real run.
    """

    __slots__ = ()

    def __call__(self, *args: Any, **kwargs: Any) -> DryRunResult:
        return self

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return "null"

    def __repr__(self) -> str:
        return "DryRunResult()"


#: The one dry-run result (it holds nothing).
DRY_RUN_RESULT = DryRunResult()


class DryRunList(list[Any]):
    """A list operation's result in a dry run: no items, but an item read by index is a
    :class:`DryRunResult`, not an error (``payload[0].sid`` is null)."""


SANDBOX = _FlowSandbox()


def to_data(value: Any, depth: int = 0) -> Any:
    """An expression's result as JSON data (iterators become lists; anything else is an error).

    An undefined value is an error; a :class:`DryRunResult` is null.
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise TypeError(f"the text is longer than {MAX_TEXT} characters")
        return value if type(value) is str else str(value)
    if isinstance(value, DryRunResult):
        return None
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    if depth >= MAX_DEPTH:
        raise TypeError(f"the value is nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, bytes):
        return value
    if isinstance(value, Mapping):
        return {str(key): to_data(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset) or _is_iterator(value):
        items = [to_data(item, depth + 1) for item in itertools.islice(value, MAX_LIST + 1)]
        if len(items) > MAX_LIST:
            raise TypeError(f"the list has more than {MAX_LIST} items")
        return items
    raise TypeError(f"the result is a {type(value).__name__}, which is not JSON data")


def _is_iterator(value: Any) -> bool:
    return hasattr(value, "__next__") or type(value).__name__ in (
        "dict_keys",
        "dict_values",
        "dict_items",
    )


def as_text(value: Any) -> str:
    """How a value reads inside text: strings as they are, anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return json.dumps(value, ensure_ascii=False)


class Value(Protocol):
    """A step's value, compiled: evaluate it against the event's names."""

    @property
    def literal(self) -> bool:
        """Whether the value holds no expression at all."""

    def evaluate(self, scope: Mapping[str, Any]) -> Any:
        """The value as JSON data."""


@dataclass(frozen=True, slots=True)
class Literal:
    """A value with no expression in it."""

    data: Any
    literal = True

    def evaluate(self, scope: Mapping[str, Any]) -> Any:
        """The data (a copy, when it is a list or a mapping)."""
        if isinstance(self.data, list | dict):
            return to_data(self.data)
        return self.data


@dataclass(frozen=True, slots=True)
class Expression:
    """A value that is exactly one ``#[...]``: it keeps the expression's type."""

    source: str
    where: Where
    code: Callable[..., Any]
    literal = False

    def evaluate(self, scope: Mapping[str, Any]) -> Any:
        """The expression's value as JSON data, or :class:`ExpressionError`."""
        try:
            return to_data(self.code(scope))
        except Exception as exc:  # any failure of user code is FLOW:EXPRESSION
            raise ExpressionError(self.source, _reason(exc), self.where) from None


@dataclass(frozen=True, slots=True)
class Interpolation:
    """Text with expressions inside: each expression's value is written into the text."""

    parts: tuple[str | Expression, ...]
    literal = False

    def evaluate(self, scope: Mapping[str, Any]) -> str:
        """The text with every expression replaced by its value."""
        return "".join(
            part if isinstance(part, str) else as_text(part.evaluate(scope)) for part in self.parts
        )


@dataclass(frozen=True, slots=True)
class MapValue:
    """A mapping some of whose values hold expressions."""

    items: tuple[tuple[str, Value], ...]
    literal = False

    def evaluate(self, scope: Mapping[str, Any]) -> dict[str, Any]:
        """A new mapping with each value evaluated."""
        return {key: value.evaluate(scope) for key, value in self.items}


@dataclass(frozen=True, slots=True)
class ListValue:
    """A list some of whose items hold expressions."""

    items: tuple[Value, ...]
    literal = False

    def evaluate(self, scope: Mapping[str, Any]) -> list[Any]:
        """A new list with each item evaluated."""
        return [item.evaluate(scope) for item in self.items]


def _reason(exc: Exception) -> str:
    message = str(exc) or type(exc).__name__
    if isinstance(exc, SecurityError):
        return f"not allowed: {message}"
    if isinstance(exc, RecursionError):
        return _TOO_DEEP
    return message


_TOO_DEEP = "the expression (or the data it reads) is nested too deeply"


def find_expressions(text: str) -> tuple[list[str | tuple[str, int]], str | None]:
    """Split text into literal parts and ``(expression, offset)`` pairs.

    The second item is a problem (an unterminated ``#[``) or ``None``. Brackets and quotes
    inside an expression are matched, so ``#[payload['to']]`` is one expression.
    """
    parts: list[str | tuple[str, int]] = []
    position = 0
    while True:
        start = text.find("#[", position)
        if start < 0:
            if position < len(text):
                parts.append(text[position:])
            return parts, None
        end = _closing_bracket(text, start + 2)
        if end < 0:
            return parts, f"the expression starting {text[start : start + 30]!r} has no closing ]"
        if start > position:
            parts.append(text[position:start])
        parts.append((text[start + 2 : end], start))
        position = end + 1


def _closing_bracket(text: str, index: int) -> int:
    depth, quote = 0, ""
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return index if char == "]" else -1
            depth -= 1
        index += 1
    return -1


class Report(Protocol):
    """Where problems found while compiling go: a place, what, and a hint when there is one."""

    def __call__(self, where: Where, message: str, hint: str | None = None) -> None:
        """Record one problem."""


_N = TypeVar("_N", bound=nodes.Node)
#: What the expressions of a value read: ``("vars.NAME", where)`` for each variable read
#: without a default, and ``("error", where)`` for each use of ``error``.
VarReads = list[tuple[str, Where]]


def compile_value(node: Any, where: Where, report: Report, reads: VarReads | None = None) -> Value:
    """Compile a loaded value: every ``#[...]`` in its strings, at any depth.

    An unknown name, filter or test is reported with a did-you-mean, and so is a syntax
    error (with where the string starts); such a value compiles to a literal. What the
    expressions read of ``vars`` and ``error`` is added to ``reads``.
    """
    if isinstance(node, str):
        return _compile_text(node, where_of(node, where), report, reads)
    if isinstance(node, YamlMap | dict):
        places = node.key_where if isinstance(node, YamlMap) else {}
        items = tuple(
            (str(key), compile_value(item, places.get(key, where), report, reads))
            for key, item in node.items()
        )
        if all(value.literal for _, value in items):
            return Literal({key: value.evaluate({}) for key, value in items})
        return MapValue(items)
    if isinstance(node, YamlList | list):
        values = tuple(compile_value(item, where_of(item, where), report, reads) for item in node)
        if all(value.literal for value in values):
            return Literal([value.evaluate({}) for value in values])
        return ListValue(values)
    return Literal(node)


def _compile_text(text: str, where: Where, report: Report, reads: VarReads | None) -> Value:
    pieces, problem = find_expressions(text)
    if problem is not None:
        report(where, problem)
        return Literal(str(text))
    if not any(isinstance(piece, tuple) for piece in pieces):
        return Literal(str(text))
    parts: list[str | Expression] = []
    for piece in pieces:
        if isinstance(piece, str):
            parts.append(piece)
            continue
        source, _ = piece
        try:
            tree = Parser(SANDBOX, source, state="variable").parse_expression()
            problems = _unknown_names(tree)
            if not problems:
                code = _compile_tree(tree)
                used = [(f"vars.{name}", where) for name in _var_reads(tree)]
                if any(name.name == "error" for name in _find_all(tree, nodes.Name)):
                    used.append(("error", where))
        except TemplateSyntaxError as exc:
            problems = [(f"is not valid: {exc.message}", None)]
        except (RecursionError, MemoryError, SyntaxError):
            # Jinja's parser and compiler recurse, and Python's own compiler has limits.
            problems = [("is nested too deeply", None)]
        if problems:
            for found, hint in problems:
                report(where, f"the expression #[{_shortened(source.strip())}] {found}", hint)
            return Literal(str(text))
        if reads is not None:
            reads.extend(used)
        parts.append(Expression(source.strip(), where, code))
    if len(parts) == 1 and isinstance(parts[0], Expression):
        return parts[0]
    return Interpolation(tuple(parts))


def _compile_tree(tree: nodes.Expr) -> Callable[..., Any]:
    """Compile a parsed expression, as ``Environment.compile_expression`` does from text."""
    body = [nodes.Assign(nodes.Name("result", "store"), tree, lineno=1)]
    template = SANDBOX.from_string(nodes.Template(body, lineno=1))
    return TemplateExpression(template, undefined_to_none=False)


def _find_all(tree: nodes.Node, node_type: type[_N]) -> list[_N]:
    """Every node of a type in the tree, the tree itself included."""
    found = [tree] if isinstance(tree, node_type) else []
    return found + list(tree.find_all(node_type))


def _unknown_names(tree: nodes.Expr) -> list[tuple[str, str | None]]:
    """What the expression names that the flow runner does not have, each with a hint."""
    found: list[tuple[str, str | None]] = []
    known = sorted(SCOPE_NAMES)
    for name in _find_all(tree, nodes.Name):
        if name.name not in SCOPE_NAMES:
            message = f"uses '{name.name}', which is not defined: the names are {', '.join(known)}"
            found.append((message, suggest(name.name, known)))
    for kind, registry, node_type in (
        ("filter", SANDBOX.filters, nodes.Filter),
        ("test", SANDBOX.tests, nodes.Test),
    ):
        for used in _find_all(tree, node_type):
            used_name = str(getattr(used, "name", ""))
            if used_name not in registry:
                message = f"uses the {kind} '{used_name}', which does not exist"
                found.append((message, suggest(used_name, registry)))
    return found


def _var_reads(tree: nodes.Node, guarded: bool = False) -> list[str]:
    """The ``vars.NAME`` (and ``vars['NAME']``) an expression reads without a default."""
    found: list[str] = []
    if isinstance(tree, nodes.Filter | nodes.Test) and tree.name in _GUARDS:
        guarded = True
    if isinstance(tree, nodes.Call) and isinstance(tree.node, nodes.Getattr):
        found.extend(_var_reads(tree.node.node, guarded))  # vars.get(...): a method
        for child in (*tree.args, *tree.kwargs):
            found.extend(_var_reads(child, guarded))
        return found
    name = _var_name(tree)
    if name is not None:
        return [] if guarded else [name]
    for child in tree.iter_child_nodes():
        found.extend(_var_reads(child, guarded and child is getattr(tree, "node", None)))
    return found


def _var_name(node: nodes.Node) -> str | None:
    if not (isinstance(node, nodes.Getattr | nodes.Getitem) and isinstance(node.node, nodes.Name)):
        return None
    if node.node.name != "vars":
        return None
    if isinstance(node, nodes.Getattr):
        return node.attr
    argument = node.arg
    return (
        argument.value
        if isinstance(argument, nodes.Const) and isinstance(argument.value, str)
        else None
    )


def _shortened(source: str) -> str:
    return source if len(source) <= 40 else f"{source[:20]}...{source[-20:]}"
