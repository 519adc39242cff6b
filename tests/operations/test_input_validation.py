"""Input validation before any request, and the conversion of flow values to Twilio's wire form.

Invalid input raises TWILIO:VALIDATION listing every problem with its parameter path, and the
loopback server sees nothing. Valid text is converted: integers, booleans (sent true/false),
enums in the API's case, the original connector's inequality date filters, date-times in UTC
(README: Operations).
"""

from __future__ import annotations

from typing import Any

import pytest

from connector import ValidationError
from connector.errors import with_hint

AP = "AP" + "a" * 32
CA = "CA" + "b" * 32
CF = "CF" + "c" * 32
FROM = "+15005550006"
TO = "+14155550100"


def problems_of(error: ValidationError) -> dict[str, str]:
    return {p.path: with_hint(p.message, p.hint) for p in error.problems}


def invalid(make_connector: Any, name: str, params: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        make_connector().execute(name, params)
    return caught.value


# -- every problem at once, nothing sent -------------------------------------------------------


def test_several_problems_are_reported_together(make_connector: Any, server: Any) -> None:
    error = invalid(
        make_connector,
        "make-call",
        {
            "form": FROM,  # misspelt "from", which is then missing
            "to": TO,
            "timeout": "thirty",
            "method": "PUT",
            "url": "https://example.com/twiml",
            "applicationSid": "AP123",
        },
    )
    assert error.type == "TWILIO:VALIDATION"
    assert error.operation == "make-call"
    found = problems_of(error)
    assert set(found) == {
        "form",
        "from",
        "timeout",
        "method",
        "applicationSid",
        "url | twiml | applicationSid",
    }
    assert "did you mean 'from'" in found["form"]
    assert found["from"] == "is required"
    assert "integer" in found["timeout"]
    assert "'PUT' is not one of GET, POST" in found["method"]
    assert "^AP[0-9a-fA-F]{32}$" in found["applicationSid"]
    assert "got url, applicationSid" in found["url | twiml | applicationSid"]
    for path in found:
        assert path in str(error)
    assert server.attempts == 0


def test_make_call_needs_one_of_url_twiml_application(make_connector: Any, server: Any) -> None:
    error = invalid(make_connector, "make-call", {"from": FROM, "to": TO})
    assert problems_of(error) == {
        "url | twiml | applicationSid": "give exactly one of url, twiml, applicationSid (got none)"
    }
    error = invalid(
        make_connector,
        "make-call",
        {"from": FROM, "to": TO, "url": "https://example.com/a", "applicationSid": AP},
    )
    assert "got url, applicationSid" in problems_of(error)["url | twiml | applicationSid"]
    assert server.attempts == 0


@pytest.mark.parametrize(
    ("name", "params", "path", "fragment"),
    [
        ("get-call", {"callSid": "CA123"}, "callSid", "^CA[0-9a-fA-F]{32}$"),
        ("get-call", {}, "callSid", "is required"),
        ("get-call", {"callSid": CA, "accountSid": "ACnothex"}, "accountSid", "^AC"),
        ("get-calls", {"status": "done"}, "status", "is not one of"),
        ("get-calls", {"limit": "0"}, "limit", "minimum"),
        ("get-calls", {"pageSize": "1001"}, "pageSize", "maximum"),
        ("get-calls", {"startTime": "yesterday"}, "startTime", "does not have the expected form"),
        ("get-calls", {"stattime": "2024-01-01"}, "stattime", "did you mean 'startTime'"),
        ("get-calls", {"StartTime": "2024-01-01"}, "StartTime", "did you mean 'startTime'"),
        ("update-participant-status", {"conferenceSid": CF, "callSid": CA, "muted": "maybe"},
         "muted", "boolean"),
        ("send-sms-message", {"from": FROM, "to": TO}, "body | mediaUrl | contentSid",
         "give at least one of body, mediaUrl, contentSid"),
        ("send-sms-message", {"to": TO, "body": "x"}, "from | messagingServiceSid",
         "give at least one of from, messagingServiceSid"),
        ("send-sms-message", {"from": FROM, "to": TO, "body": ""}, "body", "non-empty"),
        ("send-sms-message", {"from": FROM, "to": TO, "body": "x", "statusCallback": "ftp://x"},
         "statusCallback", "expected form"),
        ("get-recording", {"recordingSid": "RE" + "1" * 32, "recordingType": "ogg"},
         "recordingType", "is not one of"),
        ("get-sub-account-by-account-sid", {}, "accountSid", "is required"),
        ("get-available-phone-numbers", {"isoCountryCode": "USA"}, "isoCountryCode", "form"),
    ],
)  # fmt: skip
def test_one_problem_named_by_its_parameter(
    make_connector: Any, server: Any, name: str, params: dict[str, Any], path: str, fragment: str
) -> None:
    error = invalid(make_connector, name, params)
    found = problems_of(error)
    assert list(found) == [path]
    assert fragment in found[path]
    assert server.attempts == 0


def test_validation_error_as_data() -> None:
    from operations import catalog  # noqa: PLC0415

    with pytest.raises(ValidationError) as caught:
        catalog.get("get-call").prepare({"callSid": "x", "extra": 1}, "AC" + "0" * 32)
    data = caught.value.to_dict()
    assert data["type"] == "TWILIO:VALIDATION"
    assert data["operation"] == "get-call"
    assert [p["path"] for p in data["problems"]] == ["callSid", "extra"]


# -- conversion of valid input ----------------------------------------------------------------


def sent(make_connector: Any, server: Any, name: str, params: dict[str, Any]) -> dict[str, str]:
    """The query and form pairs the server received for one call."""
    make_connector().execute(name, params)
    assert len(server.requests) == 1
    got = server.requests[0]
    return dict(got.query + got.form)


@pytest.mark.parametrize(
    ("name", "params", "wire"),
    [
        ("make-call", {"from": FROM, "to": TO, "url": "https://e.com/t", "timeout": "30"},
         {"Timeout": "30"}),
        ("make-call", {"from": FROM, "to": TO, "url": "https://e.com/t", "timeout": 30.0},
         {"Timeout": "30"}),
        ("update-participant-status", {"conferenceSid": CF, "callSid": CA, "muted": "TRUE"},
         {"Muted": "true"}),
        ("update-participant-status", {"conferenceSid": CF, "callSid": CA, "muted": "no"},
         {"Muted": "false"}),
        ("update-participant-status", {"conferenceSid": CF, "callSid": CA, "muted": False},
         {"Muted": "false"}),
        ("update-account", {"accountStatus": "CLOSED"}, {"Status": "closed"}),
        ("make-call", {"from": FROM, "to": TO, "url": "https://e.com/t", "method": "get"},
         {"Method": "GET"}),
        ("get-calls", {"status": "No-Answer"}, {"Status": "no-answer"}),
        ("get-all-sms-messages", {"dateSent": "<=2024-01-31"},
         {"DateSent<": "2024-01-31T00:00:00Z"}),
        ("get-all-sms-messages", {"dateSent": ">= 2024-01-01T09:30:00Z"},
         {"DateSent>": "2024-01-01T09:30:00Z"}),
        ("get-all-sms-messages", {"dateSentBefore": "2024-01-31", "dateSentAfter": "2024-01-01"},
         {"DateSent<": "2024-01-31T00:00:00Z", "DateSent>": "2024-01-01T00:00:00Z"}),
        ("get-calls", {"startTime": ">=2024-01-01"}, {"StartTime>": "2024-01-01T00:00:00Z"}),
        ("get-calls", {"startTime": "2024-01-31T10:15:00+02:00"},
         {"StartTime": "2024-01-31T08:15:00Z"}),
        ("get-calls", {"startTimeBefore": "2024-01-31T23:59:59-05:00"},
         {"StartTime<": "2024-02-01T04:59:59Z"}),
        ("get-calls", {"startTime": "2024-01-31T10:15:00"}, {"StartTime": "2024-01-31T10:15:00Z"}),
        ("get-conferences", {"dateCreated": "<=2024-01-31"}, {"DateCreated<": "2024-01-31"}),
        ("get-all-notifications", {"messageDate": ">2024-01-01", "log": "0"},
         {"MessageDate>": "2024-01-01", "Log": "0"}),
        ("get-available-phone-numbers", {"isoCountryCode": "US", "areaCode": " 510 "},
         {"AreaCode": "510"}),
    ],
)  # fmt: skip
def test_values_are_converted_to_the_wire_form(
    make_connector: Any, server: Any, name: str, params: dict[str, Any], wire: dict[str, str]
) -> None:
    server.answer(body={"calls": [], "messages": [], "conferences": [], "notifications": []})
    got = sent(make_connector, server, name, params)
    assert {key: got.get(key) for key in wire} == wire


def test_python_dates_and_datetimes_are_accepted(make_connector: Any, server: Any) -> None:
    from datetime import UTC, date, datetime, timedelta, timezone  # noqa: PLC0415

    server.answer(body={"calls": []})
    when = datetime(2024, 1, 31, 10, 0, tzinfo=timezone(timedelta(hours=2)))
    got = sent(make_connector, server, "get-calls", {"startTimeAfter": when})
    assert got["StartTime>"] == "2024-01-31T08:00:00Z"
    server.requests.clear()
    got = sent(make_connector, server, "get-calls", {"startTime": date(2024, 1, 31)})
    assert got["StartTime"] == "2024-01-31T00:00:00Z"
    server.requests.clear()
    got = sent(
        make_connector, server, "get-calls", {"startTime": datetime(2024, 1, 31, tzinfo=UTC)}
    )
    assert got["StartTime"] == "2024-01-31T00:00:00Z"


def test_none_means_not_given(make_connector: Any, server: Any) -> None:
    server.answer(status=201)
    got = sent(
        make_connector,
        server,
        "send-sms-message",
        {"from": FROM, "to": TO, "body": "hi", "statusCallback": None},
    )
    assert got == {"From": FROM, "To": TO, "Body": "hi"}


def test_unicode_text_arrives_intact(make_connector: Any, server: Any) -> None:
    server.answer(status=201)
    body = "Grüße, 你好 & ✓ 😀 a+b=c"
    got = sent(make_connector, server, "send-sms-message", {"from": FROM, "to": TO, "body": body})
    assert got["Body"] == body
    assert got["To"] == TO  # the + of E.164 is not taken for a space


@pytest.mark.parametrize(
    ("name", "params", "path"),
    [
        ("get-calls", {"startTime": "2024-13-45T10:00"}, "startTime"),
        ("get-calls", {"startTime": "2024-01-01T24:00"}, "startTime"),
        ("get-calls", {"startTime": "2024-02-30"}, "startTime"),
        ("get-calls", {"startTime": "<=2024-02-30"}, "startTimeBefore"),
        ("get-conferences", {"dateCreated": "2023-02-29"}, "dateCreated"),
        ("get-all-notifications", {"messageDateAfter": "2024-04-31"}, "messageDateAfter"),
    ],
)
def test_dates_of_the_right_form_that_do_not_exist_are_rejected(
    make_connector: Any, server: Any, name: str, params: dict[str, Any], path: str
) -> None:
    error = invalid(make_connector, name, params)
    assert "not a real date" in problems_of(error)[path]
    assert server.requests == []


def test_an_empty_account_sid_means_the_configs(make_connector: Any, server: Any) -> None:
    """The original connector's "leave empty to use" the config's account, for flows that pass
    ''."""
    server.answer(body={"calls": []})
    connector = make_connector()
    connector.execute("get-calls", {"accountSid": ""})
    assert (
        server.requests[0].path == f"/2010-04-01/Accounts/{connector.config.account_sid}/Calls.json"
    )


def test_a_list_of_transcriptions_has_no_text_form(make_connector: Any, server: Any) -> None:
    error = invalid(make_connector, "get-transcriptions", {"transcriptionFormat": "TXT"})
    assert "transcriptionFormat" in problems_of(error)
    assert server.requests == []
