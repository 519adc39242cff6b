"""Request shapes of the Lookup operation (lookups.twilio.com v2)."""

from __future__ import annotations

from tests.operations.shapes import Row

ROWS: dict[str, Row] = {
    "lookup-phone-number": Row(
        {"phoneNumber": "+14155550100", "fields": ["validation", "LINE_TYPE_INTELLIGENCE"]},
        "GET",
        "/v2/PhoneNumbers/%2B14155550100",
        query=[("Fields", "validation,line_type_intelligence")],
    ),
}

VARIANTS: list[tuple[str, Row]] = [
    # Fields as a flow writes them: one text, separated by commas or spaces.
    (
        "lookup-phone-number",
        Row(
            {
                "phoneNumber": "(415) 555-0100",
                "countryCode": "US",
                "fields": "caller_name, sim_swap",
            },
            "GET",
            "/v2/PhoneNumbers/%28415%29%20555-0100",
            query=[("Fields", "caller_name,sim_swap"), ("CountryCode", "US")],
        ),
    ),
]
