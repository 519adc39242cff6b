"""What a failed attempt was, as the retry table (:data:`connector.errors.RETRY_TABLE`) sees it.

A request that got no HTTP answer falls into one :class:`~connector.errors.NoAnswer` row (never
connected, connect or read timeout, connection lost, TLS); one that did falls into its status's
row, with Twilio's ``code``, ``message`` and ``more_info`` read from the body (never the raw
body) and ``Retry-After`` read as seconds. Each becomes a :class:`FailedAttemptError` carrying
the error to raise and whether the funnel (:mod:`connector.http`) may try again.
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError

from connector.errors import ConnectorError, NoAnswer, rule_for

__all__ = ["FailedAttemptError", "status_failure", "transport_failure"]


class FailedAttemptError(Exception):
    """A failed attempt, with whether it may be retried and the error to raise."""

    def __init__(self, error: ConnectorError, retryable: bool, wait: float | None = None) -> None:
        super().__init__(error.message)
        self.error = error
        self.retryable = retryable
        self.wait = wait


def transport_failure(
    exc: requests.RequestException,
    *,
    idempotent: bool,
    host: str,
    timeout: tuple[float, float],
) -> FailedAttemptError:
    """The failed attempt of a request to ``host`` that got no HTTP answer (``timeout``: the
    connect and read timeouts it had)."""
    failure = _no_answer(exc)
    rule = rule_for(failure)
    error = rule.error(
        _NO_ANSWER_MESSAGES[failure].format(
            host=host, reason=_reason(exc), connect=timeout[0], read=timeout[1]
        )
    )
    if rule.outcome_unknown(idempotent):
        error.outcome_unknown = True
        error.message += " (the request may have reached Twilio, so it was not re-sent)"
    return FailedAttemptError(error, retryable=rule.retried(idempotent))


def status_failure(
    resp: requests.Response,
    *,
    idempotent: bool,
    operation: str | None,
    request_id: str | None,
) -> FailedAttemptError:
    """The failed attempt of a request Twilio answered with a status of 300 or more."""
    status = resp.status_code
    rule = rule_for(status)
    if status < 400:
        target = resp.headers.get("Location", "")
        error = rule.error(f"refused redirect ({status}) to {urlsplit(target).netloc or target!r}")
        return FailedAttemptError(error, retryable=rule.retried(idempotent))
    code, message, more_info = _twilio_error_body(resp)
    retry_after = _retry_after(resp.headers.get("Retry-After"))
    error = rule.error(
        message or f"HTTP {status} from Twilio",
        status=status,
        code=code,
        more_info=more_info,
        operation=operation,
        request_id=request_id,
        retry_after=retry_after,
        outcome_unknown=rule.outcome_unknown(idempotent),
    )
    return FailedAttemptError(error, retryable=rule.retried(idempotent), wait=retry_after)


_NO_ANSWER_MESSAGES = {
    NoAnswer.NEVER_CONNECTED: "could not connect to {host}: {reason}",
    NoAnswer.CONNECT_TIMEOUT: "connect timeout after {connect}s talking to {host}",
    NoAnswer.READ_TIMEOUT: "read timeout after {read}s talking to {host}",
    NoAnswer.CONNECTION_LOST: "connection to {host} failed: {reason}",
    NoAnswer.TLS: "TLS failure talking to {host}",
}


def _no_answer(exc: requests.RequestException) -> NoAnswer:
    """Which row of the retry table a request that got no HTTP answer falls into."""
    if isinstance(exc, requests.exceptions.SSLError):
        return NoAnswer.TLS
    never_connected = isinstance(exc, requests.ConnectTimeout) or _never_connected(exc)
    if isinstance(exc, requests.Timeout):
        return NoAnswer.CONNECT_TIMEOUT if never_connected else NoAnswer.READ_TIMEOUT
    return NoAnswer.NEVER_CONNECTED if never_connected else NoAnswer.CONNECTION_LOST


def _never_connected(exc: requests.RequestException) -> bool:
    """True when the failure happened before a connection existed (so nothing was sent)."""
    for arg in exc.args:
        if isinstance(arg, MaxRetryError) and isinstance(
            arg.reason, NewConnectionError | ConnectTimeoutError
        ):
            return True
        if isinstance(arg, NewConnectionError | ConnectTimeoutError):
            return True
    return False


def _reason(exc: BaseException) -> str:
    reason: BaseException = exc
    for arg in exc.args:
        if isinstance(arg, MaxRetryError) and arg.reason is not None:
            reason = arg.reason
        elif isinstance(arg, BaseException):
            reason = arg
    text = type(reason).__name__
    inner = [a for a in reason.args if isinstance(a, BaseException)]
    if inner:
        text += f" ({type(inner[-1]).__name__})"
    return text


def _twilio_error_body(resp: requests.Response) -> tuple[int | None, str | None, str | None]:
    """Twilio's ``code``, ``message`` and ``more_info``; never the raw body."""
    try:
        body = resp.json()
    except ValueError:
        return None, None, None
    if not isinstance(body, dict):
        return None, None, None
    code = body.get("code")
    message = body.get("message") or body.get("detail") or body.get("title")
    more_info = body.get("more_info")
    return (
        code if isinstance(code, int) else None,
        str(message)[:500] if message else None,
        str(more_info) if more_info else None,
    )


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
