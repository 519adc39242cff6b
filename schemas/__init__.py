"""The published JSON Schemas: one per operation input (``operations/<name>.json``), the
config (``config.json``) and the flow-file format (``flow.json``), found by name."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["load"]


#: The package's folder: its files are read from disk directly (importlib.resources, which
#: would also read them from a zip, costs more at start-up than every command's work).
_HERE = Path(__file__).resolve().parent


@cache
def _load_text(name: str) -> str:
    return (_HERE / f"{name}.json").read_text(encoding="utf-8")


def load(name: str) -> dict[str, Any]:
    """The schema called ``name`` (for example ``"operations/make-call"`` or ``"flow"``).

    Each call returns a fresh copy, so callers may change it freely.
    """
    try:
        text = _load_text(name)
    except FileNotFoundError:
        raise KeyError(f"no schema named {name!r}") from None
    data: dict[str, Any] = json.loads(text)
    return data
