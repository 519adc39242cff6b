"""jsonschema's errors worded as readable problems (:class:`~connector.Problem`), each named
by the parameter it is about: :func:`schema_problems`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jsonschema import ValidationError as SchemaError

from connector import Problem
from connector.errors import suggest
from operations.values import shown

if TYPE_CHECKING:
    from operations.base import Operation

__all__ = ["schema_problems"]


def schema_problems(err: SchemaError, op: Operation) -> list[Problem]:
    """Readable problems for one schema error, named by parameter."""
    path = ".".join(str(part) for part in err.absolute_path)
    if err.validator == "additionalProperties" and path:  # inside a structured parameter
        allowed = list(err.schema.get("properties", {}))
        return [
            Problem(
                f"{path}.{extra}",
                f"is not a field here (expected one of {', '.join(allowed)})",
                suggest(str(extra), allowed),
            )
            for extra in sorted(set(err.instance) - set(allowed), key=str)
        ]
    if err.validator == "additionalProperties":
        known = list(op.input_schema["properties"])
        return [
            Problem(extra, f"is not a parameter of {op.name}", suggest(extra, known))
            for extra in sorted(set(err.instance) - set(err.schema.get("properties", {})))
        ]
    if err.validator == "required":  # one error per missing name; each names them all
        when = _condition(err, op)
        inside = f"{path}." if path else ""
        return [
            Problem(f"{inside}{name}", "is required" + when)
            for name in err.validator_value
            if name not in err.instance
        ]
    if err.validator == "not" and "allOf" in err.schema_path:  # an at_most_one_of group
        group = [branch["required"] for branch in err.validator_value["anyOf"]]
        names = list(dict.fromkeys(name for pair in group for name in pair))
        given = [name for name in names if name in err.instance]
        return [
            Problem(
                " | ".join(names),
                f"give at most one of {', '.join(names)} (got {', '.join(given)})",
            )
        ]
    if err.validator == "dependentRequired":  # one error per name missing beside another
        return [
            Problem(missing, f"is required with {name}")
            for name, needed in err.validator_value.items()
            if name in err.instance
            for missing in needed
            if missing not in err.instance
        ]
    param = op.by_name.get(path)
    if param is not None and param.secret:
        return [_secret_problem(err, path)]
    return [_problem(err, path)]


def _condition(err: SchemaError, op: Operation) -> str:
    """`` when coaching is true`` for a name required by a ``needs_when`` rule, else ``""``."""
    where = list(err.schema_path)
    if where[:1] != ["allOf"] or "then" not in where:
        return ""
    rule_schema = op.input_schema["allOf"][where[1]]
    for name, rule in rule_schema["if"]["properties"].items():
        value = rule.get("const")
        shown_value = str(value).lower() if isinstance(value, bool) else value
        return f" when {name} is {shown_value}"
    return ""


def _secret_problem(err: SchemaError, path: str) -> Problem:
    """A problem with a secret, worded without its value."""
    if err.validator == "type":
        return Problem(path, f"is not of type {err.validator_value!r}")
    if err.validator == "minLength" and err.validator_value > 1:
        return Problem(
            path, f"is too short: at least {err.validator_value:,} characters are needed"
        )
    return Problem(
        path,
        "does not follow the rules: at least 12 characters, with a digit, "
        "a lower-case and an upper-case letter",
    )


def _problem(err: SchemaError, path: str) -> Problem:
    if err.validator == "oneOf" and err.schema_path and "allOf" in err.schema_path:
        group = [branch["required"][0] for branch in err.schema["oneOf"]]
        given = [name for name in group if name in err.instance]
        got = "none" if not given else ", ".join(given)
        return Problem(" | ".join(group), f"give exactly one of {', '.join(group)} (got {got})")
    if err.validator == "anyOf" and err.schema_path and "allOf" in err.schema_path:
        group = [branch["required"][0] for branch in err.schema["anyOf"]]
        return Problem(" | ".join(group), f"give at least one of {', '.join(group)}")
    if err.validator == "enum":
        allowed = ", ".join(str(v) for v in err.validator_value)
        return Problem(path, f"{shown(err.instance)} is not one of {allowed}")
    if err.validator == "pattern":
        return Problem(
            path, f"{shown(err.instance)} does not have the expected form ({err.validator_value})"
        )
    if err.validator == "type":
        return Problem(path, f"{shown(err.instance)} is not of type {err.validator_value!r}")
    if err.validator == "maxLength" and err.validator_value == 0:
        return Problem(path, "must be empty (the only value it takes)")
    if err.validator == "maxItems":
        return Problem(
            path,
            f"has {len(err.instance):,} items, where at most {err.validator_value:,} are allowed",
        )
    if err.validator == "maxLength":
        return Problem(
            path,
            f"is too long: {len(err.instance):,} characters, "
            f"where at most {err.validator_value:,} are allowed",
        )
    if err.validator == "minLength" and err.validator_value > 1:
        return Problem(
            path,
            f"is too short: {len(err.instance):,} characters, "
            f"where at least {err.validator_value:,} are needed",
        )
    return Problem(path, err.message)
