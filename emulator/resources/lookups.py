"""Lookup v2: ``GET /v2/PhoneNumbers/{PhoneNumber}``, answered from a deterministic table.

Three countries are known: North America (+1, US), the United Kingdom (+44, GB) and France
(+33, FR). A number is read as E.164, or in national format in ``CountryCode``'s country (US
when not given). What it is follows from its digits (see :func:`line_of` and emulator/README.md):
the emulator's +1500555 numbers are Twilio's own (nonFixedVoip, except the test number
+15005550009, a landline, and +15005550001, invalid); North American toll-free area codes are
tollFree; other North American numbers have their line type by the last four digits. An invalid
number answers ``valid: false`` with Twilio's ``validation_errors`` and no data packages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from emulator.errors import invalid
from emulator.routing import Ctx, Routes

routes = Routes("/v2", domain="lookups")

FIELDS = (
    "validation",
    "caller_name",
    "sim_swap",
    "call_forwarding",
    "line_status",
    "line_type_intelligence",
    "identity_match",
    "reassigned_number",
    "sms_pumping_risk",
    "phone_number_quality_score",
    "pre_fill",
)
PACKAGES = FIELDS[1:]
"""The data packages a lookup may add; those the emulator does not model answer null."""
COUNTRIES = {"1": "US", "44": "GB", "33": "FR"}
"""Calling code -> ISO country, for the countries the table knows."""
CALLING_CODES = {iso: code for code, iso in COUNTRIES.items()} | {"CA": "1"}
LENGTHS = {"1": (10, 10), "44": (10, 10), "33": (9, 9)}
"""The national significant number's length, shortest and longest, by calling code."""
ALLOWED = re.compile(r"^[+0-9 ()\-]+$")
TOLL_FREE = ("800", "833", "844", "855", "866", "877", "888")
TWILIO = ("Twilio - SMS/MMS-SVR", "311", "950")
MOBILE_CARRIERS = (
    ("Verizon Wireless", "311", "480"),
    ("T-Mobile USA, Inc.", "310", "260"),
    ("AT&T Wireless", "310", "410"),
)
"""A North American mobile number's carrier, chosen by its area code modulo 3."""
LANDLINE_CARRIER = ("AT&T Local", "310", "999")
VOIP_CARRIER = ("Bandwidth.com CLEC", "313", "100")
US_LINES = (
    (range(0, 2000), "mobile"),
    (range(2000, 4000), "landline"),
    (range(4000, 5000), "fixedVoip"),
    (range(5000, 6000), "nonFixedVoip"),
    (range(6000, 10000), "mobile"),
)
"""A North American number's line type by its last four digits."""
GB_LINES = {"7": ("mobile", ("Vodafone UK", "234", "15")), "8": ("tollFree", ("BT", "234", "00"))}
FR_LINES = {
    "6": ("mobile", ("Orange", "208", "01")),
    "7": ("mobile", ("SFR", "208", "10")),
    "9": ("nonFixedVoip", ("Free", "208", "15")),
}


@dataclass(frozen=True)
class Number:
    """A number as the table reads it: valid or not, and what it is."""

    given: str
    e164: str | None
    calling_code: str | None
    national: str | None
    errors: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        """Whether the number is valid (no validation errors)."""
        return not self.errors

    @property
    def country(self) -> str | None:
        """The ISO country of a valid number's calling code."""
        return COUNTRIES.get(self.calling_code or "")


def parse(given: str, country: str | None = None) -> Number:
    """Read `given` (E.164, or national in `country`, US by default) against the table."""
    if not ALLOWED.match(given) or not any(c.isdigit() for c in given):
        return Number(given, None, None, None, ("NOT_A_NUMBER",))
    digits = re.sub(r"\D", "", given)
    if given.strip().startswith("+"):
        code = next((c for c in ("1", "44", "33") if digits.startswith(c)), None)
        if len(digits) < 3:
            return Number(given, None, None, None, ("INVALID_LENGTH",))
        if code is None:
            return Number(given, None, None, None, ("INVALID_COUNTRY_CODE",))
        national = digits[len(code) :]
    else:
        code = CALLING_CODES.get((country or "US").upper())
        if code is None:
            return Number(given, None, None, None, ("INVALID_COUNTRY_CODE",))
        national = digits[1:] if code != "1" and digits.startswith("0") else digits
        if code == "1" and len(digits) == 11 and digits.startswith("1"):
            national = digits[1:]
    shortest, longest = LENGTHS[code]
    e164 = f"+{code}{national}"
    if len(national) < shortest:
        return Number(given, e164, None, None, ("TOO_SHORT",))
    if len(national) > longest:
        return Number(given, e164, None, None, ("TOO_LONG",))
    if not _possible(code, national):
        return Number(given, e164, None, None, ("INVALID_BUT_POSSIBLE",))
    return Number(given, e164, code, national)


def _possible(code: str, national: str) -> bool:
    """Whether a number of the right length is one the country's plan gives out."""
    if code == "1":
        if national == "5005550001":  # the test number Twilio calls invalid
            return False
        return national[0] not in "01" and national[3] not in "01"
    if code == "44":
        return national[0] in "12378"
    return national[0] != "0"


def line_of(number: Number) -> tuple[str, tuple[str, str, str]]:
    """A valid number's line type and carrier (name, mobile country code, network code)."""
    national = number.national or ""
    if number.calling_code == "1":
        area = national[:3]
        if national.startswith("500555"):
            return (
                ("landline", LANDLINE_CARRIER)
                if national == "5005550009"
                else (
                    "nonFixedVoip",
                    TWILIO,
                )
            )
        if area in TOLL_FREE:
            return "tollFree", LANDLINE_CARRIER
        line = int(national[-4:])
        kind = next(kind for lines, kind in US_LINES if line in lines)
        if kind == "mobile":
            return kind, MOBILE_CARRIERS[int(area) % 3]
        return kind, LANDLINE_CARRIER if kind == "landline" else VOIP_CARRIER
    if number.calling_code == "44":
        return GB_LINES.get(national[0], ("landline", ("BT", "234", "00")))
    return FR_LINES.get(national[0], ("landline", ("Orange", "208", "01")))


def national_format(number: Number) -> str | None:
    """A valid number as its country writes it: (415) 555-0100, 07700 900123, 020 7946 0018,
    06 12 34 56 78."""
    national = number.national or ""
    if number.calling_code == "1":
        return f"({national[:3]}) {national[3:6]}-{national[6:]}"
    if number.calling_code == "44" and national.startswith("2"):
        return f"0{national[:2]} {national[2:6]} {national[6:]}"
    if number.calling_code == "44":
        return f"0{national[:4]} {national[4:]}"
    pairs = [national[1:][i : i + 2] for i in range(0, 8, 2)]
    return " ".join(["0" + national[0], *pairs])


def _packages(number: Number, fields: set[str]) -> dict[str, Any]:
    """The data packages asked for, for a valid number (null for those not asked)."""
    out: dict[str, Any] = dict.fromkeys(PACKAGES)
    kind, (carrier, mcc, mnc) = line_of(number)
    if "line_type_intelligence" in fields:
        out["line_type_intelligence"] = {
            "mobile_country_code": mcc,
            "mobile_network_code": mnc,
            "carrier_name": carrier,
            "type": kind,
            "error_code": None,
        }
    if "caller_name" in fields:
        known = number.calling_code == "1"
        out["caller_name"] = {
            "caller_name": ("EMULATOR SUBSCRIBER" if kind == "mobile" else "EMULATOR BUSINESS")
            if known
            else None,
            "caller_type": ("CONSUMER" if kind == "mobile" else "BUSINESS") if known else None,
            "error_code": None if known else 60600,
        }
    if "sim_swap" in fields:
        out["sim_swap"] = {
            "last_sim_swap": {
                "last_sim_swap_date": None,
                "swapped_period": "PT24H",
                "swapped_in_period": False,
            },
            "carrier_name": carrier,
            "mobile_country_code": mcc,
            "mobile_network_code": mnc,
            "error_code": None,
        }
    if "line_status" in fields:
        out["line_status"] = {"status": "active", "error_code": None}
    if "call_forwarding" in fields:
        out["call_forwarding"] = {"call_forwarding_enabled": False, "error_code": None}
    return out


def lookup(base_url: str, given: str, country: str | None, fields: set[str]) -> dict[str, Any]:
    """The Lookup answer for `given`, as Twilio sends it."""
    number = parse(given, country)
    shown = number.e164 or given
    answer: dict[str, Any] = {
        "calling_country_code": number.calling_code,
        "country_code": number.country,
        "phone_number": shown,
        "national_format": national_format(number) if number.valid else None,
        "valid": number.valid,
        "validation_errors": list(number.errors),
        **(_packages(number, fields) if number.valid else dict.fromkeys(PACKAGES)),
        "url": f"{base_url}/v2/PhoneNumbers/{shown}",
    }
    return answer


def fields_of(value: str | None) -> set[str]:
    """The packages a ``Fields`` value asks for (comma-separated); a 400 for unknown ones."""
    asked = {part.strip() for part in (value or "").split(",") if part.strip()}
    unknown = sorted(asked - set(FIELDS))
    if unknown:
        raise invalid(f"Fields must be among {', '.join(FIELDS)}, not {', '.join(unknown)}")
    return asked


@routes.get("/PhoneNumbers/<phone_number>")
def fetch_phone_number(ctx: Ctx, phone_number: str) -> dict[str, Any]:
    """Look a number up: its validity and format, and the data packages in ``Fields``."""
    country = ctx.query.text("CountryCode")
    return lookup(ctx.base_url, phone_number, country, fields_of(ctx.query.text("Fields")))
