"""AvailablePhoneNumbers (Local, TollFree, Mobile) and IncomingPhoneNumbers: search, buy, update,
transfer between accounts, release."""

from __future__ import annotations

import math
from typing import Any

from emulator import errors, inventory
from emulator.auth import may_act_on
from emulator.errors import bad_request, invalid
from emulator.paging import Filter, list_account_rows, list_items
from emulator.resources import addresses
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, get, insert, update
from emulator.wire import API_VERSION, VOICE_AND_SMS, Field, formatted, is_e164, new_sid, rfc2822

routes = Routes()

TEST_NUMBER = "+15005550006"
"""Twilio's magic number that always works as a From; every new account owns it."""

NUMBER_FIELDS = (
    *VOICE_AND_SMS,
    Field("VoiceApplicationSid", "voice_application_sid"),
    Field("SmsApplicationSid", "sms_application_sid"),
)

#: What a number is registered with (regulatory bundle, identity, emergency address), the
#: trunk that takes its calls: SIDs of their kind, kept as given (an emergency address must be
#: one of the account's).
REGISTRATION_SIDS = {
    "BundleSid": ("bundle_sid", "BU"),
    "IdentitySid": ("identity_sid", "RI"),
    "TrunkSid": ("trunk_sid", "TK"),
    "EmergencyAddressSid": ("emergency_address_sid", "AD"),
}

MAGIC_BUY_NUMBERS = {
    "+15005550000": (errors.NUMBER_NOT_AVAILABLE, "+15005550000 is not available."),
    "+15005550001": (errors.INVALID_PHONE_NUMBER, "+15005550001 is not a valid phone number."),
}


def render(row: Row, address_sid: str | None = None) -> dict[str, Any]:
    """An IncomingPhoneNumber as Twilio sends it (`address_sid`: the address it depends on)."""
    return {
        "account_sid": row["account_sid"],
        "address_sid": address_sid,
        "address_requirements": "none",
        "api_version": row["api_version"],
        "beta": False,
        "capabilities": {"fax": False, "mms": True, "sms": True, "voice": True},
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "friendly_name": row["friendly_name"],
        "identity_sid": row["identity_sid"],
        "phone_number": row["phone_number"],
        "origin": "twilio",
        "sid": row["sid"],
        "sms_application_sid": row["sms_application_sid"],
        "sms_fallback_method": row["sms_fallback_method"],
        "sms_fallback_url": row["sms_fallback_url"],
        "sms_method": row["sms_method"],
        "sms_url": row["sms_url"],
        "status_callback": row["status_callback"],
        "status_callback_method": row["status_callback_method"],
        "trunk_sid": row["trunk_sid"],
        "uri": f"/2010-04-01/Accounts/{row['account_sid']}/IncomingPhoneNumbers/{row['sid']}.json",
        "voice_receive_mode": row["voice_receive_mode"],
        "voice_application_sid": row["voice_application_sid"],
        "voice_caller_id_lookup": bool(row["voice_caller_id_lookup"]),
        "voice_fallback_method": row["voice_fallback_method"],
        "voice_fallback_url": row["voice_fallback_url"],
        "voice_method": row["voice_method"],
        "voice_url": row["voice_url"],
        "emergency_status": row["emergency_status"],
        "emergency_address_sid": row["emergency_address_sid"],
        "emergency_address_status": (
            "registered" if row["emergency_address_sid"] else "unregistered"
        ),
        "bundle_sid": row["bundle_sid"],
        "status": "in-use",
        "type": row["type"],
    }


def create_number(
    db: Db, account_sid: str, number: str, now: float, fields: dict[str, Any] | None = None
) -> str:
    """Give `account_sid` the number; its new PN SID."""
    entry = inventory.lookup(number)
    sid = new_sid("PN")
    values: dict[str, Any] = {
        "sid": sid,
        "account_sid": account_sid,
        "phone_number": number,
        "friendly_name": formatted(number),
        "iso_country": entry.country.iso if entry else "US",
        "type": entry.kind if entry else "local",
        "api_version": API_VERSION,
        "voice_method": "POST",
        "voice_fallback_method": "POST",
        "status_callback_method": "POST",
        "sms_method": "POST",
        "sms_fallback_method": "POST",
        "date_created": now,
        "date_updated": now,
    }
    values.update({k: v for k, v in (fields or {}).items() if v is not None})
    insert(db, "incoming_phone_numbers", values)
    return sid


def owned_numbers(db: Db) -> set[str]:
    """Every number some account owns."""
    return {r[0] for r in db.execute("SELECT DISTINCT phone_number FROM incoming_phone_numbers")}


def is_sender(db: Db, account_sid: str, number: str, *, caller_ids: bool = True) -> bool:
    """Whether the account may use `number` as a From: it owns it, it is Twilio's test number
    +15005550006, or (with `caller_ids`, as for calls) it has verified it as a caller id."""
    if number == TEST_NUMBER:
        return True
    query = "SELECT 1 FROM incoming_phone_numbers WHERE account_sid = ? AND phone_number = ?"
    args: tuple[str, ...] = (account_sid, number)
    if caller_ids:
        query += (
            " UNION ALL SELECT 1 FROM outgoing_caller_ids"
            " WHERE account_sid = ? AND phone_number = ?"
        )
        args += (account_sid, number)
    return db.execute(query, args).fetchone() is not None


def number_sid(db: Db, account_sid: str, number: str) -> str | None:
    """The PN SID of the account's IncomingPhoneNumber `number`, if it has one."""
    row = db.execute(
        "SELECT sid FROM incoming_phone_numbers WHERE account_sid = ? AND phone_number = ?",
        (account_sid, number),
    ).fetchone()
    return None if row is None else str(row[0])


# --- AvailablePhoneNumbers --------------------------------------------------------------


def render_available(candidate: inventory.Candidate) -> dict[str, Any]:
    """An available number as Twilio lists it."""
    area = candidate.area
    return {
        "friendly_name": formatted(candidate.phone_number),
        "phone_number": candidate.phone_number,
        "lata": area.lata,
        "locality": area.locality,
        "rate_center": area.rate_center,
        "latitude": area.latitude,
        "longitude": area.longitude,
        "region": area.region,
        "postal_code": area.postal_code,
        "iso_country": candidate.country.iso,
        "address_requirements": "none",
        "beta": False,
        "capabilities": {"mms": True, "sms": True, "voice": True, "fax": False},
    }


def _search(ctx: Ctx, country_code: str, kind: str) -> dict[str, Any]:
    country = inventory.COUNTRIES.get(country_code)
    if country is None:
        raise ctx.not_found()
    query = ctx.query
    area_code = query.integer("AreaCode", 0)
    contains = query.text("Contains")
    pattern = inventory.contains_pattern(contains) if contains else None
    if contains and pattern is None:
        raise invalid(f"Contains may hold only digits, letters and '*', not {contains!r}")
    distance = query.integer("Distance", 0, 500)
    near = _near(query.text("NearLatLong"), query.text("NearNumber"))
    exact = {
        "region": query.text("InRegion"),
        "postal_code": query.text("InPostalCode"),
        "lata": query.text("InLata"),
        "rate_center": query.text("InRateCenter"),
        "locality": query.text("InLocality"),
    }
    owned = owned_numbers(ctx.db)
    found: list[dict[str, Any]] = []
    capable = [query.boolean(name) for name in ("SmsEnabled", "MmsEnabled", "VoiceEnabled")]
    if False in capable or query.boolean("FaxEnabled"):
        # every number sold here can send SMS and MMS and take calls, and none takes faxes
        return list_items(ctx, "available_phone_numbers", found)
    for c in inventory.candidates(country, kind, None if area_code is None else str(area_code)):
        area = c.area
        if c.phone_number in owned or (pattern and not pattern.search(c.phone_number[1:])):
            continue
        if any(
            v is not None and (getattr(area, k) or "").lower() != v.lower()
            for k, v in exact.items()
        ):
            continue
        if near is not None and not _within(near, area, 25 if distance is None else distance):
            continue
        found.append(render_available(c))
    return list_items(ctx, "available_phone_numbers", found)


def _within(point: tuple[float, float], area: inventory.Area, miles: int) -> bool:
    if area.latitude is None or area.longitude is None or math.isnan(point[0]):
        return False
    return inventory.miles_between(*point, area.latitude, area.longitude) <= miles


def _near(lat_long: str | None, number: str | None) -> tuple[float, float] | None:
    """The point NearLatLong or NearNumber names."""
    if lat_long is not None:
        try:
            lat, lon = (float(part) for part in lat_long.split(","))
        except ValueError:
            raise invalid(f"NearLatLong must be 'latitude,longitude', not {lat_long!r}") from None
        return lat, lon
    if number is not None:
        if not is_e164(number):
            raise invalid(f"NearNumber must be an E.164 phone number, not {number!r}")
        area = inventory.area_of(number)
        if area is None or area.latitude is None or area.longitude is None:
            return (float("nan"), float("nan"))
        return area.latitude, area.longitude
    return None


@routes.get("/AvailablePhoneNumbers/<country_code>/Local.json")
def list_local(ctx: Ctx, country_code: str) -> dict[str, Any]:
    """Local numbers one could buy, with Twilio's search filters."""
    return _search(ctx, country_code, inventory.LOCAL)


@routes.get("/AvailablePhoneNumbers/<country_code>/TollFree.json")
def list_toll_free(ctx: Ctx, country_code: str) -> dict[str, Any]:
    """Toll-free numbers one could buy."""
    return _search(ctx, country_code, inventory.TOLL_FREE)


@routes.get("/AvailablePhoneNumbers/<country_code>/Mobile.json")
def list_mobile(ctx: Ctx, country_code: str) -> dict[str, Any]:
    """Mobile numbers one could buy (none in the US and Canada, as at Twilio)."""
    return _search(ctx, country_code, inventory.MOBILE)


# --- IncomingPhoneNumbers ---------------------------------------------------------------


def _choose_number(ctx: Ctx) -> str:
    """The number a purchase asks for, checked the way Twilio checks it."""
    form = ctx.form
    number, area_code = form.text("PhoneNumber"), form.text("AreaCode")
    if bool(number) == bool(area_code):
        raise invalid("Exactly one of PhoneNumber or AreaCode is required.")
    owned = owned_numbers(ctx.db)
    if number:
        if number == TEST_NUMBER:
            return number
        if number in MAGIC_BUY_NUMBERS:
            raise bad_request(*MAGIC_BUY_NUMBERS[number])
        if not is_e164(number):
            raise bad_request(errors.INVALID_PHONE_NUMBER, f"{number} is not a valid phone number.")
        if inventory.lookup(number) is None or number in owned:
            raise bad_request(errors.NUMBER_NOT_AVAILABLE, f"{number} is not available.")
        return number
    assert area_code is not None
    if not (area_code.isdigit() and len(area_code) == 3):
        raise bad_request(errors.INVALID_AREA_CODE, f"{area_code} is not a valid area code.")
    for country in (inventory.COUNTRIES["US"], inventory.COUNTRIES["CA"]):
        for candidate in inventory.candidates(country, inventory.LOCAL, area_code):
            if candidate.phone_number not in owned:
                return candidate.phone_number
    raise bad_request(
        errors.NO_NUMBERS_IN_AREA_CODE, f"No phone numbers found in area code {area_code}."
    )


@routes.post("/IncomingPhoneNumbers.json", status=201)
def buy_number(ctx: Ctx) -> dict[str, Any]:
    """Buy a number by PhoneNumber or by AreaCode: it leaves the inventory."""
    fields = ctx.form.fields(NUMBER_FIELDS) | _registration(ctx)
    number = _choose_number(ctx)
    sid = create_number(ctx.db, ctx.account_sid, number, ctx.now, fields)
    addresses.depend(ctx.db, ctx.account_sid, sid, ctx.form.text("AddressSid"))
    return _render(ctx, ctx.fetch("incoming_phone_numbers", sid))


def _registration(ctx: Ctx) -> dict[str, Any]:
    """The registration settings given: SIDs of the right kind, VoiceReceiveMode (voice or
    fax) and EmergencyStatus (Active or Inactive)."""
    values: dict[str, Any] = {}
    for param, (column, prefix) in REGISTRATION_SIDS.items():
        if (given := ctx.form.sid(param, prefix)) is not None:
            values[column] = given
    if emergency := values.get("emergency_address_sid"):
        addresses.check_owned(ctx.db, ctx.account_sid, emergency, "EmergencyAddressSid")
    for param, column, choices in (
        ("VoiceReceiveMode", "voice_receive_mode", ("voice", "fax")),
        ("EmergencyStatus", "emergency_status", ("Active", "Inactive")),
    ):
        if (chosen := ctx.form.choice(param, choices)) is not None:
            values[column] = chosen
    return values


def _render(ctx: Ctx, row: Row) -> dict[str, Any]:
    return render(row, addresses.address_of(ctx.db, row["sid"]))


@routes.get("/IncomingPhoneNumbers.json")
def list_numbers(ctx: Ctx) -> dict[str, Any]:
    """The account's numbers; PhoneNumber matches partially with `*` wildcards."""
    return list_account_rows(
        ctx,
        "incoming_phone_numbers",
        lambda row: _render(ctx, row),
        (Filter("PhoneNumber", "phone_number", "like"), Filter("FriendlyName", "friendly_name")),
    )


@routes.get("/IncomingPhoneNumbers/<sid>.json")
def fetch_number(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One IncomingPhoneNumber."""
    return _render(ctx, ctx.fetch("incoming_phone_numbers", sid))


@routes.post("/IncomingPhoneNumbers/<sid>.json")
def update_number(ctx: Ctx, sid: str) -> dict[str, Any]:
    """Update a number; with AccountSid, move it to another account the caller controls."""
    ctx.fetch("incoming_phone_numbers", sid)
    values = ctx.form.fields(NUMBER_FIELDS) | _registration(ctx)
    destination = ctx.form.text("AccountSid")
    if destination and destination != ctx.account_sid:
        target = get(ctx.db, "accounts", destination)
        assert ctx.principal is not None
        if target is None or not may_act_on(ctx.principal, target):
            raise invalid(f"AccountSid {destination} is not an account these credentials control.")
        values["account_sid"] = destination
    addresses.depend(ctx.db, ctx.account_sid, sid, ctx.form.text("AddressSid"))
    values["date_updated"] = ctx.now
    update(ctx.db, "incoming_phone_numbers", sid, values)
    row = ctx.fetch("incoming_phone_numbers", sid, account_sid=values.get("account_sid"))
    return _render(ctx, row)


@routes.delete("/IncomingPhoneNumbers/<sid>.json")
def release_number(ctx: Ctx, sid: str) -> None:
    """Release a number: it goes back to the inventory."""
    ctx.delete("incoming_phone_numbers", sid)
    addresses.depend(ctx.db, ctx.account_sid, sid, "")
