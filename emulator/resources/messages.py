"""Messages: send (with Twilio's checks and magic numbers), fetch, list, update (redact,
cancel), delete.

A message is ``queued`` when accepted, then ``sending`` after 1 s, ``sent`` after 2 s and
``delivered`` after 3 s. Through a Messaging Service it is ``accepted`` first, one second
before ``queued``; a scheduled one is ``scheduled`` until its SendAt, and its life cycle starts
then. Two emulator-only test numbers show failures after acceptance: To +15005550010 ends
``undelivered`` (30003) and To +15005550011 ends ``failed`` (30008).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from emulator import errors, outbox, sending
from emulator.clock import Timeline
from emulator.errors import bad_request
from emulator.pacing import PACING, Pacing
from emulator.paging import Filter, list_account_rows, pure
from emulator.refusals import Refusals
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, get, insert, update
from emulator.wire import API_VERSION, new_sid, rfc2822

routes = Routes()

REFUSALS = Refusals(
    texts={
        errors.INVALID_FROM: "The 'From' number {number} is not a valid phone number, shortcode, "
        "or alphanumeric sender ID.",
        errors.FROM_NOT_OWNED: "The 'From' phone number provided ({number}) is not a valid "
        "message-capable Twilio phone number for this destination.",
        errors.QUEUE_FULL: "This 'From' number has exceeded the maximum number of queued messages.",
        errors.INVALID_TO: "The 'To' number {number} is not a valid phone number.",
        errors.CANNOT_ROUTE: "The 'To' phone number: {number}, is not currently reachable using "
        "the 'From' phone number via SMS.",
        errors.MESSAGE_REGION_PERMISSION: "Permission to send an SMS has not been enabled for the "
        "region indicated by the 'To' number: {number}.",
        errors.UNSUBSCRIBED: "Attempt to send to unsubscribed recipient",
        errors.NOT_MOBILE: "'To' number is not a valid mobile number",
    },
    magic_from={
        "+15005550001": errors.INVALID_FROM,
        "+15005550007": errors.FROM_NOT_OWNED,
        "+15005550008": errors.QUEUE_FULL,
    },
    magic_to={
        "+15005550001": errors.INVALID_TO,
        "+15005550002": errors.CANNOT_ROUTE,
        "+15005550003": errors.MESSAGE_REGION_PERMISSION,
        "+15005550004": errors.UNSUBSCRIBED,
        "+15005550009": errors.NOT_MOBILE,
    },
    invalid_to=errors.INVALID_TO,
    not_sender=errors.FROM_NOT_OWNED,
    caller_ids=False,
)
"""A message's From and To must be E.164, and its From a number the account owns (a verified
caller id may place calls, not send messages)."""
TIMELINES = {
    "delivered": Timeline(((0, "queued"), (1, "sending"), (2, "sent"), (3, "delivered"))),
    "undelivered": Timeline(((0, "queued"), (1, "sending"), (2, "sent"), (3, "undelivered"))),
    "failed": Timeline(((0, "queued"), (1, "sending"), (2, "failed"))),
}
"""A message is queued, then one step per second: sending, sent, then its outcome."""
SERVICE_TIMELINES = {
    outcome: Timeline(((0, "accepted"), *((at + 1, status) for at, status in timeline.steps)))
    for outcome, timeline in TIMELINES.items()
}
"""Through a Messaging Service, a message is accepted a second before it is queued."""
FAILING_AFTER_ACCEPTANCE = {
    "+15005550010": ("undelivered", 30003, "Unreachable destination handset"),
    "+15005550011": ("failed", 30008, "Unknown error"),
}
MAX_BODY = 1600
PRICED = ("sent", "delivered", "undelivered")
FAILED = ("failed", "undelivered")
IN_FLIGHT = ("accepted", "scheduled", "queued", "sending")
"""Statuses of a message Twilio is still working on: it can be neither redacted nor deleted."""


@pure
def render(row: Row) -> dict[str, Any]:
    """A Message as Twilio sends it."""
    uri = f"/2010-04-01/Accounts/{row['account_sid']}/Messages/{row['sid']}"
    status = row["status"]
    return {
        "body": row["body"],
        "num_segments": str(row["num_segments"]),
        "direction": row["direction"],
        "from": row["from_number"],
        "to": row["to_number"],
        "date_updated": rfc2822(row["date_updated"]),
        "price": f"-{0.0079 * row['num_segments']:.5f}" if status in PRICED else None,
        "error_message": row["error_message"] if status in FAILED else None,
        "uri": uri + ".json",
        "account_sid": row["account_sid"],
        "num_media": str(row["num_media"]),
        "status": status,
        "messaging_service_sid": row["messaging_service_sid"],
        "sid": row["sid"],
        "date_sent": rfc2822(row["date_sent"]),
        "date_created": rfc2822(row["date_created"]),
        "error_code": row["error_code"] if status in FAILED else None,
        "price_unit": "USD",
        "api_version": API_VERSION,
        "subresource_uris": {"media": uri + "/Media.json", "feedback": uri + "/Feedback.json"},
    }


def segments(body: str) -> int:
    """How many SMS segments `body` needs (GSM-7 for ASCII, UCS-2 otherwise)."""
    single, multi = (160, 153) if body.isascii() else (70, 67)
    return 1 if len(body) <= single else math.ceil(len(body) / multi)


def status_callback(db: Db, message: Row) -> str | None:
    """Where the message's status changes are posted: its StatusCallback, else its Messaging
    Service's, else its application's MessageStatusCallback."""
    if message["status_callback"]:
        return str(message["status_callback"])
    if message["messaging_service_sid"]:
        service = get(db, "messaging_services", message["messaging_service_sid"])
        if service is not None and service["status_callback"]:
            return str(service["status_callback"])
    if message["application_sid"]:
        application = get(db, "applications", message["application_sid"])
        if application is not None and application["message_status_callback"]:
            return str(application["message_status_callback"])
    return None


def notify(db: Db, message: Row, url: str, status: str, at: float) -> None:
    """Put the status callback of `message` reaching `status` in the outbox."""
    params = [
        ("MessageSid", message["sid"]),
        ("SmsSid", message["sid"]),
        ("AccountSid", message["account_sid"]),
        ("From", message["from_number"] or ""),
        ("To", message["to_number"]),
        ("MessageStatus", status),
        ("SmsStatus", status),
        ("ApiVersion", API_VERSION),
    ]
    if message["messaging_service_sid"]:
        params.append(("MessagingServiceSid", message["messaging_service_sid"]))
    if status in FAILED and message["error_code"] is not None:
        params.append(("ErrorCode", str(message["error_code"])))
    outbox.enqueue(
        db,
        account_sid=message["account_sid"],
        source="message-status",
        resource_sid=message["sid"],
        url=url,
        method="POST",
        params=params,
        now=at,
    )


def started_at(message: Row) -> float:
    """When a message's life cycle starts: its scheduled time, else when it leaves its sender's
    queue (``--sender-mps``), else when it was created."""
    started: float = message["send_at"] or message["leaves_queue"] or message["date_created"]
    return started


@routes.settle
def settle(db: Db, now: float) -> None:
    """Move every message whose next status is due to where its life cycle is at `now`, and
    post each status it passes to its status callback (Twilio posts none for the first)."""
    due = db.execute("SELECT * FROM messages WHERE next_change <= ?", (now,)).fetchall()
    for message in due:
        started = started_at(message)
        timeline = timeline_of(message)
        before = 0 if message["status"] == "scheduled" else timeline.index_of(message["status"])
        index = timeline.position(started, now)
        statuses = [status for _, status in timeline.steps]
        sent = statuses.index("sent") if "sent" in statuses else len(statuses)
        update(
            db,
            "messages",
            message["sid"],
            {
                "status": timeline.status(index),
                "date_updated": timeline.reached(started, index),
                "date_sent": timeline.reached(started, sent) if index >= sent else None,
                "next_change": timeline.next_change(started, index),
            },
        )
        url = status_callback(db, message)
        if url is not None:
            for step in range(before + 1, index + 1):
                notify(db, message, url, timeline.status(step), timeline.reached(started, step))


routes.due("SELECT min(next_change) FROM messages WHERE next_change IS NOT NULL")


def timeline_of(message: Row) -> Timeline:
    """The life cycle of `message`: through a Messaging Service or not, to its outcome."""
    timelines = SERVICE_TIMELINES if message["messaging_service_sid"] else TIMELINES
    return timelines[message["outcome"]]


def insert_message(db: Db, values: dict[str, Any], media: Iterable[str] = ()) -> str:
    """Store a message (`values` by column; defaults for the rest) and its `media` (URLs);
    its SID (``MM...`` when it has media)."""
    urls = list(media)
    sid = values.get("sid") or new_sid("MM" if urls else "SM")
    body = values.get("body") or ""
    insert(
        db,
        "messages",
        {
            "num_segments": segments(body),
            "direction": "outbound-api",
            "num_media": len(urls),
            **values,
            "sid": sid,
        },
    )
    for url in urls:
        insert(
            db,
            "message_media",
            {
                "sid": new_sid("ME"),
                "account_sid": values["account_sid"],
                "parent_sid": sid,
                "url": url,
                "content_type": sending.content_type(url),
                "date_created": values["date_created"],
                "date_updated": values["date_created"],
            },
        )
    return sid


@routes.post("/Messages.json", status=201)
def send_message(ctx: Ctx) -> dict[str, Any]:
    """Send a message: checked like Twilio, then queued (accepted, through a Messaging Service;
    scheduled, with ScheduleType)."""
    form = ctx.form
    to = form.require("To", errors.TO_REQUIRED_MESSAGE, "A 'To' phone number is required.")
    service_sid = form.text("MessagingServiceSid") or None
    sender = form.text("From") or None
    if sender is None and service_sid is None:
        raise bad_request(
            errors.FROM_REQUIRED_MESSAGE,
            "A 'From' phone number or a 'MessagingServiceSid' is required.",
        )
    media = ctx.request.form.getlist("MediaUrl")
    sending.check_media_urls(media)
    body = form.text("Body") or ""
    content_sid = form.text("ContentSid")
    if content_sid:
        template = sending.rendered_content(
            ctx.db, ctx.account_sid, content_sid, form.text("ContentVariables")
        )
        body, media = body or template.body, media or template.media
    if not body and not media:
        raise bad_request(errors.BODY_REQUIRED, "Message body is required.")
    if len(body) > MAX_BODY:
        raise bad_request(
            errors.BODY_TOO_LONG,
            f"The concatenated message body exceeds the {MAX_BODY} character limit.",
        )
    send_at = sending.send_time(form, ctx.now)
    if service_sid is not None:
        sender = sending.service_sender(ctx.db, ctx.account_sid, service_sid, to, sender)
    assert sender is not None  # given, or picked by the service
    sending.check_channel_pair(sender, to)
    if sending.channel(to) is None:
        REFUSALS.check(ctx.db, ctx.account_sid, sender, to)
    callback = form.url("StatusCallback", errors.INVALID_STATUS_CALLBACK)
    outcome, code, message = FAILING_AFTER_ACCEPTANCE.get(to, ("delivered", None, None))
    timelines = SERVICE_TIMELINES if service_sid else TIMELINES
    pacing: Pacing = ctx.request.environ[PACING]
    leaves = send_at if send_at is not None else pacing.leaves(sender, ctx.now)
    sid = insert_message(
        ctx.db,
        {
            "account_sid": ctx.account_sid,
            "from_number": sender,
            "to_number": to,
            "body": body,
            "status": "scheduled" if send_at is not None else timelines[outcome].status(0),
            "outcome": outcome,
            "error_code": code,
            "error_message": message,
            "status_callback": callback,
            "application_sid": form.text("ApplicationSid"),
            "messaging_service_sid": service_sid,
            "send_at": send_at,
            "leaves_queue": leaves if send_at is None and leaves > ctx.now else None,
            "date_created": ctx.now,
            "date_updated": ctx.now,
            "next_change": send_at or timelines[outcome].next_change(leaves, 0),
        },
        media,
    )
    pacing.accepted(sender, sid, leaves)
    return render(ctx.fetch("messages", sid))


@routes.get("/Messages/<sid>.json")
def fetch_message(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One message, with its status as of now."""
    return render(ctx.fetch("messages", sid))


@routes.get("/Messages.json")
def list_messages(ctx: Ctx) -> dict[str, Any]:
    """The account's messages, filtered by To, From and DateSent (also `<`/`>`)."""
    return list_account_rows(
        ctx,
        "messages",
        render,
        (
            Filter("To", "to_number"),
            Filter("From", "from_number"),
            Filter("DateSent", "date_sent", "datetime"),
        ),
    )


@routes.post("/Messages/<sid>.json")
def update_message(ctx: Ctx, sid: str) -> dict[str, Any]:
    """Redact a message's body (``Body`` empty, once it is no longer in flight) or cancel a
    scheduled message (``Status=canceled``): one or the other."""
    message = ctx.fetch("messages", sid)
    form = ctx.form
    body, status = form.text("Body"), form.text("Status")
    if (body is None) == (status is None):
        raise bad_request(
            errors.MESSAGE_UPDATE_INVALID,
            "Give either an empty Body (to redact the message) or Status=canceled, not both.",
        )
    if status is not None:
        return render(cancel(ctx, message, status))
    if body != "":
        raise bad_request(
            errors.MESSAGE_UPDATE_INVALID, "A message's Body can only be redacted: give it empty."
        )
    if message["status"] in IN_FLIGHT:
        raise bad_request(
            errors.MESSAGE_UPDATE_INVALID,
            f"Message {sid} is still {message['status']}: only a message that is no longer in "
            "flight can be redacted.",
        )
    update(ctx.db, "messages", sid, {"body": "", "date_updated": ctx.now})
    return render(ctx.fetch("messages", sid))


def cancel(ctx: Ctx, message: Row, status: str) -> Row:
    """Cancel a scheduled message (30409 for any other), posting ``canceled`` to its status
    callback; the message as it is now."""
    if status != "canceled":
        raise bad_request(
            errors.MESSAGE_UPDATE_INVALID, f"Status must be canceled, not {status!r}."
        )
    if message["status"] != "scheduled":
        raise bad_request(
            errors.MESSAGE_NOT_CANCELABLE,
            f"Message {message['sid']} cannot be canceled: it is {message['status']}, "
            "and only a scheduled message can be.",
        )
    update(
        ctx.db,
        "messages",
        message["sid"],
        {"status": "canceled", "date_updated": ctx.now, "next_change": None},
    )
    url = status_callback(ctx.db, message)
    if url is not None:
        notify(ctx.db, message, url, "canceled", ctx.now)
    return ctx.fetch("messages", message["sid"])


@routes.delete("/Messages/<sid>.json")
def delete_message(ctx: Ctx, sid: str) -> None:
    """Delete a message and its media and feedback, once it is no longer in flight (20009)."""
    message = ctx.fetch("messages", sid)
    if message["status"] in IN_FLIGHT:
        raise bad_request(
            errors.NOT_COMPLETE,
            f"Cannot delete message {sid} before it is complete: it is {message['status']}.",
        )
    ctx.db.execute("DELETE FROM message_media WHERE parent_sid = ?", (sid,))
    ctx.db.execute("DELETE FROM message_feedback WHERE message_sid = ?", (sid,))
    ctx.delete("messages", sid)
