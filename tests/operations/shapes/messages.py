"""Request shapes of the message operations added for issue 10 (send-sms-message's row is
with the original 50; its new parameters are variants here)."""

from __future__ import annotations

from tests.operations.shapes import A, Row, sid

SM = sid("SM")
MM = sid("MM")
ME = sid("ME")
MG = sid("MG")
HX = sid("HX")
TO = "+14155550100"

ROWS: dict[str, Row] = {
    "update-message": Row(
        {"messageSid": SM, "body": ""}, "POST", f"{A}/Messages/{SM}.json", form=[("Body", "")]
    ),
    "cancel-scheduled-message": Row(
        {"messageSid": SM}, "POST", f"{A}/Messages/{SM}.json", form=[("Status", "canceled")]
    ),
    "delete-message": Row({"messageSid": MM}, "DELETE", f"{A}/Messages/{MM}.json"),
    "get-message-media-list": Row(
        {"messageSid": MM, "dateCreated": "<=2024-01-31"},
        "GET",
        f"{A}/Messages/{MM}/Media.json",
        query=[("DateCreated<", "2024-01-31T00:00:00Z")],
    ),
    "get-message-media": Row(
        {"messageSid": MM, "mediaSid": ME}, "GET", f"{A}/Messages/{MM}/Media/{ME}.json"
    ),
    "delete-message-media": Row(
        {"messageSid": MM, "mediaSid": ME}, "DELETE", f"{A}/Messages/{MM}/Media/{ME}.json"
    ),
    "create-message-feedback": Row(
        {"messageSid": SM, "outcome": "Confirmed"},
        "POST",
        f"{A}/Messages/{SM}/Feedback.json",
        form=[("Outcome", "confirmed")],
    ),
}

VARIANTS: list[tuple[str, Row]] = [
    (
        "send-message",
        Row(
            {
                "messagingServiceSid": MG,
                "to": TO,
                "mediaUrl": ["https://example.com/a.png", "https://example.com/b.jpg"],
                "scheduleType": "FIXED",
                "sendAt": "2024-02-01T10:30:00+01:00",
                "validityPeriod": "600",
                "smartEncoded": "yes",
                "persistentAction": ["geo:37.78,-122.40", "mailto:ana@example.com"],
            },
            "POST",
            f"{A}/Messages.json",
            form=[
                ("MessagingServiceSid", MG),
                ("To", TO),
                ("MediaUrl", "https://example.com/a.png"),
                ("MediaUrl", "https://example.com/b.jpg"),
                ("ScheduleType", "fixed"),
                ("SendAt", "2024-02-01T09:30:00Z"),
                ("ValidityPeriod", "600"),
                ("SmartEncoded", "true"),
                ("PersistentAction", "geo:37.78,-122.40"),
                ("PersistentAction", "mailto:ana@example.com"),
            ],
        ),
    ),
    (
        "send-sms-message",
        Row(
            {
                "from": "whatsapp:+14155238886",
                "to": "whatsapp:+14155550100",
                "contentSid": HX,
                "contentVariables": '{"1": "Ana", "2": "12:30"}',
                "maxPrice": "0.50",
                "attempt": 2,
                "riskCheck": "Disable",
                "addressRetention": "retain",
                "contentRetention": "DISCARD",
                "provideFeedback": True,
                "forceDelivery": "false",
                "shortenUrls": "false",
                "sendAsMms": "true",
            },
            "POST",
            f"{A}/Messages.json",
            form=[
                ("From", "whatsapp:+14155238886"),
                ("To", "whatsapp:+14155550100"),
                ("ContentSid", HX),
                ("ContentVariables", '{"1": "Ana", "2": "12:30"}'),
                ("MaxPrice", "0.5"),
                ("Attempt", "2"),
                ("RiskCheck", "disable"),
                ("AddressRetention", "retain"),
                ("ContentRetention", "discard"),
                ("ProvideFeedback", "true"),
                ("ForceDelivery", "false"),
                ("ShortenUrls", "false"),
                ("SendAsMms", "true"),
            ],
        ),
    ),
    (
        "get-message-media",
        Row(
            {"messageSid": MM, "mediaSid": ME, "mediaFormat": "content"},
            "GET",
            f"{A}/Messages/{MM}/Media/{ME}",
        ),
    ),
    (
        "update-message",
        Row(
            {"messageSid": MM, "status": "CANCELED"},
            "POST",
            f"{A}/Messages/{MM}.json",
            form=[("Status", "canceled")],
        ),
    ),
]
