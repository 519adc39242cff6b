"""API keys: credentials (SID ``SK...`` and secret) that act as their account.

A key made here authenticates at once (emulator/auth.py reads the same table) and stops the
moment it is deleted. Its secret is answered once, by the request that makes it.
"""

from __future__ import annotations

from typing import Any

from emulator.errors import invalid
from emulator.paging import list_rows
from emulator.routing import Ctx, Routes
from emulator.store import Row, insert, update
from emulator.wire import new_secret, new_sid, rfc2822

routes = Routes()


def render(row: Row) -> dict[str, Any]:
    """A Key as Twilio sends it (never its secret)."""
    return {
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"] or row["date_created"]),
        "friendly_name": row["friendly_name"],
        "sid": row["sid"],
    }


def _friendly_name(ctx: Ctx) -> str | None:
    name = ctx.form.text("FriendlyName")
    if name is not None and len(name) > 64:
        raise invalid("FriendlyName may be at most 64 characters long.")
    return name


@routes.post("/Keys.json", status=201)
def create_key(ctx: Ctx) -> dict[str, Any]:
    """Make an API key; the answer is the only place its secret appears."""
    sid, secret = new_sid("SK"), new_secret()
    insert(
        ctx.db,
        "api_keys",
        {
            "sid": sid,
            "secret": secret,
            "account_sid": ctx.account_sid,
            "friendly_name": _friendly_name(ctx),
            "date_created": ctx.now,
            "date_updated": ctx.now,
        },
    )
    return render(ctx.fetch("api_keys", sid)) | {"secret": secret}


@routes.get("/Keys.json")
def list_keys(ctx: Ctx) -> dict[str, Any]:
    """The account's API keys, newest first."""
    return list_rows(
        ctx,
        table="api_keys",
        list_key="keys",
        render=render,
        where=["account_sid = ?"],
        args=[ctx.account_sid],
    )


@routes.get("/Keys/<sid>.json")
def fetch_key(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One API key."""
    return render(ctx.fetch("api_keys", sid))


@routes.post("/Keys/<sid>.json")
def update_key(ctx: Ctx, sid: str) -> dict[str, Any]:
    """Rename an API key."""
    ctx.fetch("api_keys", sid)
    values: dict[str, Any] = {"date_updated": ctx.now}
    if "FriendlyName" in ctx.form:
        values["friendly_name"] = _friendly_name(ctx)
    update(ctx.db, "api_keys", sid, values)
    return render(ctx.fetch("api_keys", sid))


@routes.delete("/Keys/<sid>.json")
def delete_key(ctx: Ctx, sid: str) -> None:
    """Delete an API key: it no longer authenticates."""
    ctx.delete("api_keys", sid)
