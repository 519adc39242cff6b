"""Lookup end to end: lookup-phone-number against the emulator's documented table."""

from __future__ import annotations

from connector import Connector
from tests.support.e2e import covers


@covers("lookup-phone-number")
def test_a_valid_mobile_number_and_its_line_type(twilio: Connector) -> None:
    found = twilio.invoke(
        "lookup-phone-number",
        {"phoneNumber": "+14155550100", "fields": "line_type_intelligence, caller_name"},
    )
    assert (found["valid"], found["validation_errors"]) == (True, [])
    assert (found["country_code"], found["national_format"]) == ("US", "(415) 555-0100")
    assert found["line_type_intelligence"]["type"] == "mobile"
    assert found["line_type_intelligence"]["carrier_name"] == "T-Mobile USA, Inc."
    assert found["caller_name"]["caller_type"] == "CONSUMER"
    assert found["sim_swap"] is None  # not asked for


@covers("lookup-phone-number")
def test_line_types_follow_the_number(twilio: Connector) -> None:
    def line(number: str) -> str:
        found = twilio.invoke(
            "lookup-phone-number", {"phoneNumber": number, "fields": "line_type_intelligence"}
        )
        return str(found["line_type_intelligence"]["type"])

    assert [
        line(n)
        for n in ("+14155552000", "+14155554000", "+14155555000", "+18005550100", "+15005550006")
    ] == ["landline", "fixedVoip", "nonFixedVoip", "tollFree", "nonFixedVoip"]
    assert line("+15005550009") == "landline"  # the test number that is "not a mobile number"


@covers("lookup-phone-number")
def test_a_national_number_in_its_country(twilio: Connector) -> None:
    found = twilio.invoke(
        "lookup-phone-number",
        {"phoneNumber": "07700 900123", "countryCode": "GB", "fields": "line_type_intelligence"},
    )
    assert (found["phone_number"], found["country_code"], found["calling_country_code"]) == (
        "+447700900123",
        "GB",
        "44",
    )
    assert found["line_type_intelligence"]["carrier_name"] == "Vodafone UK"


@covers("lookup-phone-number")
def test_invalid_numbers_say_why(twilio: Connector) -> None:
    def errors(number: str) -> list[str]:
        found = twilio.invoke(
            "lookup-phone-number", {"phoneNumber": number, "fields": "line_type_intelligence"}
        )
        assert found["valid"] is False
        assert found["line_type_intelligence"] is None
        return list(found["validation_errors"])

    assert errors("+1415555010") == ["TOO_SHORT"]
    assert errors("+141555501000") == ["TOO_LONG"]
    assert errors("+15005550001") == ["INVALID_BUT_POSSIBLE"]
    assert errors("+11234567890") == ["INVALID_BUT_POSSIBLE"]
    assert errors("+9991234567") == ["INVALID_COUNTRY_CODE"]
    assert errors("call-me") == ["NOT_A_NUMBER"]
