"""Wire cases of the content-template operations against twilio-python's
``client.content.v1.contents`` (create takes a ``ContentCreateRequest``, sent as JSON)."""

from __future__ import annotations

from typing import Any

from twilio.rest.content.v1.content import ContentList

from tests.operations.pycases import Case, sid

HX = sid("HX")
IMAGE = "https://example.com/a.png"


def create(payload: dict[str, Any]) -> Any:
    """twilio-python's create call for `payload` (the request body)."""
    request = ContentList.ContentCreateRequest(payload)
    return lambda c: c.content.v1.contents.create(content_create_request=request)


TEXT = {"twilio/text": {"body": "Hi {{1}}"}}
MEDIA = {"twilio/media": {"body": "Look", "media": [IMAGE]}}
QUICK_REPLY = {
    "twilio/quick-reply": {
        "body": "Coming?",
        "actions": [
            {"type": "QUICK_REPLY", "title": "Yes", "id": "yes"},
            {"type": "QUICK_REPLY", "title": "No", "id": "no"},
        ],
    }
}

CASES = [
    Case(
        "create-content-template",
        {"friendlyName": "hi", "language": "en", "variables": {"1": "Ann"}, "types": TEXT},
        create({"friendly_name": "hi", "language": "en", "variables": {"1": "Ann"}, "types": TEXT}),
        "text",
    ),
    Case(
        "create-content-template",
        {"language": "en", "types": MEDIA},
        create({"language": "en", "types": MEDIA}),
        "media",
    ),
    Case(
        "create-content-template",
        {"friendlyName": "rsvp", "language": "en", "types": QUICK_REPLY},
        create({"friendly_name": "rsvp", "language": "en", "types": QUICK_REPLY}),
        "quick-reply",
    ),
    Case(
        "get-content-template",
        {"contentSid": HX},
        lambda c: c.content.v1.contents(HX).fetch(),
    ),
    Case(
        "get-content-templates",
        {"pageSize": 10},
        lambda c: c.content.v1.contents.page(page_size=10),
    ),
    Case(
        "delete-content-template",
        {"contentSid": HX},
        lambda c: c.content.v1.contents(HX).delete(),
    ),
]
