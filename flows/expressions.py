"""Expressions: ``#[...]`` holds a Jinja2 expression, evaluated in Jinja2's immutable sandbox.

A value that is exactly one expression gets the expression's value with its type (``#[3]``,
``#[true]``, ``#[none]``, ``#[[1, 2]]``); text around expressions is interpolation
(``"Hi #[vars.name]!"``, with values that are not text written as JSON). Every string of a
step's value is looked at, at any depth of its mappings and lists. Expressions are compiled
once, when the flow file is loaded, into :class:`Value` objects.

In scope are ``payload``, ``vars``, ``attributes`` and ``error``, and nothing else; a name,
filter or test that is not there is a problem when the file loads (:mod:`flows.names`).
Expressions run in the sandbox of :mod:`flows.sandbox`. What comes out is JSON data (lists,
mappings, text, numbers, booleans, null), of bounded size and depth; in a dry run an
operation's result, and anything read from it, is null.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from jinja2 import TemplateSyntaxError, Undefined, nodes
from jinja2.environment import TemplateExpression
from jinja2.exceptions import SecurityError
from jinja2.parser import Parser

from flows.errors import ExpressionError, Where
from flows.limits import MAX_DEPTH, MAX_TEXT
from flows.loader import YamlList, YamlMap, where_of
from flows.names import find_all, unknown_names, var_reads
from flows.sandbox import SANDBOX, DryRunResult

__all__ = [
    "Expression",
    "Interpolation",
    "ListValue",
    "Literal",
    "MapValue",
    "Value",
    "VarReads",
    "compile_value",
    "find_expressions",
    "to_data",
]

#: The most items in a list an expression produces (and it produces text of at most
#: ``MAX_TEXT`` characters): repeated steps cannot grow a value past these (``s ~ s`` in a loop).
MAX_LIST = 1_000_000


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
            problems = unknown_names(tree)
            if not problems:
                code = _compile_tree(tree)
                used = [(f"vars.{name}", where) for name in var_reads(tree)]
                if any(name.name == "error" for name in find_all(tree, nodes.Name)):
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
    """Compile a parsed expression, as ``Environment.compile_expression`` does from text; a
    name or a chain of attributes (``vars.to``, ``payload.user.phone``) also reads its keys
    directly when it can (:class:`_KeyPath`)."""
    body = [nodes.Assign(nodes.Name("result", "store"), tree, lineno=1)]
    template = SANDBOX.from_string(nodes.Template(body, lineno=1))
    code = TemplateExpression(template, undefined_to_none=False)
    keys: list[str] = []
    while isinstance(tree, nodes.Getattr):
        keys.append(tree.attr)
        tree = tree.node
    if isinstance(tree, nodes.Name) and tree.ctx == "load":
        return _KeyPath(tree.name, tuple(reversed(keys)), code)
    return code


class _KeyPath:
    """``#[root.a.b]`` read straight from the scope when ``root`` is in it and every step is a
    mapping's key, which is what the sandbox's ``getattr`` gives then; anything else (a missing
    key, a method, a dry run's result) is left to the compiled expression, errors included.
    About a tenth of the time of rendering the expression's template."""

    __slots__ = ("code", "keys", "root")

    def __init__(self, root: str, keys: tuple[str, ...], code: Callable[..., Any]) -> None:
        self.root, self.keys, self.code = root, keys, code

    def __call__(self, scope: Mapping[str, Any]) -> Any:
        try:
            value = scope[self.root]
        except KeyError:
            return self.code(scope)
        for key in self.keys:
            if not isinstance(value, dict) or key not in value:
                return self.code(scope)
            value = value[key]
        return value


def _shortened(source: str) -> str:
    return source if len(source) <= 40 else f"{source[:20]}...{source[-20:]}"
