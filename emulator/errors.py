"""Twilio's error responses: ``{"code", "message", "more_info", "status"}``.

The codes the emulator answers with, by name (Twilio's numbers, see
https://www.twilio.com/docs/api/errors):
"""

from __future__ import annotations

from typing import Any

INVALID_PARAMETER = 20001  # a parameter value is malformed or not allowed
AUTHENTICATE = 20003  # wrong or missing credentials
METHOD_NOT_ALLOWED = 20004
ACCOUNT_NOT_ACTIVE = 20005  # a suspended or closed account cannot change anything
NOT_COMPLETE = 20009  # cannot delete a resource (a live call, a message in flight) yet
FORBIDDEN = 20403
NOT_FOUND = 20404
INTERNAL = 20500
TO_REQUIRED_CALL = 21201
URL_REQUIRED = 21205  # Url parameter is required / is not a valid URL
FROM_NOT_VERIFIED = 21210
INVALID_TO = 21211
INVALID_FROM = 21212
FROM_REQUIRED_CALL = 21213
CANNOT_REACH = 21214
CALL_REGION_PERMISSION = 21215
CALL_BLOCKED = 21216
INVALID_CALL_TO = 21217
INVALID_APPLICATION = 21218
CALL_NOT_IN_PROGRESS = 21220
TO_EQUALS_FROM = 21266
MESSAGE_REGION_PERMISSION = 21408
INVALID_PHONE_NUMBER = 21421
NUMBER_NOT_AVAILABLE = 21422
ALREADY_VERIFIED = 21450
INVALID_AREA_CODE = 21451
NO_NUMBERS_IN_AREA_CODE = 21452
BODY_REQUIRED = 21602
FROM_REQUIRED_MESSAGE = 21603
TO_REQUIRED_MESSAGE = 21604
FROM_NOT_OWNED = 21606
INVALID_STATUS_CALLBACK = 21609
UNSUBSCRIBED = 21610
QUEUE_FULL = 21611
CANNOT_ROUTE = 21612
NOT_MOBILE = 21614
BODY_TOO_LONG = 21617
INVALID_MEDIA_URL = 21620
TOO_MANY_MEDIA = 21623
CONTENT_SID_INVALID = 21655
CONTENT_VARIABLES_INVALID = 21656
SERVICE_NOT_FOUND = 21701
SERVICE_HAS_NO_NUMBERS = 21704
NUMBER_IN_ANOTHER_SERVICE = 21712  # a number belongs to one Messaging Service at most
CHANNEL_PAIR_INVALID = 21910  # From and To of different channels
MESSAGE_UPDATE_INVALID = 30400  # update a message with Body "" or Status canceled, not both
MESSAGE_NOT_CANCELABLE = 30409  # only a scheduled message can be canceled
SEND_AT_MISSING = 35111
SEND_AT_OUT_OF_WINDOW = 35114  # SendAt must be 15 minutes to 35 days ahead
SCHEDULE_NEEDS_SERVICE = 35118
# SIP and addresses
SIP_DOMAIN_INVALID = 21231  # a SIP domain's parameters are wrong: its name, or a list's mapping
ADDRESS_NOT_VALIDATED = 21628  # an address cannot be validated
VERIFY_INVALID_PARAMETER = 60200  # Verify: a parameter is missing, malformed or not allowed
VERIFY_MAX_CHECK_ATTEMPTS = 60202  # Verify: a code was checked too often (429)
VERIFY_MAX_SEND_ATTEMPTS = 60203  # Verify: a code was sent too often (429)
VERIFY_LANDLINE = 60205  # Verify: SMS is not supported by landline phone numbers
CHANNEL_SENDER_NOT_FOUND = 63007  # no channel (WhatsApp...) sender with that From address


class TwilioError(Exception):
    """An error answered to the client in Twilio's JSON form."""

    def __init__(
        self, status: int, code: int, message: str, *, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after

    def to_json(self) -> dict[str, Any]:
        """The error body Twilio sends."""
        return {
            "code": self.code,
            "message": self.message,
            "more_info": f"https://www.twilio.com/docs/errors/{self.code}",
            "status": self.status,
        }


def bad_request(code: int, message: str) -> TwilioError:
    """A 400 with a Twilio code."""
    return TwilioError(400, code, message)


def invalid(message: str) -> TwilioError:
    """A 400 for a malformed or disallowed parameter value."""
    return TwilioError(400, INVALID_PARAMETER, message)


def not_found(path: str) -> TwilioError:
    """Twilio's 404 for a resource that does not exist (or is not this account's)."""
    return TwilioError(404, NOT_FOUND, f"The requested resource {path} was not found")


def unauthorized() -> TwilioError:
    """Twilio's 401 for wrong or missing credentials."""
    return TwilioError(401, AUTHENTICATE, "Authenticate")
