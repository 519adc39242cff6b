"""Accounts and subaccounts (``/2010-04-01/Accounts``)."""

from __future__ import annotations

from operations.base import Operation
from operations.params import account_sid, text


class GetAccountDetails(Operation, name="get-account-details"):
    """Fetch an account (the config's account unless accountSid is given)."""

    method = "GET"
    path = "/2010-04-01/Accounts/{Sid}.json"
    params = (
        account_sid(wire="Sid"),
    )


class GetAllAccountsDetails(Operation, name="get-all-accounts-details"):
    """List the account and its subaccounts, optionally by status or friendly name."""

    method = "GET"
    path = "/2010-04-01/Accounts.json"
    list_key = "accounts"
    params = (
        text("accountStatus", "Status", location="query", description="Only return Account resources with the given status.", enum=("active", "suspended", "closed")),
        text("friendlyName", "FriendlyName", location="query", description="Only return the Account resources with friendly names that exactly match this name."),
    )


class UpdateAccount(Operation, name="update-account"):
    """Rename an account, or suspend, reactivate or close it."""

    method = "POST"
    path = "/2010-04-01/Accounts/{Sid}.json"
    params = (
        account_sid(wire="Sid"),
        text("accountStatus", "Status", description="Closed closes the account for good, suspended pauses it, active reactivates it.", enum=("active", "suspended", "closed")),
        text("friendlyName", "FriendlyName", description="Update the human-readable description of this account."),
    )


class CreateSubAccount(Operation, name="create-sub-account"):
    """Create a subaccount of the config's account."""

    method = "POST"
    path = "/2010-04-01/Accounts.json"
    success = 201
    params = (
        text("friendlyName", "FriendlyName", max_length=64, description="A human readable description of the new subaccount."),
    )


class GetSubAccountByAccountSid(Operation, name="get-sub-account-by-account-sid"):
    """Fetch a subaccount by its SID."""

    method = "GET"
    path = "/2010-04-01/Accounts/{Sid}.json"
    params = (
        account_sid(wire="Sid", required=True, description="The subaccount's SID (AC...)."),
    )


class GetSubAccountByFriendlyName(Operation, name="get-sub-account-by-friendly-name"):
    """Fetch the subaccount whose friendly name is exactly this one."""

    method = "GET"
    path = "/2010-04-01/Accounts.json"
    list_key = "accounts"
    first_only = True
    params = (
        text("friendlyName", "FriendlyName", location="query", required=True, description="The subaccount's friendly name, matched exactly."),
    )
