"""What Twilio works out before it accepts an outgoing message: the channel of its addresses,
the sender a Messaging Service picks from its pool, the schedule, and the body and media of a
content template.

Messaging Services (``messaging_services``, ``messaging_service_phone_numbers``) and content
templates (``contents``) are their own resources; this module only reads them.
"""

from __future__ import annotations

import json
import mimetypes
import re
from dataclasses import dataclass, field

from emulator import errors
from emulator.errors import bad_request
from emulator.resources import content, messaging_services
from emulator.store import Db
from emulator.wire import Params, is_e164, is_url, parse_instant

__all__ = [
    "MAX_LEAD",
    "MAX_MEDIA",
    "MIN_LEAD",
    "WHATSAPP_SANDBOX",
    "Content",
    "channel",
    "check_channel_pair",
    "check_media_urls",
    "content_type",
    "rendered_content",
    "send_time",
    "service_sender",
]

#: The WhatsApp sandbox sender: a WhatsApp-enabled From for every account.
WHATSAPP_SANDBOX = "+14155238886"
#: A scheduled message's SendAt: at least 15 minutes ahead ...
MIN_LEAD = 15 * 60
#: ... and at most 35 days.
MAX_LEAD = 35 * 24 * 3600
#: The most media one message may carry.
MAX_MEDIA = 10
_CHANNEL = re.compile(r"^([a-z]+):(.+)$", re.IGNORECASE)


def channel(address: str) -> str | None:
    """The channel of a channel address (``whatsapp`` for ``whatsapp:+14155550100``), or None
    for a phone number, short code or alphanumeric sender ID."""
    match = _CHANNEL.match(address)
    return match.group(1).lower() if match else None


def check_channel_pair(sender: str, to: str) -> None:
    """Refuse a From and To Twilio would not pair: the same address (21266), two channels
    (21910), a channel sender the account has none of (63007; the WhatsApp sandbox sender works
    for every account), a WhatsApp address that is not a phone number (21211)."""
    if sender == to:
        raise bad_request(errors.TO_EQUALS_FROM, "'To' and 'From' number cannot be the same.")
    ours, theirs = channel(sender), channel(to)
    if ours is None and theirs is None:
        return
    if ours != theirs:
        raise bad_request(
            errors.CHANNEL_PAIR_INVALID,
            "Invalid From and To pair. From and To should be of the same channel.",
        )
    if theirs == "whatsapp" and not is_e164(to.partition(":")[2]):
        raise bad_request(errors.INVALID_TO, f"The 'To' number {to} is not a valid phone number.")
    if sender != f"whatsapp:{WHATSAPP_SANDBOX}":
        raise bad_request(
            errors.CHANNEL_SENDER_NOT_FOUND,
            f"Twilio could not find a Channel with the specified From address: {sender}",
        )


def service_sender(
    db: Db, account_sid: str, service_sid: str, to: str, given: str | None = None
) -> str:
    """The sender of a message through the account's Messaging Service `service_sid`: the
    `given` From, else the one the service picks for `to`: the oldest number of its pool (the
    WhatsApp sandbox sender for a WhatsApp address)."""
    if messaging_services.service(db, account_sid, service_sid) is None:
        raise bad_request(
            errors.SERVICE_NOT_FOUND, f"The Messaging Service {service_sid} does not exist."
        )
    if given:
        return given
    if channel(to) == "whatsapp":
        return f"whatsapp:{WHATSAPP_SANDBOX}"
    numbers = messaging_services.pool(db, service_sid)
    if not numbers:
        raise bad_request(
            errors.SERVICE_HAS_NO_NUMBERS,
            f"The Messaging Service {service_sid} contains no phone numbers.",
        )
    return numbers[0]


def send_time(form: Params, now: float) -> float | None:
    """When a scheduled message is to be sent (``ScheduleType=fixed`` with ``SendAt``, through a
    Messaging Service, 15 minutes to 35 days ahead), or None for a message sent now."""
    schedule = form.choice("ScheduleType", ("fixed",))
    if schedule is None:
        return None
    send_at = form.text("SendAt")
    if not send_at:
        raise bad_request(
            errors.SEND_AT_MISSING, "SendAt timestamp is missing: it is required with ScheduleType."
        )
    if not form.text("MessagingServiceSid"):
        raise bad_request(
            errors.SCHEDULE_NEEDS_SERVICE, "MessagingServiceSid is required to schedule a message."
        )
    try:
        moment = parse_instant(send_at.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or not now + MIN_LEAD <= moment <= now + MAX_LEAD:
        raise bad_request(
            errors.SEND_AT_OUT_OF_WINDOW,
            f"Scheduling does not support this timestamp: {send_at}. SendAt must be an ISO 8601 "
            "time 15 minutes to 35 days from now.",
        )
    return moment


@dataclass(frozen=True)
class Content:
    """A content template rendered for one message: its text and media."""

    body: str
    media: list[str] = field(default_factory=list)


def rendered_content(db: Db, account_sid: str, content_sid: str, variables: str | None) -> Content:
    """The account's template `content_sid` with its ``{{name}}`` placeholders filled from
    `variables` (JSON text), else from the template's own defaults."""
    row = content.template(db, account_sid, content_sid)
    if row is None:
        raise bad_request(errors.CONTENT_SID_INVALID, f"The ContentSid {content_sid} is invalid.")
    try:
        given = json.loads(variables) if variables else {}
    except ValueError:
        given = None
    if not isinstance(given, dict):
        raise bad_request(
            errors.CONTENT_VARIABLES_INVALID,
            "The ContentVariables parameter is invalid: it must be a JSON object.",
        )
    body = content.render_body(
        json.loads(row["types"]), given, defaults=json.loads(row["variables"])
    )
    return Content(body, content.media(db, account_sid, content_sid))


def content_type(url: str) -> str:
    """The media type of the file a URL names, guessed from its name."""
    return mimetypes.guess_type(url.split("?", 1)[0])[0] or "application/octet-stream"


def check_media_urls(urls: list[str]) -> None:
    """Refuse MediaUrl values as Twilio does: more than 10 (21623), or one that is not an
    absolute http(s) URL (21620)."""
    if len(urls) > MAX_MEDIA:
        raise bad_request(errors.TOO_MANY_MEDIA, "Too many media URLs: at most 10 are allowed.")
    for url in urls:
        if not is_url(url):
            raise bad_request(errors.INVALID_MEDIA_URL, f"Invalid media URL(s): {url}")
