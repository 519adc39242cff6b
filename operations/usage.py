"""Usage records, by time slice, and usage triggers (``Usage/Records``, ``Usage/Triggers``).

Twilio serves each time slice of the usage records at a path of its own
(``Usage/Records/Daily.json``...). Here they are one operation, ``get-usage-records``, whose
``period`` picks the path: left out, the records cover the whole history of the account.
"""

from __future__ import annotations

from operations.base import Operation
from operations.params import Param, account_sid, boolean, http_method, sid, text, url

#: A usage category as Twilio names them (``sms``, ``calls-outbound``, ``phonenumbers``...):
#: Twilio's list runs to hundreds and grows, so any name of that form is accepted.
CATEGORY_PATTERN = "^[a-z0-9][a-z0-9-]*$"
CATEGORY_WORDS = "A usage category, e.g. sms, sms-outbound, calls, calls-outbound, phonenumbers or totalprice (see Twilio's usage categories)."

#: Each time slice, and the path extension Twilio serves it at.
PERIODS = {
    "all-time": "/AllTime.json",
    "daily": "/Daily.json",
    "monthly": "/Monthly.json",
    "yearly": "/Yearly.json",
    "today": "/Today.json",
    "yesterday": "/Yesterday.json",
    "this-month": "/ThisMonth.json",
    "last-month": "/LastMonth.json",
}

RECURRING = ("daily", "monthly", "yearly", "alltime")
TRIGGER_BY = ("count", "usage", "price")
TRIGGER_SID = sid("triggerSid", "UT", description="The usage trigger's SID (UT...).")
FRIENDLY_NAME = text(
    "friendlyName", "FriendlyName", max_length=64, description="A name for the trigger."
)
CALLBACK_METHOD = http_method(
    "callbackMethod",
    "CallbackMethod",
    description="How Twilio requests callbackUrl (default POST).",
)


class GetUsageRecords(Operation, name="get-usage-records"):
    """List the account's usage by category, for its whole history or by time slice."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Usage/Records.json"
    list_key = "usage_records"
    params = (
        account_sid(),
        Param(
            "period",
            None,
            "extension",
            extensions=PERIODS,
            description="The time slice: one record per category for all-time, today, yesterday, this-month or last-month; one per day, month or year for daily, monthly or yearly. Left out, one record per category over the given dates.",
        ),
        text(
            "category",
            "Category",
            location="query",
            pattern=CATEGORY_PATTERN,
            description=CATEGORY_WORDS,
        ),
        Param(
            "startDate",
            "StartDate",
            "query",
            kind="date",
            description="Only usage on or after this day (YYYY-MM-DD).",
        ),
        Param(
            "endDate",
            "EndDate",
            "query",
            kind="date",
            description="Only usage on or before this day (YYYY-MM-DD).",
        ),
        boolean(
            "includeSubaccounts",
            "IncludeSubaccounts",
            location="query",
            description="Add the usage of the account's subaccounts (Twilio's default is true).",
        ),
    )


class CreateUsageTrigger(Operation, name="create-usage-trigger"):
    """Ask Twilio to call a URL when a usage category reaches a value."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Usage/Triggers.json"
    success = 201
    params = (
        account_sid(),
        url(
            "callbackUrl",
            "CallbackUrl",
            required=True,
            description="The URL Twilio requests when the trigger fires.",
        ),
        text(
            "triggerValue",
            "TriggerValue",
            required=True,
            pattern=r"^\+?[0-9]+(\.[0-9]+)?$",
            description="The usage value at which the trigger fires; +N means N above the current value.",
        ),
        text(
            "usageCategory",
            "UsageCategory",
            required=True,
            pattern=CATEGORY_PATTERN,
            description=CATEGORY_WORDS,
        ),
        CALLBACK_METHOD,
        FRIENDLY_NAME,
        text(
            "recurring",
            "Recurring",
            enum=RECURRING,
            description="Fire again every day, month or year (or once, alltime).",
        ),
        text(
            "triggerBy",
            "TriggerBy",
            enum=TRIGGER_BY,
            description="The field of the usage record compared with triggerValue (Twilio's default is usage).",
        ),
    )


class GetUsageTrigger(Operation, name="get-usage-trigger"):
    """Fetch a usage trigger."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Usage/Triggers/{Sid}.json"
    params = (account_sid(), TRIGGER_SID)


class GetUsageTriggers(Operation, name="get-usage-triggers"):
    """List the account's usage triggers."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Usage/Triggers.json"
    list_key = "usage_triggers"
    params = (
        account_sid(),
        text(
            "recurring",
            "Recurring",
            location="query",
            enum=RECURRING,
            description="Only triggers with this recurrence.",
        ),
        text(
            "triggerBy",
            "TriggerBy",
            location="query",
            enum=TRIGGER_BY,
            description="Only triggers comparing this field.",
        ),
        text(
            "usageCategory",
            "UsageCategory",
            location="query",
            pattern=CATEGORY_PATTERN,
            description="Only triggers watching this usage category.",
        ),
    )


class UpdateUsageTrigger(Operation, name="update-usage-trigger"):
    """Change a usage trigger's callback or name."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Usage/Triggers/{Sid}.json"
    params = (
        account_sid(),
        TRIGGER_SID,
        CALLBACK_METHOD,
        url(
            "callbackUrl",
            "CallbackUrl",
            description="The URL Twilio requests when the trigger fires.",
        ),
        FRIENDLY_NAME,
    )


class DeleteUsageTrigger(Operation, name="delete-usage-trigger"):
    """Delete a usage trigger."""

    method = "DELETE"
    path = "/2010-04-01/Accounts/{AccountSid}/Usage/Triggers/{Sid}.json"
    success = 204
    params = (account_sid(), TRIGGER_SID)
