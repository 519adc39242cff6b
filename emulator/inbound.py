"""Inbound traffic on demand: a text or a call to an owned number, carried out as Twilio would.

A text is stored (direction ``inbound``), posted to the number's SmsUrl, and the TwiML answer is
carried out: ``<Message>`` sends a reply, ``<Redirect>`` posts the same parameters to another
URL. A call is stored (direction ``inbound``), its VoiceUrl fetched, and its TwiML carried out
verb by verb for a scripted caller who gives the digits and speech of `inputs` in order. Both
answer with a transcript: each step is a verb carried out (``verb``) and/or a request made
(``request``), with an ``error`` when something failed.

Every loop is bounded: one text or call fetches at most `MAX_DOCUMENTS` TwiML documents and
stops fetching after `DEADLINE` seconds; every request has a timeout. The store's lock is never
held across a request. Time on the call is counted, not waited for: Say and Play take a second
per loop, Pause its length, a Gather a second (its timeout when the caller gives nothing), a
Record `RECORD_SECONDS` and a dialled call `DIAL_SECONDS`.
"""

from __future__ import annotations

import mimetypes
import re
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin
from xml.etree.ElementTree import Element

from emulator import outbox, twiml, webhooks
from emulator.errors import TwilioError, invalid
from emulator.resources import (
    calls,
    conferences,
    messages,
    notifications,
    recordings,
    transcriptions,
)
from emulator.store import Db, Row, Store, get, update
from emulator.wire import API_VERSION, is_url, new_sid, rfc2822

__all__ = ["MAX_DOCUMENTS", "receive_call", "receive_message"]

MAX_DOCUMENTS = 20
"""The most TwiML documents one inbound text or call fetches (Redirect and Gather loops end)."""
DEADLINE = 60.0
"""Seconds after which an inbound text or call fetches nothing more."""
FETCH_TIMEOUT = 10.0
"""Connect and read timeout of each webhook request (Twilio waits about 15 s)."""
RECORD_SECONDS = 5
DIAL_SECONDS = 10
DTMF = re.compile(r"[0-9*#w]*")
SPEECH = "speech:"
Params = list[tuple[str, str]]
Step = dict[str, Any]


@dataclass(frozen=True)
class Line:
    """The owned number a text or call comes to, and where its webhooks go."""

    account_sid: str
    auth_token: str
    number_sid: str
    url: str | None
    method: str
    status_callback: str | None = None
    status_callback_method: str = "POST"


def _line(db: Db, to: str, account_sid: str | None, kind: str) -> Line:
    """The number `to` (of `account_sid`, else of its oldest owner) and its `kind` (sms or
    voice) URL, its application's when it has one."""
    query = "SELECT * FROM incoming_phone_numbers WHERE phone_number = ?"
    args: tuple[str, ...] = (to,)
    if account_sid:
        query, args = query + " AND account_sid = ?", (to, account_sid)
    number = db.execute(query + " ORDER BY seq LIMIT 1", args).fetchone()
    if number is None:
        raise TwilioError(404, 20404, f"No account owns the number {to}.")
    config: Row = number
    application_sid = number[f"{kind}_application_sid"]
    if application_sid:
        application = get(db, "applications", application_sid)
        if application is not None:
            config = application
    account = get(db, "accounts", number["account_sid"])
    assert account is not None
    return Line(
        account_sid=number["account_sid"],
        auth_token=account["auth_token"],
        number_sid=number["sid"],
        url=config[f"{kind}_url"],
        method=config[f"{kind}_method"] or "POST",
        status_callback=config["status_callback"] if kind == "voice" else None,
        status_callback_method=config["status_callback_method"] or "POST",
    )


def _required(fields: Mapping[str, Any], name: str) -> str:
    value = fields.get(name)
    if not value or not isinstance(value, str):
        raise invalid(f"'{name}' is required.")
    return value


@dataclass
class Next:
    """A TwiML document to fetch next, with the parameters added to the call's, and the step
    of the transcript that asked for it (a new one when None)."""

    url: str
    method: str
    extra: Params = field(default_factory=list)
    step: Step | None = None


class Conversation:
    """The webhook requests of one inbound text or call: signed, counted and timed."""

    def __init__(self, line: Line, steps: list[Step]) -> None:
        self.line = line
        self.steps = steps
        self.http = webhooks.session()
        self.documents = 0
        self.deadline = time.monotonic() + DEADLINE

    def fetch(self, url: str, method: str, params: Params, step: Step) -> Element | None:
        """The TwiML at `url`, the request recorded in `step`; None (and the step's
        ``error``) when there is none to carry out."""
        if self.documents >= MAX_DOCUMENTS or time.monotonic() > self.deadline:
            step["error"] = {
                "code": None,
                "message": f"Stopped: more than {MAX_DOCUMENTS} TwiML documents or "
                f"{DEADLINE:g} seconds for one inbound text or call.",
            }
            return None
        self.documents += 1
        method = method.upper() if method.upper() in ("GET", "POST") else "POST"
        signed = webhooks.sign(
            self.line.auth_token,
            webhooks.target(url, method, params),
            params if method == "POST" else [],
        )
        reply = webhooks.send(
            self.http,
            url,
            method,
            params,
            signature=signed,
            idempotency_token=str(uuid.uuid4()),
            timeout=FETCH_TIMEOUT,
        )
        step["request"] = {
            "url": url,
            "method": method,
            "params": dict(params),
            "signature": signed,
            "status": reply.status,
        }
        if not reply.ok:
            detail = reply.error or f"answered {reply.status}"
            step["error"] = {"code": 11200, "message": f"HTTP retrieval failure: {detail}"}
            return None
        try:
            return twiml.parse(reply.body)
        except twiml.TwimlError as error:
            step["error"] = {"code": error.code, "message": error.message}
            return None


def _text(verb: Element) -> str:
    return "".join(verb.itertext()).strip()


def _count(value: str | None, default: int) -> int:
    try:
        return max(0, int(value)) if value is not None else default
    except ValueError:
        return default


def _send_message(
    db: Db,
    line: Line,
    verb: Element,
    *,
    sender: str,
    to: str,
    direction: str,
    doc_url: str,
    now: float,
) -> Step:
    """Carry out a ``<Message>``: queue the message; its step."""
    body = (verb.text or "").strip() + "".join(_text(b) for b in verb.findall("Body"))
    media = [urljoin(doc_url, _text(m)) for m in verb.findall("Media")]
    callback = verb.get("statusCallback") or verb.get("action")
    to, sender = verb.get("to") or to, verb.get("from") or sender
    outcome, code, text = messages.FAILING_AFTER_ACCEPTANCE.get(to, ("delivered", None, None))
    sid = messages.insert_message(
        db,
        {
            "account_sid": line.account_sid,
            "from_number": sender,
            "to_number": to,
            "body": body,
            "num_media": len(media),
            "direction": direction,
            "status": "queued",
            "outcome": outcome,
            "error_code": code,
            "error_message": text,
            "status_callback": urljoin(doc_url, callback) if callback else None,
            "date_created": now,
            "date_updated": now,
            "next_change": messages.TIMELINES[outcome].next_change(now, 0),
        },
    )
    return {"verb": "Message", "to": to, "from": sender, "body": body, "media": media, "sid": sid}


def receive_message(
    store: Store, now: float, fields: Mapping[str, Any], media_urls: Iterable[str]
) -> dict[str, Any]:
    """A text from `From` to the owned number `To` (with `Body` and `media_urls`): stored,
    posted to the number's SmsUrl, its TwiML carried out. The message, its replies and the
    transcript."""
    sender, to = _required(fields, "From"), _required(fields, "To")
    body = str(fields.get("Body") or "")
    media = list(media_urls)
    if len(body) > messages.MAX_BODY:
        raise invalid(f"'Body' is longer than {messages.MAX_BODY} characters.")
    if not all(is_url(url) for url in media):
        raise invalid("Each 'MediaUrl' must be an absolute http(s) URL.")
    with store.transaction() as db:
        line = _line(db, to, fields.get("AccountSid"), "sms")
        sid = messages.insert_message(
            db,
            {
                "sid": new_sid("MM" if media else "SM"),
                "account_sid": line.account_sid,
                "from_number": sender,
                "to_number": to,
                "body": body,
                "num_media": len(media),
                "direction": "inbound",
                "status": "received",
                "date_created": now,
                "date_updated": now,
                "date_sent": now,
            },
        )
        message = get(db, "messages", sid)
        assert message is not None
    params: Params = [
        ("MessageSid", sid),
        ("SmsSid", sid),
        ("SmsMessageSid", sid),
        ("AccountSid", line.account_sid),
        ("From", sender),
        ("To", to),
        ("Body", body),
        ("NumMedia", str(len(media))),
        ("NumSegments", str(message["num_segments"])),
        ("SmsStatus", "received"),
        ("ApiVersion", API_VERSION),
    ]
    for index, url in enumerate(media):
        params += [(f"MediaUrl{index}", url), (f"MediaContentType{index}", _media_type(url))]
    steps: list[Step] = []
    replies: list[str] = []
    conversation = Conversation(line, steps)
    following = Next(line.url, line.method) if line.url else None
    while following is not None:
        step = following.step
        if step is None:
            step = {}
            steps.append(step)
        document = conversation.fetch(following.url, following.method, params, step)
        doc_url, following = following.url, None
        for verb in document if document is not None else ():
            if verb.tag == "Message":
                with store.transaction() as db:
                    done = _send_message(
                        db,
                        line,
                        verb,
                        sender=to,
                        to=sender,
                        direction="outbound-reply",
                        doc_url=doc_url,
                        now=now,
                    )
                replies.append(done["sid"])
                steps.append(done)
            elif verb.tag == "Redirect":
                redirect: Step = {"verb": "Redirect", "url": urljoin(doc_url, _text(verb))}
                steps.append(redirect)
                following = Next(redirect["url"], verb.get("method") or "POST", [], redirect)
                break
            else:
                steps.append({"verb": verb.tag, "error": _not_a_verb(verb, "messaging")})
    with store.transaction() as db:
        return {
            "message": messages.render(_row(db, "messages", sid)),
            "replies": [messages.render(_row(db, "messages", reply)) for reply in replies],
            "transcript": steps,
        }


def _row(db: Db, table: str, sid: str) -> Row:
    row = get(db, table, sid)
    assert row is not None
    return row


def _media_type(url: str) -> str:
    return mimetypes.guess_type(url)[0] or "application/octet-stream"


def _not_a_verb(verb: Element, kind: str) -> dict[str, Any]:
    return {"code": 12200, "message": f"<{verb.tag}> is not a {kind} TwiML verb here: skipped."}


def parse_inputs(values: Iterable[str]) -> deque[tuple[str, str]]:
    """What the caller gives, in order: DTMF digits (``0-9 * # w``; empty is silence) or
    ``speech:`` and the words said."""
    inputs: deque[tuple[str, str]] = deque()
    for value in values:
        if value.startswith(SPEECH):
            inputs.append(("speech", value[len(SPEECH) :].strip()))
        elif DTMF.fullmatch(value):
            inputs.append(("dtmf", value))
        else:
            raise invalid(
                f"Input {value!r} is neither digits (0-9, *, #, w) nor 'speech:' and words."
            )
    return inputs


class Call:
    """One inbound call carried out: its TwiML fetched and its verbs run for a scripted caller."""

    def __init__(
        self,
        store: Store,
        *,
        now: float,
        line: Line,
        row: Row,
        inputs: deque[tuple[str, str]],
        base_url: str,
    ) -> None:
        self.store = store
        self.now = now
        self.line = line
        self.sid: str = row["sid"]
        self.caller: str = row["from_number"]
        self.called: str = row["to_number"]
        self.inputs = inputs
        self.base_url = base_url
        self.steps: list[Step] = []
        self.conversation = Conversation(line, self.steps)
        self.status = "ringing"
        self.final = "completed"
        self.elapsed = 0
        self.answered_at: float | None = None

    @property
    def at(self) -> float:
        """The time on the call now: when it came plus the time its verbs took."""
        return self.now + self.elapsed

    def params(self, extra: Iterable[tuple[str, str]] = ()) -> Params:
        """The parameters of every request about this call, and `extra`."""
        return [
            ("CallSid", self.sid),
            ("AccountSid", self.line.account_sid),
            ("From", self.caller),
            ("To", self.called),
            ("Caller", self.caller),
            ("Called", self.called),
            ("CallStatus", self.status),
            ("Direction", "inbound"),
            ("ApiVersion", API_VERSION),
            *extra,
        ]

    def run(self) -> None:
        """Fetch and carry out TwiML documents until the call ends."""
        if not self.line.url:
            self.steps.append({"error": {"code": None, "message": "The number has no VoiceUrl."}})
            self.final = "failed"
            return
        following: Next | str | None = Next(self.line.url, self.line.method)
        while isinstance(following, Next):
            document = self._fetch(following)
            if document is None:
                return
            following = self.execute(document, following.url)

    def _fetch(self, following: Next) -> Element | None:
        step = following.step
        if step is None:
            step = {}
            self.steps.append(step)
        params = self.params(following.extra)
        document = self.conversation.fetch(following.url, following.method, params, step)
        if document is None and step.get("error", {}).get("code") is not None:
            with self.store.transaction() as db:
                notifications.create_notification(
                    db,
                    {
                        "account_sid": self.line.account_sid,
                        "call_sid": self.sid,
                        "error_code": str(step["error"]["code"]),
                        "log": "0",
                        "message_text": step["error"]["message"],
                        "request_method": following.method,
                        "request_url": following.url,
                        "date_created": self.at,
                    },
                )
        return document

    def _answer(self) -> None:
        if self.answered_at is not None:
            return
        self.answered_at = self.at
        self.status = "in-progress"
        with self.store.transaction() as db:
            update(
                db,
                "calls",
                self.sid,
                {"status": "in-progress", "start_time": self.at, "date_updated": self.at},
            )

    def execute(
        self, document: Element, doc_url: str, *, queued: bool = False
    ) -> Next | str | None:
        """Carry out a document's verbs: the next document to fetch, ``"hangup"`` when the call
        ends, ``"leave"`` at a ``<Leave>`` in a queue's wait music, None at its end."""
        for verb in document:
            if verb.tag == "Reject":
                reason = verb.get("reason") or "rejected"
                self.steps.append({"verb": "Reject", "reason": reason})
                if self.answered_at is None:
                    self.final = "busy" if reason == "busy" else "no-answer"
                return "hangup"
            self._answer()
            if verb.tag == "Hangup":
                self.steps.append({"verb": "Hangup"})
                return "hangup"
            if verb.tag == "Leave" and queued:
                self.steps.append({"verb": "Leave"})
                return "leave"
            if verb.tag == "Redirect":
                step = {"verb": "Redirect", "url": urljoin(doc_url, _text(verb))}
                self.steps.append(step)
                return Next(step["url"], verb.get("method") or "POST", [], step)
            handler = self.VERBS.get(verb.tag)
            if handler is None:
                self.steps.append({"verb": verb.tag, "error": _not_a_verb(verb, "voice")})
                continue
            outcome = handler(self, verb, doc_url)
            if outcome is not None:
                return outcome
        return None

    def _say(self, verb: Element, doc_url: str) -> None:
        loops = _count(verb.get("loop"), 1) or 1
        self.elapsed += loops
        step: Step = {"verb": "Say", "text": _text(verb)}
        step |= {name: verb.get(name) for name in ("voice", "language") if verb.get(name)}
        self.steps.append(step)

    def _play(self, verb: Element, doc_url: str) -> None:
        self.elapsed += _count(verb.get("loop"), 1) or 1
        if verb.get("digits"):
            self.steps.append({"verb": "Play", "digits": verb.get("digits")})
        else:
            self.steps.append({"verb": "Play", "url": urljoin(doc_url, _text(verb))})

    def _pause(self, verb: Element, doc_url: str) -> None:
        length = _count(verb.get("length"), 1)
        self.elapsed += length
        self.steps.append({"verb": "Pause", "length": length})

    def _gather(self, verb: Element, doc_url: str) -> Next | None:
        for prompt in verb:
            if prompt.tag in ("Say", "Play", "Pause"):
                self.VERBS[prompt.tag](self, prompt, doc_url)
        kinds = (verb.get("input") or "dtmf").split()
        step: Step = {"verb": "Gather", "input": " ".join(kinds)}
        self.steps.append(step)
        kind, given = self.inputs.popleft() if self.inputs else ("", "")
        extra: Params = []
        if kind == "dtmf" and "dtmf" in kinds and given:
            finish = verb.get("finishOnKey", "#")
            digits = given.split(finish, 1)[0] if finish else given
            limit = _count(verb.get("numDigits"), 0)
            digits = digits[:limit] if limit else digits
            step["digits"] = digits
            extra = [("Digits", digits)]
        elif kind == "speech" and "speech" in kinds and given:
            step["speech"] = given
            extra = [("SpeechResult", given), ("Confidence", "0.9")]
        if not extra and verb.get("actionOnEmptyResult") != "true":
            self.elapsed += _count(verb.get("timeout"), 5)
            step["timed_out"] = True
            return None
        self.elapsed += 1
        action = urljoin(doc_url, verb.get("action") or doc_url)
        return Next(action, verb.get("method") or "POST", extra, step)

    def _record(self, verb: Element, doc_url: str) -> Next | None:
        duration = min(RECORD_SECONDS, _count(verb.get("maxLength"), 3600)) or RECORD_SECONDS
        started = self.at
        self.elapsed += duration
        with self.store.transaction() as db:
            sid = recordings.create_recording(
                db,
                {
                    "account_sid": self.line.account_sid,
                    "call_sid": self.sid,
                    "duration": duration,
                    "source": "RecordVerb",
                    "start_time": started,
                    "date_created": self.at,
                    "date_updated": self.at,
                },
            )
            if verb.get("transcribe") == "true":
                transcriptions.create_transcription(
                    db,
                    {
                        "account_sid": self.line.account_sid,
                        "recording_sid": sid,
                        "duration": duration,
                        "date_created": self.at,
                        "date_updated": self.at,
                    },
                )
            url = f"{self.base_url}/2010-04-01/Accounts/{self.line.account_sid}/Recordings/{sid}"
            self._recording_callbacks(
                db, verb, doc_url, sid=sid, url=url, duration=duration, started=started
            )
        step: Step = {"verb": "Record", "recording_sid": sid, "duration": duration}
        self.steps.append(step)
        extra = [
            ("RecordingUrl", url),
            ("RecordingSid", sid),
            ("RecordingDuration", str(duration)),
        ]
        action = urljoin(doc_url, verb.get("action") or doc_url)
        return Next(action, verb.get("method") or "POST", extra, step)

    def _recording_callbacks(
        self,
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
                account_sid=self.line.account_sid,
                source="recording-status",
                resource_sid=sid,
                url=urljoin(doc_url, callback),
                method=verb.get("recordingStatusCallbackMethod") or "POST",
                params=[
                    ("AccountSid", self.line.account_sid),
                    ("CallSid", self.sid),
                    ("RecordingSid", sid),
                    ("RecordingUrl", url),
                    ("RecordingStatus", status),
                    ("RecordingDuration", str(duration if status == "completed" else 0)),
                    ("RecordingChannels", "1"),
                    ("RecordingStartTime", rfc2822(started) or ""),
                    ("RecordingSource", "RecordVerb"),
                ],
                now=self.at,
            )

    def _dial(self, verb: Element, doc_url: str) -> Next | None:
        nouns = [noun for noun in verb if noun.tag in ("Number", "Client", "Sip")]
        targets = [("client:" if noun.tag == "Client" else "") + _text(noun) for noun in nouns] or (
            [_text(verb)] if _text(verb) and not len(verb) else []
        )
        step: Step = {"verb": "Dial"}
        self.steps.append(step)
        status, child, duration = "completed", "", 0
        conference, queue = verb.find("Conference"), verb.find("Queue")
        with self.store.transaction() as db:
            if conference is not None:
                step["conference"] = _text(conference)
                conferences.join(db, self.line.account_sid, _text(conference), self.sid, self.at)
                duration = DIAL_SECONDS
            elif queue is not None:
                step["queue"] = _text(queue)
                status = "no-answer"
            elif targets:
                duration = min(DIAL_SECONDS, _count(verb.get("timeLimit"), 14400)) or DIAL_SECONDS
                child = calls.insert_call(
                    db,
                    {
                        "account_sid": self.line.account_sid,
                        "parent_call_sid": self.sid,
                        "from_number": verb.get("callerId") or self.caller,
                        "to_number": targets[0],
                        "direction": "outbound-dial",
                        "status": "completed",
                        "start_time": self.at,
                        "end_time": self.at + duration,
                        "duration": duration,
                        "date_created": self.at,
                        "date_updated": self.at + duration,
                    },
                )
                step |= {"to": targets[0], "call_sid": child}
            else:
                status = "failed"
        self.elapsed += duration
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

    def _message(self, verb: Element, doc_url: str) -> None:
        with self.store.transaction() as db:
            step = _send_message(
                db,
                self.line,
                verb,
                sender=self.called,
                to=self.caller,
                direction="outbound-call",
                doc_url=doc_url,
                now=self.at,
            )
        self.steps.append(step)

    def _enqueue(self, verb: Element, doc_url: str) -> Next | str | None:
        queue_sid = new_sid("QU")
        step: Step = {"verb": "Enqueue", "queue": _text(verb)}
        self.steps.append(step)
        queue_params = [
            ("QueueSid", queue_sid),
            ("QueuePosition", "1"),
            ("QueueTime", "0"),
            ("AvgQueueTime", "0"),
            ("CurrentQueueSize", "1"),
            ("MaxQueueSize", "100"),
        ]
        result = "hangup"
        wait_url = verb.get("waitUrl")
        waiting: Next | str | None = (
            Next(urljoin(doc_url, wait_url), verb.get("waitUrlMethod") or "POST", queue_params)
            if wait_url
            else None
        )
        while isinstance(waiting, Next):
            document = self._fetch(waiting)
            if document is None:
                break
            waiting = self.execute(document, waiting.url, queued=True)
            if waiting == "leave":
                result = "leave"
        step["result"] = result
        action = verb.get("action")
        extra = [("QueueResult", result), ("QueueSid", queue_sid), ("QueueTime", "0")]
        if result == "hangup":
            if action:
                self.status = "completed"
                self._fetch(Next(urljoin(doc_url, action), verb.get("method") or "POST", extra))
            return "hangup"
        if action:
            return Next(urljoin(doc_url, action), verb.get("method") or "POST", extra, step)
        return None

    def _leave(self, verb: Element, doc_url: str) -> None:
        self.steps.append({"verb": "Leave", "error": _not_a_verb(verb, "voice (outside a queue)")})

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

    def finish(self) -> Row:
        """End the call: its final status, duration and status callback; the stored call."""
        answered = self.answered_at is not None
        status = self.final if not answered else "completed"
        with self.store.transaction() as db:
            update(
                db,
                "calls",
                self.sid,
                {
                    "status": status,
                    "end_time": self.at,
                    "duration": self.elapsed if answered else 0,
                    "date_updated": self.at,
                },
            )
            conferences.leave(db, self.sid, self.at)
            row = _row(db, "calls", self.sid)
            calls.notify(db, row, "completed", self.at)
        return row


def receive_call(
    store: Store, now: float, fields: Mapping[str, Any], inputs: Iterable[str], base_url: str
) -> dict[str, Any]:
    """A call from `From` to the owned number `To` whose caller gives `inputs` in order: stored,
    its VoiceUrl fetched and its TwiML carried out. The call and the transcript."""
    sender, to = _required(fields, "From"), _required(fields, "To")
    given = parse_inputs(inputs)
    with store.transaction() as db:
        line = _line(db, to, fields.get("AccountSid"), "voice")
        sid = calls.insert_call(
            db,
            {
                "account_sid": line.account_sid,
                "from_number": sender,
                "to_number": to,
                "phone_number_sid": line.number_sid,
                "direction": "inbound",
                "status": "ringing",
                "url": line.url,
                "method": line.method,
                "status_callback": line.status_callback,
                "status_callback_method": line.status_callback_method,
                "status_callback_events": "completed",
                "date_created": now,
                "date_updated": now,
            },
        )
        row = _row(db, "calls", sid)
    call = Call(store, now=now, line=line, row=row, inputs=given, base_url=base_url)
    call.run()
    ended = call.finish()
    return {"call": calls.render(ended), "transcript": call.steps}
