"""Short codes for SMS (``SMS/ShortCodes``); Twilio provisions them, an account reads and
configures them."""

from __future__ import annotations

from operations.base import Operation
from operations.params import account_sid, sid, text
from operations.url_settings import SMS_SETTINGS

SHORT_CODE_SID = sid("shortCodeSid", "SC", description="The short code's SID (SC...).")


class GetShortCodes(Operation, name="get-short-codes"):
    """List the account's short codes."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/SMS/ShortCodes.json"
    list_key = "short_codes"
    params = (
        account_sid(),
        text(
            "friendlyName",
            "FriendlyName",
            location="query",
            description="Only short codes whose friendly name is exactly this.",
        ),
        text(
            "shortCode",
            "ShortCode",
            location="query",
            description="Only short codes that match this pattern (* for any digit).",
        ),
    )


class GetShortCode(Operation, name="get-short-code"):
    """Fetch a short code."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/SMS/ShortCodes/{Sid}.json"
    params = (account_sid(), SHORT_CODE_SID)


class UpdateShortCode(Operation, name="update-short-code"):
    """Change a short code's name or its SMS handler URLs."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/SMS/ShortCodes/{Sid}.json"
    params = (
        account_sid(),
        SHORT_CODE_SID,
        text(
            "friendlyName", "FriendlyName", max_length=64, description="A name for the short code."
        ),
        text(
            "apiVersion",
            "ApiVersion",
            enum=("2010-04-01", "2008-08-01"),
            description="The API version of TwiML sessions started by messages.",
        ),
        *SMS_SETTINGS,
    )
