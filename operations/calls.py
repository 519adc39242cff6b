"""Voice calls (``Calls``)."""

from __future__ import annotations

from operations.base import Operation
from operations.params import (
    Param,
    account_sid,
    date_filter,
    http_method,
    integer,
    one_of,
    phone,
    sid,
    text,
    url,
)

#: The original connector's ifMachine (Continue, Hangup) is Twilio's MachineDetection now:
#: both ask for detection (Enable); Twilio's own values are accepted too.
IF_MACHINE = Param(
    "ifMachine", "MachineDetection", "form",
    enum=("Continue", "Hangup", "Enable", "DetectMessageEnd"),
    wire_values={"Continue": "Enable", "Hangup": "Enable"},
    description="Detect answering machines: Continue or Hangup (sent as Enable), or DetectMessageEnd.",
)


class GetCall(Operation, name="get-call"):
    """Fetch a call."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json"
    params = (
        account_sid(),
        sid("callSid", "CA", description="The call's SID (CA...)."),
    )


class GetCalls(Operation, name="get-calls"):
    """List calls, newest first, filtered by number, status or start time."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Calls.json"
    list_key = "calls"
    params = (
        account_sid(),
        phone("to", "To", location="query", description="Only show calls to this phone number."),
        phone("from", "From", location="query", description="Only show calls from this phone number."),
        text("status", "Status", location="query", description="Only show calls currently in this status.", enum=("queued", "ringing", "in-progress", "completed", "busy", "failed", "no-answer", "canceled")),
        date_filter("startTime", "StartTime", description="Only show calls that started on this date, given as YYYY-MM-DD."),
    )


class MakeCall(Operation, name="make-call"):
    """Start an outgoing call handled by a URL, TwiML or an application."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Calls.json"
    success = 201
    exactly_one_of = (one_of("url", "twiml", "applicationSid"),)
    params = (
        account_sid(),
        phone("from", "From", required=True, description="The phone number to use as the caller id."),
        phone("to", "To", required=True, description="The number to call formatted with a '+' and country code e.g., +16175551212 (E.164 format)."),
        url("url", "Url", description="The fully qualified URL that should be consulted when the call connects."),
        text("twiml", "Twiml", max_length=4000, description="TwiML instructions for the call, instead of a url or an application."),
        sid("applicationSid", "AP", "ApplicationSid", location="form", description="An application (AP...) to handle the call instead of a url or twiml.", required=False),
        http_method("method", "Method", description="The HTTP method Twilio should use when making its request to the above Url parameter's value."),
        url("fallbackUrl", "FallbackUrl", description="A URL that Twilio will request if an error occurs requesting or executing the TwiML at Url."),
        http_method("fallbackMethod", "FallbackMethod", description="The HTTP method that Twilio should use to request the FallbackUrl."),
        url("statusCallback", "StatusCallback", description="A URL that Twilio will request when the call ends to notify your app."),
        http_method("statusCallbackMethod", "StatusCallbackMethod", description="The HTTP method Twilio should use when requesting the above URL."),
        text("sendDigits", "SendDigits", pattern=r"^[0-9A-DwW#*]+$", max_length=32, description="Keys to dial after connecting: digits, A, B, C, D, # and *, with w for a half-second pause and W for a one-second pause."),
        IF_MACHINE,
        integer("timeout", "Timeout", minimum=1, maximum=600, description="Seconds to let the phone ring before giving up (default 60)."),
    )


class ChangeCallState(Operation, name="change-call-state"):
    """Redirect a live call to new TwiML, or cancel or end it."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json"
    params = (
        account_sid(),
        sid("callSid", "CA", description="The SID (CA...) of the live call to change."),
        url("url", "Url", description="A valid URL that returns TwiML."),
        http_method("method", "Method", description="The HTTP method Twilio should use when requesting the above URL."),
        text("status", "Status", description="Either canceled or completed.", enum=("canceled", "completed")),
    )
