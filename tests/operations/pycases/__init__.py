"""Cases for the wire comparison with twilio-python 9.13: one operation called with our
parameters, and the twilio-python call that must put the same request on the wire.

Each module here, one per family, has ``CASES``: a list of :class:`Case`.
tests/operations/test_twilio_python_wire.py runs both against one loopback server and compares
method, path, query pairs and form pairs; it also checks that every operation added after the
original 50 (``NEWER``) has at least one case.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from twilio.rest import Client

#: The account both clients act on.
ACCOUNT_SID = "AC" + "1" * 32


def sid(prefix: str, digit: str = "a") -> str:
    """A valid SID: the prefix and 32 hex digits."""
    return prefix + digit * 32


@dataclass(frozen=True)
class Case:
    """Our operation and parameters, and twilio-python's call for the same request."""

    operation: str
    params: dict[str, Any]
    call: Callable[[Client], Any]
    #: Tells cases of one operation apart in test ids.
    label: str = ""

    @property
    def id(self) -> str:
        """The test id: the operation, and the label if any."""
        return f"{self.operation}:{self.label}" if self.label else self.operation


def modules() -> Iterator[Any]:
    """Every family module of this package."""
    for info in pkgutil.iter_modules(__path__):
        yield importlib.import_module(f"{__name__}.{info.name}")


def all_cases() -> list[Case]:
    """Every family's cases."""
    return [case for module in modules() for case in module.CASES]
