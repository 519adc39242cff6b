"""Accounts and subaccounts (who may act on which: see emulator/auth.py)."""

from __future__ import annotations

import hmac
import re
from datetime import UTC, datetime
from typing import Any

from emulator.errors import invalid
from emulator.paging import Filter, conditions, list_rows
from emulator.resources.phone_numbers import TEST_NUMBER, create_number
from emulator.routing import API, Ctx, Routes
from emulator.store import Db, Row, get, insert, update
from emulator.wire import new_secret, new_sid, rfc2822

routes = Routes(API)

STATUSES = ("active", "suspended", "closed")
ACCOUNT_SID = re.compile(r"^AC[0-9a-fA-F]{32}$")
SUBRESOURCES = {
    "available_phone_numbers": "AvailablePhoneNumbers",
    "calls": "Calls",
    "conferences": "Conferences",
    "incoming_phone_numbers": "IncomingPhoneNumbers",
    "notifications": "Notifications",
    "outgoing_caller_ids": "OutgoingCallerIds",
    "recordings": "Recordings",
    "transcriptions": "Transcriptions",
    "applications": "Applications",
    "messages": "Messages",
}


def render(row: Row) -> dict[str, Any]:
    """An Account as Twilio sends it (auth token included, as Twilio does)."""
    base = f"/2010-04-01/Accounts/{row['sid']}"
    return {
        "auth_token": row["auth_token"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "friendly_name": row["friendly_name"],
        "owner_account_sid": row["owner_account_sid"],
        "sid": row["sid"],
        "status": row["status"],
        "subresource_uris": {k: f"{base}/{v}.json" for k, v in SUBRESOURCES.items()},
        "type": row["type"],
        "uri": f"{base}.json",
    }


def create(
    db: Db,
    now: float,
    *,
    sid: str | None = None,
    auth_token: str | None = None,
    friendly_name: str | None = None,
    owner: str | None = None,
    status: str = "active",
) -> Row:
    """Create an account (a subaccount when `owner` is given); it owns +15005550006."""
    sid = sid or new_sid("AC")
    created = datetime.fromtimestamp(now, UTC)
    insert(
        db,
        "accounts",
        {
            "sid": sid,
            "auth_token": auth_token or new_secret(),
            "friendly_name": friendly_name
            or (f"SubAccount Created at {created:%Y-%m-%d %I:%M %p}" if owner else "My account"),
            "status": status,
            "type": "Full",
            "owner_account_sid": owner or sid,
            "date_created": now,
            "date_updated": now,
        },
    )
    create_number(db, sid, TEST_NUMBER, now)
    row = get(db, "accounts", sid)
    assert row is not None
    return row


def ensure(
    db: Db,
    now: float,
    *,
    sid: str | None = None,
    auth_token: str | None = None,
    friendly_name: str | None = None,
) -> Row:
    """The main account `sid` with `auth_token`, created unless it exists with that token."""
    if sid is not None and not ACCOUNT_SID.match(sid):
        raise ValueError(f"an account SID is AC and 32 hex digits, not {sid!r}")
    existing = get(db, "accounts", sid) if sid else None
    if existing is None:
        return create(db, now, sid=sid, auth_token=auth_token, friendly_name=friendly_name)
    if auth_token is not None and not hmac.compare_digest(existing["auth_token"], auth_token):
        raise ValueError(f"account {sid} exists with another auth token")
    return existing


def create_api_key(db: Db, account_sid: str, now: float) -> tuple[str, str]:
    """A new API key acting as the account: its SID (SK...) and secret."""
    if get(db, "accounts", account_sid) is None:
        raise ValueError(f"account {account_sid} does not exist")
    sid, secret = new_sid("SK"), new_secret()
    insert(
        db,
        "api_keys",
        {"sid": sid, "secret": secret, "account_sid": account_sid, "date_created": now},
    )
    return sid, secret


@routes.get("/Accounts.json")
def list_accounts(ctx: Ctx) -> dict[str, Any]:
    """The caller's account and its subaccounts, filtered by FriendlyName and Status."""
    assert ctx.principal is not None
    where, args = conditions(
        ctx.query,
        (Filter("FriendlyName", "friendly_name"), Filter("Status", "status", "choice", STATUSES)),
    )
    sid = ctx.principal["sid"]
    return list_rows(
        ctx,
        table="accounts",
        list_key="accounts",
        render=render,
        where=["(sid = ? OR owner_account_sid = ?)", *where],
        args=[sid, sid, *args],
    )


@routes.post("/Accounts.json", status=201)
def create_subaccount(ctx: Ctx) -> dict[str, Any]:
    """Create a subaccount of the caller's (main) account."""
    assert ctx.principal is not None
    owner = ctx.principal["owner_account_sid"]
    return render(create(ctx.db, ctx.now, friendly_name=ctx.form.text("FriendlyName"), owner=owner))


@routes.get("/Accounts/<account_sid>.json")
def fetch_account(ctx: Ctx) -> dict[str, Any]:
    """One account."""
    assert ctx.account is not None
    return render(ctx.account)


@routes.post("/Accounts/<account_sid>.json")
def update_account(ctx: Ctx) -> dict[str, Any]:
    """Rename an account or change its status; a closed account stays closed, and closing one
    releases its phone numbers."""
    assert ctx.account is not None
    values: dict[str, Any] = {}
    if "FriendlyName" in ctx.form:
        values["friendly_name"] = ctx.form.text("FriendlyName")
    status = ctx.form.choice("Status", STATUSES)
    if status is not None and status != ctx.account["status"]:
        if ctx.account["status"] == "closed":
            raise invalid(f"Account {ctx.account_sid} is closed and cannot be reopened.")
        values["status"] = status
        if status == "closed":
            ctx.db.execute(
                "DELETE FROM incoming_phone_numbers WHERE account_sid = ?", (ctx.account_sid,)
            )
    values["date_updated"] = ctx.now
    update(ctx.db, "accounts", ctx.account_sid, values)
    row = get(ctx.db, "accounts", ctx.account_sid)
    assert row is not None
    return render(row)
