"""The Developer Sandbox, which Twilio retired (trial accounts replaced it)."""

from __future__ import annotations

from operations.base import Operation
from operations.params import account_sid, http_method, url

RETIRED = (
    "The Sandbox resource is gone: use get-incoming-phone-numbers to find your number and "
    "update-incoming-phone-numbers to set its voice and SMS URLs."
)


class GetSandbox(Operation, name="get-sandbox"):
    """Fetch the Developer Sandbox (retired by Twilio; served by the emulator)."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Sandbox.json"
    retired = RETIRED
    params = (
        account_sid(),
    )


class UpdateSandbox(Operation, name="update-sandbox"):
    """Change the Developer Sandbox's voice and SMS URLs (retired by Twilio)."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Sandbox.json"
    retired = RETIRED
    params = (
        account_sid(),
        url("voiceUrl", "VoiceUrl", description="The URL that Twilio should request when somebody calls this sandbox."),
        http_method("voiceMethod", "VoiceMethod", description="The HTTP method that should be used to request the above URL."),
        url("smsUrl", "SmsUrl", description="The URL that Twilio should request when somebody sends an SMS to the sandbox."),
        http_method("smsMethod", "SmsMethod", description="The HTTP method that should be used to request the SmsUrl."),
    )
