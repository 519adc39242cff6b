"""Applications: TwiML apps holding voice and SMS URLs."""

from __future__ import annotations

from typing import Any

from emulator.paging import Filter, list_account_rows
from emulator.routing import Ctx, Routes
from emulator.store import Row, insert, update
from emulator.wire import API_VERSION, VOICE_AND_SMS, Field, new_sid, rfc2822

routes = Routes()

FIELDS = (
    *VOICE_AND_SMS,
    Field("SmsStatusCallback", "sms_status_callback", "url"),
    Field("MessageStatusCallback", "message_status_callback", "url"),
    Field("PublicApplicationConnectEnabled", "public_application_connect_enabled", "bool"),
)


def render(row: Row) -> dict[str, Any]:
    """An Application as Twilio sends it."""
    return {
        "account_sid": row["account_sid"],
        "api_version": row["api_version"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "friendly_name": row["friendly_name"],
        "message_status_callback": row["message_status_callback"],
        "sid": row["sid"],
        "sms_fallback_method": row["sms_fallback_method"],
        "sms_fallback_url": row["sms_fallback_url"],
        "sms_method": row["sms_method"],
        "sms_status_callback": row["sms_status_callback"],
        "sms_url": row["sms_url"],
        "status_callback": row["status_callback"],
        "status_callback_method": row["status_callback_method"],
        "uri": f"/2010-04-01/Accounts/{row['account_sid']}/Applications/{row['sid']}.json",
        "voice_caller_id_lookup": bool(row["voice_caller_id_lookup"]),
        "voice_fallback_method": row["voice_fallback_method"],
        "voice_fallback_url": row["voice_fallback_url"],
        "voice_method": row["voice_method"],
        "voice_url": row["voice_url"],
        "public_application_connect_enabled": bool(row["public_application_connect_enabled"]),
    }


@routes.post("/Applications.json", status=201)
def create_application(ctx: Ctx) -> dict[str, Any]:
    """Create an application."""
    sid = new_sid("AP")
    values: dict[str, Any] = {
        "sid": sid,
        "account_sid": ctx.account_sid,
        "api_version": API_VERSION,
        "voice_method": "POST",
        "voice_fallback_method": "POST",
        "status_callback_method": "POST",
        "sms_method": "POST",
        "sms_fallback_method": "POST",
        "date_created": ctx.now,
        "date_updated": ctx.now,
    }
    values.update({k: v for k, v in ctx.form.fields(FIELDS).items() if v is not None})
    insert(ctx.db, "applications", values)
    return render(ctx.fetch("applications", sid))


@routes.get("/Applications.json")
def list_applications(ctx: Ctx) -> dict[str, Any]:
    """The account's applications, filtered by FriendlyName."""
    return list_account_rows(
        ctx, "applications", render, (Filter("FriendlyName", "friendly_name"),)
    )


@routes.get("/Applications/<sid>.json")
def fetch_application(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One application."""
    return render(ctx.fetch("applications", sid))


@routes.post("/Applications/<sid>.json")
def update_application(ctx: Ctx, sid: str) -> dict[str, Any]:
    """Change an application's settings."""
    ctx.fetch("applications", sid)
    values = ctx.form.fields(FIELDS)
    values["date_updated"] = ctx.now
    update(ctx.db, "applications", sid, values)
    return render(ctx.fetch("applications", sid))


@routes.delete("/Applications/<sid>.json")
def delete_application(ctx: Ctx, sid: str) -> None:
    """Delete an application."""
    ctx.delete("applications", sid)
