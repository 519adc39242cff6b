"""The media of an MMS message (``Messages/{MessageSid}/Media``)."""

from __future__ import annotations

from operations.base import Operation
from operations.messages import message_sid
from operations.params import account_sid, date_filter, representation, sid

FAMILY = "messages"
MEDIA_PATH = "/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json"


class GetMessageMediaList(Operation, name="get-message-media-list"):
    """List a message's media, newest first, filtered by creation date."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media.json"
    list_key = "media_list"
    params = (
        account_sid(),
        message_sid("messageSid", "MessageSid"),
        date_filter(
            "dateCreated",
            "DateCreated",
            description="Only media created on this date, given as YYYY-MM-DD.",
        ),
    )


class GetMessageMedia(Operation, name="get-message-media"):
    """Fetch one media item of a message: its content type and URI, or its content."""

    method = "GET"
    path = MEDIA_PATH
    params = (
        account_sid(),
        message_sid("messageSid", "MessageSid"),
        sid("mediaSid", "ME", description="The media's SID (ME...)."),
        representation(
            "mediaFormat",
            {"JSON": ".json", "CONTENT": ""},
            description="JSON (the media's record, the default) or CONTENT (the media itself, as bytes).",
        ),
    )


class DeleteMessageMedia(Operation, name="delete-message-media"):
    """Delete one media item of a message."""

    method = "DELETE"
    path = MEDIA_PATH
    success = 204
    params = (
        account_sid(),
        message_sid("messageSid", "MessageSid"),
        sid("mediaSid", "ME", description="The media's SID (ME...)."),
    )
