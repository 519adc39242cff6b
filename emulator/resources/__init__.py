"""The Twilio resources the emulator serves, one module each.

Each module registers its endpoints, and its settle hook if its statuses move with the clock, on
its module-level ``routes`` (see emulator/routing.py). They are found by importing every module
of this package, so adding a resource is adding its module here (and its table to schema.sql).
"""

from __future__ import annotations

import importlib
import pkgutil

from emulator.routing import Routes

__all__ = ["families"]


def families() -> tuple[Routes, ...]:
    """The `routes` of every resource module."""
    return tuple(
        importlib.import_module(f"{__name__}.{info.name}").routes
        for info in pkgutil.iter_modules(__path__)
    )
