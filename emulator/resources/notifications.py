"""Notifications: the account's error and warning log, account-wide and per call.

Twilio writes one when it cannot do what it was asked, e.g. fetch a call's TwiML. The emulator
fetches nothing, so it writes error 11200 when a call's Url is on a host in the reserved
``.invalid`` domain (e.g. https://app.invalid/voice); fixtures can add any others.
"""

from __future__ import annotations

from typing import Any

from emulator.paging import Filter, list_account_rows
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, insert
from emulator.wire import API_VERSION, new_sid, rfc2822

routes = Routes()

FILTERS = (Filter("Log", "log", "int"), Filter("MessageDate", "message_date", "date"))


def render(row: Row, *, full: bool = False) -> dict[str, Any]:
    """A Notification as Twilio sends it; `full` adds what only a fetch of one shows."""
    data = {
        "account_sid": row["account_sid"],
        "api_version": API_VERSION,
        "call_sid": row["call_sid"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "error_code": row["error_code"],
        "log": row["log"],
        "message_date": rfc2822(row["message_date"]),
        "message_text": row["message_text"],
        "more_info": f"https://www.twilio.com/docs/errors/{row['error_code']}",
        "request_method": row["request_method"],
        "request_url": row["request_url"],
        "sid": row["sid"],
        "uri": f"/2010-04-01/Accounts/{row['account_sid']}/Notifications/{row['sid']}.json",
    }
    if full:
        data["request_variables"] = row["request_variables"]
        data["response_body"] = row["response_body"]
        data["response_headers"] = row["response_headers"]
    return data


def create_notification(db: Db, values: dict[str, Any]) -> str:
    """Store a notification (`values` by column); its SID."""
    sid = values.get("sid") or new_sid("NO")
    date = values.get("message_date") or values["date_created"]
    insert(
        db,
        "notifications",
        {
            "log": "0",
            "message_date": date,
            "date_updated": date,
            "request_method": "POST",
            **values,
            "sid": sid,
        },
    )
    return sid


def retrieval_failure(db: Db, call: Row, now: float) -> str:
    """Error 11200 for a call whose TwiML could not be fetched."""
    return create_notification(
        db,
        {
            "account_sid": call["account_sid"],
            "call_sid": call["sid"],
            "error_code": "11200",
            "log": "0",
            "message_text": f"Msg=HTTP+retrieval+failure&url={call['url']}",
            "request_method": call["method"] or "POST",
            "request_url": call["url"],
            "request_variables": f"CallSid={call['sid']}&AccountSid={call['account_sid']}"
            f"&From={call['from_number']}&To={call['to_number']}&CallStatus=in-progress",
            "response_body": "",
            "response_headers": "",
            "date_created": now,
        },
    )


@routes.get("/Notifications.json")
def list_notifications(ctx: Ctx) -> dict[str, Any]:
    """The account's notifications, filtered by Log and MessageDate (also `<`/`>`)."""
    return list_account_rows(ctx, "notifications", render, FILTERS)


@routes.get("/Calls/<call_sid>/Notifications.json")
def list_call_notifications(ctx: Ctx, call_sid: str) -> dict[str, Any]:
    """The notifications of one call."""
    ctx.fetch("calls", call_sid)
    return list_account_rows(ctx, "notifications", render, FILTERS, call_sid=call_sid)


@routes.get("/Notifications/<sid>.json")
def fetch_notification(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One notification, with the request and response it is about."""
    return render(ctx.fetch("notifications", sid), full=True)


@routes.delete("/Notifications/<sid>.json")
def delete_notification(ctx: Ctx, sid: str) -> None:
    """Delete a notification (retired at Twilio; the emulator still serves it)."""
    ctx.delete("notifications", sid)
