"""The rules an operation declares beside its parameters, each a schema rule that describe
shows: at least one of a group (``at_least_one_of``), parameters that need others (``needs``),
and form fields always sent (``fixed_form``); and the number kind (``maxPrice``)."""

from __future__ import annotations

from typing import Any

import pytest

from connector import ValidationError
from operations import catalog

ACCOUNT = "AC" + "0" * 32
SEND = catalog.get("send-sms-message")


def problems(op: Any, params: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        op.prepare(params, ACCOUNT)
    return {problem.path: problem.message for problem in caught.value.problems}


def test_at_least_one_of_is_an_any_of_in_the_schema_and_in_describe() -> None:
    rules = SEND.input_schema["allOf"]
    assert {"anyOf": [{"required": ["from"]}, {"required": ["messagingServiceSid"]}]} in rules
    described = SEND.describe()
    assert described["atLeastOneOf"] == [
        ["from", "messagingServiceSid"],
        ["body", "mediaUrl", "contentSid"],
    ]
    assert described["needs"]["scheduleType"] == ["sendAt", "messagingServiceSid"]


def test_one_or_more_of_a_group_may_be_given_none_may_not() -> None:
    both = {"to": "+14155550100", "from": "+15005550006", "messagingServiceSid": "MG" + "a" * 32}
    assert SEND.prepare({**both, "body": "x", "mediaUrl": "https://e.com/a.png"}, ACCOUNT)
    assert problems(SEND, {"to": "+14155550100"}) == {
        "from | messagingServiceSid": "give at least one of from, messagingServiceSid",
        "body | mediaUrl | contentSid": "give at least one of body, mediaUrl, contentSid",
    }


def test_an_rcs_fallback_sender_needs_the_messaging_service_that_holds_the_rcs_sender() -> None:
    """Twilio takes FallbackFrom only with a Messaging Service: refused here before sending."""
    given = {"to": "+14155550100", "from": "+15005550006", "body": "x"}
    assert problems(SEND, {**given, "fallbackFrom": "+15005550006"}) == {
        "messagingServiceSid": "is required with fallbackFrom"
    }
    service = {"messagingServiceSid": "MG" + "a" * 32, "fallbackFrom": "+15005550006"}
    assert SEND.build_request(SEND.prepare({**given, **service}, ACCOUNT)).form["FallbackFrom"] == (
        "+15005550006"
    )


def test_a_fixed_form_field_is_sent_and_described() -> None:
    op = catalog.get("cancel-scheduled-message")
    request = op.build_request(op.prepare({"messageSid": "SM" + "a" * 32}, ACCOUNT))
    assert request.form == {"Status": "canceled"}
    assert op.describe()["sends"] == {"Status": "canceled"}
    assert "status" not in op.input_schema["properties"]


def test_an_empty_only_text_takes_the_empty_text_alone() -> None:
    op = catalog.get("update-message")
    sid = {"messageSid": "SM" + "a" * 32}
    assert op.build_request(op.prepare({**sid, "body": ""}, ACCOUNT)).form == {"Body": ""}
    assert problems(op, {**sid, "body": "x"}) == {"body": "must be empty (the only value it takes)"}


@pytest.mark.parametrize(("given", "sent"), [("0.50", 0.5), ("2", 2), (0.25, 0.25), (" 1.5 ", 1.5)])
def test_a_number_is_converted_from_text(given: Any, sent: Any) -> None:
    values = SEND.prepare({"to": "+1415", "from": "+1500", "body": "x", "maxPrice": given}, ACCOUNT)
    assert values["maxPrice"] == sent


@pytest.mark.parametrize("given", ["cheap", "1e999", float("inf"), True, "0x10"])
def test_what_is_not_a_finite_number_is_refused(given: Any) -> None:
    found = problems(SEND, {"to": "+1415", "from": "+1500", "body": "x", "maxPrice": given})
    assert list(found) == ["maxPrice"]


def test_too_many_items_are_counted_in_the_problem() -> None:
    urls = [f"https://e.com/{n}.png" for n in range(11)]
    found = problems(SEND, {"to": "+1415", "from": "+1500", "mediaUrl": urls})
    assert found == {"mediaUrl": "has 11 items, where at most 10 are allowed"}
