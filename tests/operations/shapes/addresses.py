"""Request shapes of the Addresses operations."""

from __future__ import annotations

from tests.operations.shapes import A, Row, sid

AD = sid("AD")
ADDRESS = {
    "customerName": "Acme Inc",
    "street": "1 Main St",
    "city": "San Francisco",
    "region": "CA",
    "postalCode": "94105",
    "isoCountry": "US",
}
ADDRESS_FORM = [
    ("CustomerName", "Acme Inc"),
    ("Street", "1 Main St"),
    ("City", "San Francisco"),
    ("Region", "CA"),
    ("PostalCode", "94105"),
    ("IsoCountry", "US"),
]

ROWS: dict[str, Row] = {
    "create-address": Row(
        {
            **ADDRESS,
            "streetSecondary": "Suite 100",
            "friendlyName": "HQ",
            "emergencyEnabled": "true",
            "autoCorrectAddress": "FALSE",
        },
        "POST",
        f"{A}/Addresses.json",
        form=[
            *ADDRESS_FORM,
            ("StreetSecondary", "Suite 100"),
            ("FriendlyName", "HQ"),
            ("EmergencyEnabled", "true"),
            ("AutoCorrectAddress", "false"),
        ],
    ),
    "get-address": Row({"addressSid": AD}, "GET", f"{A}/Addresses/{AD}.json"),
    "get-addresses": Row(
        {
            "customerName": "Acme Inc",
            "friendlyName": "HQ",
            "emergencyEnabled": "no",
            "isoCountry": "US",
        },
        "GET",
        f"{A}/Addresses.json",
        query=[
            ("CustomerName", "Acme Inc"),
            ("FriendlyName", "HQ"),
            ("EmergencyEnabled", "false"),
            ("IsoCountry", "US"),
        ],
    ),
    "update-address": Row(
        {"addressSid": AD, "street": "2 Main St", "postalCode": "94107"},
        "POST",
        f"{A}/Addresses/{AD}.json",
        form=[("Street", "2 Main St"), ("PostalCode", "94107")],
    ),
    "delete-address": Row({"addressSid": AD}, "DELETE", f"{A}/Addresses/{AD}.json"),
    "get-address-dependent-phone-numbers": Row(
        {"addressSid": AD, "pageSize": 10},
        "GET",
        f"{A}/Addresses/{AD}/DependentPhoneNumbers.json",
        query=[("PageSize", "10")],
    ),
}
