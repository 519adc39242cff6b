"""What an operation declares beside its request: whether repeating it is harmless (one
definition, the funnel's)."""

from __future__ import annotations

import pytest

from connector import IDEMPOTENT_METHODS, ApiRequest
from operations import Operation, catalog


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
        assert op.idempotent is ApiRequest(op.method, op.path).idempotent, op.name
        assert op.idempotent is (op.method != "POST"), op.name
