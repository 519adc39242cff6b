"""Verify v2 cases: each operation beside twilio-python's ``client.verify.v2`` call."""

from __future__ import annotations

from tests.operations.pycases import Case, sid

VA = sid("VA")
VE = sid("VE")
TO = "+14155550100"

TEMPLATES = '[{"sid": "HJ' + "a" * 32 + '", "substitutions": {"shop": "Acme"}}]'

CASES = [
    Case(
        "create-verify-service",
        {
            "friendlyName": "Acme",
            "codeLength": "8",
            "lookupEnabled": "true",
            "doNotShareWarningEnabled": False,
        },
        lambda c: c.verify.v2.services.create(
            friendly_name="Acme",
            code_length=8,
            lookup_enabled=True,
            do_not_share_warning_enabled=False,
        ),
    ),
    Case(
        "create-verify-service",
        {
            "friendlyName": "Acme",
            "whatsappFrom": "+15005550006",
            "whatsappMsgServiceSid": sid("MG"),
            "defaultTemplateSid": sid("HJ"),
        },
        lambda c: c.verify.v2.services.create(
            friendly_name="Acme",
            whatsapp_from="+15005550006",
            whatsapp_msg_service_sid=sid("MG"),
            default_template_sid=sid("HJ"),
        ),
        label="whatsapp",
    ),
    Case(
        "create-verify-service",
        {
            "friendlyName": "Acme",
            "pushIncludeDate": False,
            "pushApnCredentialSid": sid("CR"),
            "pushFcmCredentialSid": sid("CR"),
            "totpIssuer": "Acme Inc",
            "totpTimeStep": 45,
            "totpCodeLength": 8,
            "totpSkew": 0,
        },
        lambda c: c.verify.v2.services.create(
            friendly_name="Acme",
            push_include_date=False,
            push_apn_credential_sid=sid("CR"),
            push_fcm_credential_sid=sid("CR"),
            totp_issuer="Acme Inc",
            totp_time_step=45,
            totp_code_length=8,
            totp_skew=0,
        ),
        label="push and totp",
    ),
    Case(
        "update-verify-service",
        {
            "serviceSid": VA,
            "passkeysRelyingPartyId": "example.com",
            "passkeysRelyingPartyName": "Example",
            "passkeysRelyingPartyOrigins": "login.example.com,www.example.com",
            "passkeysAuthenticatorAttachment": "cross-platform",
            "passkeysDiscoverableCredentials": "preferred",
            "passkeysUserVerification": "discouraged",
        },
        lambda c: c.verify.v2.services(VA).update(
            passkeys_relying_party_id="example.com",
            passkeys_relying_party_name="Example",
            passkeys_relying_party_origins="login.example.com,www.example.com",
            passkeys_authenticator_attachment="cross-platform",
            passkeys_discoverable_credentials="preferred",
            passkeys_user_verification="discouraged",
        ),
        label="passkeys",
    ),
    Case(
        "start-verification",
        {"serviceSid": VA, "to": TO, "channel": "sna", "enableSnaClientToken": True},
        lambda c: c.verify.v2.services(VA).verifications.create(
            to=TO, channel="sna", enable_sna_client_token=True
        ),
        label="sna",
    ),
    Case(
        "start-verification",
        {"serviceSid": VA, "to": TO, "channel": "auto", "customMessage": "Your code: {code}"},
        lambda c: c.verify.v2.services(VA).verifications.create(
            to=TO, channel="auto", custom_message="Your code: {code}"
        ),
        label="auto",
    ),
    Case(
        "check-verification",
        {"serviceSid": VA, "to": TO, "snaClientToken": "token-from-the-sna-url"},
        lambda c: c.verify.v2.services(VA).verification_checks.create(
            to=TO, sna_client_token="token-from-the-sna-url"
        ),
        label="sna",
    ),
    Case("get-verify-service", {"serviceSid": VA}, lambda c: c.verify.v2.services(VA).fetch()),
    Case(
        "get-verify-services", {"pageSize": 20}, lambda c: c.verify.v2.services.page(page_size=20)
    ),
    Case(
        "update-verify-service",
        {
            "serviceSid": VA,
            "friendlyName": "New",
            "customCodeEnabled": "TRUE",
            "skipSmsToLandlines": "false",
        },
        lambda c: c.verify.v2.services(VA).update(
            friendly_name="New", custom_code_enabled=True, skip_sms_to_landlines=False
        ),
    ),
    Case("delete-verify-service", {"serviceSid": VA}, lambda c: c.verify.v2.services(VA).delete()),
    Case(
        "start-verification",
        {
            "serviceSid": VA,
            "to": TO,
            "channel": "sms",
            "locale": "es",
            "customFriendlyName": "Shop",
        },
        lambda c: c.verify.v2.services(VA).verifications.create(
            to=TO, channel="sms", locale="es", custom_friendly_name="Shop"
        ),
    ),
    Case(
        "start-verification",
        {"serviceSid": VA, "to": TO, "channel": "sms", "templates": TEMPLATES},
        lambda c: c.verify.v2.services(VA).verifications.create(
            to=TO, channel="sms", templates=TEMPLATES
        ),
        label="templates",
    ),
    Case(
        "start-verification",
        {
            "serviceSid": VA,
            "to": TO,
            "channel": "call",
            "sendDigits": "ww1234",
            "customCode": "9876",
        },
        lambda c: c.verify.v2.services(VA).verifications.create(
            to=TO, channel="call", send_digits="ww1234", custom_code="9876"
        ),
        label="call",
    ),
    Case(
        "start-verification",
        {
            "serviceSid": VA,
            "to": "ada@example.com",
            "channel": "email",
            "channelConfiguration": {"from_name": "Acme"},
            "rateLimits": {"end_user_ip": "1.2.3.4"},
        },
        lambda c: c.verify.v2.services(VA).verifications.create(
            to="ada@example.com",
            channel="email",
            channel_configuration={"from_name": "Acme"},
            rate_limits={"end_user_ip": "1.2.3.4"},
        ),
        label="email",
    ),
    Case(
        "start-verification",
        {
            "serviceSid": VA,
            "to": TO,
            "channel": "whatsapp",
            "amount": "10.00",
            "payee": "Acme",
            "riskCheck": "DISABLE",
        },
        lambda c: c.verify.v2.services(VA).verifications.create(
            to=TO, channel="whatsapp", amount="10.00", payee="Acme", risk_check="disable"
        ),
        label="whatsapp",
    ),
    Case(
        "check-verification",
        {"serviceSid": VA, "to": TO, "code": "123456"},
        lambda c: c.verify.v2.services(VA).verification_checks.create(to=TO, code="123456"),
    ),
    Case(
        "check-verification",
        {"serviceSid": VA, "verificationSid": VE, "code": "1234"},
        lambda c: c.verify.v2.services(VA).verification_checks.create(
            verification_sid=VE, code="1234"
        ),
        label="by-sid",
    ),
    Case(
        "get-verification",
        {"serviceSid": VA, "verificationSid": VE},
        lambda c: c.verify.v2.services(VA).verifications(VE).fetch(),
    ),
    Case(
        "cancel-verification",
        {"serviceSid": VA, "verificationSid": VE},
        lambda c: c.verify.v2.services(VA).verifications(VE).update(status="canceled"),
    ),
    Case(
        "cancel-verification",
        {"serviceSid": VA, "verificationSid": TO},
        lambda c: c.verify.v2.services(VA).verifications(TO).update(status="canceled"),
        label="by-to",
    ),
]
