"""The flow-file JSON Schema's errors, turned into problems a person can act on, each at the
line of the value (or key) it is about."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema import ValidationError as SchemaError

import schemas
from connector.errors import did_you_mean, meant
from flows.errors import Found, Where
from flows.loader import YamlList, YamlMap, where_of
from flows.steps import OPERATION_PREFIX, STEPS
from operations import catalog

__all__ = ["schema_problems"]

_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "null": "empty",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schemas.load("flow"))


def schema_problems(root: Any, fallback: Where) -> list[Found]:
    """Every error of the flow-file schema, as a problem at its line, said for a person: a
    misspelt key once (with what it meant), a misindented step once, no value of a config."""
    found: list[Found] = []
    suggested: set[tuple[int, str]] = set()
    required: list[tuple[int, str, Where, str]] = []
    errors = list(_validator().iter_errors(root))
    misindented = {id(e.instance) for e in errors if _is_misindented(e.instance)}
    for error in errors:
        if _inside(root, error, misindented) or _in_a_step_that_checks_itself(root, error):
            continue
        if error.validator == "required":
            node = _node_at(root, error.absolute_path)
            noun = error.schema.get("title", "this mapping")
            place = _key_place(root, list(error.absolute_path), fallback)
            for missing in error.validator_value:  # one error per missing key names them all
                if missing not in node:
                    required.append((id(node), missing, place, f"{noun} needs '{missing}'"))
        elif error.validator == "additionalProperties":
            for unknown, suggestion in _unknown_keys(error, fallback):
                found.append(unknown)
                if suggestion:
                    suggested.add((id(error.instance), suggestion))
        else:
            found.append(_problem(root, error, fallback))
    # A misspelt key is reported once: not also as the key that is missing.
    found.extend(
        Found(place, message)
        for node_id, missing, place, message in dict.fromkeys(required)
        if (node_id, missing) not in suggested
    )
    return found


def _is_misindented(mapping: Any) -> bool:
    """A step whose keys sit beside its name instead of under it (``- logger:`` + ``message:``)."""
    if not isinstance(mapping, YamlMap) or len(mapping) < 2:
        return False
    first = next(iter(mapping))
    known = first in STEPS or first.startswith((OPERATION_PREFIX, "on-error-"))
    return known and mapping[first] is None


def _inside(root: Any, error: SchemaError, misindented: set[int]) -> bool:
    """Whether an error is a consequence of a misindented step (reported once, by itself)."""
    if not misindented or error.validator in ("minProperties", "maxProperties"):
        return False
    if id(error.instance) in misindented:
        return True
    path = list(error.absolute_path)
    return bool(path) and id(_node_at(root, path[:-1])) in misindented


def _in_a_step_that_checks_itself(root: Any, error: SchemaError) -> bool:
    """Whether an error is inside the body of a step whose parser reports its problems (the
    schema describes it for editors; the parser says the same thing better, with hints)."""
    parent, node = None, root
    for part in error.absolute_path:
        if isinstance(parent, YamlList) and isinstance(node, YamlMap) and len(node) == 1:
            step = STEPS.get(str(part))
            if step is not None and step.checks_itself:
                return True
        parent, node = node, node[part]
    return False


def _node_at(root: Any, path: Any) -> Any:
    node = root
    for part in path:
        node = node[part]
    return node


def _place(root: Any, path: list[Any], fallback: Where) -> Where:
    """Where the value at ``path`` is (its key's place for nulls and numbers)."""
    node = _node_at(root, path)
    found = getattr(node, "where", None)
    if isinstance(found, Where):
        return found
    return _key_place(root, path, fallback)


def _key_place(root: Any, path: list[Any], fallback: Where) -> Where:
    """Where the key naming the value at ``path`` is (or the value, in a list)."""
    if not path:
        return where_of(root, fallback)
    parent = _node_at(root, path[:-1])
    if isinstance(parent, YamlMap) and path[-1] in parent.key_where:
        return parent.key_where[path[-1]]
    if isinstance(parent, YamlList):
        return where_of(parent[path[-1]], where_of(parent, fallback))
    return where_of(parent, fallback)


def _subject(path: list[Any]) -> str:
    if not path:
        return "the file"
    last = path[-1]
    if isinstance(last, int):
        owner = f" of '{path[-2]}'" if len(path) > 1 and isinstance(path[-2], str) else ""
        return f"item {last + 1}{owner}"
    return f"'{last}'"


def _expected(schema: Mapping[str, Any]) -> str:
    title = str(schema.get("title", ""))
    if title.startswith(("a ", "an ", "one ", "ANY", "text")):
        return title
    types = schema.get("type", [])
    names = [_TYPE_NAMES.get(t, t) for t in ([types] if isinstance(types, str) else types)]
    return " or ".join(names) or "something else"


def _problem(root: Any, error: SchemaError, fallback: Where) -> Found:
    path = list(error.absolute_path)
    place = _place(root, path, fallback)
    subject = _subject(path)
    got = error.instance
    # A config's values may be secrets: problems there show their type, never their value.
    secret = path[:1] == ["configs"]
    if isinstance(got, str | int | float) and not secret:
        shown = repr(got)
    else:
        shown = _TYPE_NAMES[_json_type(got)]
    if error.validator in ("type", "pattern", "enum", "minimum", "const"):
        return Found(place, f"{subject} must be {_expected(error.schema)} (got {shown})")
    if error.validator == "propertyNames":
        return Found(place, f"{subject}: {error.message}")
    if error.validator in ("minProperties", "maxProperties") and isinstance(got, YamlMap):
        if path[-1:] == ["source"]:
            listed = ", ".join(f"'{key}'" for key in got) or "none"
            return Found(
                place, f"a source is a mapping with one key, its kind; this one has {listed}"
            )
        return Found(place, _one_key_message(got))
    if error.validator == "minItems":
        return Found(place, f"{subject} must not be empty")
    if secret:
        return Found(place, f"{subject} is not valid here ({error.validator})")
    return Found(place, f"{subject}: {error.message}")


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "string"


def _one_key_message(mapping: YamlMap) -> str:
    keys = list(mapping)
    if not keys:
        return "a step (or handler) is a mapping with one key, its name; this one is empty"
    first = keys[0]
    listed = ", ".join(f"'{key}'" for key in keys)
    message = f"a step (or handler) is a mapping with one key, its name; this one has {listed}"
    if mapping[first] is None and (
        first in STEPS or first.startswith(OPERATION_PREFIX) or first.startswith("on-error-")
    ):
        others = ", ".join(f"'{key}'" for key in keys[1:])
        message += f": indent {others} under '{first}:'"
    return message


def _unknown_keys(error: SchemaError, fallback: Where) -> list[tuple[Found, str | None]]:
    """Each key the schema does not allow, with the key it probably meant (if any)."""
    mapping = error.instance
    if not isinstance(mapping, YamlMap):
        return []
    schema = error.schema
    properties = list(schema.get("properties", {}))
    patterns = list(schema.get("patternProperties", {}))
    is_step = schema is _validator().schema["$defs"]["step"]
    is_source = schema is _validator().schema["$defs"]["source"]
    candidates = properties + (
        [OPERATION_PREFIX + name for name in catalog.names()] if is_step else []
    )
    found = []
    for key in mapping:
        if key in properties or any(re.search(p, key) for p in patterns):
            continue
        suggestion = _suggest(key, candidates)
        noun = schema.get("title", "this mapping")
        if is_step or is_source:
            message = f"unknown {'step' if is_step else 'source'} '{key}'"
        else:
            message = f"unknown key '{key}' in {noun}"
        place = mapping.key_where.get(key, where_of(mapping, fallback))
        found.append((Found(place, message, meant(suggestion)), suggestion))
    return found


def _suggest(key: str, candidates: list[str]) -> str | None:
    prefixed = OPERATION_PREFIX + key
    return prefixed if prefixed in candidates else did_you_mean(key, candidates)
