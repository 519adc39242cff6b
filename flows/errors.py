"""Errors of the flow runner, and where in a flow file things happen.

Every run-time error is a :class:`connector.ConnectorError`, so a flow's handlers catch a
Twilio error and a flow error the same way; the runner gives each one a ``where`` attribute
(``file:line:column`` of the step that failed)::

    ConnectorError                         (connector.errors)
    ├── ValidationError                    TWILIO:VALIDATION
    │   └── FlowValidationError            FLOW:VALIDATION       the file failed static checks
    ├── ConfigError                        TWILIO:CONFIG
    │   └── FlowConfigError                FLOW:CONFIG           a flow's config can't be resolved
    └── FlowError                                                 raised while a flow runs
        ├── ExpressionError                FLOW:EXPRESSION       an expression failed
        ├── RetryExhaustedError            FLOW:RETRY_EXHAUSTED  until-successful gave up
        ├── CompositeRoutingError          FLOW:COMPOSITE_ROUTING parallel-foreach items failed
        ├── RaisedError                    NAMESPACE:NAME        raise-error: the flow's own type
        ├── FileError                      FILE:CONNECTIVITY     file:write could not write
        │   ├── FileAccessDeniedError      FILE:ACCESS_DENIED
        │   ├── FileAlreadyExistsError     FILE:FILE_ALREADY_EXISTS
        │   └── IllegalPathError           FILE:ILLEGAL_PATH
        └── FlowRecursionError             FLOW:RECURSION        flow-ref nested too deeply
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from connector import ConfigError, ConnectorError, Problem, ValidationError

__all__ = [
    "CompositeRoutingError",
    "DistributedError",
    "ExpressionError",
    "FileAccessDeniedError",
    "FileAlreadyExistsError",
    "FileError",
    "FlowConfigError",
    "FlowError",
    "FlowRecursionError",
    "FlowValidationError",
    "Found",
    "IllegalPathError",
    "RaisedError",
    "RetryExhaustedError",
    "Where",
    "error_data",
    "locate",
]


@dataclass(frozen=True, order=True, slots=True)
class Where:
    """A place in a flow file: file, line and column (both counted from 1)."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class Found(NamedTuple):
    """A problem found in a flow file: where, what, and how to fix it when that is known."""

    where: Where
    message: str
    hint: str | None = None

    def problem(self) -> Problem:
        """As a :class:`connector.Problem`, whose path is ``file:line:column``."""
        return Problem(str(self.where), self.message, self.hint)


class FlowValidationError(ValidationError):
    """The flow file failed static validation; each problem's path is ``file:line:column``."""

    error_type = "FLOW:VALIDATION"

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        super().__init__(problems, what=f"flow file {file}")
        self.file = file


class FlowConfigError(ConfigError):
    """A config a flow (or the command line) names can't be resolved or read."""

    error_type = "FLOW:CONFIG"


class FlowError(ConnectorError):
    """An error raised by the flow runner itself; ``where`` is the step that raised it."""

    error_type = "FLOW:ERROR"

    def __init__(self, message: str, *, where: Where | str | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.where = str(where) if where is not None else None


class ExpressionError(FlowError):
    """An expression failed to evaluate (``FLOW:EXPRESSION``)."""

    error_type = "FLOW:EXPRESSION"

    def __init__(self, source: str, reason: str, where: Where | str) -> None:
        super().__init__(f"#[{source}] at {where}: {reason}", where=where)
        self.expression = source


class RetryExhaustedError(FlowError):
    """until-successful ran out of retries; the last error is ``cause`` (and ``__cause__``)."""

    error_type = "FLOW:RETRY_EXHAUSTED"

    def __init__(self, retries: int, cause: ConnectorError, where: Where | str) -> None:
        times = "retry" if retries == 1 else "retries"
        super().__init__(f"gave up after {retries} {times}; last error: {cause}", where=where)
        self.cause = cause
        self.retries = retries

    def to_dict(self) -> dict[str, Any]:
        """The error as data, with its cause."""
        return super().to_dict() | {"retries": self.retries, "cause": error_data(self.cause)}


class DistributedError(FlowError):
    """A parallel-foreach cannot run on Celery as asked (no broker, a ledger that workers
    cannot share, items that are not JSON), or a worker failed an item."""

    error_type = "FLOW:DISTRIBUTED"


class CompositeRoutingError(FlowError):
    """parallel-foreach: one or more items failed (raised after every item ran)."""

    error_type = "FLOW:COMPOSITE_ROUTING"

    def __init__(
        self,
        failures: Sequence[tuple[int, ConnectorError]],
        results: Sequence[Any],
        where: Where | str,
    ) -> None:
        self.failures = tuple(failures)
        self.results = list(results)
        listed = "; ".join(f"item {index + 1}: {error}" for index, error in self.failures)
        super().__init__(
            f"{len(self.failures)} of {len(self.results)} items failed: {listed}", where=where
        )
        # One item's send that may have reached Twilio makes the whole outcome unknown, so
        # that until-successful does not run the items (and that send) again.
        self.outcome_unknown = any(error.outcome_unknown for _, error in self.failures)

    def to_dict(self) -> dict[str, Any]:
        """The error as data: each failure (``index`` counts from 1) and every item's result."""
        failures = [error_data(error) | {"index": index + 1} for index, error in self.failures]
        return super().to_dict() | {"failures": failures, "results": self.results}


class RaisedError(FlowError):
    """Raised by a ``raise-error`` step, with the type the flow chose."""

    def __init__(self, type: str, description: str, where: Where | str) -> None:
        super().__init__(description, type=type, where=where)


class FileError(FlowError):
    """``file:write`` could not write its file (Mule's FILE error types)."""

    error_type = "FILE:CONNECTIVITY"


class FileAccessDeniedError(FileError):
    """The file or its folder may not be written."""

    error_type = "FILE:ACCESS_DENIED"


class FileAlreadyExistsError(FileError):
    """``mode: CREATE_NEW`` and the file exists."""

    error_type = "FILE:FILE_ALREADY_EXISTS"


class IllegalPathError(FileError):
    """The path names no file that can be written (a folder, a missing folder)."""

    error_type = "FILE:ILLEGAL_PATH"


class FlowRecursionError(FlowError):
    """flow-ref calls nested deeper than the runner allows (a flow that calls itself)."""

    error_type = "FLOW:RECURSION"


_STANDARD_KEYS = ("code", "status", "moreInfo", "operation", "requestId", "where")


def error_data(error: ConnectorError) -> dict[str, Any]:
    """An error as flows see it in ``error``: type, description, code, status, moreInfo..."""
    data = error.to_dict()
    data["description"] = error.message
    for key in _STANDARD_KEYS:
        data.setdefault(key, None)
    data.setdefault("outcomeUnknown", False)
    return data


def locate(error: ConnectorError, where: Where) -> ConnectorError:
    """Record where an error happened, unless a deeper step already did; return it."""
    if error.where is None:
        error.where = str(where)
    return error
