"""Request shapes of the content-template operations (content.twilio.com/v1): create sends a
JSON body, as Twilio's Content API takes it."""

from __future__ import annotations

from tests.operations.shapes import Row, sid

HX = sid("HX")
IMAGE = "https://example.com/a.png"

ROWS: dict[str, Row] = {
    "create-content-template": Row(
        {
            "friendlyName": "greeting",
            "language": "en",
            "variables": {"1": "Customer"},
            "types": {"twilio/text": {"body": "Hi {{1}}"}},
        },
        "POST",
        "/v1/Content",
        json={
            "friendly_name": "greeting",
            "language": "en",
            "variables": {"1": "Customer"},
            "types": {"twilio/text": {"body": "Hi {{1}}"}},
        },
    ),
    "get-content-template": Row({"contentSid": HX}, "GET", f"/v1/Content/{HX}"),
    "get-content-templates": Row(
        {"pageSize": 10}, "GET", "/v1/Content", query=[("PageSize", "10")]
    ),
    "delete-content-template": Row({"contentSid": HX}, "DELETE", f"/v1/Content/{HX}"),
}

VARIANTS: list[tuple[str, Row]] = [
    (  # media, as flows give values: text everywhere, converted where the shape says
        "create-content-template",
        Row(
            {
                "language": "es",
                "types": {"twilio/media": {"body": "Mira", "media": [IMAGE]}},
                "variables": {1: 5},
            },
            "POST",
            "/v1/Content",
            json={
                "language": "es",
                "variables": {"1": "5"},
                "types": {"twilio/media": {"body": "Mira", "media": [IMAGE]}},
            },
        ),
    ),
    (  # quick replies, and the whole types object given as JSON text (the command line)
        "create-content-template",
        Row(
            {
                "language": "en",
                "types": '{"twilio/quick-reply": {"body": "Come?", '
                '"actions": [{"title": "Yes", "id": "y"}, {"title": "No", "id": "n"}]}}',
            },
            "POST",
            "/v1/Content",
            json={
                "language": "en",
                "types": {
                    "twilio/quick-reply": {
                        "body": "Come?",
                        "actions": [{"title": "Yes", "id": "y"}, {"title": "No", "id": "n"}],
                    }
                },
            },
        ),
    ),
    (  # a location pin, its coordinates written as text
        "create-content-template",
        Row(
            {
                "language": "en",
                "types": {"twilio/location": {"latitude": "37.78", "longitude": "-122.4"}},
            },
            "POST",
            "/v1/Content",
            json={
                "language": "en",
                "types": {"twilio/location": {"latitude": 37.78, "longitude": -122.4}},
            },
        ),
    ),
]
