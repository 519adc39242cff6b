"""Conference control that acts on calls: adding a participant (a child call) and ending a
conference (every participant's call ends).

A participant added by the API is a new outbound-api call to ``To`` from ``From``, checked as
make-call checks its numbers; the participant is ``queued`` and joins (``connected``) when the
call is answered on the clock (see conferences.py). ``ConferenceSid`` may be a conference's
friendly name instead of its SID: the running conference of that name, or a new one (``init``
until its first participant connects). Ending a conference (``Status=completed``) completes it
with ``conference-ended-via-api`` and ends every participant's call (``completed`` if answered,
``canceled`` if still ringing).
"""

from __future__ import annotations

import re
from typing import Any

from emulator import errors
from emulator.errors import bad_request, invalid
from emulator.resources import calls, conferences
from emulator.resources.phone_numbers import number_sid
from emulator.routing import Ctx, Routes
from emulator.store import Row
from emulator.wire import METHODS

routes = Routes()

CONFERENCE_SID = re.compile(r"CF[0-9a-fA-F]{32}")
BEEPS = ("true", "false", "onEnter", "onExit")
CONFERENCE_RECORD = ("true", "false", "record-from-start", "do-not-record")
REGIONS = ("us1", "us2", "ie1", "de1", "sg1", "br1", "au1", "jp1")


def _conference(ctx: Ctx, given: str) -> Row:
    """The conference a participant is added to: by SID, or by friendly name (made if need
    be). A completed conference takes no one."""
    if CONFERENCE_SID.fullmatch(given):
        conference = ctx.fetch("conferences", given)
        if conference["status"] == "completed":
            raise invalid(f"Conference {given} has ended: it takes no new participants")
        return conference
    found = conferences.running(ctx.db, ctx.account_sid, given)
    if found is not None:
        return found
    sid = conferences.create_conference(
        ctx.db,
        {
            "account_sid": ctx.account_sid,
            "friendly_name": given,
            "status": "init",
            "date_created": ctx.now,
            "date_updated": ctx.now,
        },
    )
    return ctx.fetch("conferences", sid)


def _checked(ctx: Ctx) -> dict[str, Any]:
    """The participant's parameters that are only checked, and those stored, as columns."""
    form = ctx.form
    form.choice("Beep", BEEPS)
    form.integer("Timeout", 5, 600)
    form.integer("TimeLimit", 1)
    form.integer("MaxParticipants", 2, 250)
    for name in ("WaitUrl", "StatusCallback", "ConferenceStatusCallback", "AmdStatusCallback"):
        form.url(name)
    for name in (
        "StatusCallbackMethod",
        "WaitMethod",
        "ConferenceStatusCallbackMethod",
        "AmdStatusCallbackMethod",
    ):
        form.choice(name, METHODS)
    form.choice("Region", REGIONS)
    form.choice("JitterBufferSize", ("off", "small", "medium", "large"))
    form.choice("ConferenceTrim", ("trim-silence", "do-not-trim"))
    form.choice("MachineDetection", calls.MACHINE_DETECTION)
    calls.check_amd(ctx)
    form.boolean("EarlyMedia")
    form.boolean("Record")
    starts = form.boolean("StartConferenceOnEnter")
    return {
        "muted": int(form.boolean("Muted") or False),
        "end_conference_on_exit": int(form.boolean("EndConferenceOnExit") or False),
        "start_conference_on_enter": int(starts is None or starts),
        "beep_on_exit": int(form.text("Beep") not in ("false", "onEnter")),
    }


@routes.post("/Conferences/<conference_sid>/Participants.json", status=201)
def add_participant(ctx: Ctx, conference_sid: str) -> dict[str, Any]:
    """Call `To` and add the call to the conference when it is answered."""
    form = ctx.form
    if CONFERENCE_SID.fullmatch(conference_sid):
        ctx.fetch("conferences", conference_sid)  # a 404 before anything else
    sender = form.require("From", errors.FROM_REQUIRED_CALL, "A 'From' phone number is required.")
    to = form.require("To", errors.TO_REQUIRED_CALL, "A 'To' phone number is required.")
    settings = _checked(ctx)
    callback = conferences.callback_settings(
        form.text("ConferenceStatusCallback"),
        form.text("ConferenceStatusCallbackMethod"),
        ctx.request.form.getlist("ConferenceStatusCallbackEvent"),
    )
    events = calls.status_callback_events(ctx.request.form.getlist("StatusCallbackEvent"))
    recording = calls.recording_settings(ctx, participant=True)
    record = form.choice("ConferenceRecord", CONFERENCE_RECORD)
    coaching = form.boolean("Coaching")
    calls.REFUSALS.check(ctx.db, ctx.account_sid, sender, to)
    conference = _conference(ctx, conference_sid)
    coached = conferences.coached_call(ctx, conference["sid"], required=bool(coaching))
    label = form.text("Label")
    if (
        label
        and ctx.db.execute(
            "SELECT 1 FROM participants WHERE conference_sid = ? AND label = ?",
            (conference["sid"], label),
        ).fetchone()
    ):
        raise invalid(f"Label {label!r} is already taken in conference {conference['sid']}")
    call_sid = calls.insert_call(
        ctx.db,
        {
            "account_sid": ctx.account_sid,
            "from_number": sender,
            "to_number": to,
            "phone_number_sid": number_sid(ctx.db, ctx.account_sid, sender),
            "status": "queued",
            "machine_detection": form.text("MachineDetection"),
            "record": int(form.boolean("Record") or False),
            "status_callback": form.text("StatusCallback"),
            "status_callback_method": form.text("StatusCallbackMethod") or "POST",
            "status_callback_events": events,
            "time_limit": form.integer("TimeLimit", 1),
            "amd_status_callback": form.text("AmdStatusCallback"),
            "amd_status_callback_method": form.text("AmdStatusCallbackMethod"),
            **recording,
            "date_created": ctx.now,
            "date_updated": ctx.now,
            "next_change": calls.CALL_TIMELINE.next_change(ctx.now, 0),
        },
    )
    if record in ("true", "record-from-start"):
        ctx.db.execute("UPDATE conferences SET record = 1 WHERE sid = ?", (conference["sid"],))
    conferences.take_callback(ctx.db, conference["sid"], callback)
    conferences.add_participant(
        ctx.db,
        {
            "account_sid": ctx.account_sid,
            "conference_sid": conference["sid"],
            "call_sid": call_sid,
            "label": label,
            "status": "queued",
            "coaching": int(bool(coaching) or coached is not None),
            "call_sid_to_coach": coached,
            **settings,
            "date_created": ctx.now,
            "date_updated": ctx.now,
        },
    )
    calls.notify(ctx.db, ctx.fetch("calls", call_sid), "initiated", ctx.now)
    return conferences.render_participant(
        ctx.db.execute(
            "SELECT * FROM participants WHERE conference_sid = ? AND call_sid = ?",
            (conference["sid"], call_sid),
        ).fetchone()
    )


@routes.post("/Conferences/<sid>.json")
def update_conference(ctx: Ctx, sid: str) -> dict[str, Any]:
    """End the conference (Status completed); AnnounceUrl is checked (nothing is played)."""
    conference = ctx.fetch("conferences", sid)
    form = ctx.form
    status = form.choice("Status", ("completed",))
    form.url("AnnounceUrl")
    form.choice("AnnounceMethod", METHODS)
    if form.text("AnnounceUrl") and conference["status"] == "completed":
        raise bad_request(
            errors.INVALID_PARAMETER, f"Conference {sid} has ended: nothing can be announced"
        )
    if status == "completed" and conference["status"] != "completed":
        members = ctx.db.execute(
            "SELECT call_sid FROM participants WHERE conference_sid = ?", (sid,)
        ).fetchall()
        conferences.empty_out(ctx.db, sid, ctx.now)
        conferences.finish(ctx.db, sid, ctx.now, "conference-ended-via-api", None)
        for (call_sid,) in members:
            calls.end(ctx.db, call_sid, ctx.now)
    return conferences.render(ctx.fetch("conferences", sid))
