"""Typed views of Twilio resources (pydantic), for those who want them.

Results are plain JSON data by default, so they pass between flows, platforms and processes
unchanged. Where typed access helps, validate a result into its model::

    msg = Message.model_validate(twilio.invoke("send-sms-message", {...}))
    msg.date_created  # a datetime, parsed from Twilio's RFC 2822 text

Models name the fields most programs use and keep every other field Twilio sends
(``extra="allow"``). :func:`model_for` gives the model of an operation's records.
"""

from __future__ import annotations

import email.utils
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

__all__ = [
    "Account",
    "Application",
    "AvailablePhoneNumber",
    "Call",
    "Conference",
    "IncomingPhoneNumber",
    "Message",
    "Notification",
    "OutgoingCallerId",
    "Participant",
    "Recording",
    "Transcription",
    "TwilioResource",
    "ValidationRequest",
    "model_for",
]


def _rfc2822(value: Any) -> Any:
    """Twilio's dates ("Tue, 31 Jan 2024 12:00:00 +0000") as datetimes."""
    if isinstance(value, str) and value and not value[:4].isdigit():
        return email.utils.parsedate_to_datetime(value)
    return value


Timestamp = Annotated[datetime | None, BeforeValidator(_rfc2822)]


class TwilioResource(BaseModel):
    """Base of the resource models: unknown fields are kept, names are Twilio's."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=True)

    sid: str | None = None
    account_sid: str | None = None
    uri: str | None = None
    date_created: Timestamp = None
    date_updated: Timestamp = None


class Account(TwilioResource):
    """An account or subaccount."""

    friendly_name: str | None = None
    status: str | None = None
    type: str | None = None
    owner_account_sid: str | None = None


class Message(TwilioResource):
    """A message (SMS or MMS)."""

    from_: str | None = Field(None, alias="from")
    to: str | None = None
    body: str | None = None
    status: str | None = None
    direction: str | None = None
    num_segments: str | None = None
    error_code: int | None = None
    error_message: str | None = None
    date_sent: Timestamp = None


class Call(TwilioResource):
    """A voice call."""

    from_: str | None = Field(None, alias="from")
    to: str | None = None
    status: str | None = None
    direction: str | None = None
    duration: str | None = None
    start_time: Timestamp = None
    end_time: Timestamp = None
    parent_call_sid: str | None = None


class IncomingPhoneNumber(TwilioResource):
    """A phone number the account owns."""

    phone_number: str | None = None
    friendly_name: str | None = None
    voice_url: str | None = None
    voice_method: str | None = None
    sms_url: str | None = None
    sms_method: str | None = None
    voice_application_sid: str | None = None
    sms_application_sid: str | None = None
    capabilities: dict[str, Any] | None = None


class AvailablePhoneNumber(BaseModel):
    """A number available to buy."""

    model_config = ConfigDict(extra="allow", frozen=True)

    phone_number: str
    friendly_name: str | None = None
    region: str | None = None
    postal_code: str | None = None
    iso_country: str | None = None
    lata: str | None = None
    rate_center: str | None = None
    capabilities: dict[str, Any] | None = None


class Application(TwilioResource):
    """A TwiML application."""

    friendly_name: str | None = None
    voice_url: str | None = None
    voice_method: str | None = None
    sms_url: str | None = None
    sms_method: str | None = None
    status_callback: str | None = None


class OutgoingCallerId(TwilioResource):
    """A verified caller id."""

    friendly_name: str | None = None
    phone_number: str | None = None


class ValidationRequest(BaseModel):
    """The answer to add-new-caller-id: the code the callee must enter."""

    model_config = ConfigDict(extra="allow", frozen=True)

    account_sid: str | None = None
    call_sid: str | None = None
    friendly_name: str | None = None
    phone_number: str | None = None
    validation_code: str | None = None


class Conference(TwilioResource):
    """A conference."""

    friendly_name: str | None = None
    status: str | None = None


class Participant(BaseModel):
    """A participant of a conference."""

    model_config = ConfigDict(extra="allow", frozen=True)

    account_sid: str | None = None
    call_sid: str | None = None
    conference_sid: str | None = None
    muted: bool | None = None
    hold: bool | None = None
    status: str | None = None
    uri: str | None = None
    date_created: Timestamp = None
    date_updated: Timestamp = None


class Recording(TwilioResource):
    """A call recording's metadata."""

    call_sid: str | None = None
    duration: str | None = None
    status: str | None = None
    channels: int | None = None
    start_time: Timestamp = None


class Transcription(TwilioResource):
    """A transcription of a recording."""

    recording_sid: str | None = None
    status: str | None = None
    transcription_text: str | None = None
    duration: str | None = None


class Notification(TwilioResource):
    """A notification: an entry of the account's error and warning log."""

    call_sid: str | None = None
    error_code: str | None = None
    log: str | None = None
    message_text: str | None = None
    more_info: str | None = None
    message_date: Timestamp = None


_BY_RESOURCE: dict[str, type[BaseModel]] = {
    "Accounts": Account,
    "Messages": Message,
    "Calls": Call,
    "IncomingPhoneNumbers": IncomingPhoneNumber,
    "Local": AvailablePhoneNumber,
    "TollFree": AvailablePhoneNumber,
    "Applications": Application,
    "OutgoingCallerIds": OutgoingCallerId,
    "Conferences": Conference,
    "Participants": Participant,
    "Recordings": Recording,
    "Transcriptions": Transcription,
    "Notifications": Notification,
}


def model_for(path: str, method: str = "GET") -> type[BaseModel] | None:
    """The model of the records an operation with this path returns (``None`` if none)."""
    if method == "POST" and path.endswith("/OutgoingCallerIds.json"):
        return ValidationRequest
    segments = [s for s in path.split("/") if s and not s.startswith("{")]
    resource = segments[-1].removesuffix(".json") if segments else ""
    return _BY_RESOURCE.get(resource)
