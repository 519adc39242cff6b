"""The project's reference tables in tests/data, each read in one place.

``op_map.json`` maps each operation of the original MuleSoft connector, by name, to its request
line, success status (``null`` where Twilio's API no longer has it: ``in_spec`` is false), the
inequality filters Twilio offers on its list (``inequality_query_params``) and its parameters:
the original connector's name and whether it was optional there, the wire name Twilio reads
(``api_name``), where it goes (``in``) and Twilio's type, format, enum and pattern. It was
checked against Twilio's OpenAPI file and twilio-python 9.13.

It also maps ``create-access-token``, which is not the original connector's (its "original" is
issue 9) and sends no request: its row has no request line, says why in ``no_request``, and
names the token claims its parameters fill (``in``: ``token``).

``magic_numbers.json`` holds one row per magic number of Twilio's test credentials: the resource
and field it goes in, and the status (and Twilio error code) Twilio documents for it.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from tests.support.paths import DATA


@cache
def _read(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def op_map() -> dict[str, dict[str, Any]]:
    """tests/data/op_map.json: one row per operation, by operation name."""
    rows: dict[str, dict[str, Any]] = _read("op_map.json")
    return rows


def sends_request(row: dict[str, Any]) -> bool:
    """Whether an op_map row's operation sends a request (its row has no ``no_request``)."""
    return "no_request" not in row


def magic_numbers() -> list[dict[str, Any]]:
    """tests/data/magic_numbers.json: one row per magic number."""
    rows: list[dict[str, Any]] = _read("magic_numbers.json")
    return rows
