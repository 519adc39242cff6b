"""Calls: make (with Twilio's checks and magic numbers), fetch, list, change state, delete.

A call is ``queued`` when made, ``ringing`` after 1 s, ``in-progress`` (answered) after 2 s and
``completed`` after 5 s, or earlier when its TimeLimit (counted from answering, or from an
update that sets it) runs out. When it is answered it joins its conference, if any (see
conferences.py); when it completes it leaves it, its live recordings stop and, if it was
recording, it leaves a recording. Only a call that has ended can be deleted (Twilio's 20009).
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import urlsplit

from emulator import errors, outbox
from emulator.clock import Timeline
from emulator.errors import bad_request, invalid
from emulator.paging import Filter, list_account_rows
from emulator.refusals import Refusals
from emulator.resources import conferences, notifications, recordings, transcriptions
from emulator.resources.phone_numbers import number_sid
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, delete, find, get, insert, update
from emulator.wire import API_VERSION, METHODS, Field, formatted, is_e164, new_sid, rfc2822

routes = Routes()

#: The WSGI environ key under which the app says whether calls made now are answered for a
#: silent callee, their TwiML carried out (``--answer-calls``), rather than moved on by the clock.
ANSWER_CALLS = "emulator.answer_calls"
BY_CLOCK, ON_PICKUP, PICKED_UP = range(3)
"""A call's ``answering``: the clock alone moves it on (or it was answered on demand); under
``--answer-calls``, its TwiML will be carried out once the clock answers it; the clock has
answered it and, while it still rings, it waits for inbound_calls.CallAnswerer to carry out its
TwiML."""

ANSWERED_BY = {
    "Enable": ("human", "machine_start", "fax", "unknown"),
    "DetectMessageEnd": (
        "human",
        "machine_end_beep",
        "machine_end_silence",
        "machine_end_other",
        "fax",
        "unknown",
    ),
}
"""What answering-machine detection may find, by MachineDetection mode (the legacy IfMachine is
gone): ``Enable`` answers as soon as it knows, ``DetectMessageEnd`` waits for a machine's
greeting to end."""
MACHINE_DETECTION = tuple(ANSWERED_BY)
#: Twilio's bounds on the answering-machine detection tunings (seconds, then milliseconds).
AMD_BOUNDS = (
    ("MachineDetectionTimeout", 3, 59),
    ("MachineDetectionSpeechThreshold", 1000, 6000),
    ("MachineDetectionSpeechEndThreshold", 500, 5000),
    ("MachineDetectionSilenceTimeout", 2000, 10000),
)

STATUSES = (
    "queued",
    "ringing",
    "in-progress",
    "completed",
    "busy",
    "failed",
    "no-answer",
    "canceled",
)
FINAL = ("completed", "busy", "failed", "no-answer", "canceled")
REFUSALS = Refusals(
    texts={
        errors.INVALID_FROM: "The source phone number provided, {number}, is not a valid "
        "phone number.",
        errors.FROM_NOT_VERIFIED: "The source phone number provided, {number}, is not yet "
        "verified for your account. You may only make calls from phone numbers that you've "
        "verified or purchased from Twilio.",
        errors.INVALID_CALL_TO: "The phone number you are attempting to call, {number}, is not "
        "valid.",
        errors.CANNOT_REACH: "The phone number you are attempting to call, {number}, cannot be "
        "reached.",
        errors.CALL_REGION_PERMISSION: "Account not authorized to call {number}. Perhaps you "
        "need to enable some international permissions.",
        errors.CALL_BLOCKED: "The phone number you are attempting to call, {number}, is blocked.",
    },
    magic_from={"+15005550001": errors.INVALID_FROM},
    magic_to={
        "+15005550001": errors.INVALID_CALL_TO,
        "+15005550002": errors.CANNOT_REACH,
        "+15005550003": errors.CALL_REGION_PERMISSION,
        "+15005550004": errors.CALL_BLOCKED,
    },
    invalid_to=errors.INVALID_CALL_TO,
    not_sender=errors.FROM_NOT_VERIFIED,
    valid_to=lambda to: is_e164(to) or to.startswith(("client:", "sip:")),
)
"""A call's From must be E.164 and the account's; its To E.164, a ``client:`` or a ``sip:``."""
EVENTS = ("initiated", "ringing", "answered", "completed")
"""The StatusCallbackEvent values: the call progress events a status callback can ask for."""
EVENT_OF_STATUS = {"ringing": "ringing", "in-progress": "answered"}
RINGING = ("queued", "ringing")
"""The statuses of a call not answered yet, nor ended (one that may still be answered)."""
CALL_TIMELINE = Timeline(((0, "queued"), (1, "ringing"), (2, "in-progress"), (5, "completed")))
"""A call rings after 1 s, is answered after 2 s and hangs up after 5 s (duration 3 s)."""
CONFERENCE_TWIML = re.compile(r"<Conference\b[^>]*>\s*([^<]+?)\s*</Conference>")
RECORD_TWIML = re.compile(r"<Record\b([^>]*)>")
TRANSCRIBE = re.compile(r"""transcribe\s*=\s*["']true["']""", re.IGNORECASE)
CALLBACK_FIELDS = (
    Field("FallbackUrl", "fallback_url", "url"),
    Field("FallbackMethod", "fallback_method", "method"),
    Field("StatusCallback", "status_callback", "url"),
    Field("StatusCallbackMethod", "status_callback_method", "method"),
)
"""What an update may change besides the TwiML: the fallback and status callback."""
FILTERS = (
    Filter("To", "to_number"),
    Filter("From", "from_number"),
    Filter("Status", "status", "choice", STATUSES),
    Filter("ParentCallSid", "parent_call_sid"),
    Filter("StartTime", "start_time", "datetime"),
    Filter("EndTime", "end_time", "datetime"),
)


def render(row: Row) -> dict[str, Any]:
    """A Call as Twilio sends it."""
    uri = f"/2010-04-01/Accounts/{row['account_sid']}/Calls/{row['sid']}"
    duration = row["duration"]
    return {
        "sid": row["sid"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "parent_call_sid": row["parent_call_sid"],
        "account_sid": row["account_sid"],
        "to": row["to_number"],
        "to_formatted": formatted(row["to_number"]),
        "from": row["from_number"],
        "from_formatted": formatted(row["from_number"]),
        "phone_number_sid": row["phone_number_sid"],
        "status": row["status"],
        "start_time": rfc2822(row["start_time"]),
        "end_time": rfc2822(row["end_time"]),
        "duration": None if duration is None else str(duration),
        "price": f"-{0.014 * max(1, math.ceil(duration / 60)):.5f}" if duration else None,
        "price_unit": "USD",
        "direction": row["direction"],
        "answered_by": row["answered_by"],
        "api_version": API_VERSION,
        "forwarded_from": None,
        "group_sid": None,
        "caller_name": None,
        "queue_time": "0",
        "trunk_sid": None,
        "uri": uri + ".json",
        "subresource_uris": {
            "notifications": uri + "/Notifications.json",
            "recordings": uri + "/Recordings.json",
        },
    }


def insert_call(db: Db, values: dict[str, Any]) -> str:
    """Store a call (`values` by column; defaults for the rest); its SID."""
    sid = values.get("sid") or new_sid("CA")
    insert(db, "calls", {"direction": "outbound-api", **values, "sid": sid})
    return sid


def notify(db: Db, call: Row, event: str, at: float) -> None:
    """Post the call progress `event` (with the call's status as it is in `call`) to the
    call's status callback, if it asked for that event."""
    url = call["status_callback"]
    if not url or event not in (call["status_callback_events"] or "").split():
        return
    sequence = db.execute(
        "SELECT COUNT(*) FROM callbacks WHERE resource_sid = ? AND source = 'call-status'",
        (call["sid"],),
    ).fetchone()[0]
    params = [
        ("CallSid", call["sid"]),
        ("AccountSid", call["account_sid"]),
        ("From", call["from_number"]),
        ("To", call["to_number"]),
        ("Caller", call["from_number"]),
        ("Called", call["to_number"]),
        ("CallStatus", "initiated" if event == "initiated" else call["status"]),
        ("Direction", call["direction"]),
        ("ApiVersion", API_VERSION),
        ("Timestamp", rfc2822(at) or ""),
        ("CallbackSource", "call-progress-events"),
        ("SequenceNumber", str(sequence)),
    ]
    if call["parent_call_sid"]:
        params.append(("ParentCallSid", call["parent_call_sid"]))
    if event == "completed":
        params.append(("CallDuration", str(call["duration"] or 0)))
    outbox.enqueue(
        db,
        account_sid=call["account_sid"],
        source="call-status",
        resource_sid=call["sid"],
        url=url,
        method=call["status_callback_method"] or "POST",
        params=params,
        now=at,
    )


def status_callback_events(values: list[str]) -> str:
    """The StatusCallbackEvent values given (repeated, or space-separated in one), checked;
    ``completed`` when none is."""
    events = [event for value in values for event in value.split()]
    unknown = [event for event in events if event not in EVENTS]
    if unknown:
        raise invalid(f"StatusCallbackEvent must be among {', '.join(EVENTS)}, not {unknown[0]!r}")
    return " ".join(events or ["completed"])


def _conference_name(db: Db, to: str, twiml: str | None) -> str | None:
    match = CONFERENCE_TWIML.search(twiml or "")
    if match:
        return match.group(1)
    row = db.execute(
        "SELECT friendly_name FROM conference_numbers WHERE phone_number = ?", (to,)
    ).fetchone()
    return None if row is None else str(row[0])


@routes.post("/Calls.json", status=201)
def make_call(ctx: Ctx) -> dict[str, Any]:
    """Make a call: checked like Twilio, then queued."""
    form = ctx.form
    to = form.require("To", errors.TO_REQUIRED_CALL, "A 'To' phone number is required.")
    sender = form.require("From", errors.FROM_REQUIRED_CALL, "A 'From' phone number is required.")
    url, twiml, application = form.text("Url"), form.text("Twiml"), form.text("ApplicationSid")
    given = [v for v in (url, twiml, application) if v]
    if not given:
        raise bad_request(
            errors.URL_REQUIRED,
            "Url parameter is required. For more information, see http://www.twilio.com/docs/api/twiml",
        )
    if len(given) > 1:
        raise bad_request(
            errors.URL_REQUIRED, "Only one of Url, Twiml or ApplicationSid may be given."
        )
    form.url("Url", errors.URL_REQUIRED)
    if application and find(ctx.db, "applications", ctx.account_sid, application) is None:
        raise bad_request(errors.INVALID_APPLICATION, f"ApplicationSid {application} is invalid.")
    for name in ("FallbackMethod", "StatusCallbackMethod"):
        form.choice(name, METHODS)
    for name in ("FallbackUrl", "StatusCallback"):
        form.url(name)
    form.integer("Timeout", 1, 600)
    events = status_callback_events(ctx.request.form.getlist("StatusCallbackEvent"))
    recording = recording_settings(ctx)
    check_amd(ctx)
    form.choice("AsyncAmd", ("true", "false"))
    amd_callback = form.url("AsyncAmdStatusCallback")
    amd_method = form.choice("AsyncAmdStatusCallbackMethod", METHODS)
    time_limit = form.integer("TimeLimit", 1)
    REFUSALS.check(ctx.db, ctx.account_sid, sender, to)
    record = form.boolean("Record") or False
    detection = form.choice("MachineDetection", MACHINE_DETECTION)
    if form.text("SendDigits"):
        detection = None  # Twilio ignores MachineDetection when SendDigits is given
    callback = form.text("StatusCallback") or None
    callback_method = form.text("StatusCallbackMethod") or "POST"
    if application:
        app = find(ctx.db, "applications", ctx.account_sid, application)
        assert app is not None
        callback, callback_method = app["status_callback"], app["status_callback_method"]
    sid = insert_call(
        ctx.db,
        {
            "account_sid": ctx.account_sid,
            "from_number": sender,
            "to_number": to,
            "phone_number_sid": number_sid(ctx.db, ctx.account_sid, sender),
            "status": "queued",
            "url": url,
            "method": form.choice("Method", METHODS) or "POST",
            "twiml": twiml,
            "application_sid": application,
            "machine_detection": detection,
            "async_amd": int(form.text("AsyncAmd") == "true"),
            "record": int(record),
            "conference_name": _conference_name(ctx.db, to, twiml),
            "status_callback": callback,
            "status_callback_method": callback_method,
            "status_callback_events": events,
            "fallback_url": form.text("FallbackUrl"),
            "fallback_method": form.text("FallbackMethod"),
            "answering": ON_PICKUP if ctx.request.environ.get(ANSWER_CALLS) else BY_CLOCK,
            "time_limit": time_limit,
            "amd_status_callback": amd_callback if form.text("AsyncAmd") == "true" else None,
            "amd_status_callback_method": amd_method,
            **recording,
            "date_created": ctx.now,
            "date_updated": ctx.now,
            "next_change": CALL_TIMELINE.next_change(ctx.now, 0),
        },
    )
    call = ctx.fetch("calls", sid)
    notify(ctx.db, call, "initiated", ctx.now)
    return render(call)


def recording_settings(ctx: Ctx, *, participant: bool = False) -> dict[str, Any]:
    """The recording parameters of a new call (or participant's call), checked, as columns."""
    form = ctx.form
    channels = form.choice("RecordingChannels", ("mono", "dual"))
    form.choice("Trim", ("trim-silence", "do-not-trim"))
    events = ctx.request.form.getlist("RecordingStatusCallbackEvent")
    return {
        "recording_channels": 2 if channels == "dual" else 1,
        "recording_track": form.choice("RecordingTrack", ("inbound", "outbound", "both")),
        "recording_status_callback": form.url("RecordingStatusCallback"),
        "recording_status_callback_method": form.choice("RecordingStatusCallbackMethod", METHODS),
        "recording_status_callback_events": recordings.recording_events(
            events, recordings.PARTICIPANT_EVENTS if participant else recordings.EVENTS
        ),
    }


def check_amd(ctx: Ctx) -> None:
    """Answering-machine detection's tunings within Twilio's bounds."""
    for name, low, high in AMD_BOUNDS:
        ctx.form.integer(name, low, high)


def _answer(db: Db, call: Row, at: float) -> None:
    """The call is answered: its TimeLimit starts, it joins its conference (or, as a
    participant added by the API, connects); an unreachable Url is logged."""
    limit = call["time_limit"]
    update(
        db,
        "calls",
        call["sid"],
        {
            "start_time": at,
            "answered_by": "human" if call["machine_detection"] else None,
            "ends_at": call["ends_at"] or (None if limit is None else at + limit),
        },
    )
    conferences.connect(db, call["sid"], at)
    if call["machine_detection"] and call["amd_status_callback"]:
        amd_result(db, call, at, "human")
    if call["conference_name"]:
        conferences.join(db, call["account_sid"], call["conference_name"], call["sid"], at)
    host = urlsplit(call["url"] or "").hostname or ""
    if host == "invalid" or host.endswith(".invalid"):
        notifications.retrieval_failure(db, call, at)


def amd_params(answered_by: str) -> list[tuple[str, str]]:
    """What a request reports of answering-machine detection: who answered, and how long the
    detection took (no time, here)."""
    return [("AnsweredBy", answered_by), ("MachineDetectionDuration", "0")]


def own_twiml(call: Row) -> bool:
    """Whether `call` has TwiML of its own to carry out (a Url, a Twiml or an application); a
    conference participant's call has none."""
    return bool(call["url"] or call["twiml"] or call["application_sid"])


def amd_result(db: Db, call: Row, at: float, answered_by: str) -> None:
    """Post answering-machine detection's result (a human, on the clock's path) to the call's
    AsyncAmdStatusCallback (AmdStatusCallback for a participant)."""
    outbox.enqueue(
        db,
        account_sid=call["account_sid"],
        source="amd-status",
        resource_sid=call["sid"],
        url=call["amd_status_callback"],
        method=call["amd_status_callback_method"] or "POST",
        params=[
            ("CallSid", call["sid"]),
            ("AccountSid", call["account_sid"]),
            *amd_params(answered_by),
        ],
        now=at,
    )


def _hang_up(db: Db, sid: str, at: float, status: str) -> None:
    """The call ends with `status`: it leaves its conference and leaves its recordings."""
    call = get(db, "calls", sid)
    assert call is not None
    start = call["start_time"]
    duration = 0 if start is None else max(0, round(at - start))
    update(
        db,
        "calls",
        sid,
        {
            "status": status,
            "end_time": at,
            "duration": duration,
            "date_updated": at,
            "next_change": None,
        },
    )
    conferences.leave(db, sid, at)
    recordings.end_of_call(db, sid, at)
    ended = get(db, "calls", sid)
    assert ended is not None
    notify(db, ended, "completed", at)
    if start is None:
        return
    record_verb = RECORD_TWIML.search(call["twiml"] or "")
    if call["record"] or record_verb:
        source = "RecordVerb" if record_verb and not call["record"] else "OutboundAPI"
        recording = record_call(db, call, start=start, at=at, duration=duration, source=source)
        if record_verb and TRANSCRIBE.search(record_verb.group(1)):
            transcriptions.create_transcription(
                db,
                {
                    "account_sid": call["account_sid"],
                    "recording_sid": recording,
                    "duration": duration,
                    "date_created": at,
                    "date_updated": at,
                },
            )


def record_call(
    db: Db, call: Row, *, start: float, at: float, duration: int, source: str = "OutboundAPI"
) -> str:
    """The completed recording a call made with ``Record=true`` leaves when it ends at `at`,
    reported to its RecordingStatusCallback when asked; its SID."""
    recording = recordings.create_recording(
        db,
        {
            "account_sid": call["account_sid"],
            "call_sid": call["sid"],
            "duration": duration,
            "source": source,
            "channels": call["recording_channels"],
            "track": call["recording_track"],
            "status_callback": call["recording_status_callback"],
            "status_callback_method": call["recording_status_callback_method"],
            "status_callback_events": call["recording_status_callback_events"],
            "start_time": start,
            "date_created": at,
            "date_updated": at,
        },
    )
    recordings.notify_completed(db, recording, at)
    return recording


def _as_of(db: Db, sid: str, status: str, at: float) -> Row:
    """The call as it was when it reached `status` at `at` (stored as such until the settle
    hook finishes moving it on)."""
    update(db, "calls", sid, {"status": status, "date_updated": at})
    row = get(db, "calls", sid)
    assert row is not None
    return row


@routes.settle
def settle(db: Db, now: float) -> None:
    """Move every call whose next status is due to where its life cycle is at `now`."""
    answered = CALL_TIMELINE.index_of("in-progress")
    last = len(CALL_TIMELINE.steps) - 1
    for call in db.execute("SELECT * FROM calls WHERE next_change <= ?", (now,)).fetchall():
        started = call["date_created"]
        before = CALL_TIMELINE.index_of(call["status"])
        index = CALL_TIMELINE.position(started, now)
        if call["answering"] == ON_PICKUP and index >= answered:
            _progress(db, call, before, answered - 1)
            _pick_up(db, call, CALL_TIMELINE.reached(started, answered))
            continue
        if before < answered <= index:
            _answer(db, call, CALL_TIMELINE.reached(started, answered))
        _progress(db, call, before, min(index, last - 1))
        ends_at = _ends_at(db, call["sid"])
        end = CALL_TIMELINE.reached(started, last)
        if ends_at is not None and ends_at < end and ends_at <= now and index >= answered:
            _hang_up(db, call["sid"], ends_at, "completed")
            continue
        if index == last:
            _hang_up(db, call["sid"], end, CALL_TIMELINE.status(last))
            continue
        next_change = CALL_TIMELINE.next_change(started, index)
        if next_change is not None and ends_at is not None:
            next_change = min(next_change, ends_at)
        update(
            db,
            "calls",
            call["sid"],
            {
                "status": CALL_TIMELINE.status(index),
                "date_updated": CALL_TIMELINE.reached(started, index),
                "next_change": next_change,
            },
        )


routes.due("SELECT min(next_change) FROM calls WHERE next_change IS NOT NULL")


def _progress(db: Db, call: Row, before: int, upto: int) -> None:
    """The call moves on from timeline step `before` through step `upto`, each status change
    notified at its time."""
    started = call["date_created"]
    for step in range(before + 1, upto + 1):
        status = CALL_TIMELINE.status(step)
        at = CALL_TIMELINE.reached(started, step)
        conferences.progress(db, call["sid"], status, at)
        notify(db, _as_of(db, call["sid"], status, at), EVENT_OF_STATUS[status], at)


def _pick_up(db: Db, call: Row, at: float) -> None:
    """The callee of a call made under ``--answer-calls`` picks up at `at`: the clock lets go
    of the call, which waits, still ringing, for the emulator to carry out its TwiML (see
    inbound_calls.CallAnswerer)."""
    update(
        db,
        "calls",
        call["sid"],
        {"status": "ringing", "next_change": None, "answering": PICKED_UP, "date_updated": at},
    )


def _ends_at(db: Db, sid: str) -> float | None:
    """When the call's TimeLimit ends it, if it has one that is running."""
    row = db.execute("SELECT ends_at FROM calls WHERE sid = ?", (sid,)).fetchone()
    return None if row is None or row[0] is None else float(row[0])


@routes.get("/Calls.json")
def list_calls(ctx: Ctx) -> dict[str, Any]:
    """The account's calls, filtered by To, From, Status, StartTime and EndTime (`<`/`>`)."""
    return list_account_rows(ctx, "calls", render, FILTERS)


@routes.get("/Calls/<sid>.json")
def fetch_call(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One call, with its status as of now."""
    return render(ctx.fetch("calls", sid))


@routes.post("/Calls/<sid>.json")
def update_call(ctx: Ctx, sid: str) -> dict[str, Any]:
    """Redirect a live call (Url/Method or Twiml) or end it (Status canceled or completed).

    ``canceled`` only ends a call that is not answered yet; ``completed`` ends any live call.
    Either is ignored on a call that has already ended, as at Twilio.
    """
    call = ctx.fetch("calls", sid)
    form = ctx.form
    status = form.choice("Status", ("canceled", "completed"))
    url = form.url("Url", errors.URL_REQUIRED)
    method = form.choice("Method", METHODS)
    twiml = form.text("Twiml")
    if url and twiml:
        raise invalid("Twiml and Url are mutually exclusive: give one or the other.")
    if (url or twiml) and call["status"] in FINAL:
        raise bad_request(errors.CALL_NOT_IN_PROGRESS, "Call is not in-progress. Cannot redirect.")
    values: dict[str, Any] = {"date_updated": ctx.now}
    if url or twiml:
        values |= {"url": url, "twiml": twiml, "method": method or "POST"}
    values |= form.fields(CALLBACK_FIELDS)
    limit = form.integer("TimeLimit", 1)
    if limit is not None and call["status"] not in FINAL:
        ends_at = ctx.now + limit
        values |= {"time_limit": limit}
        if call["status"] == "in-progress":
            values |= {"ends_at": ends_at}
            if call["next_change"] is not None:  # a call carried out on demand is off the clock
                values |= {"next_change": min(call["next_change"], ends_at)}
    update(ctx.db, "calls", sid, values)
    if status == "canceled" and call["status"] in RINGING:
        _hang_up(ctx.db, sid, ctx.now, "canceled")
    elif status == "completed":
        end(ctx.db, sid, ctx.now)
    return render(ctx.fetch("calls", sid))


def end(db: Db, sid: str, now: float) -> None:
    """Hang up a live call now: ``canceled`` if not answered yet, else ``completed``; a call
    that has ended is left alone."""
    call = get(db, "calls", sid)
    if call is None or call["status"] in FINAL:
        return
    _hang_up(db, sid, now, "canceled" if call["status"] in RINGING else "completed")


@routes.delete("/Calls/<sid>.json")
def delete_call(ctx: Ctx, sid: str) -> None:
    """Delete a call's record; a call that has not ended is refused (Twilio's 20009)."""
    call = ctx.fetch("calls", sid)
    if call["status"] not in FINAL:
        raise bad_request(
            errors.NOT_COMPLETE,
            f"Cannot delete call {sid}: it is {call['status']}. End it first (Status completed).",
        )
    delete(ctx.db, "calls", ctx.account_sid, sid)
