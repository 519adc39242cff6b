"""Addresses, and the phone numbers that depend on them.

An address needs a customer name, street, city, region, postal code and a two-letter ISO
country. The emulator validates what a table of its own can check: a US postal code must be a
ZIP (12345) or ZIP+4 (12345-6789), else 21628 (the address cannot be validated); every other
address is accepted and marked ``validated``. A number depends on an address once it is bought
or updated with ``AddressSid``; an address numbers depend on cannot be deleted.
"""

from __future__ import annotations

import re
from typing import Any

from emulator import errors
from emulator.errors import bad_request, invalid
from emulator.paging import Filter, list_account_rows, list_rows
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, find, insert, update
from emulator.wire import API_VERSION, Field, new_sid, rfc2822

routes = Routes()

REQUIRED = (
    Field("CustomerName", "customer_name"),
    Field("Street", "street"),
    Field("City", "city"),
    Field("Region", "region"),
    Field("PostalCode", "postal_code"),
)
OPTIONAL = (
    Field("StreetSecondary", "street_secondary"),
    Field("FriendlyName", "friendly_name"),
    Field("EmergencyEnabled", "emergency_enabled", "bool"),
)
ISO_COUNTRY = re.compile(r"^[A-Z]{2}$")
US_POSTAL_CODE = re.compile(r"^\d{5}(-\d{4})?$")
FRIENDLY_NAME_LIMIT = 64
EMERGENCY_FRIENDLY_NAME_LIMIT = 32


def render(row: Row) -> dict[str, Any]:
    """An Address as Twilio sends it."""
    return {
        "account_sid": row["account_sid"],
        "city": row["city"],
        "customer_name": row["customer_name"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "friendly_name": row["friendly_name"],
        "iso_country": row["iso_country"],
        "postal_code": row["postal_code"],
        "region": row["region"],
        "sid": row["sid"],
        "street": row["street"],
        "uri": f"/2010-04-01/Accounts/{row['account_sid']}/Addresses/{row['sid']}.json",
        "emergency_enabled": bool(row["emergency_enabled"]),
        "validated": bool(row["validated"]),
        "verified": bool(row["verified"]),
        "street_secondary": row["street_secondary"],
    }


def _check(values: dict[str, Any]) -> None:
    """Twilio's checks on a whole address (as created, or as it would be once updated)."""
    limit = (
        EMERGENCY_FRIENDLY_NAME_LIMIT if values.get("emergency_enabled") else FRIENDLY_NAME_LIMIT
    )
    name = values.get("friendly_name")
    if name is not None and len(name) > limit:
        raise invalid(f"FriendlyName may be at most {limit} characters long for this address.")
    if values["iso_country"] == "US" and not US_POSTAL_CODE.match(values["postal_code"]):
        raise bad_request(
            errors.ADDRESS_NOT_VALIDATED,
            "The address you have provided cannot be validated: "
            f"{values['postal_code']!r} is not a US postal code.",
        )


@routes.post("/Addresses.json", status=201)
def create_address(ctx: Ctx) -> dict[str, Any]:
    """Create an address."""
    form = ctx.form
    values: dict[str, Any] = {}
    for field in REQUIRED:
        values[field.column] = form.require(
            field.param, errors.INVALID_PARAMETER, f"{field.param} is required."
        )
    country = form.require("IsoCountry", errors.INVALID_PARAMETER, "IsoCountry is required.")
    if not ISO_COUNTRY.match(country):
        raise invalid(f"IsoCountry must be a two-letter ISO 3166-1 country code, not {country!r}")
    values["iso_country"] = country
    values.update({k: v for k, v in form.fields(OPTIONAL).items() if v is not None})
    form.boolean("AutoCorrectAddress")
    _check(values)
    sid = new_sid("AD")
    values |= {
        "sid": sid,
        "account_sid": ctx.account_sid,
        "date_created": ctx.now,
        "date_updated": ctx.now,
    }
    insert(ctx.db, "addresses", values)
    return render(ctx.fetch("addresses", sid))


@routes.get("/Addresses.json")
def list_addresses(ctx: Ctx) -> dict[str, Any]:
    """The account's addresses, filtered by name, country or emergency use."""
    return list_account_rows(
        ctx,
        "addresses",
        render,
        (
            Filter("CustomerName", "customer_name"),
            Filter("FriendlyName", "friendly_name"),
            Filter("IsoCountry", "iso_country"),
            Filter("EmergencyEnabled", "emergency_enabled", "bool"),
        ),
    )


@routes.get("/Addresses/<sid>.json")
def fetch_address(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One address."""
    return render(ctx.fetch("addresses", sid))


@routes.post("/Addresses/<sid>.json")
def update_address(ctx: Ctx, sid: str) -> dict[str, Any]:
    """Change an address (not its country)."""
    row = ctx.fetch("addresses", sid)
    form = ctx.form
    values = form.fields(OPTIONAL)
    for field in REQUIRED:
        if field.param in form:
            values[field.column] = form.require(
                field.param, errors.INVALID_PARAMETER, f"{field.param} cannot be empty."
            )
    form.boolean("AutoCorrectAddress")
    _check(dict(row) | values)
    values["date_updated"] = ctx.now
    update(ctx.db, "addresses", sid, values)
    return render(ctx.fetch("addresses", sid))


@routes.delete("/Addresses/<sid>.json")
def delete_address(ctx: Ctx, sid: str) -> None:
    """Delete an address no number depends on."""
    ctx.fetch("addresses", sid)
    if _dependents(ctx.db, sid):
        raise invalid(
            f"The address {sid} cannot be deleted: phone numbers depend on it "
            "(see its DependentPhoneNumbers)."
        )
    ctx.delete("addresses", sid)


def _dependents(db: Db, address_sid: str) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM address_phone_numbers a JOIN incoming_phone_numbers n "
            "ON n.sid = a.number_sid WHERE a.address_sid = ? LIMIT 1",
            (address_sid,),
        ).fetchone()
        is not None
    )


def render_dependent(row: Row) -> dict[str, Any]:
    """A DependentPhoneNumber as Twilio sends it."""
    return {
        "sid": row["sid"],
        "account_sid": row["account_sid"],
        "friendly_name": row["friendly_name"],
        "phone_number": row["phone_number"],
        "voice_url": row["voice_url"],
        "voice_method": row["voice_method"],
        "voice_fallback_method": row["voice_fallback_method"],
        "voice_fallback_url": row["voice_fallback_url"],
        "voice_caller_id_lookup": bool(row["voice_caller_id_lookup"]),
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "sms_fallback_method": row["sms_fallback_method"],
        "sms_fallback_url": row["sms_fallback_url"],
        "sms_method": row["sms_method"],
        "sms_url": row["sms_url"],
        "address_requirements": "none",
        "capabilities": {"voice": True, "sms": True, "mms": True, "fax": False},
        "status_callback": row["status_callback"],
        "status_callback_method": row["status_callback_method"],
        "api_version": row["api_version"] or API_VERSION,
        "sms_application_sid": row["sms_application_sid"],
        "voice_application_sid": row["voice_application_sid"],
        "trunk_sid": None,
        "emergency_status": "Inactive",
        "emergency_address_sid": None,
        "uri": f"/2010-04-01/Accounts/{row['account_sid']}/IncomingPhoneNumbers/{row['sid']}.json",
    }


@routes.get("/Addresses/<address_sid>/DependentPhoneNumbers.json")
def list_dependents(ctx: Ctx, address_sid: str) -> dict[str, Any]:
    """The numbers that depend on an address."""
    ctx.fetch("addresses", address_sid)
    return list_rows(
        ctx,
        table=(
            "(SELECT n.* FROM incoming_phone_numbers n JOIN address_phone_numbers a "
            "ON a.number_sid = n.sid WHERE a.address_sid = ?)"
        ),
        list_key="dependent_phone_numbers",
        render=render_dependent,
        where=["account_sid = ?"],
        args=[address_sid, ctx.account_sid],  # the first is the table's
    )


def depend(db: Db, account_sid: str, number_sid: str, address_sid: str | None) -> None:
    """Make a number depend on the account's address `address_sid` (an empty one: on none);
    a 400 when the address is not the account's (21631's wording, an address of the user)."""
    if address_sid is None:
        return
    if address_sid == "":
        db.execute("DELETE FROM address_phone_numbers WHERE number_sid = ?", (number_sid,))
        return
    check_owned(db, account_sid, address_sid, "AddressSid")
    db.execute(
        "INSERT INTO address_phone_numbers (number_sid, address_sid) VALUES (?, ?) "
        "ON CONFLICT (number_sid) DO UPDATE SET address_sid = excluded.address_sid",
        (number_sid, address_sid),
    )


def check_owned(db: Db, account_sid: str, address_sid: str, param: str) -> None:
    """A 400 unless `address_sid` (given as `param`) is an address of the account."""
    if find(db, "addresses", account_sid, address_sid) is None:
        raise invalid(f"{param} {address_sid} is not an address of this account.")


def address_of(db: Db, number_sid: str) -> str | None:
    """The address a number depends on, if any."""
    row = db.execute(
        "SELECT address_sid FROM address_phone_numbers WHERE number_sid = ?", (number_sid,)
    ).fetchone()
    return None if row is None else str(row[0])
