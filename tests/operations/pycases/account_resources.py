"""Queues, usage, short codes, connect apps and API keys, against twilio-python's calls."""

from __future__ import annotations

from datetime import date

from tests.operations.pycases import Case, sid

QU = sid("QU")
CA = sid("CA")
UT = sid("UT")
SC = sid("SC")
CN = sid("CN")
SK = sid("SK")

SLICES = (
    "all_time",
    "daily",
    "monthly",
    "yearly",
    "today",
    "yesterday",
    "this_month",
    "last_month",
)

CASES = [
    Case(
        "create-queue",
        {"friendlyName": "support", "maxSize": "50"},
        lambda c: c.queues.create(friendly_name="support", max_size=50),
    ),
    Case(
        "create-queue",
        {"friendlyName": "x"},
        lambda c: c.queues.create(friendly_name="x"),
        "name only",
    ),
    Case("get-queue", {"queueSid": QU}, lambda c: c.queues(QU).fetch()),
    Case("get-queues", {"pageSize": "10"}, lambda c: c.queues.page(page_size=10)),
    Case(
        "update-queue",
        {"queueSid": QU, "friendlyName": "sales", "maxSize": 10},
        lambda c: c.queues(QU).update(friendly_name="sales", max_size=10),
    ),
    Case("delete-queue", {"queueSid": QU}, lambda c: c.queues(QU).delete()),
    Case("get-queue-members", {"queueSid": QU}, lambda c: c.queues(QU).members.page()),
    Case(
        "get-queue-member",
        {"queueSid": QU, "callSid": "Front"},
        lambda c: c.queues(QU).members("Front").fetch(),
        "front",
    ),
    Case(
        "get-queue-member",
        {"queueSid": QU, "callSid": CA},
        lambda c: c.queues(QU).members(CA).fetch(),
        "call",
    ),
    Case(
        "dequeue-member",
        {"queueSid": QU, "callSid": "Front", "url": "https://e.com/agent", "method": "GET"},
        lambda c: c.queues(QU).members("Front").update(url="https://e.com/agent", method="GET"),
    ),
    Case(
        "get-usage-records",
        {"category": "calls", "startDate": "2024-01-01", "endDate": "2024-01-31"},
        lambda c: c.usage.records.page(
            category="calls", start_date=date(2024, 1, 1), end_date=date(2024, 1, 31)
        ),
        "no period",
    ),
    *(
        Case(
            "get-usage-records",
            {"period": name.replace("_", "-"), "category": "sms", "includeSubaccounts": "false"},
            lambda c, name=name: getattr(c.usage.records, name).page(
                category="sms", include_subaccounts=False
            ),
            name,
        )
        for name in SLICES
    ),
    Case(
        "create-usage-trigger",
        {
            "callbackUrl": "https://e.com/usage",
            "triggerValue": "+30",
            "usageCategory": "calls",
            "recurring": "monthly",
            "triggerBy": "count",
            "callbackMethod": "GET",
            "friendlyName": "Budget",
        },
        lambda c: c.usage.triggers.create(
            callback_url="https://e.com/usage",
            trigger_value="+30",
            usage_category="calls",
            recurring="monthly",
            trigger_by="count",
            callback_method="GET",
            friendly_name="Budget",
        ),
    ),
    Case("get-usage-trigger", {"triggerSid": UT}, lambda c: c.usage.triggers(UT).fetch()),
    Case(
        "get-usage-triggers",
        {"recurring": "daily", "triggerBy": "price", "usageCategory": "sms"},
        lambda c: c.usage.triggers.page(
            recurring="daily", trigger_by="price", usage_category="sms"
        ),
    ),
    Case(
        "update-usage-trigger",
        {
            "triggerSid": UT,
            "callbackUrl": "https://e.com/u2",
            "callbackMethod": "POST",
            "friendlyName": "Cap",
        },
        lambda c: c.usage.triggers(UT).update(
            callback_url="https://e.com/u2", callback_method="POST", friendly_name="Cap"
        ),
    ),
    Case("delete-usage-trigger", {"triggerSid": UT}, lambda c: c.usage.triggers(UT).delete()),
    Case(
        "get-short-codes",
        {"friendlyName": "Promo", "shortCode": "8946*"},
        lambda c: c.short_codes.page(friendly_name="Promo", short_code="8946*"),
    ),
    Case("get-short-code", {"shortCodeSid": SC}, lambda c: c.short_codes(SC).fetch()),
    Case(
        "update-short-code",
        {
            "shortCodeSid": SC,
            "friendlyName": "Promo",
            "apiVersion": "2010-04-01",
            "smsUrl": "https://e.com/sms",
            "smsMethod": "GET",
            "smsFallbackUrl": "https://e.com/fb",
            "smsFallbackMethod": "POST",
        },
        lambda c: c.short_codes(SC).update(
            friendly_name="Promo",
            api_version="2010-04-01",
            sms_url="https://e.com/sms",
            sms_method="GET",
            sms_fallback_url="https://e.com/fb",
            sms_fallback_method="POST",
        ),
    ),
    Case("get-connect-apps", {}, lambda c: c.connect_apps.page()),
    Case("get-connect-app", {"connectAppSid": CN}, lambda c: c.connect_apps(CN).fetch()),
    Case(
        "update-connect-app",
        {
            "connectAppSid": CN,
            "authorizeRedirectUrl": "https://e.com/auth",
            "companyName": "Acme",
            "deauthorizeCallbackMethod": "GET",
            "deauthorizeCallbackUrl": "https://e.com/deauth",
            "description": "Reports",
            "friendlyName": "Reporter",
            "homepageUrl": "https://e.com",
            "permissions": ["get-all", "post-all"],
        },
        lambda c: c.connect_apps(CN).update(
            authorize_redirect_url="https://e.com/auth",
            company_name="Acme",
            deauthorize_callback_method="GET",
            deauthorize_callback_url="https://e.com/deauth",
            description="Reports",
            friendly_name="Reporter",
            homepage_url="https://e.com",
            permissions=["get-all", "post-all"],
        ),
    ),
    Case("get-authorized-connect-apps", {}, lambda c: c.authorized_connect_apps.page()),
    Case(
        "get-authorized-connect-app",
        {"connectAppSid": CN},
        lambda c: c.authorized_connect_apps(CN).fetch(),
    ),
    Case("create-api-key", {"friendlyName": "ci"}, lambda c: c.new_keys.create(friendly_name="ci")),
    Case("get-api-keys", {}, lambda c: c.keys.page()),
    Case("get-api-key", {"keySid": SK}, lambda c: c.keys(SK).fetch()),
    Case(
        "update-api-key",
        {"keySid": SK, "friendlyName": "renamed"},
        lambda c: c.keys(SK).update(friendly_name="renamed"),
    ),
    Case("delete-api-key", {"keySid": SK}, lambda c: c.keys(SK).delete()),
]
