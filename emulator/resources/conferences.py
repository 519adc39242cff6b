"""Conferences and their participants (mute, hold, coach, kick).

A call joins a conference when it is answered, if it was made with TwiML holding
``<Conference>NAME</Conference>`` or to a number the fixtures name as a conference number. It
leaves when it ends; a conference whose last participant leaves is ``completed``. A participant
added by the API (conference_calls.py) is ``queued``, ``ringing`` while its call rings and
``connected`` once it is answered. A conference that asked to be recorded (ConferenceRecord)
leaves a recording when it ends.

A conference posts the events its first participant asked for (``ConferenceStatusCallback``
and ``ConferenceStatusCallbackEvent``, or ``<Conference statusCallback statusCallbackEvent>``)
to that URL, numbered by ``SequenceNumber``: ``conference-start``, ``conference-end``,
``participant-join``, ``participant-leave``, ``participant-mute`` / ``-unmute``,
``participant-hold`` / ``-unhold`` and ``participant-modify``.
"""

from __future__ import annotations

from typing import Any

from emulator import outbox
from emulator.errors import invalid
from emulator.paging import Filter, conditions, list_account_rows, list_rows
from emulator.resources import recordings
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, get, insert, update
from emulator.wire import API_VERSION, new_sid, rfc2822

routes = Routes()

STATUSES = ("init", "in-progress", "completed")
EVENTS = ("start", "end", "join", "leave", "mute", "hold", "modify", "speaker", "announcement")
"""The ConferenceStatusCallbackEvent values (speaker and announcement are taken, never sent:
nobody speaks and nothing is announced here)."""
DEFAULT_EVENTS = "start end"


def callback_settings(url: str | None, method: str | None, events: list[str]) -> dict[str, Any]:
    """A conference's status callback settings as columns: `events` (repeated, or
    space-separated) checked, ``start end`` when none is given; nothing without a URL."""
    chosen = [event for value in events for event in value.split()]
    unknown = [event for event in chosen if event not in EVENTS]
    if unknown:
        raise invalid(
            f"ConferenceStatusCallbackEvent must be among {', '.join(EVENTS)}, not {unknown[0]!r}"
        )
    if not url:
        return {}
    return {
        "status_callback": url,
        "status_callback_method": method or "POST",
        "status_callback_events": " ".join(chosen) or DEFAULT_EVENTS,
    }


def take_callback(db: Db, sid: str, settings: dict[str, Any]) -> None:
    """A joiner's status callback `settings`, kept if the conference has none yet (only the
    first participant's count, as at Twilio)."""
    if settings:
        db.execute(
            "UPDATE conferences SET status_callback = ?, status_callback_method = ?, "
            "status_callback_events = ? WHERE sid = ? AND status_callback IS NULL",
            (
                settings["status_callback"],
                settings["status_callback_method"],
                settings["status_callback_events"],
                sid,
            ),
        )


def _flag(value: Any) -> str:
    return "true" if value else "false"


def post_event(
    db: Db,
    sid: str,
    event: str,
    at: float,
    *,
    participant: Row | None = None,
    extra: tuple[tuple[str, str], ...] = (),
) -> None:
    """Post the StatusCallbackEvent `event` (``participant-join``, ...) to the conference's
    status callback, if it asked for events of that kind (``join``, ...)."""
    conference = get(db, "conferences", sid)
    kind = event.split("-", 1)[1].removeprefix("un")
    if conference is None or not conference["status_callback"]:
        return
    if kind not in (conference["status_callback_events"] or "").split():
        return
    number = conference["sequence"] + 1
    db.execute("UPDATE conferences SET sequence = ? WHERE sid = ?", (number, sid))
    params = [
        ("ConferenceSid", sid),
        ("FriendlyName", conference["friendly_name"]),
        ("AccountSid", conference["account_sid"]),
        ("SequenceNumber", str(number)),
        ("Timestamp", rfc2822(at)),
        ("StatusCallbackEvent", event),
    ]
    if participant is not None:
        params += [
            ("CallSid", participant["call_sid"]),
            ("Muted", _flag(participant["muted"])),
            ("Hold", _flag(participant["hold"])),
            ("Coaching", _flag(participant["coaching"])),
            ("EndConferenceOnExit", _flag(participant["end_conference_on_exit"])),
            ("StartConferenceOnEnter", _flag(participant["start_conference_on_enter"])),
        ]
    outbox.enqueue(
        db,
        account_sid=conference["account_sid"],
        source="conference-status",
        resource_sid=sid,
        url=conference["status_callback"],
        method=conference["status_callback_method"] or "POST",
        params=[*params, *extra],
        now=at,
    )


def render(row: Row) -> dict[str, Any]:
    """A Conference as Twilio sends it."""
    uri = f"/2010-04-01/Accounts/{row['account_sid']}/Conferences/{row['sid']}"
    return {
        "account_sid": row["account_sid"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "api_version": API_VERSION,
        "friendly_name": row["friendly_name"],
        "region": row["region"],
        "sid": row["sid"],
        "status": row["status"],
        "uri": uri + ".json",
        "subresource_uris": {
            "participants": uri + "/Participants.json",
            "recordings": uri + "/Recordings.json",
        },
        "reason_conference_ended": row["reason_conference_ended"],
        "call_sid_ending_conference": row["call_sid_ending_conference"],
    }


def render_participant(row: Row) -> dict[str, Any]:
    """A conference Participant as Twilio sends it."""
    return {
        "account_sid": row["account_sid"],
        "call_sid": row["call_sid"],
        "label": row["label"],
        "call_sid_to_coach": row["call_sid_to_coach"],
        "coaching": bool(row["coaching"]),
        "conference_sid": row["conference_sid"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "end_conference_on_exit": bool(row["end_conference_on_exit"]),
        "muted": bool(row["muted"]),
        "hold": bool(row["hold"]),
        "start_conference_on_enter": bool(row["start_conference_on_enter"]),
        "status": row["status"],
        "queue_time": "0",
        "uri": f"/2010-04-01/Accounts/{row['account_sid']}/Conferences/{row['conference_sid']}"
        f"/Participants/{row['call_sid']}.json",
    }


def create_conference(db: Db, values: dict[str, Any]) -> str:
    """Store a conference (`values` by column); its SID."""
    sid = values.get("sid") or new_sid("CF")
    insert(db, "conferences", {**values, "sid": sid})
    return sid


def add_participant(db: Db, values: dict[str, Any]) -> None:
    """Store a participant (`values` by column)."""
    insert(db, "participants", {"status": "connected", **values})


def join(
    db: Db,
    account_sid: str,
    name: str,
    call_sid: str,
    now: float,
    *,
    callback: dict[str, Any] | None = None,
    settings: dict[str, Any] | None = None,
) -> str:
    """Put a call into the account's running conference `name` (made if needed), with the
    status `callback` settings it asks for (see `callback_settings`) and its own participant
    `settings` (columns: muted, label, ...); its SID. It starts the conference unless its
    ``start_conference_on_enter`` is off."""
    row = db.execute(
        "SELECT sid FROM conferences WHERE account_sid = ? AND friendly_name = ? "
        "AND status != 'completed' ORDER BY date_created DESC LIMIT 1",
        (account_sid, name),
    ).fetchone()
    if row is not None:
        sid = str(row[0])
    else:
        sid = create_conference(
            db,
            {
                "account_sid": account_sid,
                "friendly_name": name,
                "status": "init",
                "date_created": now,
                "date_updated": now,
            },
        )
    take_callback(db, sid, callback or {})
    add_participant(
        db,
        {
            "account_sid": account_sid,
            "conference_sid": sid,
            "call_sid": call_sid,
            **(settings or {}),
            "date_created": now,
            "date_updated": now,
        },
    )
    joined = _participant_row(db, sid, call_sid)
    post_event(db, sid, "participant-join", now, participant=joined)
    if joined["start_conference_on_enter"]:
        start(db, sid, now)
    return sid


def _participant_row(db: Db, conference_sid: str, call_sid: str) -> Row:
    row: Row | None = db.execute(
        "SELECT * FROM participants WHERE conference_sid = ? AND call_sid = ?",
        (conference_sid, call_sid),
    ).fetchone()
    assert row is not None
    return row


def start(db: Db, sid: str, now: float) -> None:
    """The conference is in progress (from now, if it was not yet: ``conference-start``)."""
    conference = get(db, "conferences", sid)
    if conference is None or conference["status"] != "init":
        return
    db.execute(
        "UPDATE conferences SET status = 'in-progress', date_updated = ?, "
        "start_time = COALESCE(start_time, ?) WHERE sid = ?",
        (now, now, sid),
    )
    post_event(db, sid, "conference-start", now)


def running(db: Db, account_sid: str, name: str) -> Row | None:
    """The account's conference `name` that has not ended, if any."""
    row: Row | None = db.execute(
        "SELECT * FROM conferences WHERE account_sid = ? AND friendly_name = ? "
        "AND status != 'completed' ORDER BY date_created DESC LIMIT 1",
        (account_sid, name),
    ).fetchone()
    return row


def progress(db: Db, call_sid: str, status: str, now: float) -> None:
    """A participant's call rings: the participant is ``ringing``."""
    if status == "ringing":
        db.execute(
            "UPDATE participants SET status = 'ringing', date_updated = ? "
            "WHERE call_sid = ? AND status = 'queued'",
            (now, call_sid),
        )


def connect(db: Db, call_sid: str, now: float) -> None:
    """A participant's call is answered: it is ``connected``, and the conference starts if the
    participant starts it."""
    for participant in db.execute(
        "SELECT * FROM participants WHERE call_sid = ? AND status != 'connected'", (call_sid,)
    ).fetchall():
        update(
            db,
            "participants",
            participant["seq"],
            {"status": "connected", "date_updated": now},
            key="seq",
        )
        joined = _participant_row(db, participant["conference_sid"], call_sid)
        post_event(db, participant["conference_sid"], "participant-join", now, participant=joined)
        if participant["start_conference_on_enter"]:
            start(db, participant["conference_sid"], now)


def finish(db: Db, sid: str, now: float, reason: str, call_sid: str | None) -> None:
    """The conference ends: ``completed``, with its recording if it asked for one."""
    conference = db.execute("SELECT * FROM conferences WHERE sid = ?", (sid,)).fetchone()
    update(
        db,
        "conferences",
        sid,
        {
            "status": "completed",
            "reason_conference_ended": reason,
            "call_sid_ending_conference": call_sid,
            "date_updated": now,
        },
    )
    ended = (("ReasonConferenceEnded", reason), ("CallSidEndingConference", call_sid or ""))
    post_event(db, sid, "conference-end", now, extra=ended)
    began = conference["start_time"]
    if conference["record"] and began is not None:
        recordings.create_recording(
            db,
            {
                "account_sid": conference["account_sid"],
                "conference_sid": sid,
                "duration": max(0, round(now - began)),
                "channels": 1,
                "source": "Conference",
                "start_time": began,
                "date_created": now,
                "date_updated": now,
            },
        )


def remove(db: Db, participant: Row, now: float, *, kicked: bool) -> None:
    """Take a participant out; end the conference when it was the last one or ended it."""
    conference_sid, call_sid = participant["conference_sid"], participant["call_sid"]
    db.execute("DELETE FROM participants WHERE seq = ?", (participant["seq"],))
    post_event(db, conference_sid, "participant-leave", now, participant=participant)
    how = "kicked" if kicked else "left"
    if participant["end_conference_on_exit"]:
        reason = f"participant-with-end-conference-on-exit-{how}"
        empty_out(db, conference_sid, now)
    elif db.execute(
        "SELECT 1 FROM participants WHERE conference_sid = ?", (conference_sid,)
    ).fetchone():
        return
    else:
        reason = f"last-participant-{how}"
    finish(db, conference_sid, now, reason, call_sid)


def empty_out(db: Db, conference_sid: str, now: float) -> None:
    """Every participant leaves the conference (it is ending)."""
    for participant in db.execute(
        "SELECT * FROM participants WHERE conference_sid = ? ORDER BY seq", (conference_sid,)
    ).fetchall():
        db.execute("DELETE FROM participants WHERE seq = ?", (participant["seq"],))
        post_event(db, conference_sid, "participant-leave", now, participant=participant)


def leave(db: Db, call_sid: str, now: float) -> None:
    """A call has ended: it leaves every conference it is in."""
    for participant in db.execute(
        "SELECT * FROM participants WHERE call_sid = ?", (call_sid,)
    ).fetchall():
        remove(db, participant, now, kicked=False)


def _participant(ctx: Ctx, conference_sid: str, call_sid: str) -> Row:
    """A participant by its call SID or its label."""
    ctx.fetch("conferences", conference_sid)
    row: Row | None = ctx.db.execute(
        "SELECT * FROM participants WHERE conference_sid = ? AND (call_sid = ? OR label = ?)",
        (conference_sid, call_sid, call_sid),
    ).fetchone()
    if row is None:
        raise ctx.not_found()
    return row


@routes.get("/Conferences.json")
def list_conferences(ctx: Ctx) -> dict[str, Any]:
    """The account's conferences, filtered by Status, FriendlyName, DateCreated, DateUpdated."""
    return list_account_rows(
        ctx,
        "conferences",
        render,
        (
            Filter("Status", "status", "choice", STATUSES),
            Filter("FriendlyName", "friendly_name"),
            Filter("DateCreated", "date_created", "date"),
            Filter("DateUpdated", "date_updated", "date"),
        ),
    )


@routes.get("/Conferences/<sid>.json")
def fetch_conference(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One conference."""
    return render(ctx.fetch("conferences", sid))


@routes.get("/Conferences/<conference_sid>/Participants.json")
def list_participants(ctx: Ctx, conference_sid: str) -> dict[str, Any]:
    """The conference's participants, filtered by Muted, Hold and Coaching."""
    ctx.fetch("conferences", conference_sid)
    where, args = conditions(
        ctx.query,
        (
            Filter("Muted", "muted", "bool"),
            Filter("Hold", "hold", "bool"),
            Filter("Coaching", "coaching", "bool"),
        ),
    )
    return list_rows(
        ctx,
        table="participants",
        list_key="participants",
        render=render_participant,
        where=["conference_sid = ?", *where],
        args=[conference_sid, *args],
        key="call_sid",
    )


@routes.get("/Conferences/<conference_sid>/Participants/<call_sid>.json")
def fetch_participant(ctx: Ctx, conference_sid: str, call_sid: str) -> dict[str, Any]:
    """One participant."""
    return render_participant(_participant(ctx, conference_sid, call_sid))


#: The participant's settings an update may change, by parameter.
FLAGS = (
    ("Muted", "muted"),
    ("Hold", "hold"),
    ("Coaching", "coaching"),
    ("BeepOnExit", "beep_on_exit"),
    ("EndConferenceOnExit", "end_conference_on_exit"),
)


def coached_call(ctx: Ctx, conference_sid: str, *, required: bool) -> str | None:
    """The CallSidToCoach given, checked: a participant of the conference, and given when
    `required` (Coaching true, with no call coached yet)."""
    coached = ctx.form.text("CallSidToCoach")
    if coached is None:
        if required:
            raise invalid("CallSidToCoach is required when Coaching is true")
        return None
    found = ctx.db.execute(
        "SELECT 1 FROM participants WHERE conference_sid = ? AND call_sid = ?",
        (conference_sid, coached),
    ).fetchone()
    if found is None:
        raise invalid(f"CallSidToCoach {coached} is not a participant of {conference_sid}")
    return coached


@routes.post("/Conferences/<conference_sid>/Participants/<call_sid>.json")
def update_participant(ctx: Ctx, conference_sid: str, call_sid: str) -> dict[str, Any]:
    """Mute, hold, coach or change a participant; HoldUrl, AnnounceUrl and WaitUrl are checked
    (nothing is played)."""
    row = _participant(ctx, conference_sid, call_sid)
    form = ctx.form
    for name in ("HoldUrl", "AnnounceUrl", "WaitUrl"):
        form.url(name)
    for name in ("HoldMethod", "AnnounceMethod", "WaitMethod"):
        form.choice(name, ("GET", "POST"))
    values: dict[str, Any] = {"date_updated": ctx.now}
    for param, column in FLAGS:
        value = form.boolean(param)
        if value is not None:
            values[column] = int(value)
    required = values.get("coaching") == 1 and not row["call_sid_to_coach"]
    coached = coached_call(ctx, conference_sid, required=required)
    if coached is not None:
        values |= {"call_sid_to_coach": coached, "coaching": values.get("coaching", 1)}
    if values.get("coaching") == 0:
        values["call_sid_to_coach"] = None
    update(ctx.db, "participants", row["seq"], values, key="seq")
    changed = _participant(ctx, conference_sid, call_sid)
    for column, event in (("muted", "mute"), ("hold", "hold")):
        if changed[column] != row[column]:
            turned = f"participant-{'' if changed[column] else 'un'}{event}"
            post_event(ctx.db, conference_sid, turned, ctx.now, participant=changed)
    others = ("coaching", "call_sid_to_coach", "beep_on_exit", "end_conference_on_exit")
    if any(changed[column] != row[column] for column in others):
        post_event(ctx.db, conference_sid, "participant-modify", ctx.now, participant=changed)
    return render_participant(changed)


@routes.delete("/Conferences/<conference_sid>/Participants/<call_sid>.json")
def kick_participant(ctx: Ctx, conference_sid: str, call_sid: str) -> None:
    """Remove a participant from the conference."""
    remove(ctx.db, _participant(ctx, conference_sid, call_sid), ctx.now, kicked=True)
