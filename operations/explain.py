"""Why values break an operation's input schema: every problem, by parameter, from the
``jsonschema`` library's full evaluation of the published (2020-12) schema.

Only invalid input comes here (:meth:`Operation.prepare` checks validity with the schema
compiled by fastjsonschema first), so a process whose input is valid never imports jsonschema.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator, validators
from jsonschema import ValidationError as SchemaError

from connector import Problem
from operations.problems import schema_problems
from operations.values import shown

if TYPE_CHECKING:
    from operations.base import Operation

__all__ = ["schema_problems_of"]


@cache
def _ecma_regex(pattern: str) -> re.Pattern[str]:
    r"""A schema pattern compiled for Python with ECMA-262's ``$``: the end of the text only.

    JSON Schema patterns are ECMA-262 expressions, where ``$`` (without the ``m`` flag) matches
    only at the end; Python's ``$`` also matches before a final newline, so ``"CA…\n"`` would
    pass ``^CA[0-9a-fA-F]{32}$``. The published patterns stay portable; only the Python
    evaluation is made to agree with them, by reading each ``$`` outside a class as ``\Z``.
    """
    out: list[str] = []
    escaped = in_class = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            out.append(r"\Z")
            continue
        out.append(char)
    return re.compile("".join(out))


def _ecma_pattern(
    validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]
) -> Iterator[SchemaError]:
    if validator.is_type(instance, "string") and not _ecma_regex(pattern).search(instance):
        yield SchemaError(f"{shown(instance)} does not match {pattern!r}")


#: Draft 2020-12, with patterns read as ECMA-262 reads them.
_InputValidator = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})


def schema_problems_of(op: Operation, values: Mapping[str, Any]) -> Iterator[Problem]:
    """Every problem the operation's input schema finds in `values`, by parameter."""
    for error in _InputValidator(op.input_schema).iter_errors(values):
        yield from schema_problems(error, op)
