"""What an operation declares beside its request: whether repeating it is harmless (one
definition, the funnel's) and the status Twilio answers on success (another 2xx is accepted,
as Twilio's own libraries accept it, and logged)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from connector import IDEMPOTENT_METHODS, ApiRequest, Connector
from operations import Operation, catalog

SMS = {"from": "+15005550006", "to": "+14155550100", "body": "hello"}
MESSAGE = {"sid": "SM" + "b" * 32, "status": "queued"}
REQUEST_ID = "RQ" + "7" * 32


@pytest.mark.parametrize(
    ("method", "idempotent"),
    [("GET", True), ("DELETE", True), ("HEAD", True), ("POST", False), ("PUT", False)],
)
def test_operations_and_the_funnel_agree_on_what_is_idempotent(
    method: str, idempotent: bool
) -> None:
    probe = type("Probe", (Operation,), {"__doc__": "A probe.", "method": method, "path": "/"})
    assert probe().idempotent is idempotent
    assert ApiRequest(method, "/").idempotent is idempotent
    assert (method in IDEMPOTENT_METHODS) is idempotent


def test_every_operation_is_idempotent_exactly_when_its_request_is() -> None:
    for op in catalog:
        if not op.sends_request:
            assert op.idempotent, f"{op.name} sends nothing: repeating it is harmless"
            continue
        assert op.idempotent is ApiRequest(op.method, op.path).idempotent, op.name
        assert op.idempotent is (op.method != "POST"), op.name


@pytest.mark.parametrize(("status", "warned"), [(201, False), (200, True), (202, True)])
def test_a_2xx_other_than_the_declared_one_is_accepted_and_logged(
    status: int,
    warned: bool,
    server: Any,
    make_connector: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert catalog.get("send-sms-message").success == 201
    server.answer(status=status, body=MESSAGE, headers={"Twilio-Request-Id": REQUEST_ID})
    with caplog.at_level(logging.WARNING, logger="operations"):
        result = make_connector().execute("send-sms-message", SMS)
    assert (result.payload, result.attributes.status_code) == (MESSAGE, status)
    assert server.attempts == 1
    warnings = [record.getMessage() for record in caplog.records]
    expected = (
        f"send-sms-message: Twilio answered {status} where 201 was expected "
        f"(request id {REQUEST_ID})"
    )
    assert warnings == ([expected] if warned else [])


def test_a_dry_run_is_not_checked(
    server: Any, loopback_config: Any, caplog: pytest.LogCaptureFixture
) -> None:
    sent: list[dict[str, Any]] = []
    with (
        Connector(loopback_config(server.url), dry_run=sent.append) as twilio,
        caplog.at_level(logging.WARNING, logger="operations"),
    ):
        twilio.execute("send-sms-message", SMS)
    assert len(sent) == 1
    assert server.attempts == 0
    assert caplog.records == []
