"""Addresses operations against twilio-python's ``client.api.addresses`` calls."""

from __future__ import annotations

from tests.operations.pycases import Case, sid

AD = sid("AD")

CASES = [
    Case(
        "create-address",
        {
            "customerName": "Acme Inc",
            "street": "1 Main St",
            "streetSecondary": "Suite 100",
            "city": "San Francisco",
            "region": "CA",
            "postalCode": "94105",
            "isoCountry": "US",
            "friendlyName": "HQ",
            "emergencyEnabled": "true",
            "autoCorrectAddress": "false",
        },
        lambda c: c.api.v2010.account.addresses.create(
            customer_name="Acme Inc",
            street="1 Main St",
            street_secondary="Suite 100",
            city="San Francisco",
            region="CA",
            postal_code="94105",
            iso_country="US",
            friendly_name="HQ",
            emergency_enabled=True,
            auto_correct_address=False,
        ),
    ),
    Case(
        "create-address",
        {
            "customerName": "Acme Ltd",
            "street": "1 High St",
            "city": "London",
            "region": "London",
            "postalCode": "EC1A 1AA",
            "isoCountry": "GB",
        },
        lambda c: c.api.v2010.account.addresses.create(
            customer_name="Acme Ltd",
            street="1 High St",
            city="London",
            region="London",
            postal_code="EC1A 1AA",
            iso_country="GB",
        ),
        label="required only",
    ),
    Case("get-address", {"addressSid": AD}, lambda c: c.api.v2010.account.addresses(AD).fetch()),
    Case(
        "get-addresses",
        {"customerName": "Acme Inc", "isoCountry": "US", "emergencyEnabled": "false"},
        lambda c: c.api.v2010.account.addresses.page(
            customer_name="Acme Inc", iso_country="US", emergency_enabled=False
        ),
    ),
    Case(
        "get-addresses",
        {"friendlyName": "HQ", "pageSize": 2},
        lambda c: c.api.v2010.account.addresses.page(friendly_name="HQ", page_size=2),
        label="friendly name",
    ),
    Case(
        "update-address",
        {
            "addressSid": AD,
            "street": "2 Main St",
            "postalCode": "94107",
            "autoCorrectAddress": True,
        },
        lambda c: c.api.v2010.account.addresses(AD).update(
            street="2 Main St", postal_code="94107", auto_correct_address=True
        ),
    ),
    Case(
        "delete-address", {"addressSid": AD}, lambda c: c.api.v2010.account.addresses(AD).delete()
    ),
    Case(
        "get-address-dependent-phone-numbers",
        {"addressSid": AD, "pageSize": 10},
        lambda c: c.api.v2010.account.addresses(AD).dependent_phone_numbers.page(page_size=10),
    ),
]
