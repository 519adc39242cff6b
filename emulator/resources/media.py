"""A message's Media (list, fetch, delete, and the content itself) and its Feedback.

A media item keeps the URL it was sent with and never fetches it: its content, served at the
media's URI without ``.json``, is a small placeholder of the type its URL's name suggests (a
1x1 PNG, GIF or JPEG image, else a line of text).
"""

from __future__ import annotations

import base64
from typing import Any

from werkzeug.wrappers import Response

from emulator.paging import Filter, conditions, list_rows
from emulator.routing import Ctx, Routes
from emulator.store import Row, get, insert, update
from emulator.wire import rfc2822

routes = Routes()

PLACEHOLDERS = {
    "image/png": base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    ),
    "image/gif": base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"),
    "image/jpeg": base64.b64decode(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwc"
        "KDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAA"
        "AAAAAAAAAAD/2gAIAQEAAD8AKp//2Q=="
    ),
}
"""The content served for media of these types; any other type gets a line of text."""
OUTCOMES = ("confirmed", "unconfirmed")


def render(row: Row) -> dict[str, Any]:
    """A Media resource as Twilio sends it."""
    return {
        "account_sid": row["account_sid"],
        "content_type": row["content_type"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "parent_sid": row["parent_sid"],
        "sid": row["sid"],
        "uri": f"{_path(row)}.json",
    }


def _path(row: Row) -> str:
    return (
        f"/2010-04-01/Accounts/{row['account_sid']}/Messages/{row['parent_sid']}/Media/{row['sid']}"
    )


def content(row: Row) -> bytes:
    """The placeholder content of a media item."""
    found = PLACEHOLDERS.get(row["content_type"])
    if found is not None:
        return found
    return f"Media {row['sid']} ({row['content_type']}) from {row['url']}\n".encode()


def _media(ctx: Ctx, message_sid: str, sid: str) -> Row:
    ctx.fetch("messages", message_sid)
    row = ctx.fetch("message_media", sid)
    if row["parent_sid"] != message_sid:
        raise ctx.not_found()
    return row


@routes.get("/Messages/<message_sid>/Media.json")
def list_media(ctx: Ctx, message_sid: str) -> dict[str, Any]:
    """A message's media, newest first, filtered by DateCreated (also `<`/`>`)."""
    ctx.fetch("messages", message_sid)
    where, args = conditions(ctx.query, (Filter("DateCreated", "date_created", "datetime"),))
    return list_rows(
        ctx,
        table="message_media",
        list_key="media_list",
        render=render,
        where=["account_sid = ?", "parent_sid = ?", *where],
        args=[ctx.account_sid, message_sid, *args],
    )


@routes.get("/Messages/<message_sid>/Media/<sid>.json")
def fetch_media(ctx: Ctx, message_sid: str, sid: str) -> dict[str, Any]:
    """One media item of a message."""
    return render(_media(ctx, message_sid, sid))


@routes.get("/Messages/<message_sid>/Media/<sid>")
def fetch_media_content(ctx: Ctx, message_sid: str, sid: str) -> Response:
    """A media item's content, with its content type."""
    row = _media(ctx, message_sid, sid)
    return Response(content(row), content_type=row["content_type"])


@routes.delete("/Messages/<message_sid>/Media/<sid>.json")
def delete_media(ctx: Ctx, message_sid: str, sid: str) -> None:
    """Delete one media item of a message."""
    _media(ctx, message_sid, sid)
    ctx.delete("message_media", sid)


def render_feedback(row: Row) -> dict[str, Any]:
    """A MessageFeedback resource as Twilio sends it."""
    return {
        "account_sid": row["account_sid"],
        "message_sid": row["message_sid"],
        "outcome": row["outcome"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "uri": f"/2010-04-01/Accounts/{row['account_sid']}/Messages/{row['message_sid']}"
        "/Feedback.json",
    }


@routes.post("/Messages/<message_sid>/Feedback.json")
def create_feedback(ctx: Ctx, message_sid: str) -> dict[str, Any]:
    """Record whether the recipient acted on a message (``Outcome``, default ``unconfirmed``);
    a later report replaces the earlier one."""
    ctx.fetch("messages", message_sid)
    outcome = ctx.form.choice("Outcome", OUTCOMES) or "unconfirmed"
    existing = get(ctx.db, "message_feedback", message_sid, key="message_sid")
    if existing is None:
        insert(
            ctx.db,
            "message_feedback",
            {
                "account_sid": ctx.account_sid,
                "message_sid": message_sid,
                "outcome": outcome,
                "date_created": ctx.now,
                "date_updated": ctx.now,
            },
        )
    else:
        values = {"outcome": outcome, "date_updated": ctx.now}
        update(ctx.db, "message_feedback", message_sid, values, key="message_sid")
    found = get(ctx.db, "message_feedback", message_sid, key="message_sid")
    assert found is not None
    return render_feedback(found)
