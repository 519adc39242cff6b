"""Request-shape rows by family: each module here has ``ROWS`` (one per operation) and may
have ``VARIANTS`` (more cases), which tests/operations/test_request_shapes.py adds to its own.

A family of operations keeps its rows in its own module, so adding a family touches no other
family's file.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

Pairs = list[tuple[str, str]]


def sid(prefix: str, digit: str = "a") -> str:
    """A valid SID: the prefix and 32 hex digits (Prism checks the pattern)."""
    return prefix + digit * 32


#: The account the request-shape tests act on.
ACCOUNT_SID = sid("AC", "1")
#: Its 2010 API path prefix.
A = f"/2010-04-01/Accounts/{ACCOUNT_SID}"


@dataclass(frozen=True)
class Row:
    """Sample parameters and the request they must produce: query and form pairs, or, for
    the APIs that take one, the JSON body."""

    params: dict[str, Any]
    method: str
    path: str
    query: Pairs = field(default_factory=list)
    form: Pairs = field(default_factory=list)
    json: Any = None


def modules() -> Iterator[ModuleType]:
    """Every family module of this package."""
    for info in pkgutil.iter_modules(__path__):
        yield importlib.import_module(f"{__name__}.{info.name}")


def gathered(rows: dict[str, Row], variants: list[tuple[str, Row]]) -> None:
    """Add every family module's rows and variants to `rows` and `variants`; an operation with
    rows in two places is a mistake."""
    for module in modules():
        extra: dict[str, Row] = module.ROWS
        twice = set(extra) & set(rows)
        assert not twice, f"{module.__name__} repeats rows for {sorted(twice)}"
        rows.update(extra)
        found: list[tuple[str, Row]] = getattr(module, "VARIANTS", [])
        variants.extend(found)
