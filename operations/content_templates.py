"""Content templates (content.twilio.com/v1): rich messages with variables, sent by
``contentSid`` and ``contentVariables``. Twilio's Content API takes a JSON body for create."""

from __future__ import annotations

from typing import Any

from operations.base import Operation
from operations.params import document, sid, text

CONTENT = sid("contentSid", "HX", description="The content template's SID (HX...).")

_TEXT: dict[str, Any] = {"type": "string"}
_URL: dict[str, Any] = {"type": "string", "pattern": r"^https?://\S+$"}


def _kind(properties: dict[str, Any], *required: str, description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _actions(types: tuple[str, ...], *required: str, **fields: dict[str, Any]) -> dict[str, Any]:
    item = _kind(
        {"type": {"type": "string", "enum": list(types)}, **fields},
        *required,
        description="One action (button).",
    )
    return {"type": "array", "items": item, "minItems": 1}


#: Every content type Twilio's Content API names (its ``types`` schema).
TYPE_NAMES = (
    "twilio/text",
    "twilio/media",
    "twilio/location",
    "twilio/list-picker",
    "twilio/call-to-action",
    "twilio/quick-reply",
    "twilio/card",
    "twilio/catalog",
    "twilio/carousel",
    "twilio/flows",
    "twilio/schedule",
    "whatsapp/card",
    "whatsapp/authentication",
    "whatsapp/flows",
)

#: The shape of ``types``, from Twilio's OpenAPI file (twilio_content_v1.json): the common
#: types in full, the others as objects for Twilio to check.
TYPES: dict[str, Any] = {
    "type": "object",
    "minProperties": 1,
    "propertyNames": {"enum": list(TYPE_NAMES)},
    "properties": {
        "twilio/text": _kind({"body": _TEXT}, "body", description="Plain text."),
        "twilio/media": _kind(
            {"body": _TEXT, "media": {"type": "array", "items": _URL, "minItems": 1}},
            "media",
            description="File attachments (media URLs), with optional text.",
        ),
        "twilio/quick-reply": _kind(
            {
                "body": _TEXT,
                "actions": _actions(("QUICK_REPLY",), "title", title=_TEXT, id=_TEXT),
            },
            "body",
            "actions",
            description="Text with buttons the recipient taps to answer.",
        ),
        "twilio/call-to-action": _kind(
            {
                "body": _TEXT,
                "actions": _actions(
                    (
                        "URL",
                        "PHONE_NUMBER",
                        "COPY_CODE",
                        "VOICE_CALL",
                        "VOICE_CALL_REQUEST",
                        "REQUEST_CONTACT_INFO",
                    ),
                    "type",
                    title=_TEXT,
                    url=_TEXT,
                    phone=_TEXT,
                    code=_TEXT,
                    id=_TEXT,
                ),
            },
            "body",
            "actions",
            description="Text with buttons that open a URL, call a number, ...",
        ),
        "twilio/location": _kind(
            {
                "latitude": {"type": "number"},
                "longitude": {"type": "number"},
                "label": _TEXT,
                "id": _TEXT,
                "address": _TEXT,
            },
            "latitude",
            "longitude",
            description="A location pin with an optional label.",
        ),
    },
    "additionalProperties": {"type": "object"},
}

#: Variable names and their default (sample) values: text.
VARIABLES: dict[str, Any] = {
    "type": "object",
    "additionalProperties": {"type": "string"},
}


class CreateContentTemplate(Operation, name="create-content-template"):
    """Create a content template (text, media, quick-reply, call-to-action, location, ...)."""

    domain = "content"
    method = "POST"
    path = "/v1/Content"
    success = 201
    params = (
        text(
            "friendlyName",
            "friendly_name",
            location="json",
            description="A name for the template; recipients do not see it.",
        ),
        text(
            "language",
            "language",
            location="json",
            required=True,
            description="The template's language code (ISO 639-1, e.g. en).",
        ),
        document(
            "variables",
            "variables",
            VARIABLES,
            description='Default (sample) values of the template\'s placeholders, e.g. {"1": "Customer_Name"}.',
        ),
        document(
            "types",
            "types",
            TYPES,
            required=True,
            description='The content by type, e.g. {"twilio/text": {"body": "Hi {{1}}"}}.',
        ),
    )


class GetContentTemplate(Operation, name="get-content-template"):
    """Fetch a content template."""

    domain = "content"
    method = "GET"
    path = "/v1/Content/{Sid}"
    params = (CONTENT,)


class GetContentTemplates(Operation, name="get-content-templates"):
    """List the account's content templates, newest first."""

    domain = "content"
    method = "GET"
    path = "/v1/Content"
    list_key = "contents"


class DeleteContentTemplate(Operation, name="delete-content-template"):
    """Delete a content template."""

    domain = "content"
    method = "DELETE"
    path = "/v1/Content/{Sid}"
    success = 204
    params = (CONTENT,)
