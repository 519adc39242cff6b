"""Jinja2's immutable sandbox as flows use it: no globals, bounded operators, JSON data
before methods, and what a dry run cannot know.

``payload.sid`` reads the key ``sid`` of a mapping before any method of that name. No
attribute that starts with ``_``, no method that changes data; ``**``, ``*`` on text or
lists, ``%`` on text, ``str.format`` and the padding methods are bounded or refused, and so
are the filters that build large text. ``vars.NAME`` of a variable that is not set says which
``--var`` would set it. In a dry run an operation's result is :data:`DRY_RUN_RESULT`.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from jinja2 import (
    Environment,
    StrictUndefined,
    Undefined,
    pass_environment,
    pass_eval_context,
)
from jinja2.exceptions import SecurityError
from jinja2.filters import do_join, do_sum, make_attrgetter
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = [
    "DRY_RUN_RESULT",
    "MAX_BITS",
    "MAX_ITEMS",
    "SANDBOX",
    "DryRunList",
    "DryRunResult",
    "Vars",
    "days_ago",
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
