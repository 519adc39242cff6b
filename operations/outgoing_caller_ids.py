"""Verified caller ids (``OutgoingCallerIds``) and validation requests."""

from __future__ import annotations

from operations.base import Operation
from operations.params import account_sid, http_method, integer, phone, sid, text, url

#: The family these operations are listed under (README, ``operations``).
FAMILY = "caller ids"


class GetOutgoingCallerIdByOutgoingCallerIdSid(Operation, name="get-outgoing-caller-id-by-outgoing-caller-id-sid"):
    """Fetch a verified outgoing caller id."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/OutgoingCallerIds/{Sid}.json"
    params = (
        account_sid(),
        sid("outgoingCallerIdSid", "PN", description="The caller id's SID (PN...)."),
    )


class UpdateOutgoingCallerIdByOutgoingCallerIdSid(Operation, name="update-outgoing-caller-id-by-outgoing-caller-id-sid"):
    """Rename a verified outgoing caller id."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/OutgoingCallerIds/{Sid}.json"
    params = (
        account_sid(),
        sid("outgoingCallerIdSid", "PN", description="The caller id's SID (PN...)."),
        text("friendlyName", "FriendlyName", required=True, max_length=64, description="A human readable description of the caller id."),
    )


class GetAllOutgoingCallerIds(Operation, name="get-all-outgoing-caller-ids"):
    """List the account's verified outgoing caller ids."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/OutgoingCallerIds.json"
    list_key = "outgoing_caller_ids"
    params = (
        account_sid(),
        phone("phoneNumber", "PhoneNumber", location="query", description="Only show the caller id resource that exactly matches this phone number."),
        text("friendlyName", "FriendlyName", location="query", description="Only show the caller id resource that exactly matches this name."),
    )


class AddNewCallerId(Operation, name="add-new-caller-id"):
    """Start verifying a caller id: Twilio calls the number and asks for the returned code."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/OutgoingCallerIds.json"
    params = (
        account_sid(),
        phone("phoneNumber", "PhoneNumber", required=True, description="The phone number to verify."),
        text("friendlyName", "FriendlyName", max_length=64, description="A human readable description of the new caller id."),
        integer("callDelay", "CallDelay", minimum=0, maximum=60, description="Seconds to wait before placing the validation call (default 0)."),
        text("extension", "Extension", description="Digits to dial after connecting the validation call."),
        url("statusCallback", "StatusCallback", description="A URL Twilio requests with the outcome of the verification call."),
        http_method("statusCallbackMethod", "StatusCallbackMethod", description="The HTTP method for statusCallback (default POST)."),
    )


class DeleteOutgoingCallerId(Operation, name="delete-outgoing-caller-id"):
    """Remove a verified outgoing caller id."""

    method = "DELETE"
    path = "/2010-04-01/Accounts/{AccountSid}/OutgoingCallerIds/{Sid}.json"
    success = 204
    params = (
        account_sid(),
        sid("outgoingCallerIdSid", "PN", description="The caller id's SID (PN...)."),
    )
