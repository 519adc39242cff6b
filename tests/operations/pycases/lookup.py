"""Lookup v2 cases: lookup-phone-number beside twilio-python's
``client.lookups.v2.phone_numbers(...).fetch``, which takes ``fields`` as one comma-separated
text."""

from __future__ import annotations

from tests.operations.pycases import Case, sid

NUMBER = "+14155550100"

CASES = [
    Case(
        "lookup-phone-number",
        {"phoneNumber": NUMBER},
        lambda c: c.lookups.v2.phone_numbers(NUMBER).fetch(),
        label="basic",
    ),
    Case(
        "lookup-phone-number",
        {"phoneNumber": NUMBER, "fields": ["line_type_intelligence", "caller_name"]},
        lambda c: c.lookups.v2.phone_numbers(NUMBER).fetch(
            fields="line_type_intelligence,caller_name"
        ),
        label="fields",
    ),
    Case(
        "lookup-phone-number",
        {"phoneNumber": "4155550100", "countryCode": "US", "fields": "validation"},
        lambda c: c.lookups.v2.phone_numbers("4155550100").fetch(
            fields="validation", country_code="US"
        ),
        label="national",
    ),
    Case(
        "lookup-phone-number",
        {
            "phoneNumber": NUMBER,
            "fields": "identity_match",
            "firstName": "Ada",
            "lastName": "Lovelace",
            "dateOfBirth": "18151210",
            "addressCountryCode": "GB",
        },
        lambda c: c.lookups.v2.phone_numbers(NUMBER).fetch(
            fields="identity_match",
            first_name="Ada",
            last_name="Lovelace",
            date_of_birth="18151210",
            address_country_code="GB",
        ),
        label="identity-match",
    ),
    Case(
        "lookup-phone-number",
        {"phoneNumber": NUMBER, "fields": "pre_fill", "verificationSid": sid("VE")},
        lambda c: c.lookups.v2.phone_numbers(NUMBER).fetch(
            fields="pre_fill", verification_sid=sid("VE")
        ),
        label="pre-fill",
    ),
]
