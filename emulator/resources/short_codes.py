"""Short codes: Twilio provisions them (here: fixtures), an account reads and configures them."""

from __future__ import annotations

from typing import Any

from emulator.errors import invalid
from emulator.paging import Filter, list_account_rows
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, insert, update
from emulator.wire import API_VERSION, Field, new_sid, rfc2822

routes = Routes()

FIELDS = (
    Field("FriendlyName", "friendly_name"),
    Field("SmsUrl", "sms_url", "url"),
    Field("SmsMethod", "sms_method", "method"),
    Field("SmsFallbackUrl", "sms_fallback_url", "url"),
    Field("SmsFallbackMethod", "sms_fallback_method", "method"),
)
API_VERSIONS = ("2010-04-01", "2008-08-01")


def render(row: Row) -> dict[str, Any]:
    """A ShortCode as Twilio sends it."""
    return {
        "account_sid": row["account_sid"],
        "api_version": row["api_version"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "friendly_name": row["friendly_name"],
        "short_code": row["short_code"],
        "sid": row["sid"],
        "sms_fallback_method": row["sms_fallback_method"],
        "sms_fallback_url": row["sms_fallback_url"],
        "sms_method": row["sms_method"],
        "sms_url": row["sms_url"],
        "uri": f"/2010-04-01/Accounts/{row['account_sid']}/SMS/ShortCodes/{row['sid']}.json",
    }


def create_short_code(db: Db, values: dict[str, Any]) -> str:
    """Store a short code (`values` by column, with ``account_sid`` and ``short_code``)."""
    sid = values.get("sid") or new_sid("SC")
    row = {
        "api_version": API_VERSION,
        "sms_method": "POST",
        "sms_fallback_method": "POST",
        **values,
        "sid": sid,
    }
    row.setdefault("friendly_name", row["short_code"])
    insert(db, "short_codes", row)
    return str(sid)


@routes.get("/SMS/ShortCodes.json")
def list_short_codes(ctx: Ctx) -> dict[str, Any]:
    """The account's short codes, filtered by FriendlyName and ShortCode (``*`` any digit)."""
    return list_account_rows(
        ctx,
        "short_codes",
        render,
        (Filter("FriendlyName", "friendly_name"), Filter("ShortCode", "short_code", "like")),
    )


@routes.get("/SMS/ShortCodes/<sid>.json")
def fetch_short_code(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One short code."""
    return render(ctx.fetch("short_codes", sid))


@routes.post("/SMS/ShortCodes/<sid>.json")
def update_short_code(ctx: Ctx, sid: str) -> dict[str, Any]:
    """Change a short code's name, API version or SMS URLs."""
    ctx.fetch("short_codes", sid)
    values = ctx.form.fields(FIELDS)
    name = values.get("friendly_name")
    if name is not None and len(name) > 64:
        raise invalid("FriendlyName may be at most 64 characters long.")
    version = ctx.form.choice("ApiVersion", API_VERSIONS)
    if version:
        values["api_version"] = version
    update(ctx.db, "short_codes", sid, values | {"date_updated": ctx.now})
    return render(ctx.fetch("short_codes", sid))
