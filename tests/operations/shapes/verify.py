"""Request shapes of the Verify operations (verify.twilio.com v2)."""

from __future__ import annotations

from tests.operations.shapes import Row, sid

VA = sid("VA")
VE = sid("VE")
TO = "+14155550100"
S = f"/v2/Services/{VA}"

ROWS: dict[str, Row] = {
    "create-verify-service": Row(
        {"friendlyName": "Acme", "codeLength": "8", "customCodeEnabled": "TRUE"},
        "POST",
        "/v2/Services",
        form=[("FriendlyName", "Acme"), ("CodeLength", "8"), ("CustomCodeEnabled", "true")],
    ),
    "get-verify-service": Row({"serviceSid": VA}, "GET", S),
    "get-verify-services": Row({"pageSize": 5}, "GET", "/v2/Services", query=[("PageSize", "5")]),
    "update-verify-service": Row(
        {"serviceSid": VA, "friendlyName": "Renamed", "lookupEnabled": False},
        "POST",
        S,
        form=[("FriendlyName", "Renamed"), ("LookupEnabled", "false")],
    ),
    "delete-verify-service": Row({"serviceSid": VA}, "DELETE", S),
    "start-verification": Row(
        {"serviceSid": VA, "to": TO, "channel": "SMS", "locale": "en", "customCode": "4321"},
        "POST",
        f"{S}/Verifications",
        form=[("To", TO), ("Channel", "sms"), ("Locale", "en"), ("CustomCode", "4321")],
    ),
    "check-verification": Row(
        {"serviceSid": VA, "to": TO, "code": "123456"},
        "POST",
        f"{S}/VerificationCheck",
        form=[("To", TO), ("Code", "123456")],
    ),
    "get-verification": Row(
        {"serviceSid": VA, "verificationSid": VE}, "GET", f"{S}/Verifications/{VE}"
    ),
    "cancel-verification": Row(
        {"serviceSid": VA, "verificationSid": VE},
        "POST",
        f"{S}/Verifications/{VE}",
        form=[("Status", "canceled")],
    ),
}

VARIANTS: list[tuple[str, Row]] = [
    (
        "check-verification",
        Row(
            {"serviceSid": VA, "verificationSid": VE, "code": "1234"},
            "POST",
            f"{S}/VerificationCheck",
            form=[("VerificationSid", VE), ("Code", "1234")],
        ),
    ),
    # A verification named by its To: the + of the number is quoted in the path.
    (
        "cancel-verification",
        Row(
            {"serviceSid": VA, "verificationSid": TO},
            "POST",
            f"{S}/Verifications/%2B14155550100",
            form=[("Status", "canceled")],
        ),
    ),
    (
        "start-verification",
        Row(
            {
                "serviceSid": VA,
                "to": "ada@example.com",
                "channel": "email",
                "channelConfiguration": {"from_name": "Acme"},
            },
            "POST",
            f"{S}/Verifications",
            form=[
                ("To", "ada@example.com"),
                ("Channel", "email"),
                ("ChannelConfiguration", '{"from_name": "Acme"}'),
            ],
        ),
    ),
]
