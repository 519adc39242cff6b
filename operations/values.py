"""What a parameter does with a given value, by its kind: convert it to the type its schema
expects (:func:`coerce`), refuse what can never be sent before the schema sees it
(:func:`screen`), check what the schema cannot (:func:`check`), and show it short in messages
(:func:`shown`). :class:`~operations.params.Param` declares; these do the work.
"""

from __future__ import annotations

import json
import math
import re
import reprlib
import sys
from datetime import UTC, date, datetime, time
from typing import Any

from connector.wire import encode_value

__all__ = [
    "CHECKED_KINDS",
    "DATE",
    "DATE_TIME",
    "check",
    "coerce",
    "conform",
    "screen",
    "screen_document",
    "screen_scalar",
    "shown",
    "utc_timestamp",
]

# [0-9] rather than \d: in ECMA-262, the dialect of JSON Schema's patterns, \d is ASCII only.
DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
DATE_TIME = DATE + r"(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?"
_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_JSON_TYPE = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}
_SCALARS = (str, bool, int, float, date)


class _Short(reprlib.Repr):
    """reprlib's shortening, and integers too long for ``repr`` (more than 4,300 digits)."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxstring = self.maxother = 60

    def repr_int(self, x: int, level: int) -> str:
        try:
            return super().repr_int(x, level)
        except ValueError:
            return f"<an integer of more than {sys.get_int_max_str_digits():,} digits>"


_SHORT = _Short()


def shown(value: Any) -> str:
    """A short ``repr`` for messages: long text cut in the middle, nesting cut at 3 levels."""
    return _SHORT.repr(value)


def coerce(kind: str, value: Any, choices: tuple[str, ...] = ()) -> Any:
    """Convert a given value to the type the schema of ``kind`` expects (text in any case to
    the one of ``choices`` it names); leave it alone if it can't be.

    The schema then rejects what could not be converted, with the parameter's path.
    """
    if kind == "integer":
        if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
            try:
                return int(value.strip())
            except ValueError:  # more digits than Python converts: left for the schema
                return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value
    if kind == "number":
        if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
            number = float(value.strip())
            return int(number) if number.is_integer() and "." not in value else number
        return value
    if kind == "boolean":
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
        return value
    if kind in ("date", "date-time"):
        if isinstance(value, datetime):
            return value.isoformat() if kind == "date-time" else value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        return value.strip() if isinstance(value, str) else value
    if kind == "object":
        return _json_object(value)
    if kind == "list":
        return _list(value, choices)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if choices and isinstance(value, str):
        for choice in choices:
            if choice.lower() == value.strip().lower():
                return choice
    return value


def screen(kind: str, value: Any) -> str | None:
    """Why a given value can never be one of ``kind``, or ``None``; checked before the schema,
    whose messages show values: anything but a scalar (a list, a mapping, nesting of any
    depth; an ``object`` takes one flat mapping of scalars), an integer too long to write
    out, text that is not valid Unicode."""
    if kind == "list" and isinstance(value, list | tuple):
        return next((found for item in value if (found := screen_scalar("string", item))), None)
    if kind == "object" and isinstance(value, dict):
        for item in (part for pair in value.items() for part in pair):
            if isinstance(item, list | dict):
                inner = item.values() if isinstance(item, dict) else item
                if any(isinstance(part, list | dict) for part in inner):
                    return f"{shown(value)} is nested too deeply"
                continue  # the schema says what is wrong with it
            if found := screen_scalar(kind, item):
                return found
        return None
    return screen_scalar(kind, value)


def screen_scalar(kind: str, value: Any) -> str | None:
    """:func:`screen` for one value that must be a scalar."""
    if not isinstance(value, _SCALARS):
        return f"{shown(value)} is not of type {_JSON_TYPE.get(kind, 'string')!r}"
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            str(value)
        except ValueError:
            limit = sys.get_int_max_str_digits()
            return f"is an integer of more than {limit:,} digits, too large to send"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return (
                f"has a lone surrogate ({shown(value[exc.start])} at position {exc.start}): "
                "it is not valid Unicode text and cannot be sent"
            )
    return None


#: The kinds whose values :func:`check` looks at; it passes any other kind's.
CHECKED_KINDS = frozenset({"number", "date", "date-time"})


def check(kind: str, value: Any) -> str | None:
    """What the schema cannot see, for a value it accepted: a date of the right form that
    does not exist, or one that falls outside the calendar once converted to UTC; a number
    that is not finite."""
    if kind == "number" and isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} is not a finite number"
    if kind not in ("date", "date-time") or not isinstance(value, str):
        return None
    if not re.fullmatch(DATE if kind == "date" else DATE_TIME, value):
        return None  # the schema reports the form
    try:
        utc_timestamp(value) if kind == "date-time" else date.fromisoformat(value)
    except ValueError as exc:
        return f"{value!r} is not a real date or time ({exc})"
    except OverflowError:
        return f"{value!r} falls outside the years 1 to 9999 once converted to UTC"
    return None


def _json_object(value: Any) -> Any:
    """A JSON object given as text (``-p params='{"to": "bob"}'``) as a mapping; anything
    else unchanged, for the schema to judge."""
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            return json.loads(value)
        except (ValueError, RecursionError):
            return value
    return value


def _list(value: Any, choices: tuple[str, ...]) -> Any:
    """A list's items as text in the case of the ``choices`` they name. One text is one item,
    or, for a list of choices, the choices it names separated by commas or spaces
    (``"initiated, answered"``); a JSON array given as text is read as one."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except (ValueError, RecursionError):
                return value
        elif choices:
            value = [part for part in re.split(r"[\s,]+", text) if part]
        else:
            value = [value]
    if not isinstance(value, list | tuple):
        return [coerce("string", value, choices)]
    return [coerce("string", item, choices) for item in value]


#: How deep a structured (``shape``) value may nest; deeper is refused before the schema.
MAX_DEPTH = 32


def screen_document(value: Any, depth: int = 0) -> str | None:
    """:func:`screen` for a value whose shape a schema gives (a content template's ``types``):
    mappings with text keys and lists, nested up to ``MAX_DEPTH``, whose leaves are scalars
    that can be sent."""
    if depth > MAX_DEPTH:
        return f"is nested more than {MAX_DEPTH} levels deep"
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str | int) or isinstance(key, bool):
                return f"has a key that is not text: {shown(key)}"
            if found := screen_document(item, depth + 1) or screen_scalar("string", key):
                return found
        return None
    if isinstance(value, list | tuple):
        return next((f for item in value if (f := screen_document(item, depth + 1))), None)
    if value is None:
        return None
    return screen_scalar("string", value)


def conform(value: Any, schema: dict[str, Any]) -> Any:
    """A structured value converted where its `schema` says what a part is: text keys, and
    text written for a number, integer or boolean (as flows give them) converted, numbers
    written where text is expected as text. Parts it cannot convert are left for the schema."""
    kind = schema.get("type")
    if isinstance(value, dict) and kind == "object":
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        out: dict[Any, Any] = {}
        for key, item in value.items():
            name = str(key) if isinstance(key, int) and not isinstance(key, bool) else key
            inner = properties.get(name, extra if isinstance(extra, dict) else {})
            out[name] = conform(item, inner)
        return out
    if isinstance(value, list | tuple) and kind == "array":
        return [conform(item, schema.get("items", {})) for item in value]
    if kind == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if kind in ("number", "integer", "boolean") and isinstance(value, str):
        if kind == "boolean":
            return coerce("boolean", value)
        converted = coerce("integer", value)
        if kind == "number" and isinstance(converted, str):
            try:
                number = float(value)
            except ValueError:
                return value
            return number if math.isfinite(number) else value
        return converted
    return value


def utc_timestamp(value: str) -> str:
    """A date or date-time as Twilio's UTC timestamp; a bare date or time is taken as UTC."""
    if re.fullmatch(DATE, value):
        parsed = datetime.combine(date.fromisoformat(value), time(), UTC)
    else:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return encode_value(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC))
