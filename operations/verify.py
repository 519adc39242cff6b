"""Verify (verify.twilio.com v2): services, and the one-time codes they send and check
(``Services``, ``Verifications``, ``VerificationCheck``)."""

from __future__ import annotations

from operations.base import Operation
from operations.params import Param, boolean, integer, json_object, one_of, phone, sid, text

#: ``sna`` is silent network auth (the person's phone opens the verification's ``sna.url`` over
#: its mobile data; no code); ``auto`` lets Verify choose sna, falling back to sms.
CHANNELS = ("sms", "call", "email", "whatsapp", "sna", "auto")
#: How a passkey's authenticator, discoverable credentials and user verification may be set.
PASSKEY_ATTACHMENTS = ("platform", "cross-platform", "any")
PASSKEY_REQUIREMENTS = ("required", "preferred", "discouraged")

#: What a service is configured with, on create and update alike.
_SETTINGS = (
    integer("codeLength", "CodeLength", minimum=4, maximum=10, description="How many digits the codes have (Twilio's default is 6)."),
    boolean("lookupEnabled", "LookupEnabled", description="Whether each verification started also looks the number up and returns what it found."),
    boolean("skipSmsToLandlines", "SkipSmsToLandlines", description="Whether SMS verifications to landlines are refused; needs lookupEnabled."),
    boolean("dtmfInputRequired", "DtmfInputRequired", description="Whether a call asks the person to press a key before it reads the code."),
    text("ttsName", "TtsName", description="An alternative text-to-speech name for calls; applies only to TTS languages."),
    boolean("psd2Enabled", "Psd2Enabled", description="Whether verifications carry PSD2 transaction parameters (amount and payee)."),
    boolean("doNotShareWarningEnabled", "DoNotShareWarningEnabled", description="Whether an SMS ends with a warning not to share the code."),
    boolean("customCodeEnabled", "CustomCodeEnabled", description="Whether verifications may send a code of your own (customCode) instead of a generated one."),
    sid("defaultTemplateSid", "HJ", "DefaultTemplateSid", location="form", required=False, description="The default message template (HJ...)."),
    sid("whatsappMsgServiceSid", "MG", "Whatsapp.MsgServiceSid", location="form", required=False, description="The Messaging Service (MG...) holding the WhatsApp senders for this service."),
    phone("whatsappFrom", "Whatsapp.From", description="The WhatsApp sender for this service's WhatsApp verifications."),
    boolean("verifyEventSubscriptionEnabled", "VerifyEventSubscriptionEnabled", description="Whether the service's verifications reach your Event Streams sinks."),
    boolean("pushIncludeDate", "Push.IncludeDate", description="Push factors: whether a challenge's details include its date (deprecated by Twilio)."),
    sid("pushApnCredentialSid", "CR", "Push.ApnCredentialSid", location="form", required=False, description="Push factors: the APN credential (CR...) for notifying iOS devices."),
    sid("pushFcmCredentialSid", "CR", "Push.FcmCredentialSid", location="form", required=False, description="Push factors: the FCM credential (CR...) for notifying Android devices."),
    text("totpIssuer", "Totp.Issuer", description="TOTP factors: the issuer in the TOTP URI (by default the service's name)."),
    integer("totpTimeStep", "Totp.TimeStep", minimum=20, maximum=60, description="TOTP factors: seconds between new codes, 20 to 60 (Twilio's default is 30)."),
    integer("totpCodeLength", "Totp.CodeLength", minimum=3, maximum=8, description="TOTP factors: digits in a code, 3 to 8 (Twilio's default is 6)."),
    integer("totpSkew", "Totp.Skew", minimum=0, maximum=2, description="TOTP factors: time steps before and after the current one whose codes still pass, 0 to 2 (Twilio's default is 1)."),
    text("passkeysRelyingPartyId", "Passkeys.RelyingParty.Id", description="Passkeys: the relying party's id, your application's domain such as example.com."),
    text("passkeysRelyingPartyName", "Passkeys.RelyingParty.Name", description="Passkeys: the relying party's name, such as Example App."),
    text("passkeysRelyingPartyOrigins", "Passkeys.RelyingParty.Origins", description="Passkeys: your application's origins, comma-separated, such as login.example.com,www.example.com."),
    text("passkeysAuthenticatorAttachment", "Passkeys.AuthenticatorAttachment", enum=PASSKEY_ATTACHMENTS, description="Passkeys: which authenticators may create them."),
    text("passkeysDiscoverableCredentials", "Passkeys.DiscoverableCredentials", enum=PASSKEY_REQUIREMENTS, description="Passkeys: whether credentials must be discoverable by the authenticator."),
    text("passkeysUserVerification", "Passkeys.UserVerification", enum=PASSKEY_REQUIREMENTS, description="Passkeys: whether the authenticator must verify the user."),
)


def _service(name: str = "serviceSid", wire: str = "ServiceSid") -> Param:
    return sid(name, "VA", wire, description="The Verify service's SID (VA...).")


class CreateVerifyService(Operation, name="create-verify-service"):
    """Create a Verify service: the name and settings its codes are sent with."""

    domain = "verify"
    method = "POST"
    path = "/v2/Services"
    success = 201
    params = (
        text("friendlyName", "FriendlyName", required=True, max_length=32, description="The service's name, shown in the messages it sends."),
        *_SETTINGS,
    )


class GetVerifyService(Operation, name="get-verify-service"):
    """Fetch a Verify service."""

    domain = "verify"
    method = "GET"
    path = "/v2/Services/{Sid}"
    params = (_service("serviceSid", "Sid"),)


class GetVerifyServices(Operation, name="get-verify-services"):
    """List the account's Verify services."""

    domain = "verify"
    method = "GET"
    path = "/v2/Services"
    list_key = "services"


class UpdateVerifyService(Operation, name="update-verify-service"):
    """Change a Verify service's name or settings."""

    domain = "verify"
    method = "POST"
    path = "/v2/Services/{Sid}"
    params = (
        _service("serviceSid", "Sid"),
        text("friendlyName", "FriendlyName", max_length=32, description="The service's name, shown in the messages it sends."),
        *_SETTINGS,
    )


class DeleteVerifyService(Operation, name="delete-verify-service"):
    """Delete a Verify service."""

    domain = "verify"
    method = "DELETE"
    path = "/v2/Services/{Sid}"
    success = 204
    params = (_service("serviceSid", "Sid"),)


class StartVerification(Operation, name="start-verification"):
    """Send a one-time code by SMS, call, email or WhatsApp (the pending one's, if any), or
    start a silent network auth (sna)."""

    domain = "verify"
    method = "POST"
    path = "/v2/Services/{ServiceSid}/Verifications"
    success = 201
    params = (
        _service(),
        phone("to", "To", required=True, description="The phone number (E.164) or, for email, the address to verify."),
        text("channel", "Channel", required=True, enum=CHANNELS, description="How the code is sent: sms, call, email, whatsapp; sna (silent network auth: no code, the phone opens the answer's sna.url over mobile data); auto (Verify chooses sna, else sms)."),
        boolean("enableSnaClientToken", "EnableSnaClientToken", description="sna: opening sna.url also answers a client token, which check-verification must then give (snaClientToken)."),
        text("customMessage", "CustomMessage", description="A message of your own to send the code in (deprecated by Twilio: use templateSid)."),
        text("customFriendlyName", "CustomFriendlyName", description="A name used in this verification's message instead of the service's."),
        text("sendDigits", "SendDigits", description="Digits to dial once a call is answered (an extension), with w for a half-second pause."),
        text("locale", "Locale", description="The language of the message, such as en or pt-BR (by default worked out from the number's country)."),
        text("customCode", "CustomCode", min_length=4, max_length=10, description="A code of your own to send instead of a generated one; needs the service's customCodeEnabled."),
        text("amount", "Amount", description="The PSD2 transaction's amount; needs the service's psd2Enabled."),
        text("payee", "Payee", description="The PSD2 transaction's payee; needs the service's psd2Enabled."),
        json_object("rateLimits", "RateLimits", description="Values for the service's rate limits, by their unique names."),
        json_object("channelConfiguration", "ChannelConfiguration", description="Email channel settings such as from and from_name, or template data."),
        text("appHash", "AppHash", description="Your Android app's hash, added to the SMS for the SMS Retriever API."),
        sid("templateSid", "HJ", "TemplateSid", location="form", required=False, description="The message template (HJ...) for this verification."),
        text("templateCustomSubstitutions", "TemplateCustomSubstitutions", description="JSON text: values for the template's custom variables."),
        text("templates", "Templates", description='JSON text: message templates in order of preference, each {"sid": "HJ...", "substitutions": {...}}; given, it replaces templateSid and templateCustomSubstitutions.'),
        text("deviceIp", "DeviceIp", description="The IP address of the person's device."),
        text("riskCheck", "RiskCheck", enum=("enable", "disable"), description="Whether Fraud Guard checks this SMS verification (Twilio's default is enable)."),
        text("tags", "Tags", description="JSON text: a map of tags recorded with the verification."),
    )


class CheckVerification(Operation, name="check-verification"):
    """Check a code: the verification is approved if it matches, and stays pending if not (an
    sna verification takes no code: it is approved once the phone opened its sna.url)."""

    domain = "verify"
    method = "POST"
    path = "/v2/Services/{ServiceSid}/VerificationCheck"
    params = (
        _service(),
        text("code", "Code", min_length=4, max_length=10, description="The code the person gave (every channel but sna needs it)."),
        phone("to", "To", description="The phone number or email address the code was sent to."),
        sid("verificationSid", "VE", "VerificationSid", location="form", required=False, description="The verification's SID (VE...), instead of to."),
        text("amount", "Amount", description="The PSD2 transaction's amount, as started."),
        text("payee", "Payee", description="The PSD2 transaction's payee, as started."),
        text("snaClientToken", "SnaClientToken", description="sna: the client token that opening sna.url answered, when the verification was started with enableSnaClientToken."),
    )
    exactly_one_of = (one_of("to", "verificationSid"),)


def _verification() -> Param:
    return sid("verificationSid", None, description="The verification's SID (VE...), or the phone number or email address it was sent to.")


class GetVerification(Operation, name="get-verification"):
    """Fetch a pending verification."""

    domain = "verify"
    method = "GET"
    path = "/v2/Services/{ServiceSid}/Verifications/{Sid}"
    params = (_service(), _verification())


class CancelVerification(Operation, name="cancel-verification"):
    """Cancel a pending verification: its code no longer works."""

    domain = "verify"
    method = "POST"
    path = "/v2/Services/{ServiceSid}/Verifications/{Sid}"
    params = (
        _service(),
        _verification(),
        Param("status", "Status", "form", enum=("canceled",), default="canceled", description="The status it moves to: canceled."),
    )
