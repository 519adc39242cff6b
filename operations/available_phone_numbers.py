"""Numbers available to buy (``AvailablePhoneNumbers/{CountryCode}/Local|TollFree|Mobile``)."""

from __future__ import annotations

from operations.base import Operation
from operations.params import Param, account_sid, boolean, integer, phone, text

#: The family these operations are listed under (README, ``operations``).
FAMILY = "numbers to buy"

COUNTRY = Param(
    "isoCountryCode", "CountryCode", "path", required=True, pattern=r"^[A-Za-z]{2}$",
    description="The country to search, as an ISO 3166-1 alpha-2 code such as US or GB.",
)

CONTAINS = (
    "A pattern the number must match: digits and letters (a letter stands for its keypad digit), "
    "* for any one character and % for any run of them; a leading + or a trailing $ anchors it."
)
CONTAINS_PATTERN = r"^[0-9A-Za-z*%+$]+$"

#: What the numbers must (true) or must not (false) be able to receive.
CAPABILITIES = (
    boolean("smsEnabled", "SmsEnabled", location="query", description="Only numbers that can (true) or cannot (false) receive SMS."),
    boolean("mmsEnabled", "MmsEnabled", location="query", description="Only numbers that can (true) or cannot (false) receive MMS."),
    boolean("voiceEnabled", "VoiceEnabled", location="query", description="Only numbers that can (true) or cannot (false) receive calls."),
    boolean("faxEnabled", "FaxEnabled", location="query", description="Only numbers that can (true) or cannot (false) receive faxes."),
)
#: Which numbers may be offered at all: those needing an address to buy, those new to Twilio.
ELIGIBILITY = (
    boolean("excludeAllAddressRequired", "ExcludeAllAddressRequired", location="query", description="Leave out numbers that need an address to buy (default false)."),
    boolean("excludeLocalAddressRequired", "ExcludeLocalAddressRequired", location="query", description="Leave out numbers that need a local address to buy (default false)."),
    boolean("excludeForeignAddressRequired", "ExcludeForeignAddressRequired", location="query", description="Leave out numbers that need a foreign address to buy (default false)."),
    boolean("beta", "Beta", location="query", description="Whether to include numbers new to the Twilio platform (default true)."),
)
IN_LOCALITY = text("inLocality", "InLocality", location="query", description="Only numbers in this locality or city.")

FILTERS = (
    account_sid(),
    COUNTRY,
    integer("areaCode", "AreaCode", location="query", description="Only numbers in this area code (US and Canada)."),
    text("contains", "Contains", location="query", pattern=CONTAINS_PATTERN, min_length=2, max_length=16, description=CONTAINS),
    text("inRegion", "InRegion", location="query", description="Only numbers in this region (state or province), such as CA."),
    text("inPostalCode", "InPostalCode", location="query", description="Only numbers in this postal code."),
)

#: Where the numbers are: near a point or a number, in a LATA or rate center (every kind of
#: search takes these; toll-free numbers mostly have no place, so they rarely match).
GEOGRAPHY = (
    text("nearLatLong", "NearLatLong", location="query", description="Only numbers near this latitude,longitude (within distance)."),
    phone("nearPhoneNumber", "NearNumber", location="query", description="Only numbers near this phone number (within distance); sent as NearNumber."),
    text("inLata", "InLata", location="query", description="Only numbers in this local access and transport area (LATA)."),
    text("inRateCenter", "InRateCenter", location="query", description="Only numbers in this rate center (give inLata too)."),
    integer("distance", "Distance", location="query", maximum=500, description="The radius in miles of a near search, US and Canada only (default 25)."),
)


class GetAvailablePhoneNumbers(Operation, name="get-available-phone-numbers"):
    """Search local numbers available to buy in a country."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Local.json"
    list_key = "available_phone_numbers"
    params = (*FILTERS, IN_LOCALITY, *CAPABILITIES, *ELIGIBILITY)


class GetAvailablePhoneNumbersAdvancedSeach(
    Operation,
    name="get-available-phone-numbers-advanced-seach",
    aliases=("get-available-phone-numbers-advanced-search",),
):
    """Search local numbers available to buy, with geographic filters."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Local.json"
    list_key = "available_phone_numbers"
    params = (*FILTERS, *GEOGRAPHY, IN_LOCALITY, *CAPABILITIES, *ELIGIBILITY)


class GetAvailableTollFreeNumbers(Operation, name="get-available-toll-free-numbers"):
    """Search toll-free numbers available to buy in a country."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/TollFree.json"
    list_key = "available_phone_numbers"
    params = (*FILTERS, *GEOGRAPHY, IN_LOCALITY, *CAPABILITIES, *ELIGIBILITY)


class GetAvailableMobileNumbers(Operation, name="get-available-mobile-numbers"):
    """Search mobile numbers available to buy in a country."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Mobile.json"
    list_key = "available_phone_numbers"
    params = (*FILTERS, *GEOGRAPHY, IN_LOCALITY, *CAPABILITIES, *ELIGIBILITY)
