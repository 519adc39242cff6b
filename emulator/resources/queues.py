"""Queues and their members: calls waiting, in order, to be dequeued.

A call joins a queue through ``<Enqueue>`` (an inbound call's TwiML) or a fixture; it leaves when
it is dequeued (sent to another URL) or when it ends. Positions count from 1 at the front;
wait times are seconds on the emulator's clock since the call joined.
"""

from __future__ import annotations

from typing import Any

from emulator import errors
from emulator.errors import TwilioError, invalid
from emulator.paging import list_account_rows, list_items
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, get, insert, update
from emulator.wire import METHODS, new_sid, rfc2822

routes = Routes()

DEFAULT_MAX_SIZE = 1000
"""A queue's size limit when none is given (as Twilio's)."""
LARGEST_MAX_SIZE = 5000
FRONT = "Front"
"""The member name that means the call at the head of the queue."""
LIVE_CALLS = ("queued", "ringing", "in-progress")


def _members(db: Db, queue_sid: str) -> list[Row]:
    """The calls waiting in the queue, front first."""
    return db.execute(
        "SELECT * FROM queue_members WHERE queue_sid = ? ORDER BY date_enqueued, seq",
        (queue_sid,),
    ).fetchall()


def render(db: Db, row: Row, now: float) -> dict[str, Any]:
    """A Queue as Twilio sends it, its size and average wait as of `now`."""
    members = _members(db, row["sid"])
    waits = [max(0, round(now - m["date_enqueued"])) for m in members]
    return {
        "account_sid": row["account_sid"],
        "average_wait_time": round(sum(waits) / len(waits)) if waits else 0,
        "current_size": len(members),
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "friendly_name": row["friendly_name"],
        "max_size": row["max_size"],
        "sid": row["sid"],
        "uri": f"/2010-04-01/Accounts/{row['account_sid']}/Queues/{row['sid']}.json",
    }


def render_member(row: Row, position: int, now: float) -> dict[str, Any]:
    """A queue Member as Twilio sends it."""
    return {
        "call_sid": row["call_sid"],
        "date_enqueued": rfc2822(row["date_enqueued"]),
        "position": position,
        "queue_sid": row["queue_sid"],
        "uri": (
            f"/2010-04-01/Accounts/{row['account_sid']}/Queues/{row['queue_sid']}"
            f"/Members/{row['call_sid']}.json"
        ),
        "wait_time": max(0, round(now - row["date_enqueued"])),
    }


def _friendly_name(db: Db, account_sid: str, name: str | None, sid: str | None = None) -> str:
    """A queue name that is given, short enough and not another queue's of the account."""
    if not name:
        raise TwilioError(400, errors.INVALID_PARAMETER, "FriendlyName is required.")
    if len(name) > 64:
        raise invalid("FriendlyName may be at most 64 characters long.")
    taken = db.execute(
        "SELECT sid FROM queues WHERE account_sid = ? AND friendly_name = ?", (account_sid, name)
    ).fetchone()
    if taken is not None and taken["sid"] != sid:
        raise invalid(f"A queue named {name!r} already exists.")
    return name


def create_queue(
    db: Db, account_sid: str, name: str, now: float, max_size: int | None = None
) -> str:
    """Store a queue; its SID."""
    sid = new_sid("QU")
    insert(
        db,
        "queues",
        {
            "sid": sid,
            "account_sid": account_sid,
            "friendly_name": name,
            "max_size": max_size or DEFAULT_MAX_SIZE,
            "date_created": now,
            "date_updated": now,
        },
    )
    return sid


def enqueue(db: Db, account_sid: str, name: str, call_sid: str, now: float) -> dict[str, Any]:
    """Put a call in the account's queue called `name` (made if there is none, as
    ``<Enqueue>`` does): the queue's SID, the call's position and the queue's size and limit,
    or ``full`` when the queue holds all it may."""
    queue = db.execute(
        "SELECT * FROM queues WHERE account_sid = ? AND friendly_name = ?", (account_sid, name)
    ).fetchone()
    queue_sid = queue["sid"] if queue else create_queue(db, account_sid, name, now)
    max_size = queue["max_size"] if queue else DEFAULT_MAX_SIZE
    size = len(_members(db, queue_sid))
    facts = {"queue_sid": queue_sid, "max_size": max_size, "full": size >= max_size}
    if size >= max_size:
        return facts | {"position": 0, "size": size}
    db.execute("DELETE FROM queue_members WHERE call_sid = ?", (call_sid,))
    insert(
        db,
        "queue_members",
        {
            "queue_sid": queue_sid,
            "call_sid": call_sid,
            "account_sid": account_sid,
            "date_enqueued": now,
        },
    )
    return facts | {"position": size + 1, "size": size + 1}


def leave(db: Db, call_sid: str) -> None:
    """The call is no longer waiting in any queue."""
    db.execute("DELETE FROM queue_members WHERE call_sid = ?", (call_sid,))


@routes.settle
def settle(db: Db, now: float) -> None:
    """Calls that have ended wait no longer."""
    marks = ", ".join("?" * len(LIVE_CALLS))
    db.execute(
        "DELETE FROM queue_members WHERE call_sid NOT IN "  # noqa: S608
        f"(SELECT sid FROM calls WHERE status IN ({marks}))",
        LIVE_CALLS,
    )


_LIVE = ", ".join(repr(status) for status in LIVE_CALLS)
routes.due(  # now while a call that has ended still waits in a queue
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM queue_members WHERE call_sid NOT IN"  # noqa: S608
    f" (SELECT sid FROM calls WHERE status IN ({_LIVE}))) THEN 0 END"
)


@routes.post("/Queues.json", status=201)
def create(ctx: Ctx) -> dict[str, Any]:
    """Create a queue."""
    name = _friendly_name(ctx.db, ctx.account_sid, ctx.form.text("FriendlyName"))
    max_size = ctx.form.integer("MaxSize", 1, LARGEST_MAX_SIZE)
    sid = create_queue(ctx.db, ctx.account_sid, name, ctx.now, max_size)
    return render(ctx.db, ctx.fetch("queues", sid), ctx.now)


@routes.get("/Queues.json")
def list_queues(ctx: Ctx) -> dict[str, Any]:
    """The account's queues, newest first."""
    return list_account_rows(ctx, "queues", lambda row: render(ctx.db, row, ctx.now))


@routes.get("/Queues/<sid>.json")
def fetch(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One queue."""
    return render(ctx.db, ctx.fetch("queues", sid), ctx.now)


@routes.post("/Queues/<sid>.json")
def change(ctx: Ctx, sid: str) -> dict[str, Any]:
    """Rename a queue or change its size limit."""
    ctx.fetch("queues", sid)
    values: dict[str, Any] = {"date_updated": ctx.now}
    if "FriendlyName" in ctx.form:
        values["friendly_name"] = _friendly_name(
            ctx.db, ctx.account_sid, ctx.form.text("FriendlyName"), sid
        )
    max_size = ctx.form.integer("MaxSize", 1, LARGEST_MAX_SIZE)
    if max_size is not None:
        values["max_size"] = max_size
    update(ctx.db, "queues", sid, values)
    return render(ctx.db, ctx.fetch("queues", sid), ctx.now)


@routes.delete("/Queues/<sid>.json")
def remove(ctx: Ctx, sid: str) -> None:
    """Delete a queue; one with calls waiting is refused."""
    ctx.fetch("queues", sid)
    if _members(ctx.db, sid):
        raise invalid("Queue has calls waiting; dequeue them before deleting it.")
    ctx.delete("queues", sid)


@routes.get("/Queues/<queue_sid>/Members.json")
def list_members(ctx: Ctx, queue_sid: str) -> dict[str, Any]:
    """The calls waiting in a queue, front first."""
    ctx.fetch("queues", queue_sid)
    members = _members(ctx.db, queue_sid)
    items = [render_member(row, i, ctx.now) for i, row in enumerate(members, 1)]
    return list_items(ctx, "queue_members", items)


def _member(ctx: Ctx, queue_sid: str, call_sid: str) -> tuple[Row, int]:
    """The waiting call (or the one at the front) and its position; the 404 otherwise."""
    ctx.fetch("queues", queue_sid)
    for position, row in enumerate(_members(ctx.db, queue_sid), 1):
        if call_sid in (row["call_sid"], FRONT):
            return row, position
    raise ctx.not_found()


@routes.get("/Queues/<queue_sid>/Members/<call_sid>.json")
def fetch_member(ctx: Ctx, queue_sid: str, call_sid: str) -> dict[str, Any]:
    """A waiting call (``Front``: the one at the head of the queue)."""
    row, position = _member(ctx, queue_sid, call_sid)
    return render_member(row, position, ctx.now)


@routes.post("/Queues/<queue_sid>/Members/<call_sid>.json")
def dequeue(ctx: Ctx, queue_sid: str, call_sid: str) -> dict[str, Any]:
    """Take a call out of the queue and redirect it to ``Url``: it leaves the queue at once,
    and its next TwiML is that URL's (the call's ``url`` and ``method`` say so)."""
    form = ctx.form
    url = form.url("Url", errors.URL_REQUIRED)
    if not url:
        raise TwilioError(400, errors.URL_REQUIRED, "Url is required.")
    method = form.choice("Method", METHODS) or "POST"
    row, position = _member(ctx, queue_sid, call_sid)
    member = render_member(row, position, ctx.now)
    leave(ctx.db, row["call_sid"])
    call = get(ctx.db, "calls", row["call_sid"])
    if call is not None:
        update(
            ctx.db,
            "calls",
            call["sid"],
            {"url": url, "method": method, "twiml": None, "date_updated": ctx.now},
        )
    return member
