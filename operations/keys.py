"""API keys (``Keys``): credentials that act as the account. A new key's secret is in the
result of ``create-api-key`` and nowhere else; Twilio never shows it again."""

from __future__ import annotations

from operations.base import Operation
from operations.params import account_sid, sid, text

#: The family these operations are listed under (README, ``operations``).
FAMILY = "api keys"

KEY_SID = sid("keySid", "SK", description="The API key's SID (SK...).")
FRIENDLY_NAME = text(
    "friendlyName", "FriendlyName", max_length=64, description="A name for the key."
)


class CreateApiKey(Operation, name="create-api-key"):
    """Create an API key; its secret is in the result, once."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Keys.json"
    success = 201
    params = (account_sid(), FRIENDLY_NAME)


class GetApiKeys(Operation, name="get-api-keys"):
    """List the account's API keys (without their secrets)."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Keys.json"
    list_key = "keys"
    params = (account_sid(),)


class GetApiKey(Operation, name="get-api-key"):
    """Fetch an API key (without its secret)."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json"
    params = (account_sid(), KEY_SID)


class UpdateApiKey(Operation, name="update-api-key"):
    """Rename an API key."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json"
    params = (account_sid(), KEY_SID, FRIENDLY_NAME)


class DeleteApiKey(Operation, name="delete-api-key"):
    """Delete an API key; it stops authenticating at once."""

    method = "DELETE"
    path = "/2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json"
    success = 204
    params = (account_sid(), KEY_SID)
