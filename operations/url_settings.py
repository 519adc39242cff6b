"""The voice and SMS handler settings that phone numbers and applications share."""

from __future__ import annotations

from operations.params import Param, boolean, http_method, sid, text, url

__all__ = ["API_VERSION", "APPLICATION_SETTINGS", "NUMBER_SETTINGS", "SMS_STATUS_CALLBACK", "VOICE_SETTINGS"]

API_VERSION = text("apiVersion", "ApiVersion", description="The API version of TwiML sessions started by calls: 2010-04-01 (Twilio's default) or the older 2008-08-01.")

VOICE_SETTINGS: tuple[Param, ...] = (
    url("voiceUrl", "VoiceUrl", description="The URL Twilio requests when a call comes in."),
    http_method("voiceMethod", "VoiceMethod", description="How Twilio requests voiceUrl (default POST)."),
    url("voiceFallbackUrl", "VoiceFallbackUrl", description="The URL Twilio requests when voiceUrl fails."),
    http_method("voiceFallbackMethod", "VoiceFallbackMethod", description="How Twilio requests voiceFallbackUrl."),
    url("statusCallback", "StatusCallback", description="The URL Twilio notifies when a call ends."),
    http_method("statusCallbackMethod", "StatusCallbackMethod", description="How Twilio requests statusCallback."),
    boolean("voiceCallerIdLookup", "VoiceCallerIdLookup", description="Look up the caller's name (CNAM) for incoming calls."),
)

SMS_SETTINGS: tuple[Param, ...] = (
    url("smsUrl", "SmsUrl", description="The URL Twilio requests when an SMS comes in."),
    http_method("smsMethod", "SmsMethod", description="How Twilio requests smsUrl (default POST)."),
    url("smsFallbackUrl", "SmsFallbackUrl", description="The URL Twilio requests when smsUrl fails."),
    http_method("smsFallbackMethod", "SmsFallbackMethod", description="How Twilio requests smsFallbackUrl."),
)

SMS_STATUS_CALLBACK = url("smsStatusCallback", "SmsStatusCallback", description="The URL Twilio notifies of SMS status changes.")

#: A phone number's settings: voice and SMS handlers, or applications that hold them.
NUMBER_SETTINGS: tuple[Param, ...] = (
    *VOICE_SETTINGS,
    sid("voiceApplicationSid", "AP", "VoiceApplicationSid", location="form", required=False, description="An application to handle calls (its URLs replace the voice URLs)."),
    *SMS_SETTINGS,
    sid("smsApplicationSid", "AP", "SmsApplicationSid", location="form", required=False, description="An application to handle SMS (its URLs replace the SMS URLs)."),
)

#: An application's settings.
APPLICATION_SETTINGS: tuple[Param, ...] = (
    API_VERSION,
    *VOICE_SETTINGS,
    *SMS_SETTINGS,
    SMS_STATUS_CALLBACK,
    url("messageStatusCallback", "MessageStatusCallback", description="The URL Twilio POSTs the status of messages sent with the application to."),
    boolean("publicApplicationConnectEnabled", "PublicApplicationConnectEnabled", description="Whether other Twilio accounts may dial the application with <Dial> (default false)."),
)
