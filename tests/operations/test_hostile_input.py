"""Bad input from Python never ends in a traceback: it is TWILIO:VALIDATION, nothing is sent.

Each class of input that fuzzing found ending in an untyped exception (issue 7, section 8) has
rows here, run against a loopback server that counts what reaches it: names that are not text,
text that is not valid Unicode, dates beyond the calendar once in UTC, a SID with a trailing
newline, integers too long to write out, nesting deeper than Python's recursion limit. And a
value never changes the request's path: it arrives percent-encoded in its own segment.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import pytest

from connector import ApiRequest, UnknownOperationError, ValidationError
from tests.support.samples import nested

CA = "CA" + "b" * 32
CF = "CF" + "c" * 32
FROM, TO = "+15005550006", "+14155550100"
SMS = {"from": FROM, "to": TO, "body": "hi"}
CALL = {"from": FROM, "to": TO, "url": "https://example.com/twiml"}


DEEP = nested(100_000)
HUGE = 10**5000
WEST_2H = timezone(-timedelta(hours=2))


@pytest.mark.parametrize(
    ("name", "params", "path", "fragment"),
    [
        # parameter names that are not text
        ("get-call", {"callSid": CA, 1: "x"}, "1", "names are text"),
        ("get-call", {"callSid": CA, None: "x"}, "None", "names are text"),
        ("get-call", {"callSid": CA, ("a",): 1}, "('a',)", "names are text"),
        ("get-call", {"callSid": CA, "call\ud800Sid": 1}, "'call\\ud800Sid'", "not a parameter"),
        # lone surrogates in form, query and path values
        ("send-sms-message", {**SMS, "body": "caf\udce9"}, "body", "lone surrogate"),
        ("get-calls", {"to": "\ud800"}, "to", "lone surrogate"),
        ("get-call", {"callSid": "CA\udfff"}, "callSid", "lone surrogate"),
        ("get-participant", {"conferenceSid": CF, "callSid": "label\ud800"}, "callSid",
         "lone surrogate"),
        # dates at the edges of the calendar: beyond it once converted to UTC
        ("get-calls", {"startTime": "9999-12-31T23:59:59-01:00"}, "startTime", "years 1 to 9999"),
        ("get-calls", {"startTime": "0001-01-01T00:00:00+01:00"}, "startTime", "years 1 to 9999"),
        ("get-calls", {"startTime": "<=0001-01-01T00:00:00+01:00"}, "startTimeBefore",
         "years 1 to 9999"),
        ("get-calls", {"startTimeAfter": datetime(9999, 12, 31, 23, tzinfo=WEST_2H)},
         "startTimeAfter", "years 1 to 9999"),
        # a trailing newline, which Python's "$" lets through
        ("get-call", {"callSid": CA + "\n"}, "callSid", "expected form"),
        ("make-call", {**CALL, "url": "https://example.com/twiml\n"}, "url", "expected form"),
        ("get-available-phone-numbers", {"isoCountryCode": "US\n"}, "isoCountryCode",
         "expected form"),
        # integers too long to write out
        ("make-call", {**CALL, "timeout": HUGE}, "timeout", "too large to send"),
        ("send-sms-message", {**SMS, "body": -HUGE}, "body", "too large to send"),
        ("make-call", {**CALL, "timeout": "9" * 5000}, "timeout", "is not of type 'integer'"),
        # values nested deeper than the recursion limit, and other non-scalars
        ("make-call", {**CALL, "timeout": DEEP}, "timeout", "is not of type 'integer'"),
        ("send-sms-message", {**SMS, "body": {"text": "hi"}}, "body", "is not of type 'string'"),
        ("send-sms-message", {**SMS, "body": b"hi"}, "body", "is not of type 'string'"),
        ("send-sms-message", {**SMS, "nested": DEEP}, "nested", "not a parameter"),
        ("get-calls", {"pageSize": float("inf")}, "pageSize", "is not of type 'integer'"),
    ],
)  # fmt: skip
def test_hostile_input_is_a_validation_error_and_nothing_is_sent(
    make_connector: Any, server: Any, name: str, params: dict[Any, Any], path: str, fragment: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        make_connector().execute(name, params)
    found = [p.message for p in caught.value.problems if p.path == path]
    assert any(fragment in message for message in found), caught.value.problems
    assert server.attempts == 0
    str(caught.value).encode("utf-8")  # the message itself can be printed anywhere


@pytest.mark.parametrize("params", [["callSid"], "callSid=CA", 7])
def test_parameters_that_are_not_a_mapping(make_connector: Any, server: Any, params: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        make_connector().execute("get-call", params)
    assert "must be a mapping of names to values" in str(caught.value)
    assert server.attempts == 0


@pytest.mark.parametrize(
    "label",
    ["../../Calls", "x?Status=completed", "x#frag", "a%2Fb", "a/b", "line\nbreak", "..", " "],
)
def test_a_value_never_changes_the_path(make_connector: Any, server: Any, label: str) -> None:
    """A participant's call SID may be a label (free text): it arrives in its own segment."""
    make_connector().execute("get-participant", {"conferenceSid": CF, "callSid": label})
    (got,) = server.requests
    base = f"/2010-04-01/Accounts/{server.requests[0].path.split('/')[3]}/Conferences/{CF}"
    assert got.target == f"{base}/Participants/{quote(label, safe='')}.json"


def test_dates_before_the_year_1000_keep_four_digits(make_connector: Any, server: Any) -> None:
    """strftime's "%Y" writes the year 999 as "999"; Twilio's form is YYYY-MM-DDTHH:MM:SSZ."""
    server.answer(body={"calls": []})
    params = {"startTime": "0005-01-01", "startTimeAfter": "0999-06-01T10:00+02:00"}
    make_connector().execute("get-calls", params)
    assert dict(server.requests[0].query) == {
        "StartTime": "0005-01-01T00:00:00Z",
        "StartTime>": "0999-06-01T08:00:00Z",
    }


def test_a_dollar_inside_a_class_is_still_a_character(make_connector: Any, server: Any) -> None:
    """Patterns are read as ECMA-262 reads them: only a "$" outside [...] is the end."""
    server.answer(body={"available_phone_numbers": []})
    make_connector().execute(
        "get-available-phone-numbers", {"isoCountryCode": "US", "contains": "55$"}
    )
    assert dict(server.requests[0].query)["Contains"] == "55$"


@pytest.mark.parametrize(
    ("form", "fragment"),
    [
        ({"Body": "\ud800"}, "surrogates not allowed"),
        ({"Timeout": HUGE}, "integer string conversion"),
        ({"StartTime": datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))}, "out of range"),
    ],
)
def test_the_funnel_refuses_values_it_cannot_encode(
    make_connector: Any, server: Any, form: dict[str, Any], fragment: str
) -> None:
    """The request funnel itself, used without an operation, raises typed errors too."""
    twilio = make_connector()
    with pytest.raises(ValidationError) as caught:
        twilio.http.request(ApiRequest("POST", "/2010-04-01/Accounts/AC1/Messages.json", form=form))
    assert [p.path for p in caught.value.problems] == list(form)
    assert fragment in str(caught.value)
    assert server.attempts == 0


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (5, "5"),
        (["get-call"], "['get-call']"),
        (None, "None"),
        ("get-cal\ud800", "'get-cal\\ud800'"),
    ],
)
def test_an_operation_name_that_is_not_one(
    make_connector: Any, server: Any, name: Any, shown: str
) -> None:
    with pytest.raises(UnknownOperationError) as caught:
        make_connector().execute(name, {"callSid": CA})
    assert f"unknown operation {shown}" in str(caught.value)
    str(caught.value).encode("utf-8")
    assert server.attempts == 0
