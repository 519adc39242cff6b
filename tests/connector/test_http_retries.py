"""Retries, timeouts and where credentials may go, on real sockets (README: Reliability and safety).

GET and DELETE are retried on connection errors, timeouts, 429 and 5xx. A POST is retried only
when Twilio cannot have acted on it (the connection was never established, or 429); once it may
have arrived it is never re-sent and its error says ``outcome_unknown``.
"""

from __future__ import annotations

import contextlib
import email.utils
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from connector import (
    BadRequestError,
    ClientError,
    Config,
    ConnectivityError,
    ConnectorError,
    ForbiddenError,
    HttpClient,
    MethodNotAllowedError,
    NotFoundError,
    RequestTimeoutError,
    ServerError,
    TooManyRequestsError,
    UnauthorizedError,
)
from connector.errors import RETRY_TABLE, NoAnswer, RetryRule, rule_for
from operations import catalog

FROM = "+15005550006"
TO = "+14155550100"
SMS = {"from": FROM, "to": TO, "body": "hello"}
CALL = "CA" + "a" * 32
MESSAGE = {"sid": "SM" + "b" * 32, "status": "queued"}


def send_sms(twilio: Any) -> Any:
    return twilio.invoke("send-sms-message", SMS)


def get_call(twilio: Any) -> Any:
    return twilio.invoke("get-call", {"callSid": CALL})


class Sleeps(list[float]):
    """A recording stand-in for time.sleep."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client_for(url: str, loopback_config: Any, sleep: Any, **overrides: Any) -> HttpClient:
    return HttpClient(Config.load(loopback_config(url, **overrides)), sleep=sleep)


def http_date(offset: float) -> str:
    return email.utils.formatdate(time.time() + offset, usegmt=True)


# -- GET (idempotent): retried and then succeeds --------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [
        {"status": 500, "body": {"code": 20500, "message": "Internal"}},
        {"status": 503, "headers": {"Retry-After": "0"}},
        {"status": 503, "headers": {"Retry-After": http_date(-5)}},
        {"status": 429, "body": {"code": 20429, "message": "Too Many Requests"}},
        {"status": 503, "headers": {"Retry-After": "soon"}},
        {"delay": 5.0},
        {"drop": "before-read"},
        {"drop": "after-read"},
    ],
    ids=["500", "503-now", "503-date", "429", "503-bad-date", "hang", "drop-before", "drop-after"],
)
def test_get_is_retried_and_succeeds(
    failure: dict[str, Any], server: Any, make_connector: Any
) -> None:
    server.script(failure, failure)
    server.answer(body={"sid": CALL})
    twilio = make_connector(readTimeout=1.0)  # the hang lasts 5 s; real answers come at once
    assert get_call(twilio) == {"sid": CALL}
    assert server.attempts == 3
    assert {r.path for r in server.requests} == {
        f"/2010-04-01/Accounts/{twilio.config.account_sid}/Calls/{CALL}.json"
    }


def test_delete_is_retried_too(server: Any, make_connector: Any) -> None:
    server.script({"status": 502})
    server.answer(status=204, body=b"")
    twilio = make_connector()
    assert twilio.invoke("delete-recording", {"recordingSid": "RE" + "c" * 32}) is None
    assert [r.method for r in server.requests] == ["DELETE", "DELETE"]


def test_get_gives_up_after_max_attempts(server: Any, make_connector: Any) -> None:
    server.answer(status=503, body={"code": 20503, "message": "Service Unavailable"})
    with pytest.raises(ServerError) as caught:
        get_call(make_connector())
    assert server.attempts == 3
    error = caught.value
    assert (error.type, error.status, error.code) == ("TWILIO:SERVER_ERROR", 503, 20503)
    assert error.operation == "get-call"
    assert not error.outcome_unknown


# -- POST that may have arrived: never re-sent --------------------------------------------------


@pytest.mark.parametrize(
    ("failure", "error_type"),
    [
        ({"delay": 5.0}, "TWILIO:TIMEOUT"),
        ({"drop": "after-read"}, "TWILIO:CONNECTIVITY"),
        ({"drop": "before-read"}, "TWILIO:CONNECTIVITY"),
        ({"status": 500, "body": {"code": 20500, "message": "oops"}}, "TWILIO:SERVER_ERROR"),
        ({"status": 503, "headers": {"Retry-After": "0"}}, "TWILIO:SERVER_ERROR"),
    ],
    ids=["read-timeout", "drop-after-read", "drop-before-read", "500", "503"],
)
def test_post_that_may_have_arrived_is_not_resent(
    failure: dict[str, Any], error_type: str, server: Any, make_connector: Any
) -> None:
    server.script(failure)
    server.answer(status=201, body=MESSAGE)
    with pytest.raises(ConnectorError) as caught:
        send_sms(make_connector(readTimeout=1.0))
    error = caught.value
    assert error.type == error_type
    assert error.outcome_unknown is True
    assert error.to_dict()["outcomeUnknown"] is True
    assert "outcome unknown" in str(error)
    time.sleep(0.1)  # a wrongly re-sent POST would arrive by now
    assert server.attempts == 1


def test_post_answered_429_is_retried(server: Any, make_connector: Any) -> None:
    server.script({"status": 429, "headers": {"Retry-After": "0"}, "body": {"code": 20429}})
    server.answer(status=201, body=MESSAGE)
    assert send_sms(make_connector()) == MESSAGE
    assert len(server.requests) == 2
    first, second = server.requests
    assert first.form == second.form == [("From", FROM), ("To", TO), ("Body", "hello")]


def test_post_429_until_attempts_run_out(server: Any, make_connector: Any) -> None:
    server.answer(status=429, body={"code": 20429, "message": "Too Many Requests"})
    with pytest.raises(TooManyRequestsError) as caught:
        send_sms(make_connector())
    assert server.attempts == 3
    assert caught.value.type == "TWILIO:TOO_MANY_REQUESTS"
    assert caught.value.code == 20429
    assert not caught.value.outcome_unknown


def test_post_to_a_closed_port_is_retried(refused_port: int, loopback_config: Any) -> None:
    sleeps = Sleeps()
    client = client_for(f"http://127.0.0.1:{refused_port}", loopback_config, sleeps)
    with pytest.raises(ConnectivityError) as caught:
        catalog.get("send-sms-message").execute(client, SMS)
    assert caught.value.type == "TWILIO:CONNECTIVITY"
    assert not caught.value.outcome_unknown
    assert len(sleeps) == 2  # three attempts in all


def test_post_retried_after_refusal_reaches_the_server_once(
    refused_port: int, loopback_config: Any, start_server: Any
) -> None:
    """Refused first (nothing listens), then the server comes up during the backoff."""
    started: list[Any] = []

    def sleep_then_listen(seconds: float) -> None:
        if not started:
            started.append(start_server(refused_port))
            started[0].answer(status=201, body=MESSAGE)

    client = client_for(f"http://127.0.0.1:{refused_port}", loopback_config, sleep_then_listen)
    result = catalog.get("send-sms-message").execute(client, SMS)
    assert result.payload == MESSAGE
    assert result.attributes.status_code == 201
    assert started[0].attempts == 1


@pytest.fixture
def full_backlog() -> Iterator[int]:
    """A port whose accept queue is full: new connections are never established."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    time.sleep(0.05)
    yield port
    for sock in (*fillers, listener):
        sock.close()


def test_connect_timeout_is_retried_even_for_post(full_backlog: int, loopback_config: Any) -> None:
    sleeps = Sleeps()
    client = client_for(
        f"http://127.0.0.1:{full_backlog}", loopback_config, sleeps, connectTimeout=0.2
    )
    started = time.monotonic()
    with pytest.raises(RequestTimeoutError) as caught:
        catalog.get("send-sms-message").execute(client, SMS)
    assert time.monotonic() - started < 10  # without the timeout, the OS would wait minutes
    assert caught.value.type == "TWILIO:TIMEOUT"
    assert "connect timeout" in caught.value.message
    assert not caught.value.outcome_unknown
    assert len(sleeps) == 2


# -- bounded in time ---------------------------------------------------------------------


def test_every_attempt_ends_within_its_read_timeout(server: Any, make_connector: Any) -> None:
    server.answer(delay=5.0)
    twilio = make_connector(readTimeout=0.25)
    started = time.monotonic()
    with pytest.raises(RequestTimeoutError) as caught:
        get_call(twilio)
    elapsed = time.monotonic() - started
    assert server.attempts == 3
    assert 3 * 0.25 <= elapsed < 10  # without the read timeout: 3 x 5 s
    assert "read timeout after 0.25s" in caught.value.message
    assert not caught.value.outcome_unknown  # a GET: nothing was at stake


# -- Retry-After and backoff -------------------------------------------------------------------


def test_retry_after_seconds_is_honoured(server: Any, loopback_config: Any) -> None:
    server.script({"status": 503, "headers": {"Retry-After": "0.25"}})
    sleeps = Sleeps()
    client = client_for(server.url, loopback_config, sleeps)
    catalog.get("get-call").execute(client, {"callSid": CALL})
    assert sleeps == [0.25]


def test_retry_after_http_date_is_honoured(server: Any, loopback_config: Any) -> None:
    server.script({"status": 429, "headers": {"Retry-After": http_date(0.4)}})
    sleeps = Sleeps()
    client = client_for(server.url, loopback_config, sleeps, retry={"maxDelay": 2})
    catalog.get("get-call").execute(client, {"callSid": CALL})
    assert len(sleeps) == 1
    assert 0 <= sleeps[0] <= 1.4  # HTTP dates have whole seconds


GET_CALL = ("get-call", {"callSid": CALL})
SEND_SMS = ("send-sms-message", SMS)


def execute(
    server: Any,
    loopback_config: Any,
    operation: tuple[str, dict[str, Any]],
    sleeps: Sleeps,
    **overrides: Any,
) -> Any:
    """An operation's payload from ``server``; waits are recorded in ``sleeps``, not slept."""
    client = client_for(server.url, loopback_config, sleeps, **overrides)
    name, params = operation
    try:
        return catalog.get(name).execute(client, params).payload
    finally:
        client.close()


def retry_after(value: str | int) -> dict[str, str]:
    """A Retry-After header: text as given, or a number of seconds from now as an HTTP date
    (built when the test runs, not when it is collected)."""
    return {"Retry-After": value if isinstance(value, str) else http_date(value)}


@pytest.mark.parametrize(
    ("status", "asked", "operation", "waits"),
    [
        (503, "30", GET_CALL, (30, 30)),
        (429, "60", GET_CALL, (60, 60)),
        (429, "45", SEND_SMS, (45, 45)),
        (503, 40, GET_CALL, (38, 40)),
        (429, 50, SEND_SMS, (48, 50)),
    ],
    ids=["503-get", "429-get-at-the-cap", "429-post", "503-get-date", "429-post-date"],
)
def test_retry_after_beyond_max_delay_is_waited_for(
    status: int,
    asked: str | int,
    operation: tuple[str, dict[str, Any]],
    waits: tuple[float, float],
    server: Any,
    loopback_config: Any,
) -> None:
    """Retry-After is honoured up to retry.maxRetryAfter (60 s by default), however small
    maxDelay is (0.5 s here): each wait is what Twilio asked for (HTTP dates have whole
    seconds, and a little time passes before the date is read)."""
    failure = {"status": status, "headers": retry_after(asked)}
    server.script(failure, failure)
    server.answer(status=201, body=MESSAGE)
    sleeps = Sleeps()
    assert execute(server, loopback_config, operation, sleeps) == MESSAGE
    assert server.attempts == 3
    low, high = waits
    assert len(sleeps) == 2
    assert all(low <= slept <= high for slept in sleeps), sleeps


@pytest.mark.parametrize(
    ("status", "asked", "operation", "error", "shown"),
    [
        (429, "120", GET_CALL, TooManyRequestsError, "120"),
        (429, "61", SEND_SMS, TooManyRequestsError, "61"),
        (503, "90.5", GET_CALL, ServerError, "91"),
        (503, 3600, GET_CALL, ServerError, None),
    ],
    ids=["429-get", "429-post", "503-fraction", "503-date"],
)
def test_retry_after_beyond_max_retry_after_gives_up_at_once(
    status: int,
    asked: str | int,
    operation: tuple[str, dict[str, Any]],
    error: type[ConnectorError],
    shown: str | None,
    server: Any,
    loopback_config: Any,
) -> None:
    server.script({"status": status, "headers": retry_after(asked)})
    server.answer(status=201, body=MESSAGE)
    sleeps = Sleeps()
    with pytest.raises(error) as caught:
        execute(server, loopback_config, operation, sleeps)
    assert (server.attempts, sleeps) == (1, [])
    assert caught.value.type == error.error_type
    assert caught.value.retry_after is not None
    assert float(asked) - 2 < caught.value.retry_after <= float(asked)
    expected = "more than retry.maxRetryAfter (60 s)"
    if shown is not None:  # an HTTP date is a second or so nearer by the time it is read
        expected = f"Twilio asked to retry after {shown} s, {expected}"
    assert expected in caught.value.message
    assert expected in str(caught.value)


def test_max_retry_after_is_a_setting(server: Any, loopback_config: Any) -> None:
    server.script(
        {"status": 429, "headers": {"Retry-After": "300"}},
        {"status": 429, "headers": {"Retry-After": "301"}},
    )
    server.answer(status=201, body=MESSAGE)
    sleeps = Sleeps()
    with pytest.raises(TooManyRequestsError) as caught:
        execute(server, loopback_config, SEND_SMS, sleeps, retry={"maxRetryAfter": 300})
    assert (server.attempts, sleeps) == (2, [300])
    assert "after 301 s, more than retry.maxRetryAfter (300 s)" in caught.value.message

    server.script({"status": 429, "headers": {"Retry-After": "0.25"}})
    with pytest.raises(TooManyRequestsError) as caught:
        execute(server, loopback_config, SEND_SMS, sleeps, retry={"maxRetryAfter": 0})
    assert (server.attempts, sleeps) == (3, [300])
    assert "after 1 s, more than retry.maxRetryAfter (0 s)" in caught.value.message


def test_retry_after_never_resends_a_post_that_may_have_arrived(
    server: Any, loopback_config: Any
) -> None:
    """Never re-sending a POST that may have arrived comes before honouring Retry-After: a 503 to a
    POST is not retried, whatever Retry-After says."""
    server.script({"status": 503, "headers": {"Retry-After": "5"}})
    server.answer(status=201, body=MESSAGE)
    sleeps = Sleeps()
    with pytest.raises(ServerError) as caught:
        execute(server, loopback_config, SEND_SMS, sleeps)
    assert (server.attempts, sleeps) == (1, [])
    assert caught.value.outcome_unknown
    assert caught.value.retry_after == 5
    assert "maxRetryAfter" not in caught.value.message


def test_retry_after_counts_against_max_attempts(server: Any, loopback_config: Any) -> None:
    server.answer(status=429, headers={"Retry-After": "20"}, body={"code": 20429})
    sleeps = Sleeps()
    with pytest.raises(TooManyRequestsError) as caught:
        execute(server, loopback_config, GET_CALL, sleeps, retry={"maxAttempts": 4})
    assert (server.attempts, sleeps) == (4, [20, 20, 20])
    assert caught.value.code == 20429
    assert "maxRetryAfter" not in caught.value.message


def test_backoff_grows_and_is_capped(server: Any, loopback_config: Any) -> None:
    server.answer(status=500)
    sleeps = Sleeps()
    retry = {"maxAttempts": 6, "initialDelay": 0.1, "maxDelay": 0.3}
    client = client_for(server.url, loopback_config, sleeps, retry=retry)
    with pytest.raises(ServerError):
        catalog.get("get-call").execute(client, {"callSid": CALL})
    assert server.attempts == 6
    assert len(sleeps) == 5
    ceilings = [0.1, 0.2, 0.3, 0.3, 0.3]  # initialDelay * 2**n, capped at maxDelay
    for slept, ceiling in zip(sleeps, ceilings, strict=True):
        assert ceiling / 2 <= slept <= ceiling


# -- 4xx: not retried, mapped by the table -------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (400, "TWILIO:BAD_REQUEST"),
        (401, "TWILIO:UNAUTHORIZED"),
        (403, "TWILIO:FORBIDDEN"),
        (404, "TWILIO:NOT_FOUND"),
        (405, "TWILIO:METHOD_NOT_ALLOWED"),
        (409, "TWILIO:CLIENT_ERROR"),
        (422, "TWILIO:CLIENT_ERROR"),
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_client_errors_are_not_retried(
    status: int, error_type: str, method: str, server: Any, make_connector: Any
) -> None:
    body = {
        "code": 20000 + status,
        "message": "nope",
        "more_info": f"https://www.twilio.com/docs/errors/{20000 + status}",
        "status": status,
    }
    server.answer(status=status, body=body, headers={"Twilio-Request-Id": "RQ" + "9" * 32})
    twilio = make_connector()
    with pytest.raises(ConnectorError) as caught:
        send_sms(twilio) if method == "POST" else get_call(twilio)
    error = caught.value
    assert server.attempts == 1
    assert (error.type, error.status, error.code) == (error_type, status, 20000 + status)
    assert error.message == "nope"
    assert error.more_info == body["more_info"]
    assert error.request_id == "RQ" + "9" * 32
    assert not error.outcome_unknown


def test_twilio_error_body_becomes_the_error(server: Any, make_connector: Any) -> None:
    server.answer(
        status=400,
        body={
            "code": 21211,
            "message": "The 'To' number +15005550001 is not a valid phone number.",
            "more_info": "https://www.twilio.com/docs/errors/21211",
            "status": 400,
        },
    )
    with pytest.raises(BadRequestError) as caught:
        send_sms(make_connector())
    assert caught.value.code == 21211
    assert "(Twilio code 21211)" in str(caught.value)
    assert caught.value.to_dict() == {
        "type": "TWILIO:BAD_REQUEST",
        "message": "The 'To' number +15005550001 is not a valid phone number.",
        "status": 400,
        "code": 21211,
        "moreInfo": "https://www.twilio.com/docs/errors/21211",
        "operation": "send-sms-message",
    }


# -- the retry table, row by row ----------------------------------------------------------------


@dataclass(frozen=True)
class FarEnd:
    """Where a request goes to meet one failure, and (where it can tell) how often it arrived."""

    url: str
    overrides: dict[str, Any] = field(default_factory=dict)
    arrived: Callable[[], int] | None = None


def answers(status: int) -> Callable[[pytest.FixtureRequest], FarEnd]:
    """A loopback server that answers every request with ``status``."""

    def far_end(request: pytest.FixtureRequest) -> FarEnd:
        server = request.getfixturevalue("server")
        headers = {"Location": "http://example.invalid/elsewhere"} if status < 400 else {}
        body = {"code": 20000 + status, "message": f"scripted {status}"}
        server.answer(status=status, headers=headers, body=body)
        return FarEnd(server.url, arrived=lambda: server.attempts)

    return far_end


def refused(request: pytest.FixtureRequest) -> FarEnd:
    return FarEnd(f"http://127.0.0.1:{request.getfixturevalue('refused_port')}")


def backlogged(request: pytest.FixtureRequest) -> FarEnd:
    port = request.getfixturevalue("full_backlog")
    return FarEnd(f"http://127.0.0.1:{port}", {"connectTimeout": 0.2})


def hangs(request: pytest.FixtureRequest) -> FarEnd:
    server = request.getfixturevalue("server")
    server.answer(delay=5.0)
    return FarEnd(server.url, {"readTimeout": 0.25}, lambda: server.attempts)


def drops(request: pytest.FixtureRequest) -> FarEnd:
    server = request.getfixturevalue("server")
    server.answer(drop="after-read")
    return FarEnd(server.url, arrived=lambda: server.attempts)


def speaks_no_tls(request: pytest.FixtureRequest) -> FarEnd:
    port, accepted = request.getfixturevalue("not_tls")
    return FarEnd(f"https://127.0.0.1:{port}", arrived=lambda: len(accepted))


@pytest.fixture
def not_tls() -> Iterator[tuple[int, list[socket.socket]]]:
    """A port that answers a TLS handshake with plain HTTP; the connections it accepted."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.05)
    accepted: list[socket.socket] = []
    stopping = threading.Event()

    def serve() -> None:
        while not stopping.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            accepted.append(conn)
            conn.settimeout(2)
            with contextlib.suppress(OSError):
                conn.recv(4096)  # the client's hello, read so that closing sends no reset
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                conn.shutdown(socket.SHUT_WR)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], accepted
    stopping.set()
    thread.join()
    for sock in (*accepted, listener):
        sock.close()


#: The retry policy of the README ("Reliability and safety"), one row per row of RETRY_TABLE:
#: the far end that produces the failure, the error, whether a GET is retried, whether a POST
#: is, and whether a POST's outcome is then unknown.
POLICY = [
    pytest.param("3xx", answers(302), ConnectivityError, False, False, False, id="3xx"),
    pytest.param(400, answers(400), BadRequestError, False, False, False, id="400"),
    pytest.param(401, answers(401), UnauthorizedError, False, False, False, id="401"),
    pytest.param(403, answers(403), ForbiddenError, False, False, False, id="403"),
    pytest.param(404, answers(404), NotFoundError, False, False, False, id="404"),
    pytest.param(405, answers(405), MethodNotAllowedError, False, False, False, id="405"),
    pytest.param(429, answers(429), TooManyRequestsError, True, True, False, id="429"),
    pytest.param("4xx", answers(409), ClientError, False, False, False, id="4xx"),
    pytest.param("5xx", answers(503), ServerError, True, False, True, id="5xx"),
    pytest.param(NoAnswer.NEVER_CONNECTED, refused, ConnectivityError, True, True, False,
                 id="never-connected"),
    pytest.param(NoAnswer.CONNECT_TIMEOUT, backlogged, RequestTimeoutError, True, True, False,
                 id="connect-timeout"),
    pytest.param(NoAnswer.READ_TIMEOUT, hangs, RequestTimeoutError, True, False, True,
                 id="read-timeout"),
    pytest.param(NoAnswer.CONNECTION_LOST, drops, ConnectivityError, True, False, True,
                 id="connection-lost"),
    pytest.param(NoAnswer.TLS, speaks_no_tls, ConnectivityError, False, False, False, id="tls"),
]  # fmt: skip


def test_the_policy_names_every_row_of_the_table() -> None:
    assert [row.values[0] for row in POLICY] == list(RETRY_TABLE)
    assert set(NoAnswer) <= set(RETRY_TABLE)


@pytest.mark.parametrize("operation", [GET_CALL, SEND_SMS], ids=["GET", "POST"])
@pytest.mark.parametrize(
    ("key", "far_end", "error", "retry_get", "retry_post", "post_unknown"), POLICY
)
def test_retry_table(
    key: int | str,
    far_end: Callable[[pytest.FixtureRequest], FarEnd],
    error: type[ConnectorError],
    retry_get: bool,
    retry_post: bool,
    post_unknown: bool,
    operation: tuple[str, dict[str, Any]],
    request: pytest.FixtureRequest,
    loopback_config: Any,
) -> None:
    """The table's row is the policy, and a real failure of that kind is handled by it: the
    error it becomes, how often the request is sent (three attempts at most), outcome_unknown."""
    assert RETRY_TABLE[key] == RetryRule(error, retry_get, retry_post, post_unknown)
    post = catalog.get(operation[0]).method == "POST"
    retried = retry_post if post else retry_get
    end = far_end(request)
    sleeps = Sleeps()
    with pytest.raises(ConnectorError) as caught:
        execute(end, loopback_config, operation, sleeps, **end.overrides)
    assert type(caught.value) is error
    assert caught.value.type == error.error_type
    attempts = 3 if retried else 1
    assert len(sleeps) == attempts - 1
    if end.arrived is not None:
        time.sleep(0.1)  # a wrongly re-sent request would arrive by now
        assert end.arrived() == attempts
    assert caught.value.outcome_unknown is (post and post_unknown)


@pytest.mark.parametrize(
    ("status", "key"), [(302, "3xx"), (409, "4xx"), (418, "4xx"), (500, "5xx"), (599, "5xx")]
)
def test_a_status_without_a_row_takes_its_range(status: int, key: str) -> None:
    assert status not in RETRY_TABLE
    assert rule_for(status) is RETRY_TABLE[key]
    assert rule_for(404) is RETRY_TABLE[404]


# -- credentials stay on the configured host ---------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirects_are_refused(
    status: int, server: Any, other_server: Any, make_connector: Any
) -> None:
    server.answer(status=status, headers={"Location": f"{other_server.url}/steal"}, body=b"")
    with pytest.raises(ConnectivityError) as caught:
        get_call(make_connector())
    assert "refused redirect" in caught.value.message
    assert server.attempts == 1
    assert other_server.attempts == 0


def page(records: list[dict[str, Any]], next_page_uri: str | None) -> dict[str, Any]:
    return {"calls": records, "next_page_uri": next_page_uri}


@pytest.mark.parametrize(
    "next_uri",
    [
        "{other}/2010-04-01/Accounts/{account}/Calls.json?Page=1",
        "http://localhost:{port}/2010-04-01/Accounts/{account}/Calls.json?Page=1",
        "https://127.0.0.1:{port}/2010-04-01/Accounts/{account}/Calls.json?Page=1",
        "//evil.example.com/2010-04-01/Accounts/{account}/Calls.json?Page=1",
        "https://evil.example.com/2010-04-01/Accounts/{account}/Calls.json?Page=1",
    ],
    ids=["other-port", "other-hostname", "other-scheme", "scheme-relative", "other-host"],
)
def test_absolute_next_page_on_another_host_is_refused(
    next_uri: str, server: Any, other_server: Any, make_connector: Any
) -> None:
    twilio = make_connector()
    uri = next_uri.format(
        other=other_server.url, port=server.port, account=twilio.config.account_sid
    )
    server.script({"body": page([{"sid": "CA1"}], uri)})
    server.answer(body=page([{"sid": "CA2"}], None))
    calls = twilio.invoke("get-calls")
    seen = []
    with pytest.raises(ConnectivityError) as caught:
        seen.extend(call["sid"] for call in calls)
    assert seen == ["CA1"]
    assert "refused" in caught.value.message
    assert server.attempts == 1
    assert other_server.attempts == 0


def test_absolute_next_page_on_the_same_host_is_followed(server: Any, make_connector: Any) -> None:
    twilio = make_connector()
    uri = f"{server.url}/2010-04-01/Accounts/{twilio.config.account_sid}/Calls.json?Page=1"
    server.script({"body": page([{"sid": "CA1"}], uri)})
    server.answer(body=page([{"sid": "CA2"}], None))
    assert [call["sid"] for call in twilio.invoke("get-calls")] == ["CA1", "CA2"]
    assert server.requests[1].query == [("Page", "1")]


def test_error_messages_never_carry_raw_bodies(server: Any, make_connector: Any) -> None:
    server.answer(
        status=502,
        body=b"<html><body>Bad gateway, upstream said token=abc</body></html>",
        headers={"Content-Type": "text/html"},
    )
    with pytest.raises(ServerError) as caught:
        send_sms(make_connector())
    assert caught.value.message == "HTTP 502 from Twilio"
    assert caught.value.outcome_unknown


def test_long_twilio_messages_are_cut(server: Any, make_connector: Any) -> None:
    server.answer(status=400, body={"code": 21211, "message": "x" * 5000})
    with pytest.raises(BadRequestError) as caught:
        send_sms(make_connector())
    assert len(caught.value.message) == 500
