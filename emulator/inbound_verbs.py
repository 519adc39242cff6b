"""The TwiML verbs of an inbound call (inbound_calls), each carried out for its scripted caller.

Time on the call is counted, not waited for: Say and Play take a second per loop, Pause its
length, a Gather a second (its timeout when the caller gives nothing), a Record
`RECORD_SECONDS` and a dialled call `DIAL_SECONDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urljoin
from xml.etree.ElementTree import Element

from emulator import outbox
from emulator.inbound import Next, Params, Step, count, inner_text, not_a_verb, send_message
from emulator.resources import calls, conferences, queues, recordings, transcriptions
from emulator.store import Db
from emulator.wire import rfc2822

if TYPE_CHECKING:
    from emulator.inbound_calls import Call

__all__ = ["DIAL_SECONDS", "RECORD_SECONDS", "VERBS"]

RECORD_SECONDS = 5
DIAL_SECONDS = 10


def _say(call: Call, verb: Element, doc_url: str) -> None:
    loops = count(verb.get("loop"), 1) or 1
    call.elapsed += loops
    step: Step = {"verb": "Say", "text": inner_text(verb)}
    step |= {name: verb.get(name) for name in ("voice", "language") if verb.get(name)}
    call.steps.append(step)


def _play(call: Call, verb: Element, doc_url: str) -> None:
    call.elapsed += count(verb.get("loop"), 1) or 1
    if verb.get("digits"):
        call.steps.append({"verb": "Play", "digits": verb.get("digits")})
    else:
        call.steps.append({"verb": "Play", "url": urljoin(doc_url, inner_text(verb))})


def _pause(call: Call, verb: Element, doc_url: str) -> None:
    length = count(verb.get("length"), 1)
    call.elapsed += length
    call.steps.append({"verb": "Pause", "length": length})


def _gather(call: Call, verb: Element, doc_url: str) -> Next | None:
    for prompt in verb:
        if prompt.tag in ("Say", "Play", "Pause"):
            VERBS[prompt.tag](call, prompt, doc_url)
    kinds = (verb.get("input") or "dtmf").split()
    step: Step = {"verb": "Gather", "input": " ".join(kinds)}
    call.steps.append(step)
    kind, given = call.inputs.popleft() if call.inputs else ("", "")
    extra: Params = []
    if kind == "dtmf" and "dtmf" in kinds and given:
        finish = verb.get("finishOnKey", "#")
        digits = given.split(finish, 1)[0] if finish else given
        limit = count(verb.get("numDigits"), 0)
        digits = digits[:limit] if limit else digits
        step["digits"] = digits
        extra = [("Digits", digits)]
    elif kind == "speech" and "speech" in kinds and given:
        step["speech"] = given
        extra = [("SpeechResult", given), ("Confidence", "0.9")]
    if not extra and verb.get("actionOnEmptyResult") != "true":
        call.elapsed += count(verb.get("timeout"), 5)
        step["timed_out"] = True
        return None
    call.elapsed += 1
    action = urljoin(doc_url, verb.get("action") or doc_url)
    return Next(action, verb.get("method") or "POST", extra, step)


def _record(call: Call, verb: Element, doc_url: str) -> Next | None:
    duration = min(RECORD_SECONDS, count(verb.get("maxLength"), 3600)) or RECORD_SECONDS
    started = call.at
    call.elapsed += duration
    with call.store.transaction() as db:
        sid = recordings.create_recording(
            db,
            {
                "account_sid": call.line.account_sid,
                "call_sid": call.sid,
                "duration": duration,
                "source": "RecordVerb",
                "start_time": started,
                "date_created": call.at,
                "date_updated": call.at,
            },
        )
        if verb.get("transcribe") == "true":
            transcriptions.create_transcription(
                db,
                {
                    "account_sid": call.line.account_sid,
                    "recording_sid": sid,
                    "duration": duration,
                    "date_created": call.at,
                    "date_updated": call.at,
                },
            )
        url = f"{call.base_url}/2010-04-01/Accounts/{call.line.account_sid}/Recordings/{sid}"
        _recording_callbacks(
            call, db, verb, doc_url, sid=sid, url=url, duration=duration, started=started
        )
    step: Step = {"verb": "Record", "recording_sid": sid, "duration": duration}
    call.steps.append(step)
    extra = [
        ("RecordingUrl", url),
        ("RecordingSid", sid),
        ("RecordingDuration", str(duration)),
    ]
    action = urljoin(doc_url, verb.get("action") or doc_url)
    return Next(action, verb.get("method") or "POST", extra, step)


def _recording_callbacks(
    call: Call,
    db: Db,
    verb: Element,
    doc_url: str,
    *,
    sid: str,
    url: str,
    duration: int,
    started: float,
) -> None:
    callback = verb.get("recordingStatusCallback")
    if not callback:
        return
    events = (verb.get("recordingStatusCallbackEvent") or "completed").split()
    for status in ("in-progress", "completed"):
        if status not in events:
            continue
        outbox.enqueue(
            db,
            account_sid=call.line.account_sid,
            source="recording-status",
            resource_sid=sid,
            url=urljoin(doc_url, callback),
            method=verb.get("recordingStatusCallbackMethod") or "POST",
            params=[
                ("AccountSid", call.line.account_sid),
                ("CallSid", call.sid),
                ("RecordingSid", sid),
                ("RecordingUrl", url),
                ("RecordingStatus", status),
                ("RecordingDuration", str(duration if status == "completed" else 0)),
                ("RecordingChannels", "1"),
                ("RecordingStartTime", rfc2822(started) or ""),
                ("RecordingSource", "RecordVerb"),
            ],
            now=call.at,
        )


def _dial(call: Call, verb: Element, doc_url: str) -> Next | None:
    nouns = [noun for noun in verb if noun.tag in ("Number", "Client", "Sip")]
    targets = [
        ("client:" if noun.tag == "Client" else "") + inner_text(noun) for noun in nouns
    ] or ([inner_text(verb)] if inner_text(verb) and not len(verb) else [])
    step: Step = {"verb": "Dial"}
    call.steps.append(step)
    status, child, duration = "completed", "", 0
    conference, queue = verb.find("Conference"), verb.find("Queue")
    with call.store.transaction() as db:
        if conference is not None:
            step["conference"] = inner_text(conference)
            hook = conference.get("statusCallback")
            asked = (conference.get("statusCallbackEvent") or "").split()
            callback = conferences.callback_settings(
                urljoin(doc_url, hook) if hook else None,
                conference.get("statusCallbackMethod"),
                [event for event in asked if event in conferences.EVENTS],  # others: ignored
            )
            name = inner_text(conference)
            conferences.join(
                db,
                call.line.account_sid,
                name,
                call.sid,
                call.at,
                callback=callback,
                settings={
                    "label": conference.get("participantLabel"),
                    "muted": int(conference.get("muted") == "true"),
                    "start_conference_on_enter": int(
                        conference.get("startConferenceOnEnter") != "false"
                    ),
                    "end_conference_on_exit": int(conference.get("endConferenceOnExit") == "true"),
                },
            )
            duration = DIAL_SECONDS
        elif queue is not None:
            step["queue"] = inner_text(queue)
            status = "no-answer"
        elif targets:
            duration = min(DIAL_SECONDS, count(verb.get("timeLimit"), 14400)) or DIAL_SECONDS
            child = calls.insert_call(
                db,
                {
                    "account_sid": call.line.account_sid,
                    "parent_call_sid": call.sid,
                    "from_number": verb.get("callerId") or call.caller,
                    "to_number": targets[0],
                    "direction": "outbound-dial",
                    "status": "completed",
                    "start_time": call.at,
                    "end_time": call.at + duration,
                    "duration": duration,
                    "date_created": call.at,
                    "date_updated": call.at + duration,
                },
            )
            step |= {"to": targets[0], "call_sid": child}
        else:
            status = "failed"
    call.elapsed += duration
    step |= {"status": status, "duration": duration}
    action = verb.get("action")
    if not action:
        return None
    extra = [
        ("DialCallStatus", status),
        ("DialCallSid", child),
        ("DialCallDuration", str(duration)),
    ]
    return Next(urljoin(doc_url, action), verb.get("method") or "POST", extra, step)


def _message(call: Call, verb: Element, doc_url: str) -> None:
    with call.store.transaction() as db:
        step = send_message(
            db,
            call.line,
            verb,
            sender=call.called,
            to=call.caller,
            direction="outbound-call",
            doc_url=doc_url,
            now=call.at,
        )
    call.steps.append(step)


def _enqueue(call: Call, verb: Element, doc_url: str) -> Next | str | None:
    name = inner_text(verb)
    with call.store.transaction() as db:
        placed = queues.enqueue(db, call.line.account_sid, name, call.sid, call.at)
    queue_sid = placed["queue_sid"]
    step: Step = {"verb": "Enqueue", "queue": name}
    call.steps.append(step)
    enqueued_at = call.at
    queue_params = [
        ("QueueSid", queue_sid),
        ("QueuePosition", str(placed["position"])),
        ("QueueTime", "0"),
        ("AvgQueueTime", "0"),
        ("CurrentQueueSize", str(placed["size"])),
        ("MaxQueueSize", str(placed["max_size"])),
    ]
    result = "queue-full" if placed["full"] else "hangup"
    wait_url = verb.get("waitUrl")
    waiting: Next | str | None = (
        Next(urljoin(doc_url, wait_url), verb.get("waitUrlMethod") or "POST", queue_params)
        if wait_url and not placed["full"]
        else None
    )
    while isinstance(waiting, Next):
        document = call.fetch(waiting)
        if document is None:
            break
        waiting = call.execute(document, waiting.url, queued=True)
        if waiting == "leave":
            result = "leave"
    with call.store.transaction() as db:
        queues.leave(db, call.sid)
    step["result"] = result
    action = verb.get("action")
    waited = str(round(call.at - enqueued_at))
    extra = [("QueueResult", result), ("QueueSid", queue_sid), ("QueueTime", waited)]
    if result == "hangup":
        if action:
            call.status = "completed"
            call.fetch(Next(urljoin(doc_url, action), verb.get("method") or "POST", extra))
        return "hangup"
    if action:
        return Next(urljoin(doc_url, action), verb.get("method") or "POST", extra, step)
    return None


def _leave(call: Call, verb: Element, doc_url: str) -> None:
    call.steps.append({"verb": "Leave", "error": not_a_verb(verb, "voice (outside a queue)")})


VERBS: dict[str, Callable[[Call, Element, str], Next | str | None]] = {
    "Say": _say,
    "Play": _play,
    "Pause": _pause,
    "Gather": _gather,
    "Record": _record,
    "Dial": _dial,
    "Message": _message,
    "Enqueue": _enqueue,
    "Leave": _leave,
}
"""Each verb a call carries out: its step in the transcript and the time it takes, and the next
document to fetch or ``"hangup"`` (Reject, Hangup, Redirect and a queue's Leave are the call's)."""
