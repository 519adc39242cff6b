"""Usage records, worked out from what the accounts did here, and usage triggers.

Nothing is stored for usage: each record is counted, when asked for, from the messages sent and
received, the calls completed and the numbers bought, priced by the table below (the emulator's
own prices, close to Twilio's US list prices). A trigger watches one category over its
period (a day, a month, a year, or all time) and posts to its callback, through the outbox,
the first time the value reaches its trigger value in that period; the check runs as the
clock moves (a settle hook), so a trigger fires as soon as the usage that crosses it settles.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from emulator import errors, outbox
from emulator.errors import TwilioError, invalid
from emulator.paging import DAY, Filter, list_account_rows, list_items
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, insert, update
from emulator.wire import API_VERSION, METHODS, day_start, new_sid, rfc2822

routes = Routes()

SMS_SEGMENT_PRICE = 0.0079
MMS_PRICE = 0.02
OUTBOUND_MINUTE_PRICE = 0.014
INBOUND_MINUTE_PRICE = 0.0085
NUMBER_PRICE = 1.15
CATEGORY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Event:
    """Something billable: when, the categories it counts in, its usage and its price."""

    at: float
    categories: tuple[str, ...]
    usage: float
    price: float


@dataclass(frozen=True)
class Category:
    """A usage category as Twilio names and describes it, and its units."""

    description: str
    count_unit: str
    usage_unit: str


CATEGORIES = {
    "calls": Category("Voice Minutes", "calls", "minutes"),
    "calls-inbound": Category("Inbound Voice Minutes", "calls", "minutes"),
    "calls-outbound": Category("Outbound Voice Minutes", "calls", "minutes"),
    "mms": Category("MMS", "messages", "messages"),
    "mms-inbound": Category("Inbound MMS", "messages", "messages"),
    "mms-outbound": Category("Outbound MMS", "messages", "messages"),
    "phonenumbers": Category("Phone Numbers", "phone-numbers", "phone-numbers"),
    "sms": Category("SMS Messages", "messages", "segments"),
    "sms-inbound": Category("Inbound SMS Messages", "messages", "segments"),
    "sms-outbound": Category("Outbound SMS Messages", "messages", "segments"),
    "totalprice": Category("Total Price", "", "usd"),
}
"""The categories the emulator counts (Twilio has hundreds; the others are always empty)."""

#: Each time slice's path, and its name in a record's ``subresource_uris``.
SLICES = {
    "AllTime": "all_time",
    "Daily": "daily",
    "Monthly": "monthly",
    "Yearly": "yearly",
    "Today": "today",
    "Yesterday": "yesterday",
    "ThisMonth": "this_month",
    "LastMonth": "last_month",
}
FIXED_WINDOWS = ("Today", "Yesterday", "ThisMonth", "LastMonth")
"""Slices whose days are fixed by the clock: StartDate and EndDate only narrow them."""
RECURRING = ("daily", "monthly", "yearly", "alltime")
TRIGGER_BY = ("count", "usage", "price")
TRIGGER_SLICE = {"daily": "Today", "monthly": "ThisMonth", "yearly": "Yearly", "alltime": "AllTime"}


def _accounts(db: Db, account_sid: str, with_subaccounts: bool) -> list[str]:
    if not with_subaccounts:
        return [account_sid]
    rows = db.execute(
        "SELECT sid FROM accounts WHERE sid = ? OR owner_account_sid = ?",
        (account_sid, account_sid),
    ).fetchall()
    return [row["sid"] for row in rows]


def events(db: Db, accounts: list[str], start: float, end: float) -> list[Event]:
    """The accounts' billable events in [start, end)."""
    marks = ", ".join("?" * len(accounts))
    found: list[Event] = []
    messages = db.execute(
        "SELECT direction, num_segments, num_media, date_sent, date_created FROM messages "  # noqa: S608
        f"WHERE account_sid IN ({marks}) AND (direction = 'inbound' OR date_sent IS NOT NULL)",
        accounts,
    ).fetchall()
    for row in messages:
        inbound = row["direction"] == "inbound"
        at = row["date_created"] if inbound else row["date_sent"]
        side = "inbound" if inbound else "outbound"
        if row["num_media"]:
            found.append(Event(at, ("mms", f"mms-{side}"), 1, MMS_PRICE))
        else:
            segments = row["num_segments"] or 1
            found.append(Event(at, ("sms", f"sms-{side}"), segments, segments * SMS_SEGMENT_PRICE))
    calls = db.execute(
        "SELECT direction, duration, start_time, date_created FROM calls "  # noqa: S608
        f"WHERE account_sid IN ({marks}) AND status = 'completed'",
        accounts,
    ).fetchall()
    for row in calls:
        minutes = math.ceil((row["duration"] or 0) / 60)
        inbound = row["direction"] == "inbound"
        rate = INBOUND_MINUTE_PRICE if inbound else OUTBOUND_MINUTE_PRICE
        side = "inbound" if inbound else "outbound"
        at = row["start_time"] or row["date_created"]
        found.append(Event(at, ("calls", f"calls-{side}"), minutes, minutes * rate))
    numbers = db.execute(
        f"SELECT date_created FROM incoming_phone_numbers WHERE account_sid IN ({marks})",  # noqa: S608
        accounts,
    ).fetchall()
    found += [Event(row["date_created"], ("phonenumbers",), 1, NUMBER_PRICE) for row in numbers]
    return [event for event in found if start <= event.at < end]


def measure(chosen: list[Event], category: str) -> tuple[int, float, float]:
    """Count, usage and price of `category` among `chosen`."""
    if category == "totalprice":
        price = sum(event.price for event in chosen)
        return 0, price, price
    counted = [event for event in chosen if category in event.categories]
    return (
        len(counted),
        sum(event.usage for event in counted),
        sum(event.price for event in counted),
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.4f}".rstrip("0")


def _today(now: float) -> date:
    return datetime.fromtimestamp(now, UTC).date()


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _buckets(slice_: str, start: date, end: date) -> Iterator[tuple[date, date]]:
    """The days, months or years from `start` to `end` (inclusive), clipped to them."""
    if slice_ not in ("Daily", "Monthly", "Yearly"):
        yield start, end
        return
    cursor = start
    while cursor <= end:
        if slice_ == "Daily":
            following = cursor + timedelta(days=1)
        elif slice_ == "Monthly":
            following = _next_month(cursor)
        else:
            following = date(cursor.year + 1, 1, 1)
        yield cursor, min(end, following - timedelta(days=1))
        cursor = following


def _day(ctx: Ctx, name: str) -> date | None:
    value = ctx.query.text(name)
    if value is None:
        return None
    if not DAY.match(value):
        raise invalid(f"{name} must be a date in the form YYYY-MM-DD, not {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise invalid(f"{name} {value!r} is not a date") from None


def _range(ctx: Ctx, slice_: str) -> tuple[date, date]:
    """The days a request covers: from the account's first day to today, or its slice's fixed
    window; StartDate and EndDate replace those bounds, or narrow a fixed window."""
    today = _today(ctx.now)
    assert ctx.account is not None
    opened = _today(ctx.account["date_created"])
    start, end = opened, today
    if slice_ == "Today":
        start = today
    elif slice_ == "Yesterday":
        start = end = today - timedelta(days=1)
    elif slice_ == "ThisMonth":
        start = _month_start(today)
    elif slice_ == "LastMonth":
        end = _month_start(today) - timedelta(days=1)
        start = _month_start(end)
    given_start, given_end = _day(ctx, "StartDate"), _day(ctx, "EndDate")
    fixed = slice_ in FIXED_WINDOWS
    if given_start is not None:
        start = max(start, given_start) if fixed else given_start
    if given_end is not None:
        end = min(end, given_end) if fixed else given_end
    if start > end:
        raise invalid("StartDate must be on or before EndDate.")
    return start, end


def _records(ctx: Ctx, slice_: str) -> dict[str, Any]:
    """The usage records of one time slice (``""``: the plain Records list)."""
    category = ctx.query.text("Category")
    if category is not None and not CATEGORY.match(category):
        raise invalid(f"Category {category!r} is not a usage category.")
    with_subaccounts = ctx.query.boolean("IncludeSubaccounts")
    accounts = _accounts(ctx.db, ctx.account_sid, with_subaccounts is not False)
    start, end = _range(ctx, slice_)
    everything = events(ctx.db, accounts, day_start(start), day_start(end + timedelta(days=1)))
    names = [category] if category else sorted(CATEGORIES)
    items = []
    for first, last in _buckets(slice_, start, end):
        low, high = day_start(first), day_start(last + timedelta(days=1))
        chosen = [event for event in everything if low <= event.at < high]
        items += [
            render_record(ctx, name, first, last, slice_=slice_, measured=measure(chosen, name))
            for name in names
        ]
    return list_items(ctx, "usage_records", items)


def render_record(
    ctx: Ctx,
    category: str,
    start: date,
    end: date,
    *,
    slice_: str,
    measured: tuple[int, float, float],
) -> dict[str, Any]:
    """A UsageRecord as Twilio sends it."""
    count, usage, price = measured
    known = CATEGORIES.get(category, Category(category, "", ""))
    base = f"/2010-04-01/Accounts/{ctx.account_sid}/Usage/Records"
    query = urlencode({"Category": category, "StartDate": start, "EndDate": end})
    return {
        "account_sid": ctx.account_sid,
        "api_version": API_VERSION,
        "as_of": datetime.fromtimestamp(ctx.now, UTC).isoformat(timespec="seconds"),
        "category": category,
        "count": str(count),
        "count_unit": known.count_unit,
        "description": known.description,
        "end_date": end.isoformat(),
        "price": round(price, 5),
        "price_unit": "usd",
        "start_date": start.isoformat(),
        "subresource_uris": {
            name: f"{base}/{path}.json?{urlencode({'Category': category})}"
            for path, name in SLICES.items()
        },
        "uri": f"{base}{'/' + slice_ if slice_ else ''}.json?{query}",
        "usage": _number(usage),
        "usage_unit": known.usage_unit,
    }


def _slice_handler(slice_: str) -> Callable[[Ctx], dict[str, Any]]:
    def handler(ctx: Ctx) -> dict[str, Any]:
        return _records(ctx, slice_)

    handler.__name__ = f"usage_records_{slice_.lower() or 'list'}"
    handler.__doc__ = f"The usage records of the {slice_ or 'plain'} slice."
    return handler


routes.get("/Usage/Records.json")(_slice_handler(""))
for _slice in SLICES:
    routes.get(f"/Usage/Records/{_slice}.json")(_slice_handler(_slice))


# -- triggers ---------------------------------------------------------------------------------


def _period(recurring: str, now: float) -> tuple[str, date | None]:
    """The key of the period a trigger watches at `now`, and the day that period starts."""
    today = _today(now)
    if recurring == "daily":
        return today.isoformat(), today
    if recurring == "monthly":
        return today.strftime("%Y-%m"), _month_start(today)
    if recurring == "yearly":
        return str(today.year), date(today.year, 1, 1)
    return "all", None


def current_value(db: Db, trigger: Row | dict[str, Any], now: float) -> float:
    """The trigger's watched value (its category's count, usage or price) in its period."""
    _, first = _period(trigger["recurring"], now)
    start = float("-inf") if first is None else day_start(first)
    chosen = events(db, _accounts(db, trigger["account_sid"], True), start, float("inf"))
    count, usage, price = measure(chosen, trigger["usage_category"])
    return {"count": float(count), "usage": usage, "price": price}[trigger["trigger_by"]]


def render_trigger(db: Db, row: Row | dict[str, Any], now: float) -> dict[str, Any]:
    """A UsageTrigger as Twilio sends it, with its current value as of `now`."""
    base = f"/2010-04-01/Accounts/{row['account_sid']}/Usage"
    slice_ = TRIGGER_SLICE[row["recurring"]]
    return {
        "account_sid": row["account_sid"],
        "api_version": API_VERSION,
        "callback_method": row["callback_method"],
        "callback_url": row["callback_url"],
        "current_value": _number(current_value(db, row, now)),
        "date_created": rfc2822(row["date_created"]),
        "date_fired": rfc2822(row["date_fired"]),
        "date_updated": rfc2822(row["date_updated"]),
        "friendly_name": row["friendly_name"],
        "recurring": row["recurring"],
        "sid": row["sid"],
        "trigger_by": row["trigger_by"],
        "trigger_value": row["trigger_value"],
        "uri": f"{base}/Triggers/{row['sid']}.json",
        "usage_category": row["usage_category"],
        "usage_record_uri": (
            f"{base}/Records/{slice_}.json?{urlencode({'Category': row['usage_category']})}"
        ),
    }


@routes.settle
def settle(db: Db, now: float) -> None:
    """Fire each trigger whose value has reached its trigger value in its current period."""
    for trigger in db.execute("SELECT * FROM usage_triggers").fetchall():
        period, _ = _period(trigger["recurring"], now)
        if trigger["fired_period"] == period:
            continue
        value = current_value(db, trigger, now)
        if value < float(trigger["trigger_value"]):
            continue
        update(db, "usage_triggers", trigger["sid"], {"date_fired": now, "fired_period": period})
        fired = render_trigger(db, {**dict(trigger), "date_fired": now}, now)
        outbox.enqueue(
            db,
            account_sid=trigger["account_sid"],
            source="usage-trigger",
            resource_sid=trigger["sid"],
            url=trigger["callback_url"],
            method=trigger["callback_method"],
            params=[
                ("AccountSid", trigger["account_sid"]),
                ("UsageTriggerSid", trigger["sid"]),
                ("DateFired", fired["date_fired"]),
                ("Recurring", trigger["recurring"]),
                ("UsageCategory", trigger["usage_category"]),
                ("TriggerBy", trigger["trigger_by"]),
                ("TriggerValue", trigger["trigger_value"]),
                ("CurrentValue", _number(value)),
                ("UsageRecordUri", fired["usage_record_uri"]),
            ],
            now=now,
        )


routes.due("SELECT CASE WHEN EXISTS (SELECT 1 FROM usage_triggers) THEN 0 END")
"""While there are triggers, always: their values move with the clock's periods."""


def _friendly_name(ctx: Ctx) -> str | None:
    name = ctx.form.text("FriendlyName")
    if name is not None and len(name) > 64:
        raise invalid("FriendlyName may be at most 64 characters long.")
    return name


@routes.post("/Usage/Triggers.json", status=201)
def create_trigger(ctx: Ctx) -> dict[str, Any]:
    """Create a usage trigger; a TriggerValue of ``+N`` is N above the value now."""
    form = ctx.form
    callback = form.url("CallbackUrl")
    if not callback:
        raise TwilioError(400, errors.INVALID_PARAMETER, "CallbackUrl is required.")
    category = form.require("UsageCategory", errors.INVALID_PARAMETER, "UsageCategory is required.")
    if category not in CATEGORIES:
        raise invalid(f"UsageCategory {category!r} is not a usage category the emulator counts.")
    given = form.require("TriggerValue", errors.INVALID_PARAMETER, "TriggerValue is required.")
    if not re.fullmatch(r"\+?[0-9]+(\.[0-9]+)?", given):
        raise invalid(f"TriggerValue must be a number or +offset, not {given!r}")
    values: dict[str, Any] = {
        "sid": new_sid("UT"),
        "account_sid": ctx.account_sid,
        "friendly_name": _friendly_name(ctx),
        "usage_category": category,
        "trigger_by": form.choice("TriggerBy", TRIGGER_BY) or "usage",
        "recurring": form.choice("Recurring", RECURRING) or "alltime",
        "callback_url": callback,
        "callback_method": form.choice("CallbackMethod", METHODS) or "POST",
        "trigger_value": given,
        "date_created": ctx.now,
        "date_updated": ctx.now,
    }
    if given.startswith("+"):
        now_value = current_value(ctx.db, values, ctx.now)
        values["trigger_value"] = _number(now_value + float(given[1:]))
    insert(ctx.db, "usage_triggers", values)
    return render_trigger(ctx.db, ctx.fetch("usage_triggers", values["sid"]), ctx.now)


@routes.get("/Usage/Triggers.json")
def list_triggers(ctx: Ctx) -> dict[str, Any]:
    """The account's usage triggers, filtered by Recurring, TriggerBy and UsageCategory."""
    return list_account_rows(
        ctx,
        "usage_triggers",
        lambda row: render_trigger(ctx.db, row, ctx.now),
        (
            Filter("Recurring", "recurring", "choice", RECURRING),
            Filter("TriggerBy", "trigger_by", "choice", TRIGGER_BY),
            Filter("UsageCategory", "usage_category"),
        ),
    )


@routes.get("/Usage/Triggers/<sid>.json")
def fetch_trigger(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One usage trigger."""
    return render_trigger(ctx.db, ctx.fetch("usage_triggers", sid), ctx.now)


@routes.post("/Usage/Triggers/<sid>.json")
def update_trigger(ctx: Ctx, sid: str) -> dict[str, Any]:
    """Change a trigger's callback or name."""
    ctx.fetch("usage_triggers", sid)
    values: dict[str, Any] = {"date_updated": ctx.now}
    if "FriendlyName" in ctx.form:
        values["friendly_name"] = _friendly_name(ctx)
    if ctx.form.text("CallbackUrl"):
        values["callback_url"] = ctx.form.url("CallbackUrl")
    method = ctx.form.choice("CallbackMethod", METHODS)
    if method:
        values["callback_method"] = method
    update(ctx.db, "usage_triggers", sid, values)
    return render_trigger(ctx.db, ctx.fetch("usage_triggers", sid), ctx.now)


@routes.delete("/Usage/Triggers/<sid>.json")
def delete_trigger(ctx: Ctx, sid: str) -> None:
    """Delete a usage trigger."""
    ctx.delete("usage_triggers", sid)
