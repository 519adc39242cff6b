"""Wire equality with twilio-python 9.13, a client we did not write: for each case, our
operation and twilio-python's call are sent to one loopback server, and the two requests must
have the same method, path, query pairs and form pairs (in any order).

The cases live by family in tests/operations/pycases/. Every operation added after the
original 50 has at least one; the 50 are compared field by field with tests/data/op_map.json
(checked against twilio-python) in test_op_map_wire_names.py.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import pytest
from twilio.rest import Client

from connector import DOMAINS
from operations import catalog
from tests.operations.pycases import ACCOUNT_SID, Case, all_cases
from tests.support.loopback import RecordingServer

CASES = all_cases()


def reply_for(case: Case) -> dict[str, Any]:
    """An answer both clients can read: a record, or an empty page in both list envelopes."""
    op = catalog.get(case.operation)
    if op.success == 204:
        return {"status": 204, "body": b"", "headers": {"Content-Type": "text/plain"}}
    key = op.list_key or "items"
    body = {
        "sid": "XX" + "0" * 32,
        key: [],
        "next_page_uri": None,
        "meta": {"key": key, "next_page_url": None},
    }
    return {"status": op.success, "body": body}


def without_nulls(value: Any) -> Any:
    """A JSON body without its null members: twilio-python sends every unset field as null,
    which Twilio reads as not given."""
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def twilio_python(url: str) -> Client:
    """twilio-python's client for the test account, every domain pointed at `url`."""
    client = Client(ACCOUNT_SID, "test-token")
    for domain in DOMAINS:
        getattr(client, domain).base_url = url
    return client


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_the_request_is_the_one_twilio_python_sends(
    case: Case, server: RecordingServer, make_connector: Any
) -> None:
    server.answer(**reply_for(case))
    make_connector(accountSid=ACCOUNT_SID).execute(case.operation, case.params)
    case.call(twilio_python(server.url))

    assert len(server.requests) == 2, "one request each"
    ours, theirs = server.requests
    # A path value such as a phone number: the connector quotes its + as %2B, as Twilio asks;
    # twilio-python leaves it as it is. Both name the same resource, so the paths are compared
    # unquoted (the request-shape rows pin the connector's exact path).
    assert (ours.method, unquote(ours.path)) == (theirs.method, unquote(theirs.path))
    assert sorted(ours.query) == sorted(theirs.query)
    if catalog.get(case.operation).json_body:
        assert ours.header("Content-Type") == theirs.header("Content-Type") == "application/json"
        assert ours.json == without_nulls(theirs.json)
    else:
        assert sorted(ours.form) == sorted(theirs.form)


def test_every_newer_operation_has_a_case(op_map: dict[str, Any]) -> None:
    newer = {op.name for op in catalog if op.sends_request} - set(op_map)
    assert newer - {case.operation for case in CASES} == set()
