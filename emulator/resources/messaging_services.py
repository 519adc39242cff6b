"""Messaging Services (messaging.twilio.com/v1): create, fetch, list, update, delete, and each
service's sender pool, its PhoneNumbers.

A number joins a pool by the PN SID of one of the account's IncomingPhoneNumbers (another SID
is Twilio's 21421) and belongs to one service at most (21712 while it is in one). Deleting a
service frees its numbers; a number released or moved to another account leaves its pool.

:func:`pool` gives the numbers a message sent through a service may come from.
"""

from __future__ import annotations

import json
from typing import Any

from emulator import errors
from emulator.errors import bad_request, invalid
from emulator.paging import list_rows
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, get, insert, update
from emulator.wire import Field, Params, iso8601, new_sid

routes = Routes("/v1", domain="messaging")

SERVICES = "/v1/Services"
FRIENDLY_NAME_MAX = 64
VALIDITY_PERIOD = (1, 36000)
SCAN_MESSAGE_CONTENT = ("inherit", "enable", "disable")
USECASES = ("notifications", "marketing", "verification", "discussion", "poll", "undeclared")
FIELDS = (
    Field("FriendlyName", "friendly_name"),
    Field("InboundRequestUrl", "inbound_request_url", "url"),
    Field("InboundMethod", "inbound_method", "method"),
    Field("FallbackUrl", "fallback_url", "url"),
    Field("FallbackMethod", "fallback_method", "method"),
    Field("StatusCallback", "status_callback", "url"),
    Field("StickySender", "sticky_sender", "bool"),
    Field("MmsConverter", "mms_converter", "bool"),
    Field("SmartEncoding", "smart_encoding", "bool"),
    Field("FallbackToLongCode", "fallback_to_long_code", "bool"),
    Field("AreaCodeGeomatch", "area_code_geomatch", "bool"),
    Field("SynchronousValidation", "synchronous_validation", "bool"),
    Field("UseInboundWebhookOnNumber", "use_inbound_webhook_on_number", "bool"),
)
#: The service's subresources, as its ``links`` name them.
LINKS = {
    "phone_numbers": "PhoneNumbers",
    "short_codes": "ShortCodes",
    "alpha_senders": "AlphaSenders",
    "messages": "Messages",
    "us_app_to_person": "Compliance/Usa2p",
    "us_app_to_person_usecases": "Compliance/Usa2p/Usecases",
    "channel_senders": "ChannelSenders",
    "destination_alpha_senders": "DestinationAlphaSenders",
}
_LIVE = (
    "SELECT s.* FROM messaging_service_phone_numbers s JOIN incoming_phone_numbers n "
    "ON n.sid = s.sid AND n.account_sid = s.account_sid"
)
"""Pool entries whose number the service's account still owns."""


def pool(db: Db, service_sid: str) -> list[str]:
    """The phone numbers (E.164) in the service's sender pool, oldest first; empty for a
    service that does not exist or has no numbers."""
    rows = db.execute(
        f"{_LIVE} WHERE s.service_sid = ? ORDER BY s.date_created, s.seq",
        (service_sid,),
    ).fetchall()
    return [str(row["phone_number"]) for row in rows]


def service(db: Db, account_sid: str, service_sid: str) -> Row | None:
    """The account's Messaging Service `service_sid`, if it has one."""
    row: Row | None = db.execute(
        "SELECT * FROM messaging_services WHERE sid = ? AND account_sid = ?",
        (service_sid, account_sid),
    ).fetchone()
    return row


def render(row: Row, base: str) -> dict[str, Any]:
    """A Messaging Service as Twilio sends it; URLs on the emulator's origin `base`."""
    url = f"{base}{SERVICES}/{row['sid']}"
    return {
        "account_sid": row["account_sid"],
        "sid": row["sid"],
        "date_created": iso8601(row["date_created"]),
        "date_updated": iso8601(row["date_updated"]),
        "friendly_name": row["friendly_name"],
        "inbound_request_url": row["inbound_request_url"],
        "inbound_method": row["inbound_method"],
        "fallback_url": row["fallback_url"],
        "fallback_method": row["fallback_method"],
        "status_callback": row["status_callback"],
        "sticky_sender": bool(row["sticky_sender"]),
        "smart_encoding": bool(row["smart_encoding"]),
        "mms_converter": bool(row["mms_converter"]),
        "fallback_to_long_code": bool(row["fallback_to_long_code"]),
        "scan_message_content": row["scan_message_content"],
        "area_code_geomatch": bool(row["area_code_geomatch"]),
        "validity_period": row["validity_period"],
        "synchronous_validation": bool(row["synchronous_validation"]),
        "usecase": row["usecase"],
        "us_app_to_person_registered": False,
        "use_inbound_webhook_on_number": bool(row["use_inbound_webhook_on_number"]),
        "links": {name: f"{url}/{path}" for name, path in LINKS.items()},
        "url": url,
    }


def render_number(row: Row, base: str) -> dict[str, Any]:
    """A service's PhoneNumber as Twilio sends it."""
    return {
        "sid": row["sid"],
        "account_sid": row["account_sid"],
        "service_sid": row["service_sid"],
        "date_created": iso8601(row["date_created"]),
        "date_updated": iso8601(row["date_updated"]),
        "phone_number": row["phone_number"],
        "country_code": row["country_code"],
        "capabilities": json.loads(row["capabilities"]),
        "url": f"{base}{SERVICES}/{row['service_sid']}/PhoneNumbers/{row['sid']}",
    }


def _settings(form: Params) -> dict[str, Any]:
    """The columns a create or update sets, checked as Twilio checks them."""
    values = form.fields(FIELDS)
    name = values.get("friendly_name")
    if name is not None and len(name) > FRIENDLY_NAME_MAX:
        raise invalid(f"FriendlyName must be at most {FRIENDLY_NAME_MAX} characters long")
    if "ValidityPeriod" in form:
        values["validity_period"] = form.integer("ValidityPeriod", *VALIDITY_PERIOD)
    if "ScanMessageContent" in form:
        values["scan_message_content"] = form.choice("ScanMessageContent", SCAN_MESSAGE_CONTENT)
    if "Usecase" in form:
        values["usecase"] = form.choice("Usecase", USECASES)
    return {column: value for column, value in values.items() if value is not None}


def _own(ctx: Ctx, sid: str) -> Row:
    """The account's service `sid`; the 404 for the URL requested when there is none."""
    row = service(ctx.db, ctx.account_sid, sid)
    if row is None:
        raise ctx.not_found()
    return row


@routes.post("/Services", status=201)
def create_service(ctx: Ctx) -> dict[str, Any]:
    """Create a Messaging Service."""
    form = ctx.form
    if not form.text("FriendlyName"):
        raise invalid("Missing required parameter FriendlyName in the post body")
    sid = new_sid("MG")
    values = {"sid": sid, "account_sid": ctx.account_sid, **_settings(form)}
    values |= {"date_created": ctx.now, "date_updated": ctx.now}
    insert(ctx.db, "messaging_services", values)
    return render(_own(ctx, sid), ctx.base_url)


@routes.get("/Services")
def list_services(ctx: Ctx) -> dict[str, Any]:
    """The account's Messaging Services, newest first."""
    return list_rows(
        ctx,
        table="messaging_services",
        list_key="services",
        render=lambda row: render(row, ctx.base_url),
        where=["account_sid = ?"],
        args=[ctx.account_sid],
    )


@routes.get("/Services/<sid>")
def fetch_service(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One Messaging Service."""
    return render(_own(ctx, sid), ctx.base_url)


@routes.post("/Services/<sid>")
def update_service(ctx: Ctx, sid: str) -> dict[str, Any]:
    """Change a Messaging Service's settings."""
    _own(ctx, sid)
    form = ctx.form
    if "FriendlyName" in form and not form.text("FriendlyName"):
        raise invalid("FriendlyName cannot be empty")
    update(ctx.db, "messaging_services", sid, _settings(form) | {"date_updated": ctx.now})
    return render(_own(ctx, sid), ctx.base_url)


@routes.delete("/Services/<sid>")
def delete_service(ctx: Ctx, sid: str) -> None:
    """Delete a Messaging Service; its numbers are free to join another."""
    _own(ctx, sid)
    ctx.db.execute("DELETE FROM messaging_service_phone_numbers WHERE service_sid = ?", (sid,))
    ctx.delete("messaging_services", sid)


@routes.post("/Services/<service_sid>/PhoneNumbers", status=201)
def add_number(ctx: Ctx, service_sid: str) -> dict[str, Any]:
    """Add one of the account's numbers to the service's sender pool."""
    _own(ctx, service_sid)
    number_sid = ctx.form.text("PhoneNumberSid")
    if not number_sid:
        raise invalid("Missing required parameter PhoneNumberSid in the post body")
    number = get(ctx.db, "incoming_phone_numbers", number_sid)
    if number is None or number["account_sid"] != ctx.account_sid:
        raise bad_request(
            errors.INVALID_PHONE_NUMBER,
            f"Phone Number SID {number_sid} is not a phone number of account {ctx.account_sid}",
        )
    ctx.db.execute(  # an entry left by a number since released or moved elsewhere
        "DELETE FROM messaging_service_phone_numbers WHERE sid = ? AND account_sid != ?",
        (number_sid, ctx.account_sid),
    )
    taken = get(ctx.db, "messaging_service_phone_numbers", number_sid)
    if taken is not None:
        where = "this" if taken["service_sid"] == service_sid else "another"
        raise bad_request(
            errors.NUMBER_IN_ANOTHER_SERVICE,
            f"Phone Number or Short Code is associated with {where} Messaging Service "
            f"({taken['service_sid']}).",
        )
    insert(
        ctx.db,
        "messaging_service_phone_numbers",
        {
            "sid": number_sid,
            "service_sid": service_sid,
            "account_sid": ctx.account_sid,
            "phone_number": number["phone_number"],
            "country_code": number["iso_country"] or "US",
            "date_created": ctx.now,
            "date_updated": ctx.now,
        },
    )
    return render_number(_number(ctx, service_sid, number_sid), ctx.base_url)


def _number(ctx: Ctx, service_sid: str, sid: str) -> Row:
    row: Row | None = ctx.db.execute(
        f"{_LIVE} WHERE s.service_sid = ? AND s.sid = ? AND s.account_sid = ?",
        (service_sid, sid, ctx.account_sid),
    ).fetchone()
    if row is None:
        raise ctx.not_found()
    return row


@routes.get("/Services/<service_sid>/PhoneNumbers")
def list_numbers(ctx: Ctx, service_sid: str) -> dict[str, Any]:
    """The service's numbers, newest first."""
    _own(ctx, service_sid)
    live = "sid IN (SELECT sid FROM incoming_phone_numbers WHERE account_sid = ?)"
    return list_rows(
        ctx,
        table="messaging_service_phone_numbers",
        list_key="phone_numbers",
        render=lambda row: render_number(row, ctx.base_url),
        where=["service_sid = ?", "account_sid = ?", live],
        args=[service_sid, ctx.account_sid, ctx.account_sid],
    )


@routes.get("/Services/<service_sid>/PhoneNumbers/<sid>")
def fetch_number(ctx: Ctx, service_sid: str, sid: str) -> dict[str, Any]:
    """One number of the service's pool."""
    _own(ctx, service_sid)
    return render_number(_number(ctx, service_sid, sid), ctx.base_url)


@routes.delete("/Services/<service_sid>/PhoneNumbers/<sid>")
def remove_number(ctx: Ctx, service_sid: str, sid: str) -> None:
    """Take a number out of the service's pool (the account keeps it)."""
    _own(ctx, service_sid)
    _number(ctx, service_sid, sid)
    ctx.db.execute(
        "DELETE FROM messaging_service_phone_numbers WHERE service_sid = ? AND sid = ?",
        (service_sid, sid),
    )
