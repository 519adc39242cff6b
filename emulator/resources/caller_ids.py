"""OutgoingCallerIds and validation requests.

Twilio verifies a caller id by calling the number and waiting for the validation code to be
typed in. The emulator has nobody to call: a validation request verifies the number at once, so
the OutgoingCallerId exists (and works as a From) as soon as the request is answered.
"""

from __future__ import annotations

import secrets
from typing import Any

from emulator import errors
from emulator.errors import bad_request, invalid
from emulator.paging import Filter, list_account_rows
from emulator.routing import Ctx, Routes
from emulator.store import Row, insert, update
from emulator.wire import formatted, is_e164, new_sid, rfc2822

routes = Routes()


def render(row: Row) -> dict[str, Any]:
    """An OutgoingCallerId as Twilio sends it."""
    return {
        "sid": row["sid"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "friendly_name": row["friendly_name"],
        "account_sid": row["account_sid"],
        "phone_number": row["phone_number"],
        "uri": f"/2010-04-01/Accounts/{row['account_sid']}/OutgoingCallerIds/{row['sid']}.json",
    }


@routes.post("/OutgoingCallerIds.json")
def request_validation(ctx: Ctx) -> dict[str, Any]:
    """Start verifying a caller id (done at once here); answers the validation request."""
    form = ctx.form
    number = form.require("PhoneNumber", errors.INVALID_PARAMETER, "PhoneNumber is required.")
    if not is_e164(number):
        raise bad_request(errors.INVALID_TO, f"The phone number {number} is not valid.")
    form.integer("CallDelay", 0, 60)
    form.url("StatusCallback")
    form.choice("StatusCallbackMethod", ("GET", "POST"))
    exists = ctx.db.execute(
        "SELECT 1 FROM outgoing_caller_ids WHERE account_sid = ? AND phone_number = ?",
        (ctx.account_sid, number),
    ).fetchone()
    if exists:
        raise bad_request(errors.ALREADY_VERIFIED, "Phone number is already verified.")
    friendly_name = form.text("FriendlyName") or formatted(number)
    insert(
        ctx.db,
        "outgoing_caller_ids",
        {
            "sid": new_sid("PN"),
            "account_sid": ctx.account_sid,
            "phone_number": number,
            "friendly_name": friendly_name,
            "date_created": ctx.now,
            "date_updated": ctx.now,
        },
    )
    return {
        "account_sid": ctx.account_sid,
        "call_sid": new_sid("CA"),
        "friendly_name": friendly_name,
        "phone_number": number,
        "validation_code": f"{secrets.randbelow(1_000_000):06d}",
    }


@routes.get("/OutgoingCallerIds.json")
def list_caller_ids(ctx: Ctx) -> dict[str, Any]:
    """The account's verified caller ids."""
    return list_account_rows(
        ctx,
        "outgoing_caller_ids",
        render,
        (Filter("PhoneNumber", "phone_number", "like"), Filter("FriendlyName", "friendly_name")),
    )


@routes.get("/OutgoingCallerIds/<sid>.json")
def fetch_caller_id(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One caller id."""
    return render(ctx.fetch("outgoing_caller_ids", sid))


@routes.post("/OutgoingCallerIds/<sid>.json")
def update_caller_id(ctx: Ctx, sid: str) -> dict[str, Any]:
    """Rename a caller id."""
    ctx.fetch("outgoing_caller_ids", sid)
    name = ctx.form.text("FriendlyName")
    if name is not None and len(name) > 64:
        raise invalid("FriendlyName may be at most 64 characters long.")
    values = {"date_updated": ctx.now} | ({"friendly_name": name} if name is not None else {})
    update(ctx.db, "outgoing_caller_ids", sid, values)
    return render(ctx.fetch("outgoing_caller_ids", sid))


@routes.delete("/OutgoingCallerIds/<sid>.json")
def delete_caller_id(ctx: Ctx, sid: str) -> None:
    """Forget a caller id."""
    ctx.delete("outgoing_caller_ids", sid)
