"""Addresses: where you or your customers are, as local regulation requires to own some numbers
(``Addresses``), and the numbers that depend on each."""

from __future__ import annotations

from operations.base import Operation
from operations.params import account_sid, boolean, sid, text

ADDRESSES = "/2010-04-01/Accounts/{AccountSid}/Addresses"
ADDRESS = sid("addressSid", "AD", description="The address's SID (AD...).")
ISO_COUNTRY = r"^[A-Z]{2}$"

FRIENDLY_NAME = text(
    "friendlyName",
    "FriendlyName",
    max_length=64,
    description="A description of the address (up to 64 characters; 32 for emergency addresses).",
)
EMERGENCY = boolean(
    "emergencyEnabled",
    "EmergencyEnabled",
    description="Whether the address may be used for emergency calling.",
)
AUTO_CORRECT = boolean(
    "autoCorrectAddress",
    "AutoCorrectAddress",
    description="Whether Twilio may correct the address (true by default); with false a near match is refused with the suggested address (21629).",
)
STREET_SECONDARY = text(
    "streetSecondary",
    "StreetSecondary",
    description="The second line of the street address (suite, floor...).",
)


class CreateAddress(Operation, name="create-address"):
    """Create an address: the customer's name, street, city, region, postal code and country."""

    method = "POST"
    path = f"{ADDRESSES}.json"
    success = 201
    params = (
        account_sid(),
        text(
            "customerName",
            "CustomerName",
            required=True,
            description="The name of the person or business at the address.",
        ),
        text(
            "street", "Street", required=True, description="The number and street of the address."
        ),
        STREET_SECONDARY,
        text("city", "City", required=True, description="The city of the address."),
        text("region", "Region", required=True, description="The state or region of the address."),
        text(
            "postalCode", "PostalCode", required=True, description="The postal code of the address."
        ),
        text(
            "isoCountry",
            "IsoCountry",
            required=True,
            pattern=ISO_COUNTRY,
            description="The address's country as an ISO 3166-1 alpha-2 code, such as US.",
        ),
        FRIENDLY_NAME,
        EMERGENCY,
        AUTO_CORRECT,
    )


class GetAddress(Operation, name="get-address"):
    """Fetch an address."""

    method = "GET"
    path = f"{ADDRESSES}/{{Sid}}.json"
    params = (account_sid(), ADDRESS)


class GetAddresses(Operation, name="get-addresses"):
    """List the account's addresses, filtered by customer name, friendly name, country or
    emergency use."""

    method = "GET"
    path = f"{ADDRESSES}.json"
    list_key = "addresses"
    params = (
        account_sid(),
        text(
            "customerName",
            "CustomerName",
            location="query",
            description="Only addresses with this customer name.",
        ),
        text(
            "friendlyName",
            "FriendlyName",
            location="query",
            description="Only addresses with this friendly name.",
        ),
        boolean(
            "emergencyEnabled",
            "EmergencyEnabled",
            location="query",
            description="Only addresses that may (or may not) be used for emergency calling.",
        ),
        text(
            "isoCountry",
            "IsoCountry",
            location="query",
            pattern=ISO_COUNTRY,
            description="Only addresses in this country (ISO 3166-1 alpha-2, such as US).",
        ),
    )


class UpdateAddress(Operation, name="update-address"):
    """Change an address (its country cannot change)."""

    method = "POST"
    path = f"{ADDRESSES}/{{Sid}}.json"
    params = (
        account_sid(),
        ADDRESS,
        FRIENDLY_NAME,
        text(
            "customerName",
            "CustomerName",
            description="The name of the person or business at the address.",
        ),
        text("street", "Street", description="The number and street of the address."),
        STREET_SECONDARY,
        text("city", "City", description="The city of the address."),
        text("region", "Region", description="The state or region of the address."),
        text("postalCode", "PostalCode", description="The postal code of the address."),
        EMERGENCY,
        AUTO_CORRECT,
    )


class DeleteAddress(Operation, name="delete-address"):
    """Delete an address; one that phone numbers still depend on cannot be deleted."""

    method = "DELETE"
    path = f"{ADDRESSES}/{{Sid}}.json"
    success = 204
    params = (account_sid(), ADDRESS)


class GetAddressDependentPhoneNumbers(Operation, name="get-address-dependent-phone-numbers"):
    """List the phone numbers that depend on an address."""

    method = "GET"
    path = f"{ADDRESSES}/{{AddressSid}}/DependentPhoneNumbers.json"
    list_key = "dependent_phone_numbers"
    params = (
        account_sid(),
        sid("addressSid", "AD", "AddressSid", description="The address's SID (AD...)."),
    )
