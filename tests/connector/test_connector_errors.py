"""The connector's errors as data: a flow's location is a declared attribute, shown in
``to_dict()`` only once something placed the error."""

from __future__ import annotations

from connector import ConnectorError, NotFoundError


def test_where_is_declared_and_shown_only_when_set() -> None:
    error = NotFoundError("no such call", status=404, code=20404)
    assert error.where is None
    assert "where" not in error.to_dict()
    error.where = "flow.yaml:4:7"
    assert error.to_dict() == {
        "type": "TWILIO:NOT_FOUND",
        "message": "no such call",
        "status": 404,
        "code": 20404,
        "where": "flow.yaml:4:7",
    }
    assert ConnectorError("placed", where="flow.yaml:1:1").to_dict()["where"] == "flow.yaml:1:1"


def test_retry_after_is_in_the_errors_data_when_twilio_gave_one() -> None:
    """Flows and the CLI see how long Twilio asked to wait (``error.retryAfter``)."""
    from connector.errors import TooManyRequestsError  # noqa: PLC0415

    error = TooManyRequestsError("slow down", status=429, code=20429, retry_after=120.0)
    assert error.to_dict()["retryAfter"] == 120.0
    assert "retryAfter" not in TooManyRequestsError("slow down", status=429).to_dict()
