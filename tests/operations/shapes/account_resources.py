"""Request shapes of queues, usage, short codes, connect apps and API keys (issue 11)."""

from __future__ import annotations

from tests.operations.shapes import A, Row, sid

QU = sid("QU")
CA = sid("CA")
UT = sid("UT")
SC = sid("SC")
CN = sid("CN")
SK = sid("SK")

ROWS: dict[str, Row] = {
    "create-queue": Row(
        {"friendlyName": "support", "maxSize": "50"},
        "POST",
        f"{A}/Queues.json",
        form=[("FriendlyName", "support"), ("MaxSize", "50")],
    ),
    "get-queue": Row({"queueSid": QU}, "GET", f"{A}/Queues/{QU}.json"),
    "get-queues": Row({"pageSize": "10"}, "GET", f"{A}/Queues.json", query=[("PageSize", "10")]),
    "update-queue": Row(
        {"queueSid": QU, "maxSize": 10},
        "POST",
        f"{A}/Queues/{QU}.json",
        form=[("MaxSize", "10")],
    ),
    "delete-queue": Row({"queueSid": QU}, "DELETE", f"{A}/Queues/{QU}.json"),
    "get-queue-members": Row({"queueSid": QU}, "GET", f"{A}/Queues/{QU}/Members.json"),
    "get-queue-member": Row(
        {"queueSid": QU, "callSid": "Front"}, "GET", f"{A}/Queues/{QU}/Members/Front.json"
    ),
    "dequeue-member": Row(
        {"queueSid": QU, "callSid": CA, "url": "https://e.com/agent", "method": "get"},
        "POST",
        f"{A}/Queues/{QU}/Members/{CA}.json",
        form=[("Url", "https://e.com/agent"), ("Method", "GET")],
    ),
    "get-usage-records": Row(
        {
            "period": "Daily",
            "category": "sms-outbound",
            "startDate": "2024-01-01",
            "endDate": "2024-01-31",
            "includeSubaccounts": "false",
        },
        "GET",
        f"{A}/Usage/Records/Daily.json",
        query=[
            ("Category", "sms-outbound"),
            ("StartDate", "2024-01-01"),
            ("EndDate", "2024-01-31"),
            ("IncludeSubaccounts", "false"),
        ],
    ),
    "create-usage-trigger": Row(
        {
            "callbackUrl": "https://e.com/usage",
            "triggerValue": "+30",
            "usageCategory": "calls",
            "recurring": "Monthly",
            "triggerBy": "count",
            "callbackMethod": "get",
            "friendlyName": "Budget",
        },
        "POST",
        f"{A}/Usage/Triggers.json",
        form=[
            ("CallbackUrl", "https://e.com/usage"),
            ("TriggerValue", "+30"),
            ("UsageCategory", "calls"),
            ("Recurring", "monthly"),
            ("TriggerBy", "count"),
            ("CallbackMethod", "GET"),
            ("FriendlyName", "Budget"),
        ],
    ),
    "get-usage-trigger": Row({"triggerSid": UT}, "GET", f"{A}/Usage/Triggers/{UT}.json"),
    "get-usage-triggers": Row(
        {"recurring": "daily", "usageCategory": "sms"},
        "GET",
        f"{A}/Usage/Triggers.json",
        query=[("Recurring", "daily"), ("UsageCategory", "sms")],
    ),
    "update-usage-trigger": Row(
        {"triggerSid": UT, "callbackUrl": "https://e.com/u2", "friendlyName": "Cap"},
        "POST",
        f"{A}/Usage/Triggers/{UT}.json",
        form=[("CallbackUrl", "https://e.com/u2"), ("FriendlyName", "Cap")],
    ),
    "delete-usage-trigger": Row({"triggerSid": UT}, "DELETE", f"{A}/Usage/Triggers/{UT}.json"),
    "get-short-codes": Row(
        {"shortCode": "8946*"},
        "GET",
        f"{A}/SMS/ShortCodes.json",
        query=[("ShortCode", "8946*")],
    ),
    "get-short-code": Row({"shortCodeSid": SC}, "GET", f"{A}/SMS/ShortCodes/{SC}.json"),
    "update-short-code": Row(
        {"shortCodeSid": SC, "smsUrl": "https://e.com/sms", "smsMethod": "get"},
        "POST",
        f"{A}/SMS/ShortCodes/{SC}.json",
        form=[("SmsUrl", "https://e.com/sms"), ("SmsMethod", "GET")],
    ),
    "get-connect-apps": Row({}, "GET", f"{A}/ConnectApps.json"),
    "get-connect-app": Row({"connectAppSid": CN}, "GET", f"{A}/ConnectApps/{CN}.json"),
    "update-connect-app": Row(
        {"connectAppSid": CN, "permissions": "get-all, post-all", "companyName": "Acme"},
        "POST",
        f"{A}/ConnectApps/{CN}.json",
        form=[("Permissions", "get-all"), ("Permissions", "post-all"), ("CompanyName", "Acme")],
    ),
    "get-authorized-connect-apps": Row({}, "GET", f"{A}/AuthorizedConnectApps.json"),
    "get-authorized-connect-app": Row(
        {"connectAppSid": CN}, "GET", f"{A}/AuthorizedConnectApps/{CN}.json"
    ),
    "create-api-key": Row(
        {"friendlyName": "ci"}, "POST", f"{A}/Keys.json", form=[("FriendlyName", "ci")]
    ),
    "get-api-keys": Row({}, "GET", f"{A}/Keys.json"),
    "get-api-key": Row({"keySid": SK}, "GET", f"{A}/Keys/{SK}.json"),
    "update-api-key": Row(
        {"keySid": SK, "friendlyName": "renamed"},
        "POST",
        f"{A}/Keys/{SK}.json",
        form=[("FriendlyName", "renamed")],
    ),
    "delete-api-key": Row({"keySid": SK}, "DELETE", f"{A}/Keys/{SK}.json"),
}

#: Each time slice of the usage records at its own path; no period: Records.json.
VARIANTS: list[tuple[str, Row]] = [
    ("get-usage-records", Row({"period": period}, "GET", f"{A}/Usage/Records/{path}.json"))
    for period, path in (
        ("all-time", "AllTime"),
        ("monthly", "Monthly"),
        ("yearly", "Yearly"),
        ("today", "Today"),
        ("yesterday", "Yesterday"),
        ("this-month", "ThisMonth"),
        ("last-month", "LastMonth"),
    )
] + [
    (
        "get-usage-records",
        Row({"category": "calls"}, "GET", f"{A}/Usage/Records.json", query=[("Category", "calls")]),
    ),
    (
        "get-queue-member",
        Row({"queueSid": QU, "callSid": CA}, "GET", f"{A}/Queues/{QU}/Members/{CA}.json"),
    ),
]
