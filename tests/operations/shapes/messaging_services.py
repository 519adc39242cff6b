"""Request shapes of the Messaging Service operations (messaging.twilio.com/v1)."""

from __future__ import annotations

from tests.operations.shapes import Row, sid

MG = sid("MG")
PN = sid("PN")
HOOK = "https://example.com/inbound"

ROWS: dict[str, Row] = {
    "create-messaging-service": Row(
        {
            "friendlyName": "Shop",
            "inboundRequestUrl": HOOK,
            "inboundMethod": "get",
            "fallbackUrl": "https://example.com/fallback",
            "fallbackMethod": "POST",
            "statusCallback": "https://example.com/status",
            "stickySender": "true",
            "mmsConverter": False,
            "smartEncoding": "yes",
            "scanMessageContent": "ENABLE",
            "fallbackToLongCode": "false",
            "areaCodeGeomatch": True,
            "validityPeriod": "600",
            "synchronousValidation": "true",
            "usecase": "Marketing",
            "useInboundWebhookOnNumber": "false",
        },
        "POST",
        "/v1/Services",
        form=[
            ("FriendlyName", "Shop"),
            ("InboundRequestUrl", HOOK),
            ("InboundMethod", "GET"),
            ("FallbackUrl", "https://example.com/fallback"),
            ("FallbackMethod", "POST"),
            ("StatusCallback", "https://example.com/status"),
            ("StickySender", "true"),
            ("MmsConverter", "false"),
            ("SmartEncoding", "true"),
            ("ScanMessageContent", "enable"),
            ("FallbackToLongCode", "false"),
            ("AreaCodeGeomatch", "true"),
            ("ValidityPeriod", "600"),
            ("SynchronousValidation", "true"),
            ("Usecase", "marketing"),
            ("UseInboundWebhookOnNumber", "false"),
        ],
    ),
    "get-messaging-service": Row({"messagingServiceSid": MG}, "GET", f"/v1/Services/{MG}"),
    "get-messaging-services": Row(
        {"pageSize": "20"}, "GET", "/v1/Services", query=[("PageSize", "20")]
    ),
    "update-messaging-service": Row(
        {"messagingServiceSid": MG, "friendlyName": "Renamed", "stickySender": "false"},
        "POST",
        f"/v1/Services/{MG}",
        form=[("FriendlyName", "Renamed"), ("StickySender", "false")],
    ),
    "delete-messaging-service": Row({"messagingServiceSid": MG}, "DELETE", f"/v1/Services/{MG}"),
    "add-messaging-service-phone-number": Row(
        {"messagingServiceSid": MG, "phoneNumberSid": PN},
        "POST",
        f"/v1/Services/{MG}/PhoneNumbers",
        form=[("PhoneNumberSid", PN)],
    ),
    "get-messaging-service-phone-numbers": Row(
        {"messagingServiceSid": MG, "limit": 5},
        "GET",
        f"/v1/Services/{MG}/PhoneNumbers",
        query=[("PageSize", "5")],
    ),
    "remove-messaging-service-phone-number": Row(
        {"messagingServiceSid": MG, "phoneNumberSid": PN},
        "DELETE",
        f"/v1/Services/{MG}/PhoneNumbers/{PN}",
    ),
}

VARIANTS: list[tuple[str, Row]] = [
    (
        "update-messaging-service",
        Row(
            {"messagingServiceSid": MG, "validityPeriod": 36000, "scanMessageContent": "inherit"},
            "POST",
            f"/v1/Services/{MG}",
            form=[("ValidityPeriod", "36000"), ("ScanMessageContent", "inherit")],
        ),
    ),
]
