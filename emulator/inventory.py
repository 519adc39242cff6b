"""The deterministic inventory of numbers Twilio could sell, per country and area code.

Each area has `NUMBERS_PER_AREA` numbers, the same on every run. Area code 533 has none (as with
Twilio's test credentials); the US test area code 500 is sold but not listed unless asked for.
Whether a number is still available is the store's business: a bought number is owned.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

NUMBERS_PER_AREA = 40
LOCAL = "local"
TOLL_FREE = "toll-free"
MOBILE = "mobile"
KINDS = (LOCAL, TOLL_FREE, MOBILE)


@dataclass(frozen=True)
class Area:
    """Where numbers with one area code (national prefix) are."""

    code: str
    locality: str | None = None
    region: str | None = None
    postal_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    lata: str | None = None
    rate_center: str | None = None
    listed: bool = True


@dataclass(frozen=True)
class Country:
    """A country's calling code, the length of its national numbers, and its areas."""

    iso: str
    calling_code: str
    national_length: int
    local: tuple[Area, ...]
    toll_free: tuple[Area, ...]
    mobile: tuple[Area, ...] = ()

    def areas(self, kind: str) -> tuple[Area, ...]:
        """The country's areas of numbers of `kind` (LOCAL, TOLL_FREE or MOBILE)."""
        return {LOCAL: self.local, TOLL_FREE: self.toll_free, MOBILE: self.mobile}[kind]


@dataclass(frozen=True)
class Candidate:
    """A number of the inventory."""

    phone_number: str
    country: Country
    area: Area
    kind: str


COUNTRIES = {
    c.iso: c
    for c in (
        Country(
            "US",
            "1",
            10,
            local=(
                Area("201", "Jersey City", "NJ", "07302", 40.7178, -74.0431, "224", "JERSEYCITY"),
                Area("206", "Seattle", "WA", "98101", 47.6062, -122.3321, "674", "SEATTLE"),
                Area("212", "New York", "NY", "10001", 40.7506, -73.9972, "132", "NWYRCYZN01"),
                Area("303", "Denver", "CO", "80202", 39.7392, -104.9903, "656", "DENVER"),
                Area("305", "Miami", "FL", "33101", 25.7743, -80.1937, "460", "MIAMI"),
                Area("312", "Chicago", "IL", "60601", 41.8858, -87.6181, "358", "CHICAGO"),
                Area("404", "Atlanta", "GA", "30301", 33.7490, -84.3880, "438", "ATLANTA"),
                Area(
                    "415", "San Francisco", "CA", "94103", 37.7725, -122.4091, "722", "SNFC CNTRL"
                ),
                Area("510", "Oakland", "CA", "94612", 37.8044, -122.2712, "722", "OKLD"),
                Area("512", "Austin", "TX", "78701", 30.2672, -97.7431, "558", "AUSTIN"),
                Area("617", "Boston", "MA", "02108", 42.3601, -71.0589, "128", "BOSTON"),
                Area("646", "New York", "NY", "10016", 40.7454, -73.9781, "132", "NWYRCYZN03"),
                Area("650", "Palo Alto", "CA", "94301", 37.4419, -122.1430, "722", "PALOALTO"),
                Area("702", "Las Vegas", "NV", "89101", 36.1699, -115.1398, "721", "LAS VEGAS"),
                Area("718", "Brooklyn", "NY", "11201", 40.6943, -73.9903, "132", "NWYRCYZN04"),
                Area("500", listed=False),
            ),
            toll_free=tuple(
                Area(code) for code in ("800", "833", "844", "855", "866", "877", "888")
            ),
        ),
        Country(
            "CA",
            "1",
            10,
            local=(
                Area("403", "Calgary", "AB", "T2P", 51.0447, -114.0719, None, "CALGARY"),
                Area("416", "Toronto", "ON", "M5H", 43.6532, -79.3832, None, "TORONTO"),
                Area("514", "Montreal", "QC", "H2Y", 45.5017, -73.5673, None, "MONTREAL"),
                Area("604", "Vancouver", "BC", "V6B", 49.2827, -123.1207, None, "VANCOUVER"),
                Area("613", "Ottawa", "ON", "K1P", 45.4215, -75.6972, None, "OTTAWA"),
            ),
            toll_free=tuple(Area(code) for code in ("833", "844", "855")),
        ),
        Country(
            "GB",
            "44",
            10,
            local=(
                Area("20", "London", "London", "EC1A", 51.5074, -0.1278),
                Area("121", "Birmingham", "West Midlands", "B1", 52.4862, -1.8904),
                Area("131", "Edinburgh", "Scotland", "EH1", 55.9533, -3.1883),
                Area("141", "Glasgow", "Scotland", "G1", 55.8642, -4.2518),
                Area("161", "Manchester", "Greater Manchester", "M1", 53.4808, -2.2426),
            ),
            toll_free=(Area("800"), Area("808")),
            mobile=(Area("7400"), Area("7700")),
        ),
        Country(
            "AR",
            "54",
            10,
            local=(
                Area("11", "Buenos Aires", "Buenos Aires", "C1000", -34.6037, -58.3816),
                Area("261", "Mendoza", "Mendoza", "M5500", -32.8895, -68.8458),
                Area("341", "Rosario", "Santa Fe", "S2000", -32.9442, -60.6505),
                Area("351", "Cordoba", "Cordoba", "X5000", -31.4201, -64.1888),
            ),
            toll_free=(Area("800"),),
            mobile=(Area("911", "Buenos Aires", "Buenos Aires"),),
        ),
    )
}


@cache
def numbers(country: Country, area: Area, kind: str) -> tuple[str, ...]:
    """The area's numbers, in a fixed order."""
    digits = country.national_length - len(area.code)
    found: list[str] = []
    counter = 0
    while len(found) < NUMBERS_PER_AREA:
        seed = f"{country.iso}/{kind}/{area.code}/{counter}".encode()
        counter += 1
        value = int(hashlib.sha256(seed).hexdigest(), 16)
        subscriber = str(2 + value % 8) + str(value // 8 % 10 ** (digits - 1)).zfill(digits - 1)
        number = f"+{country.calling_code}{area.code}{subscriber}"
        if number.startswith("+15005550") or number in found:
            continue  # keep clear of Twilio's magic test numbers
        found.append(number)
    return tuple(found)


def candidates(country: Country, kind: str, area_code: str | None = None) -> Iterator[Candidate]:
    """The country's numbers of `kind`, all listed areas or one area code."""
    for area in country.areas(kind):
        if (area_code is None and area.listed) or area.code == area_code:
            for number in numbers(country, area, kind):
                yield Candidate(number, country, area, kind)


@cache
def _index() -> dict[str, Candidate]:
    return {
        c.phone_number: c
        for country in COUNTRIES.values()
        for kind in KINDS
        for area in country.areas(kind)
        for c in candidates(country, kind, area.code)
    }


def lookup(number: str) -> Candidate | None:
    """The inventory entry for `number`, if it is one."""
    return _index().get(number)


def area_of(number: str) -> Area | None:
    """The local area a number belongs to, by its calling code and area code."""
    for country in COUNTRIES.values():
        prefix = "+" + country.calling_code
        if number.startswith(prefix):
            for area in country.local:
                if number[len(prefix) :].startswith(area.code):
                    return area
    return None


KEYPAD = {
    c: str(d)
    for d, letters in enumerate(("", "", "abc", "def", "ghi", "jkl", "mno", "pqrs", "tuv", "wxyz"))
    for c in letters
}


def contains_pattern(value: str) -> re.Pattern[str] | None:
    """Twilio's Contains: digits, letters (as on a keypad) and `*` for any one digit."""
    if not re.fullmatch(r"[0-9A-Za-z*]+", value):
        return None
    translated = "".join(KEYPAD.get(c.lower(), c) for c in value)
    return re.compile(translated.replace("*", r"\d"))


def miles_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 3958.8 * 2 * math.asin(math.sqrt(a))
