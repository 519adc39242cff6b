"""Recordings: metadata as JSON or XML, media as WAV or MP3; a live call's recordings.

A call made with ``Record=true`` leaves a recording of the whole call when it completes; a call
whose TwiML holds ``<Record>`` leaves one too (and a transcription with ``transcribe="true"``).

A recording started on a live call (``POST Calls/{CallSid}/Recordings``, source
``StartCallRecordingAPI``) is ``in-progress`` and can be ``paused`` (PauseBehavior ``skip``
leaves the pause out of the duration, ``silence``, the default, keeps it), resumed
(``in-progress``) and ``stopped``; a stopped recording, or one whose call ends, is ``completed``
a second later on the clock. ``Twilio.CURRENT`` names the call's live recording.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from emulator import errors, outbox
from emulator.errors import bad_request, invalid
from emulator.paging import Filter, list_account_rows
from emulator.representations import mp3_audio, wav_audio, xml_response
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, insert, update
from emulator.wire import API_VERSION, METHODS, new_sid, rfc2822

routes = Routes()

FILTERS = (
    Filter("CallSid", "call_sid"),
    Filter("ConferenceSid", "conference_sid"),
    Filter("DateCreated", "date_created", "datetime"),
)


def render(row: Row, base_url: str) -> dict[str, Any]:
    """A Recording as Twilio sends it; `media_url` points at the emulator itself."""
    path = f"/2010-04-01/Accounts/{row['account_sid']}/Recordings/{row['sid']}"
    return {
        "account_sid": row["account_sid"],
        "api_version": API_VERSION,
        "call_sid": row["call_sid"],
        "conference_sid": row["conference_sid"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "start_time": rfc2822(row["start_time"]),
        "duration": str(row["duration"]) if row["status"] == "completed" else "-1",
        "sid": row["sid"],
        "price": _price(row),
        "price_unit": "USD",
        "status": row["status"],
        "channels": row["channels"],
        "source": row["source"],
        "error_code": None,
        "uri": path + ".json",
        "encryption_details": None,
        "subresource_uris": {
            "add_on_results": path + "/AddOnResults.json",
            "transcriptions": path + "/Transcriptions.json",
        },
        "media_url": base_url + path,
    }


#: A live recording's statuses: it can still change.
LIVE = ("in-progress", "paused")
#: The RecordingStatusCallbackEvent values of a call recording.
EVENTS = ("in-progress", "completed", "absent")
#: Those of a participant's recording.
PARTICIPANT_EVENTS = (
    "started",
    "in-progress",
    "paused",
    "resumed",
    "stopped",
    "completed",
    "failed",
    "absent",
)
#: The statuses an update may ask for.
UPDATES = ("in-progress", "paused", "stopped")
#: Seconds between a recording stopping and it being completed (processed).
PROCESSING = 1
CURRENT = "Twilio.CURRENT"


def _price(row: Row) -> str | None:
    if row["status"] != "completed":
        return None
    return f"-{0.0025 * max(1, -(-row['duration'] // 60)):.5f}"


def render_call_recording(row: Row) -> dict[str, Any]:
    """A call's Recording as Twilio sends it under the call (``track``, ``channels`` as a
    number, ``duration`` -1 until the recording is completed)."""
    completed = row["status"] == "completed"
    price = _price(row)
    return {
        "account_sid": row["account_sid"],
        "api_version": API_VERSION,
        "call_sid": row["call_sid"],
        "conference_sid": row["conference_sid"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "start_time": rfc2822(row["start_time"]),
        "duration": str(row["duration"]) if completed else "-1",
        "sid": row["sid"],
        "price": None if price is None else float(price),
        "price_unit": "USD",
        "status": row["status"],
        "channels": row["channels"],
        "source": row["source"],
        "error_code": None,
        "encryption_details": None,
        "track": row["track"] or "both",
        "uri": f"/2010-04-01/Accounts/{row['account_sid']}/Calls/{row['call_sid']}"
        f"/Recordings/{row['sid']}.json",
    }


def render_conference_recording(row: Row) -> dict[str, Any]:
    """A conference's Recording as Twilio lists it under the conference."""
    return {
        "account_sid": row["account_sid"],
        "api_version": API_VERSION,
        "call_sid": row["call_sid"],
        "conference_sid": row["conference_sid"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "start_time": rfc2822(row["start_time"]),
        "duration": str(row["duration"]),
        "sid": row["sid"],
        "price": _price(row),
        "price_unit": "USD",
        "status": row["status"],
        "channels": row["channels"],
        "source": row["source"],
        "error_code": None,
        "encryption_details": None,
        "uri": f"/2010-04-01/Accounts/{row['account_sid']}/Conferences/{row['conference_sid']}"
        f"/Recordings/{row['sid']}.json",
    }


def create_recording(db: Db, values: dict[str, Any]) -> str:
    """Store a completed recording (`values` by column); its SID."""
    sid = values.get("sid") or new_sid("RE")
    insert(db, "recordings", {"status": "completed", "source": "OutboundAPI", **values, "sid": sid})
    return sid


@routes.get("/Recordings.json")
def list_recordings(ctx: Ctx) -> dict[str, Any]:
    """The account's recordings, filtered by CallSid, ConferenceSid, DateCreated (`<`/`>`)."""
    return list_account_rows(ctx, "recordings", lambda row: render(row, ctx.base_url), FILTERS)


@routes.get("/Calls/<call_sid>/Recordings.json")
def list_call_recordings(ctx: Ctx, call_sid: str) -> dict[str, Any]:
    """The recordings of one call, filtered by DateCreated (`<`/`>`)."""
    ctx.fetch("calls", call_sid)
    return list_account_rows(
        ctx, "recordings", render_call_recording, FILTERS[2:], call_sid=call_sid
    )


@routes.get("/Conferences/<conference_sid>/Recordings.json")
def list_conference_recordings(ctx: Ctx, conference_sid: str) -> dict[str, Any]:
    """The recordings of one conference, filtered by DateCreated (`<`/`>`)."""
    ctx.fetch("conferences", conference_sid)
    return list_account_rows(
        ctx, "recordings", render_conference_recording, FILTERS[2:], conference_sid=conference_sid
    )


def recording_events(values: list[str], allowed: tuple[str, ...] = EVENTS) -> str:
    """RecordingStatusCallbackEvent values (repeated, or space-separated), checked;
    ``completed`` when none is given."""
    events = [event for value in values for event in value.split()]
    unknown = [event for event in events if event not in allowed]
    if unknown:
        raise invalid(
            f"RecordingStatusCallbackEvent must be among {', '.join(allowed)}, not {unknown[0]!r}"
        )
    return " ".join(events or ["completed"])


def _notify(db: Db, row: Row, at: float) -> None:
    """Post the recording's status to its status callback, if it asked for that event."""
    url, status = row["status_callback"], row["status"]
    if not url or status not in (row["status_callback_events"] or "").split():
        return
    params = [
        ("AccountSid", row["account_sid"]),
        ("CallSid", row["call_sid"] or ""),
        ("RecordingSid", row["sid"]),
        ("RecordingStatus", status),
        ("RecordingSource", row["source"]),
        ("RecordingTrack", row["track"] or "both"),
        ("RecordingChannels", str(row["channels"])),
        ("RecordingStartTime", rfc2822(row["start_time"]) or ""),
    ]
    if status == "completed":
        params.append(("RecordingDuration", str(row["duration"])))
    outbox.enqueue(
        db,
        account_sid=row["account_sid"],
        source="recording-status",
        resource_sid=row["sid"],
        url=url,
        method=row["status_callback_method"] or "POST",
        params=params,
        now=at,
    )


def notify_completed(db: Db, sid: str, at: float) -> None:
    """A recording made complete at once (a call's ``Record=true``) reports it if asked."""
    row = db.execute("SELECT * FROM recordings WHERE sid = ?", (sid,)).fetchone()
    _notify(db, row, at)


def start_call_recording(db: Db, call: Row, values: dict[str, Any], now: float) -> Row:
    """A recording of the live `call` from `now` (`values` by column); the stored row."""
    sid = create_recording(
        db,
        {
            "account_sid": call["account_sid"],
            "call_sid": call["sid"],
            "duration": 0,
            "status": "in-progress",
            "start_time": now,
            "date_created": now,
            "date_updated": now,
            **values,
        },
    )
    row = db.execute("SELECT * FROM recordings WHERE sid = ?", (sid,)).fetchone()
    _notify(db, row, now)
    return row  # type: ignore[no-any-return]


def _elapsed(row: Row, at: float) -> float:
    """Seconds recorded by `at`: a skipped pause, finished or running, is left out."""
    skipped = float(row["paused_seconds"])
    if row["status"] == "paused" and row["pause_behavior"] == "skip":
        skipped += at - row["paused_since"]
    return max(0.0, at - float(row["start_time"]) - skipped)


def stop(db: Db, row: Row, at: float) -> None:
    """Stop a live recording at `at`: ``stopped``, completed after processing."""
    update(
        db,
        "recordings",
        row["sid"],
        {
            "status": "stopped",
            "duration": round(_elapsed(row, at)),
            "paused_since": None,
            "date_updated": at,
        },
    )


def end_of_call(db: Db, call_sid: str, at: float) -> None:
    """The call has ended: its live recordings stop."""
    for row in db.execute(
        "SELECT * FROM recordings WHERE call_sid = ? AND status IN ('in-progress', 'paused')",
        (call_sid,),
    ).fetchall():
        stop(db, row, at)


@routes.settle
def settle(db: Db, now: float) -> None:
    """Complete the recordings stopped at least `PROCESSING` seconds ago."""
    for row in db.execute(
        "SELECT * FROM recordings WHERE status = 'stopped' AND date_updated + ? <= ?",
        (PROCESSING, now),
    ).fetchall():
        at = row["date_updated"] + PROCESSING
        update(db, "recordings", row["sid"], {"status": "completed", "date_updated": at})
        done = db.execute("SELECT * FROM recordings WHERE sid = ?", (row["sid"],)).fetchone()
        _notify(db, done, at)


routes.due(f"SELECT min(date_updated) + {PROCESSING} FROM recordings WHERE status = 'stopped'")  # noqa: S608


@routes.post("/Calls/<call_sid>/Recordings.json", status=201)
def start_recording(ctx: Ctx, call_sid: str) -> dict[str, Any]:
    """Start recording a call that is in progress."""
    call = ctx.fetch("calls", call_sid)
    form = ctx.form
    channels = form.choice("RecordingChannels", ("mono", "dual"))
    track = form.choice("RecordingTrack", ("inbound", "outbound", "both")) or "both"
    form.choice("Trim", ("trim-silence", "do-not-trim"))
    callback = form.url("RecordingStatusCallback")
    method = form.choice("RecordingStatusCallbackMethod", METHODS)
    events = recording_events(ctx.request.form.getlist("RecordingStatusCallbackEvent"))
    if call["status"] != "in-progress":
        raise bad_request(
            errors.CALL_NOT_IN_PROGRESS, "Call is not in-progress. Cannot start recording."
        )
    row = start_call_recording(
        ctx.db,
        call,
        {
            "source": "StartCallRecordingAPI",
            "channels": 2 if channels == "dual" else 1,
            "track": track,
            "status_callback": callback,
            "status_callback_method": method or "POST",
            "status_callback_events": events,
        },
        ctx.now,
    )
    return render_call_recording(row)


def _call_recording(ctx: Ctx, call_sid: str, sid: str) -> Row:
    """The call's recording `sid`, or its live one for ``Twilio.CURRENT``."""
    ctx.fetch("calls", call_sid)
    if sid == CURRENT:
        row = ctx.db.execute(
            "SELECT * FROM recordings WHERE call_sid = ? AND status IN ('in-progress', 'paused') "
            "ORDER BY seq DESC LIMIT 1",
            (call_sid,),
        ).fetchone()
    else:
        row = ctx.db.execute(
            "SELECT * FROM recordings WHERE call_sid = ? AND sid = ? AND account_sid = ?",
            (call_sid, sid, ctx.account_sid),
        ).fetchone()
    if row is None:
        raise ctx.not_found()
    return row  # type: ignore[no-any-return]


@routes.post("/Calls/<call_sid>/Recordings/<string:sid>.json")  # Twilio.CURRENT has a dot
def update_recording(ctx: Ctx, call_sid: str, sid: str) -> dict[str, Any]:
    """Pause, resume or stop a call's live recording."""
    row = _call_recording(ctx, call_sid, sid)
    form = ctx.form
    status = form.choice("Status", UPDATES)
    if status is None:
        raise invalid("Status is required: in-progress, paused or stopped")
    behavior = form.choice("PauseBehavior", ("skip", "silence"))
    if row["status"] not in LIVE:
        raise bad_request(
            errors.INVALID_PARAMETER,
            f"Recording {row['sid']} is {row['status']}: it can no longer be paused, resumed "
            "or stopped.",
        )
    now = ctx.now
    if status == "stopped":
        stop(ctx.db, row, now)
    elif status == "paused" and row["status"] == "in-progress":
        update(
            ctx.db,
            "recordings",
            row["sid"],
            {
                "status": "paused",
                "paused_since": now,
                "pause_behavior": behavior or "silence",
                "date_updated": now,
            },
        )
    elif status == "in-progress" and row["status"] == "paused":
        skipped = now - row["paused_since"] if row["pause_behavior"] == "skip" else 0.0
        update(
            ctx.db,
            "recordings",
            row["sid"],
            {
                "status": "in-progress",
                "paused_since": None,
                "paused_seconds": row["paused_seconds"] + skipped,
                "date_updated": now,
            },
        )
    return render_call_recording(_call_recording(ctx, call_sid, row["sid"]))


@routes.get("/Recordings/<sid>.<any(json, xml, wav, mp3):extension>")
def fetch_recording(ctx: Ctx, sid: str, extension: str) -> dict[str, Any] | Response:
    """A recording as JSON or XML metadata, or its audio as WAV or MP3."""
    row = ctx.fetch("recordings", sid)
    if extension == "wav":
        return Response(wav_audio(row["duration"]), content_type="audio/x-wav")
    if extension == "mp3":
        return Response(mp3_audio(row["duration"]), content_type="audio/mpeg")
    data = render(row, ctx.base_url)
    return xml_response("Recording", data) if extension == "xml" else data


@routes.get("/Recordings/<sid>")
def fetch_recording_media(ctx: Ctx, sid: str) -> Response:
    """The recording's `media_url`: WAV audio, as Twilio serves it by default."""
    return Response(wav_audio(ctx.fetch("recordings", sid)["duration"]), content_type="audio/x-wav")


@routes.delete("/Recordings/<sid>.json")
def delete_recording(ctx: Ctx, sid: str) -> None:
    """Delete a recording."""
    ctx.delete("recordings", sid)
