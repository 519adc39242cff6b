"""End-to-end scenarios over the emulator: ``@covers`` declares the operations a scenario
drives, and the scenario fails unless it really runs each (tests/emulator/test_operations_e2e.py
checks that every catalog operation is covered somewhere)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from connector import Connector

#: Operations some scenario declares it drives.
COVERED: set[str] = set()
#: Operations the running scenario has run so far.
CALLED: set[str] = set()
F = TypeVar("F", bound=Callable[..., None])


def covers(*operations: str) -> Callable[[F], F]:
    """Declare the operations a test drives; the test then fails unless it really calls each."""

    def mark(test: F) -> F:
        COVERED.update(operations)

        @functools.wraps(test)
        def run(*args: Any, **kwargs: Any) -> None:
            CALLED.clear()
            test(*args, **kwargs)
            missing = set(operations) - CALLED
            assert not missing, f"{test.__name__} claims {sorted(missing)} but never runs them"

        return cast(F, run)

    return mark


class RecordingConnector(Connector):
    """A connector that notes each operation it runs (by its canonical name)."""

    def execute(self, name: str, params: Any = None, **options: Any) -> Any:
        """Run the operation, noting its canonical name in ``CALLED``."""
        CALLED.add(self.operation(name).name)
        return super().execute(name, params, **options)
