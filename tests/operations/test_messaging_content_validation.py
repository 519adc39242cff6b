"""Messaging Service and content-template input is checked before any request: every problem
with its parameter path, and nothing reaches the loopback server. A content template's
``types`` is a structured parameter validated by its own schema, written in YAML as data."""

from __future__ import annotations

from typing import Any

import pytest

from connector import ValidationError
from tests.support.samples import nested

MG = "MG" + "a" * 32
PN = "PN" + "b" * 32
TEXT = {"twilio/text": {"body": "Hi {{1}}"}}


def problems(make_connector: Any, server: Any, name: str, params: dict[str, Any]) -> str:
    """Every problem's path and message, one per line; the server saw nothing."""
    with pytest.raises(ValidationError) as caught:
        make_connector().execute(name, params)
    assert server.attempts == 0
    return "\n".join(f"{p.path}: {p.message}" for p in caught.value.problems)


@pytest.mark.parametrize(
    ("name", "params", "fragments"),
    [
        ("create-messaging-service", {}, ["friendlyName: ", "required"]),
        ("create-messaging-service", {"friendlyName": "x" * 65}, ["friendlyName", "too long"]),
        ("create-messaging-service", {"friendlyName": "S", "validityPeriod": 0},
         ["validityPeriod", "minimum of 1"]),
        ("create-messaging-service", {"friendlyName": "S", "validityPeriod": "36001"},
         ["validityPeriod", "maximum of 36000"]),
        ("create-messaging-service", {"friendlyName": "S", "usecase": "spam"},
         ["usecase", "'spam' is not one of"]),
        ("create-messaging-service", {"friendlyName": "S", "scanMessageContent": "on"},
         ["scanMessageContent"]),
        ("create-messaging-service", {"friendlyName": "S", "inboundMethod": "PUT"},
         ["inboundMethod"]),
        ("create-messaging-service", {"friendlyName": "S", "stickySender": "maybe"},
         ["stickySender", "boolean"]),
        ("create-messaging-service", {"friendlyName": "S", "statusCallback": "ftp://x"},
         ["statusCallback"]),
        ("update-messaging-service", {"messagingServiceSid": "MG123"},
         ["messagingServiceSid"]),
        ("get-messaging-service", {"messagingServiceSid": "PN" + "a" * 32},
         ["messagingServiceSid"]),
        ("add-messaging-service-phone-number", {"messagingServiceSid": MG},
         ["phoneNumberSid", "required"]),
        ("add-messaging-service-phone-number",
         {"messagingServiceSid": MG, "phoneNumberSid": "+15005550006"}, ["phoneNumberSid"]),
        ("remove-messaging-service-phone-number", {"messagingServiceSid": MG},
         ["phoneNumberSid", "required"]),
        ("delete-content-template", {"contentSid": "HX1"}, ["contentSid"]),
        ("create-content-template", {"types": TEXT}, ["language", "required"]),
        ("create-content-template", {"language": "en"}, ["types", "required"]),
        ("create-content-template", {"language": "en", "types": {}}, ["types"]),
        ("create-content-template", {"language": "en", "types": {"twilio/txt": {"body": "x"}}},
         ["types", "'twilio/txt' is not one of"]),
        ("create-content-template", {"language": "en", "types": {"twilio/text": {}}},
         ["types.twilio/text.body: is required"]),
        ("create-content-template",
         {"language": "en", "types": {"twilio/text": {"body": "x", "media": ["https://e.com"]}}},
         ["types.twilio/text.media: is not a field here (expected one of body)"]),
        ("create-content-template", {"language": "en", "types": {"twilio/media": {"body": "x"}}},
         ["types.twilio/media.media: is required"]),
        ("create-content-template",
         {"language": "en", "types": {"twilio/media": {"media": ["not a url"]}}},
         ["types", "not a url"]),
        ("create-content-template",
         {"language": "en", "types": {"twilio/quick-reply": {"body": "Go?", "actions": [{}]}}},
         ["types.twilio/quick-reply.actions.0.title: is required"]),
        ("create-content-template",
         {"language": "en",
          "types": {"twilio/quick-reply": {"body": "Go?",
                                           "actions": [{"title": "Y", "type": "URL"}]}}},
         ["types", "'URL' is not one of"]),
        ("create-content-template",
         {"language": "en", "types": {"twilio/location": {"latitude": "north", "longitude": 1}}},
         ["types", "'north' is not of type 'number'"]),
        ("create-content-template", {"language": "en", "types": "twilio/text"},
         ["types", "not of type 'object'"]),
        ("create-content-template", {"language": "en", "types": TEXT, "variables": {"1": {}}},
         ["variables", "not of type 'string'"]),
        ("create-content-template", {"language": "en", "types": TEXT, "variables": ["a"]},
         ["variables", "not of type 'object'"]),
        # values that can never be sent, refused before the schema
        ("create-content-template",
         {"language": "en", "types": {"twilio/text": {"body": "\ud800"}}},
         ["types", "lone surrogate"]),
        ("create-content-template", {"language": "en", "types": {"twilio/text": nested(100_000)}},
         ["types", "nested more than"]),
        ("create-content-template", {"language": "en", "types": {"twilio/text": {"body": b"x"}}},
         ["types", "is not of type"]),
        ("create-content-template", {"language": "en", "types": {("a",): {"body": "x"}}},
         ["types", "key that is not text"]),
    ],
)  # fmt: skip
def test_broken_rules_are_refused_and_nothing_is_sent(
    make_connector: Any, server: Any, name: str, params: dict[str, Any], fragments: list[str]
) -> None:
    found = problems(make_connector, server, name, params)
    for fragment in fragments:
        assert fragment in found


def test_every_problem_is_reported_at_once(make_connector: Any, server: Any) -> None:
    found = problems(
        make_connector,
        server,
        "create-content-template",
        {"friendlyName": 5, "types": {"twilio/text": {}}, "variables": {"1": []}, "lang": "en"},
    )
    for path in ("language", "types.twilio/text.body", "variables.1", "lang"):
        assert f"\n{path}" in f"\n{found}", found


def test_types_given_as_json_text_are_read_as_data(make_connector: Any, server: Any) -> None:
    server.answer(status=201, body={"sid": "HX" + "0" * 32})
    make_connector().execute(
        "create-content-template",
        {"language": "en", "types": '{"twilio/text": {"body": "Hi"}}', "variables": '{"1": "a"}'},
    )
    assert server.requests[0].json == {
        "language": "en",
        "types": {"twilio/text": {"body": "Hi"}},
        "variables": {"1": "a"},
    }
