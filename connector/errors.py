"""Errors raised by the connector, and the table that maps HTTP outcomes to them.

Every error carries a Mule-style ``type`` (``TWILIO:NOT_FOUND``), a message, and where known the
HTTP status, Twilio's numeric ``code``, ``more_info``, the operation name, the request id,
``outcome_unknown`` (a POST that may have reached Twilio and was not re-sent) and, in a flow,
``where`` (the step's ``file:line:column``)::

    ConnectorError
    ├── ValidationError            TWILIO:VALIDATION         input broke the schema; nothing sent
    ├── ConfigError                TWILIO:CONFIG             a config is missing or invalid
    ├── UnknownOperationError      TWILIO:UNKNOWN_OPERATION  no operation has that name
    ├── TwilioApiError                                       Twilio answered with an error status
    │   ├── BadRequestError        TWILIO:BAD_REQUEST        400
    │   ├── UnauthorizedError      TWILIO:UNAUTHORIZED       401
    │   ├── ForbiddenError         TWILIO:FORBIDDEN          403
    │   ├── NotFoundError          TWILIO:NOT_FOUND          404
    │   ├── MethodNotAllowedError  TWILIO:METHOD_NOT_ALLOWED 405
    │   ├── TooManyRequestsError   TWILIO:TOO_MANY_REQUESTS  429 after retries ran out
    │   ├── ClientError            TWILIO:CLIENT_ERROR       any other 4xx
    │   └── ServerError            TWILIO:SERVER_ERROR       5xx
    ├── TransportError                                       the request got no HTTP answer
    │   ├── RequestTimeoutError    TWILIO:TIMEOUT            connect or read timeout
    │   └── ConnectivityError      TWILIO:CONNECTIVITY       DNS, refused, reset, TLS, unsafe URL
    └── LedgerError                                          the idempotency ledger held a send back
        ├── OutcomeUnknownError    TWILIO:OUTCOME_UNKNOWN    an earlier send with the key may have
        │                                                    reached Twilio: not sent again
        └── IdempotencyConflictError TWILIO:IDEMPOTENCY_CONFLICT  the key named another request

Messages never include credentials, request headers or raw response bodies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

__all__ = [
    "IDEMPOTENT_METHODS",
    "RETRY_TABLE",
    "BadRequestError",
    "ClientError",
    "ConfigError",
    "ConnectivityError",
    "ConnectorError",
    "ForbiddenError",
    "IdempotencyConflictError",
    "LedgerError",
    "MethodNotAllowedError",
    "NoAnswer",
    "NotFoundError",
    "OutcomeUnknownError",
    "Problem",
    "RequestTimeoutError",
    "RetryRule",
    "ServerError",
    "TooManyRequestsError",
    "TransportError",
    "TwilioApiError",
    "UnauthorizedError",
    "UnknownOperationError",
    "ValidationError",
    "did_you_mean",
    "meant",
    "rule_for",
    "suggest",
    "with_hint",
]


@dataclass(frozen=True)
class Problem:
    """One validation problem: where (a parameter path), what, and how to fix it if known.

    ``hint`` is data (``did you mean 'to'?``), shown after the message in brackets.
    """

    path: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        return with_hint(f"{self.path}: {self.message}" if self.path else self.message, self.hint)


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``name`` was probably meant to be: the same but for case, else a close one
    (difflib's ratio of at least 0.6), else ``None``."""
    known = list(candidates)
    lowered = {candidate.lower(): candidate for candidate in known}
    if name.lower() in lowered:
        return lowered[name.lower()]
    import difflib  # noqa: PLC0415 - only for a name that is not known

    matches = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return matches[0] if matches else None


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """A hint for a name that is not one of ``candidates``: ``did you mean 'x'?``, or
    ``None`` when none is close."""
    return meant(did_you_mean(name, candidates))


def meant(match: str | None) -> str | None:
    """The hint that names what was probably meant: ``did you mean 'x'?``."""
    return f"did you mean '{match}'?" if match else None


def with_hint(message: str, hint: str | None) -> str:
    """A message with its hint in brackets after it, as a problem shows one."""
    return f"{message} ({hint})" if hint else message


class ConnectorError(Exception):
    """Base of every error the connector raises; ``type`` is its Mule-style error type."""

    error_type: ClassVar[str] = "TWILIO:CONNECTOR"

    def __init__(
        self,
        message: str,
        *,
        type: str | None = None,
        status: int | None = None,
        code: int | None = None,
        more_info: str | None = None,
        operation: str | None = None,
        request_id: str | None = None,
        outcome_unknown: bool = False,
        retry_after: float | None = None,
        where: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.type = type or self.error_type
        self.status = status
        self.code = code
        self.more_info = more_info
        self.operation = operation
        self.request_id = request_id
        self.outcome_unknown = outcome_unknown
        self.retry_after = retry_after
        #: Where in a flow file it happened (``file:line:column``), once a flow runner says so.
        self.where = where

    def __str__(self) -> str:
        parts = [f"{self.type}: {self.message}"]
        if self.code is not None:
            parts.append(f"(Twilio code {self.code})")
        if self.outcome_unknown:
            parts.append("[outcome unknown: the request may have reached Twilio]")
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.type!r}, {self.message!r}, status={self.status})"

    def to_dict(self) -> dict[str, Any]:
        """The error as JSON data, with the camelCase names flows and the CLI use."""
        data: dict[str, Any] = {"type": self.type, "message": self.message}
        for key, value in (
            ("status", self.status),
            ("code", self.code),
            ("moreInfo", self.more_info),
            ("operation", self.operation),
            ("requestId", self.request_id),
            ("retryAfter", self.retry_after),
            ("where", self.where),
        ):
            if value is not None:
                data[key] = value
        if self.outcome_unknown:
            data["outcomeUnknown"] = True
        return data


class ValidationError(ConnectorError):
    """Input failed the operation's schema; every problem is listed and nothing was sent."""

    error_type = "TWILIO:VALIDATION"

    def __init__(
        self, problems: Sequence[Problem], *, operation: str | None = None, what: str = "input"
    ) -> None:
        self.problems = tuple(problems)
        where = f" for {operation}" if operation else ""
        lines = "; ".join(str(p) for p in self.problems)
        super().__init__(f"invalid {what}{where}: {lines}", operation=operation)

    def to_dict(self) -> dict[str, Any]:
        """The error as JSON data, with each problem's path and message."""
        data = super().to_dict()
        data["problems"] = [{"path": p.path, "message": p.message} for p in self.problems]
        return data


class ConfigError(ConnectorError):
    """A config given to the connector is missing or invalid."""

    error_type = "TWILIO:CONFIG"

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        self.problems = tuple(problems)
        if self.problems:
            message = f"{message}: " + "; ".join(str(p) for p in self.problems)
        super().__init__(message)


class UnknownOperationError(ConnectorError):
    """No operation has that name."""

    error_type = "TWILIO:UNKNOWN_OPERATION"

    def __init__(self, name: str, known: Iterable[str]) -> None:
        hint = suggest(name, known) if isinstance(name, str) else None  # invoke(5) from Python
        super().__init__(with_hint(f"unknown operation {name!r}", hint), operation=str(name))


class TwilioApiError(ConnectorError):
    """Twilio answered with an error status."""


class BadRequestError(TwilioApiError):
    """HTTP 400, such as 21211 (invalid To)."""

    error_type = "TWILIO:BAD_REQUEST"


class UnauthorizedError(TwilioApiError):
    """HTTP 401 (20003): wrong or missing credentials."""

    error_type = "TWILIO:UNAUTHORIZED"


class ForbiddenError(TwilioApiError):
    """HTTP 403."""

    error_type = "TWILIO:FORBIDDEN"


class NotFoundError(TwilioApiError):
    """HTTP 404 (20404)."""

    error_type = "TWILIO:NOT_FOUND"


class MethodNotAllowedError(TwilioApiError):
    """HTTP 405."""

    error_type = "TWILIO:METHOD_NOT_ALLOWED"


class TooManyRequestsError(TwilioApiError):
    """HTTP 429 (20429) after the retries ran out."""

    error_type = "TWILIO:TOO_MANY_REQUESTS"


class ClientError(TwilioApiError):
    """Any other 4xx status."""

    error_type = "TWILIO:CLIENT_ERROR"


class ServerError(TwilioApiError):
    """A 5xx status."""

    error_type = "TWILIO:SERVER_ERROR"


class TransportError(ConnectorError):
    """The request did not get an HTTP answer."""


class RequestTimeoutError(TransportError):
    """The connect or read timeout expired."""

    error_type = "TWILIO:TIMEOUT"


class ConnectivityError(TransportError):
    """DNS failure, refused or reset connection, TLS failure, or a URL the connector refuses."""

    error_type = "TWILIO:CONNECTIVITY"


class LedgerError(ConnectorError):
    """The idempotency ledger held a send back (see :mod:`connector.ledger`); ``key`` is the
    idempotency key."""

    def __init__(self, message: str, *, key: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.key = key

    def to_dict(self) -> dict[str, Any]:
        """The error as JSON data, with its idempotency key."""
        return super().to_dict() | {"idempotencyKey": self.key}


class OutcomeUnknownError(LedgerError):
    """An earlier send with the same key may have reached Twilio (its outcome is unknown, or
    its process died mid-request), and it could not be reconciled: it is not sent again."""

    error_type = "TWILIO:OUTCOME_UNKNOWN"


class IdempotencyConflictError(LedgerError):
    """The key was used before for a different request (another body, number or account)."""

    error_type = "TWILIO:IDEMPOTENCY_CONFLICT"


#: The HTTP methods whose request may be sent twice without harm; every other is treated as POST.
IDEMPOTENT_METHODS = frozenset({"GET", "DELETE", "HEAD"})


class NoAnswer(StrEnum):
    """Why a request got no HTTP answer: the rows of :data:`RETRY_TABLE` beside the statuses."""

    NEVER_CONNECTED = "never connected"
    CONNECT_TIMEOUT = "connect timeout"
    READ_TIMEOUT = "read timeout"
    CONNECTION_LOST = "connection lost"
    TLS = "TLS failure"


@dataclass(frozen=True)
class RetryRule:
    """How one failure is handled: the error it becomes, and whether the request is sent again.

    ``retry_idempotent`` is for the :data:`IDEMPOTENT_METHODS`, ``retry_post`` for the others,
    true only where Twilio cannot have acted on the request. Where it may have, and the request
    is not sent again, ``post_outcome_unknown`` is true and the error says ``outcome_unknown``.
    """

    error: type[ConnectorError]
    retry_idempotent: bool
    retry_post: bool
    post_outcome_unknown: bool

    def retried(self, idempotent: bool) -> bool:
        """Whether a request (idempotent or not) is sent again after this failure."""
        return self.retry_idempotent if idempotent else self.retry_post

    def outcome_unknown(self, idempotent: bool) -> bool:
        """Whether a request (idempotent or not) may have reached Twilio and was not re-sent."""
        return self.post_outcome_unknown and not idempotent


#: The whole retry policy (README, "Reliability and safety"), one row per failure: the error it
#: becomes; whether an idempotent request is sent again; whether a POST is; whether a POST that
#: is not sent again may have reached Twilio (its outcome is unknown). An error status without a
#: row of its own takes its range's ("4xx", "5xx"); a redirect ("3xx") is refused.
# fmt: off
RETRY_TABLE: dict[int | str, RetryRule] = {
    # key                               error                  idempotent  POST   POST unknown
    "3xx":                    RetryRule(ConnectivityError,     False,      False, False),
    400:                      RetryRule(BadRequestError,       False,      False, False),
    401:                      RetryRule(UnauthorizedError,     False,      False, False),
    403:                      RetryRule(ForbiddenError,        False,      False, False),
    404:                      RetryRule(NotFoundError,         False,      False, False),
    405:                      RetryRule(MethodNotAllowedError, False,      False, False),
    429:                      RetryRule(TooManyRequestsError,  True,       True,  False),
    "4xx":                    RetryRule(ClientError,           False,      False, False),
    "5xx":                    RetryRule(ServerError,           True,       False, True),
    NoAnswer.NEVER_CONNECTED: RetryRule(ConnectivityError,     True,       True,  False),
    NoAnswer.CONNECT_TIMEOUT: RetryRule(RequestTimeoutError,   True,       True,  False),
    NoAnswer.READ_TIMEOUT:    RetryRule(RequestTimeoutError,   True,       False, True),
    NoAnswer.CONNECTION_LOST: RetryRule(ConnectivityError,     True,       False, True),
    NoAnswer.TLS:             RetryRule(ConnectivityError,     False,      False, False),
}
# fmt: on


def rule_for(failure: int | str) -> RetryRule:
    """The table's row for an HTTP status (its own row, else its range's) or a :class:`NoAnswer`."""
    if isinstance(failure, int) and failure not in RETRY_TABLE:
        failure = f"{failure // 100}xx"
    return RETRY_TABLE[failure]
