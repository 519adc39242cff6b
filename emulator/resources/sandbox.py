"""The retired Developer Sandbox (``/Sandbox.json``), in the shape twilio-python 5 documented.

Each account has one sandbox, made the first time it is asked for: a shared sandbox number, an
8-digit PIN and an application SID derived from the account SID.
"""

from __future__ import annotations

import hashlib
from typing import Any

from emulator.routing import Ctx, Routes
from emulator.store import Row, insert, update
from emulator.wire import API_VERSION, SMS_URL, VOICE_URL, rfc2822

routes = Routes()

SANDBOX_NUMBER = "+14155992671"
FIELDS = (*VOICE_URL, *SMS_URL)


def render(row: Row) -> dict[str, Any]:
    """A Sandbox as the 2010 API sent it."""
    return {
        "pin": row["pin"],
        "account_sid": row["account_sid"],
        "phone_number": row["phone_number"],
        "application_sid": row["application_sid"],
        "api_version": API_VERSION,
        "voice_url": row["voice_url"],
        "voice_method": row["voice_method"],
        "sms_url": row["sms_url"],
        "sms_method": row["sms_method"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "uri": f"/2010-04-01/Accounts/{row['account_sid']}/Sandbox.json",
    }


def _sandbox(ctx: Ctx) -> Row:
    sid = ctx.account_sid
    row: Row | None = ctx.db.execute(
        "SELECT * FROM sandboxes WHERE account_sid = ?", (sid,)
    ).fetchone()
    if row is not None:
        return row
    digest = hashlib.sha256(sid.encode()).hexdigest()
    insert(
        ctx.db,
        "sandboxes",
        {
            "account_sid": sid,
            "pin": str(int(digest[:12], 16) % 90_000_000 + 10_000_000),
            "phone_number": SANDBOX_NUMBER,
            "application_sid": "AP" + digest[:32],
            "voice_url": "https://demo.twilio.com/welcome/voice/",
            "voice_method": "POST",
            "sms_url": "https://demo.twilio.com/welcome/sms/reply/",
            "sms_method": "POST",
            "date_created": ctx.now,
            "date_updated": ctx.now,
        },
    )
    return _sandbox(ctx)


@routes.get("/Sandbox.json")
def fetch_sandbox(ctx: Ctx) -> dict[str, Any]:
    """The account's sandbox."""
    return render(_sandbox(ctx))


@routes.post("/Sandbox.json")
def update_sandbox(ctx: Ctx) -> dict[str, Any]:
    """Change the sandbox's voice and SMS URLs and methods."""
    _sandbox(ctx)
    values = ctx.form.fields(FIELDS) | {"date_updated": ctx.now}
    update(ctx.db, "sandboxes", ctx.account_sid, values, key="account_sid")
    return render(_sandbox(ctx))
