"""Numbers available to buy (``AvailablePhoneNumbers/{CountryCode}/Local|TollFree``)."""

from __future__ import annotations

from operations.base import Operation
from operations.params import Param, account_sid, integer, phone, text

COUNTRY = Param(
    "isoCountryCode", "CountryCode", "path", required=True, pattern=r"^[A-Za-z]{2}$",
    description="The country to search, as an ISO 3166-1 alpha-2 code such as US or GB.",
)


class GetAvailablePhoneNumbers(Operation, name="get-available-phone-numbers"):
    """Search local numbers available to buy in a country."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Local.json"
    list_key = "available_phone_numbers"
    params = (
        account_sid(),
        COUNTRY,
        integer("areaCode", "AreaCode", location="query", description="Find phone numbers in the specified Area Code."),
        text("contains", "Contains", location="query", description="A pattern to match phone numbers on."),
        text("inRegion", "InRegion", location="query", description="Limit results to a region (state or province), such as CA."),
        text("inPostalCode", "InPostalCode", location="query", description="Limit results to a particular postal code."),
    )


class GetAvailablePhoneNumbersAdvancedSeach(
    Operation,
    name="get-available-phone-numbers-advanced-seach",
    aliases=("get-available-phone-numbers-advanced-search",),
):
    """Search local numbers available to buy, with geographic filters."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Local.json"
    list_key = "available_phone_numbers"
    params = (
        account_sid(),
        COUNTRY,
        integer("areaCode", "AreaCode", location="query", description="Find phone numbers in the specified Area Code."),
        text("contains", "Contains", location="query", description="A pattern to match phone numbers on."),
        text("inRegion", "InRegion", location="query", description="Limit results to a region (state or province), such as CA."),
        text("inPostalCode", "InPostalCode", location="query", description="Limit results to a particular postal code."),
        text("nearLatLong", "NearLatLong", location="query", description="Given a latitude/longitude pair lat,long find geographically close numbers within Distance..."),
        phone("nearPhoneNumber", "NearNumber", location="query", description="Given a phone number, find a geographically close number within Distance miles."),
        text("inLata", "InLata", location="query", description="Limit results to a specific Local access and transport area (LATA)."),
        text("inRateCenter", "InRateCenter", location="query", description="Limit results to a specific rate center, or given a phone number search within the same..."),
        integer("distance", "Distance", location="query", description="Specifies the search radius for a Near- query in miles."),
    )


class GetAvailableTollFreeNumbers(Operation, name="get-available-toll-free-numbers"):
    """Search toll-free numbers available to buy in a country."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/TollFree.json"
    list_key = "available_phone_numbers"
    params = (
        account_sid(),
        COUNTRY,
        text("contains", "Contains", location="query", description="A pattern to match phone numbers on."),
    )
