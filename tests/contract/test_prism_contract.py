"""Contract: what the connector sends is accepted by Prism serving Twilio's own OpenAPI files.

Each domain's requests go to a Prism serving that domain's file (twilio_api_v2010.json,
twilio_messaging_v1.json, twilio_content_v1.json, ...), through the config's ``domains``.

Prism answers 422 for a request that breaks the spec (types, enums, patterns, formats, required
fields) and 404/405 for a path or method the API does not have. Each operation that exists in
today's API is sent twice, with every parameter it takes and with only the required ones; the
operations on retired resources must fail with an error that says so. An operation that sends no
request (``create-access-token``: op_map.json's ``no_request`` says why) has nothing to check here.
Prism ignores unknown parameter names: tests/operations/test_op_map_wire_names.py covers those.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from connector import (
    ApiRequest,
    ClientError,
    Connector,
    ConnectorError,
    MethodNotAllowedError,
    NotFoundError,
)
from operations import catalog
from tests.support.openapi import spec
from tests.support.reference import sends_request
from tests.support.samples import ACCOUNT_SID as ACCOUNT

pytestmark = pytest.mark.contract

RETIRED = {
    "get-sandbox": NotFoundError,
    "update-sandbox": NotFoundError,
    "delete-notification": MethodNotAllowedError,
}
IN_SPEC = sorted({op.name for op in catalog if op.sends_request} - set(RETIRED))


@pytest.fixture(scope="module")
def twilio(prism_url: str) -> Iterator[Connector]:
    """A connector whose every domain goes to the Prism of the 2010 API."""
    config = {
        "accountSid": ACCOUNT,
        "authToken": "contract-test-token",
        "baseUrl": prism_url,
        "retry": {"maxAttempts": 1},
    }
    with Connector(config) as connector:
        yield connector


@pytest.fixture(scope="module")
def prisms(prism_for: Callable[[str], str]) -> Iterator[Callable[[str], Connector]]:
    """``prisms(domain)``: a connector that sends that domain's requests to its Prism (which
    reads a repeated name as Twilio does: see tests/support/prism.py)."""
    made: dict[str, Connector] = {}
    yield lambda domain: made.setdefault(
        domain,
        Connector(
            {
                "accountSid": ACCOUNT,
                "authToken": "contract-test-token",
                "domains": {domain: prism_for(domain)},
                "retry": {"maxAttempts": 1},
            }
        ),
    )
    for connector in made.values():
        connector.close()


def test_the_retired_operations_are_those_the_api_lacks(op_map: dict[str, Any]) -> None:
    lacking = {name for name, row in op_map.items() if not row["in_spec"] and sends_request(row)}
    assert lacking == set(RETIRED)


@pytest.mark.parametrize("full", [True, False], ids=["every-param", "required-only"])
@pytest.mark.parametrize("name", IN_SPEC)
def test_prism_accepts_the_request(
    name: str,
    full: bool,
    prisms: Callable[[str], Connector],
    sample_params: Any,
    openapi_file: Callable[[str], Path],
) -> None:
    op = catalog.get(name)
    twilio = prisms(op.domain)
    params = sample_params(op, full=full)
    expected = op.success  # checked against op_map.json and the OpenAPI files elsewhere
    # Where the file lists several successes (a Messaging Service's PhoneNumbers create: 201
    # and 200), Prism answers with the lowest; ours is one of them (test_openapi_conformance).
    listed = spec(openapi_file(op.domain))["paths"][op.path][op.method.lower()]["responses"]
    successes = sorted(int(code) for code in listed if code.startswith("2"))
    if expected in successes:
        expected = successes[0]
    try:
        if op.first_only:  # Prism's example page is empty: check the request, not the lookup
            values = op.prepare(params, twilio.config.account_sid)
            response = twilio.http.request(op.build_request(values))
            assert response.status == expected
            assert op.list_key in response.json()
            return
        result = twilio.execute(name, params)
    except ConnectorError as error:
        pytest.fail(f"Prism refused {name} {params}: {error}")
    assert result.attributes.status_code == expected
    if op.list_key:
        assert result.payload.attributes.status_code == expected
    elif op.success == 204:
        assert result.payload is None
    else:
        assert isinstance(result.payload, dict)


@pytest.mark.parametrize("name", sorted(RETIRED))
def test_retired_resources_say_what_to_use_instead(
    name: str, twilio: Connector, sample_params: Any
) -> None:
    with pytest.raises(ConnectorError) as caught:
        twilio.execute(name, sample_params(catalog.get(name)))
    error = caught.value
    assert isinstance(error, RETIRED[name])
    assert error.type in ("TWILIO:NOT_FOUND", "TWILIO:METHOD_NOT_ALLOWED")
    assert error.status in (404, 405)
    assert error.operation == name
    assert "retired" in error.message
    assert catalog.get(name).retired in error.message
    if "sandbox" in name:
        assert "update-incoming-phone-numbers" in error.message


# -- the oracle itself: Prism does refuse what breaks the spec -----------------------------


@pytest.mark.parametrize(
    ("method", "path", "query", "form"),
    [
        ("POST", f"/2010-04-01/Accounts/{ACCOUNT}.json", {}, {"Status": "CLOSED"}),
        ("POST", f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json", {}, {"Body": "no To"}),
        ("GET", f"/2010-04-01/Accounts/{ACCOUNT}/Calls/CA123.json", {}, {}),
        ("GET", f"/2010-04-01/Accounts/{ACCOUNT}/Calls.json", {"PageSize": 5000}, {}),
        ("GET", f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json", {"DateSent": "2024-01-01"}, {}),
        ("POST", f"/2010-04-01/Accounts/{ACCOUNT}/Calls.json", {},
         {"To": "+14155550100", "From": "+15005550006", "Url": "https://e.com", "Timeout": "abc"}),
    ],
    ids=["enum-case", "missing-required", "sid-pattern", "maximum", "date-time", "integer"],
)  # fmt: skip
def test_prism_refuses_requests_that_break_the_spec(
    method: str, path: str, query: dict[str, Any], form: dict[str, Any], twilio: Connector
) -> None:
    with pytest.raises(ClientError) as caught:
        twilio.http.request(ApiRequest(method, path, query, form))
    assert caught.value.status == 422


def test_prism_has_no_legacy_sms_resource(twilio: Connector) -> None:
    with pytest.raises(NotFoundError):
        twilio.http.request(ApiRequest("GET", f"/2010-04-01/Accounts/{ACCOUNT}/SMS/Messages.json"))
