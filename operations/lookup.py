"""Lookup (lookups.twilio.com v2): what is known about a phone number (``PhoneNumbers``)."""

from __future__ import annotations

from operations.base import Operation
from operations.params import choices, phone, sid, text

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


class LookupPhoneNumber(Operation, name="lookup-phone-number"):
    """Look a phone number up: validity, format, and the data packages asked for in fields.

    The packages include line_type_intelligence (mobile, landline, ...) and caller_name.
    """

    domain = "lookups"
    method = "GET"
    path = "/v2/PhoneNumbers/{PhoneNumber}"
    params = (
        phone("phoneNumber", "PhoneNumber", location="path", required=True, description="The number to look up, in E.164 (+14155550100) or national format with countryCode."),
        choices("fields", "Fields", FIELDS, location="query", separator=",", description="The data packages to return besides the basic validation (sent as one comma-separated value)."),
        text("countryCode", "CountryCode", location="query", pattern="^[A-Za-z]{2}$", description="The ISO country (US, GB, ...) of a number given in national format."),
        text("firstName", "FirstName", location="query", description="For identity_match: the person's first name."),
        text("lastName", "LastName", location="query", description="For identity_match: the person's last name."),
        text("addressLine1", "AddressLine1", location="query", description="For identity_match: the first address line."),
        text("addressLine2", "AddressLine2", location="query", description="For identity_match: the second address line."),
        text("city", "City", location="query", description="For identity_match: the city."),
        text("state", "State", location="query", description="For identity_match: the state, province or other subdivision."),
        text("postalCode", "PostalCode", location="query", description="For identity_match: the postal code."),
        text("addressCountryCode", "AddressCountryCode", location="query", pattern="^[A-Za-z]{2}$", description="For identity_match: the address's ISO country."),
        text("nationalId", "NationalId", location="query", description="For identity_match: a national ID such as an SSN or passport number."),
        text("dateOfBirth", "DateOfBirth", location="query", pattern="^[0-9]{8}$", description="For identity_match: the date of birth as YYYYMMDD."),
        text("lastVerifiedDate", "LastVerifiedDate", location="query", pattern="^[0-9]{8}$", description="For reassigned_number: when you last knew the number was the person's, as YYYYMMDD."),
        sid("verificationSid", "VE", "VerificationSid", location="query", required=False, description="For pre_fill: the Verify verification (VE...) that proved the number."),
        text("partnerSubId", "PartnerSubId", location="query", description="Your own sub-account, tenant or sender ID, for the risk analysis."),
    )
