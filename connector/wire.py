"""Twilio's wire encoding for query strings and form bodies (as twilio-python sends them).

Booleans are ``true``/``false``, lists become repeated keys, dates are ``YYYY-MM-DD`` and
datetimes ``YYYY-MM-DDTHH:MM:SSZ`` in UTC. ``None`` means "not given" and is left out. A value
that cannot be written as UTF-8 text (a lone surrogate, a datetime beyond the calendar in UTC,
an integer too long to write out) is a :class:`~connector.ValidationError` naming its key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from connector.errors import Problem, ValidationError

__all__ = ["Pairs", "encode", "encode_value", "urlencoded"]

Pairs = list[tuple[str, str]]

#: Each byte as ``quote_plus`` writes it: unreserved ones as they are, space as ``+``, the rest
#: as ``%XX`` (applied to the UTF-8 bytes of a text, read as Latin-1, one character a byte).
_QUOTED = {
    byte: chr(byte)
    if chr(byte).isascii() and (chr(byte).isalnum() or chr(byte) in "_.-~")
    else "+"
    if byte == 0x20
    else f"%{byte:02X}"
    for byte in range(256)
}


def encode_value(value: Any) -> str:
    """One scalar as Twilio expects it on the wire."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        moment: datetime = value.astimezone(UTC) if value.tzinfo is not None else value
        # isoformat, not strftime: "%Y" leaves years before 1000 unpadded on glibc.
        return moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def urlencoded(pairs: Pairs) -> str:
    """Pairs of text as ``urllib.parse.urlencode`` writes them (``quote_plus``, UTF-8), in one
    pass of :meth:`str.translate` per key and value rather than a call per character."""
    return "&".join(f"{_plus(key)}={_plus(value)}" for key, value in pairs)


def _plus(text: str) -> str:
    return text.encode("utf-8").decode("latin-1").translate(_QUOTED)


def encode(params: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> Pairs:
    """Wire pairs for a mapping (or pairs) of wire names to values."""
    items = params.items() if isinstance(params, Mapping) else params
    pairs: Pairs = []
    problems: list[Problem] = []
    for key, value in items:
        if type(value) is str and value.isascii():  # the common case: text as it is
            pairs.append((key, value))
            continue
        values = value if isinstance(value, list | tuple) else [value]
        try:
            pairs.extend((key, _text(item)) for item in values if item is not None)
        except (ValueError, OverflowError) as exc:  # UnicodeEncodeError is a ValueError
            problems.append(Problem(str(key), f"cannot be sent ({exc})"))
    if problems:
        raise ValidationError(problems, what="request")
    return pairs


def _text(value: Any) -> str:
    text = encode_value(value)
    text.encode("utf-8")
    return text
