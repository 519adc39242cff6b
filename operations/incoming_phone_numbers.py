"""Numbers the account owns (``IncomingPhoneNumbers``): buy, configure, release, transfer."""

from __future__ import annotations

from operations.base import Operation
from operations.params import Param, account_sid, boolean, phone, sid, text
from operations.url_settings import API_VERSION, NUMBER_SETTINGS

#: The family these operations are listed under (README, ``operations``).
FAMILY = "owned numbers"

NUMBER_SID = sid("incomingPhoneNumberSid", "PN", description="The SID (PN...) of the owned number.")
FRIENDLY_NAME = text("friendlyName", "FriendlyName", max_length=64, description="A description of the number.")
#: What a number is registered with where local regulations ask (address, bundle, identity),
#: its emergency calling, the trunk that takes its calls, and whether it takes voice or fax.
NUMBER_REGISTRATION: tuple[Param, ...] = (
    sid("addressSid", "AD", "AddressSid", location="form", required=False, description="The address (AD...) to register the number with, where local regulations require one."),
    sid("bundleSid", "BU", "BundleSid", location="form", required=False, description="The regulatory bundle (BU...) to register the number with, where local regulations require one."),
    sid("identitySid", "RI", "IdentitySid", location="form", required=False, description="The identity (RI...) to register the number with, where local regulations require one."),
    sid("emergencyAddressSid", "AD", "EmergencyAddressSid", location="form", required=False, description="The emergency address (AD...) of calls to emergency services from the number."),
    text("emergencyStatus", "EmergencyStatus", enum=("Active", "Inactive"), description="Whether the number may call emergency services: Active or Inactive."),
    sid("trunkSid", "TK", "TrunkSid", location="form", required=False, description="A SIP trunk (TK...) to take the number's calls; its settings then replace the number's voice URLs and application."),
    text("voiceReceiveMode", "VoiceReceiveMode", enum=("voice", "fax"), description="Whether the number takes voice calls (the default) or faxes."),
)


class GetIncomingPhoneNumbersByIncomingPhoneNumberSid(Operation, name="get-incoming-phone-numbers-by-incoming-phone-number-sid"):
    """Fetch a phone number the account owns."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json"
    params = (account_sid(), NUMBER_SID)


class GetIncomingPhoneNumbers(Operation, name="get-incoming-phone-numbers"):
    """List the phone numbers the account owns."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json"
    list_key = "incoming_phone_numbers"
    params = (
        account_sid(),
        phone("phoneNumber", "PhoneNumber", location="query", description="Only numbers that match this pattern (digits, * or a full number)."),
        text("friendlyName", "FriendlyName", location="query", description="Only numbers whose friendly name is exactly this."),
        text("origin", "Origin", location="query", enum=("twilio", "hosted"), description="Only numbers of this origin: twilio or hosted (default both)."),
        boolean("beta", "Beta", location="query", description="Whether to include numbers new to the Twilio platform (default true)."),
    )


class AddIncomingPhoneNumberByPhoneNumber(Operation, name="add-incoming-phone-number-by-phone-number"):
    """Buy a specific available phone number."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json"
    success = 201
    params = (
        account_sid(),
        phone("phoneNumber", "PhoneNumber", required=True, description="The number to buy, in E.164 form such as +14155550100."),
        FRIENDLY_NAME,
        API_VERSION,
        *NUMBER_SETTINGS,
        *NUMBER_REGISTRATION,
    )


class AddIncomingPhoneNumberByAreaCode(Operation, name="add-incoming-phone-number-by-area-code"):
    """Buy an available phone number in an area code."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json"
    success = 201
    params = (
        account_sid(),
        text("areaCode", "AreaCode", required=True, description="The area code (US and Canada) in which to buy a number."),
        FRIENDLY_NAME,
        API_VERSION,
        *NUMBER_SETTINGS,
        *NUMBER_REGISTRATION,
    )


class UpdateIncomingPhoneNumbers(Operation, name="update-incoming-phone-numbers"):
    """Change an owned number's voice and SMS settings, or move it to another account."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json"
    params = (
        account_sid(),
        NUMBER_SID,
        FRIENDLY_NAME,
        API_VERSION,
        *NUMBER_SETTINGS,
        *NUMBER_REGISTRATION,
        sid("accountSidDestination", "AC", "AccountSid", location="form", required=False, description="Move the number to this (sub)account."),
    )


class DeleteIncomingPhoneNumber(Operation, name="delete-incoming-phone-number"):
    """Release an owned phone number."""

    method = "DELETE"
    path = "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json"
    success = 204
    params = (account_sid(), NUMBER_SID)


class ExchangePhoneNumbersBetweenSubaccounts(Operation, name="exchange-phone-numbers-between-subaccounts"):
    """Transfer an owned phone number from one (sub)account to another."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json"
    params = (
        account_sid("accountSidFrom", description="The account that owns the number; leave empty to use the config's accountSid."),
        NUMBER_SID,
        sid("accountSidTo", "AC", "AccountSid", location="form", required=True, description="The account that receives the number."),
    )
