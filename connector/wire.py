"""Twilio's wire encoding for query strings and form bodies (as twilio-python sends them).

Booleans are ``true``/``false``, lists become repeated keys, dates are ``YYYY-MM-DD`` and
datetimes ``YYYY-MM-DDTHH:MM:SSZ`` in UTC. ``None`` means "not given" and is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

__all__ = ["Pairs", "encode", "encode_value"]

Pairs = list[tuple[str, str]]


def encode_value(value: Any) -> str:
    """One scalar as Twilio expects it on the wire."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        moment: datetime = value.astimezone(UTC) if value.tzinfo is not None else value
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def encode(params: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> Pairs:
    """Wire pairs for a mapping (or pairs) of wire names to values."""
    items = params.items() if isinstance(params, Mapping) else params
    pairs: Pairs = []
    for key, value in items:
        if value is None:
            continue
        if isinstance(value, list | tuple):
            pairs.extend((key, encode_value(item)) for item in value if item is not None)
        else:
            pairs.append((key, encode_value(value)))
    return pairs
