"""The published JSON Schemas: one per operation input (``operations/<name>.json``), the
config (``config.json``) and the flow-file format (``flow.json``), found by name."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["load"]


@cache
def _load_text(name: str) -> str:
    return resources.files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8")


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
