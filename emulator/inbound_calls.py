"""A call's TwiML carried out on demand, as Twilio would, for a scripted person on the line.

An inbound call is stored (direction ``inbound``), its VoiceUrl fetched, and its TwiML carried
out verb by verb (inbound_verbs) for a scripted caller who gives the digits and speech of
`inputs` in order. An outbound call made through the API that still rings is answered the same
way (:func:`answer_call`): its own clock-driven life cycle stops, the callee picks up, and its Url
(or Twiml, or its application's VoiceUrl) is carried out for the callee, with the call's
answering-machine detection (told what it finds), Record and TimeLimit. The answer is the call
and the transcript (see inbound.py).
"""

from __future__ import annotations

import logging
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urljoin
from xml.etree.ElementTree import Element

from emulator import errors, twiml
from emulator.errors import TwilioError, bad_request, invalid
from emulator.inbound import (
    Conversation,
    Line,
    Next,
    Params,
    Step,
    find_line,
    inner_text,
    not_a_verb,
    record,
    required,
    stored,
)
from emulator.inbound_verbs import VERBS
from emulator.resources import calls, conferences, notifications
from emulator.routing import Exchange
from emulator.store import Db, Row, Store, get, update
from emulator.wire import API_VERSION

__all__ = [
    "Call",
    "CallAnswerer",
    "answer_call",
    "answer_request",
    "parse_inputs",
    "receive_call",
    "refusal",
]

log = logging.getLogger("emulator.calls")

DTMF = re.compile(r"[0-9*#w]*")
SPEECH = "speech:"


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
    """One call carried out (an inbound call, or an API call answered on demand): its TwiML
    fetched and its verbs run for a scripted caller or callee."""

    def __init__(
        self,
        store: Store,
        *,
        now: float,
        line: Line,
        row: Row,
        inputs: deque[tuple[str, str]],
        base_url: str,
        direction: str = "inbound",
        answered_by: str | None = None,
    ) -> None:
        self.store = store
        self.direction = direction
        self.row = row
        self.answered_by = answered_by
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
        self.source = (row["url"], row["twiml"])
        """The call's own Url and Twiml as its TwiML began: an update through the API that
        changes them redirects it."""
        self.ended_by_api = False

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
            ("Direction", self.direction),
            ("ApiVersion", API_VERSION),
            *extra,
        ]

    def run(self, own_twiml: str | None = None) -> None:
        """Carry out the call's own TwiML (an API call's ``Twiml``), else the line's URL's, and
        every document it leads to, until the call ends."""
        following: Next | str | None
        if own_twiml:
            try:
                following = self.execute(twiml.parse(own_twiml), self.base_url)
            except twiml.TwimlError as error:
                self.steps.append({"error": {"code": error.code, "message": error.message}})
                self._log(error.code, error.message)
                return  # on an answered call: it ends completed, after the error
        elif not self.line.url:
            self.steps.append({"error": {"code": None, "message": "No VoiceUrl to fetch."}})
            self.final = "failed"
            return
        else:
            following = Next(self.line.url, self.line.method, self._detected())
        while isinstance(following, Next):
            document = self.fetch(following)
            if document is None:  # Twilio asks the fallback URL if the first one failed
                following = self.conversation.fallback(following)
                continue
            following = self.execute(document, following.url)

    def _detected(self) -> Params:
        """What the first request reports of answering-machine detection: who answered, when
        the detection is synchronous (with AsyncAmd the result goes to its own callback)."""
        if self.answered_by is None or self.row["async_amd"]:
            return []
        return calls.amd_params(self.answered_by)

    def fetch(self, following: Next) -> Element | None:
        """The TwiML of `following`, its request in the transcript; None (and a notification
        when Twilio would log one) when there is none to carry out."""
        step = following.step
        if step is None:
            step = {}
            self.steps.append(step)
        if following.twiml is not None:
            try:
                return twiml.parse(following.twiml)
            except twiml.TwimlError as unreadable:
                step["error"] = {"code": unreadable.code, "message": unreadable.message}
                self._log(unreadable.code, unreadable.message)
                return None
        params = self.params(following.extra)
        document = self.conversation.fetch(following.url, following.method, params, step)
        if document is None and step.get("error", {}).get("code") is not None:
            error = step["error"]
            self._log(error["code"], error["message"], following.url, following.method)
        return document

    def _log(self, code: int, message: str, url: str | None = None, method: str = "POST") -> None:
        """The notification (an error in the call's log) Twilio would write."""
        with self.store.transaction() as db:
            notifications.create_notification(
                db,
                {
                    "account_sid": self.line.account_sid,
                    "call_sid": self.sid,
                    "error_code": str(code),
                    "log": "0",
                    "message_text": message,
                    "request_method": method,
                    "request_url": url,
                    "date_created": self.at,
                },
            )

    def _answer(self) -> None:
        if self.answered_at is None:
            with self.store.transaction() as db:
                self.answer(db)

    def answer(self, db: Db) -> None:
        """The call is answered now, in the transaction `db`: ``in-progress``, its ``answered``
        callback, and what answering-machine detection found."""
        self.answered_at = self.at
        self.status = "in-progress"
        values = {"status": "in-progress", "start_time": self.at, "date_updated": self.at}
        update(db, "calls", self.sid, values | {"answered_by": self.answered_by})
        row = stored(db, "calls", self.sid)
        calls.notify(db, row, "answered", self.at)
        if self.answered_by and row["async_amd"] and row["amd_status_callback"]:
            calls.amd_result(db, row, self.at, self.answered_by)

    def _changed_through_api(self) -> Next | str | None:
        """What an API request did to the call while its TwiML ran (an app's webhook handler
        may): ``"hangup"`` when it ended the call, the TwiML to go on with when it redirected
        it (Url or Twiml), else None. Twilio acts on either at once; here, between verbs."""
        with self.store.transaction() as db:
            row = stored(db, "calls", self.sid)
        if row["status"] in calls.FINAL:
            self.ended_by_api = True
            self.steps.append({"ended_by_api": row["status"]})
            return "hangup"
        source = (row["url"], row["twiml"])
        if source == self.source:
            return None
        self.source = source
        step: Step = {"redirected_by_api": row["url"] or "Twiml"}
        self.steps.append(step)
        url, inline = row["url"], row["twiml"]
        return Next(
            url or self.base_url, row["method"] or "POST", [], step, None if url else inline
        )

    def _time_is_up(self) -> bool:
        """Whether the call's TimeLimit (an API call's, counted from answering) has run out;
        the call then ends at the limit, cutting short the verb under way."""
        limit = self.row["time_limit"]
        if limit is None or self.answered_at is None or self.at - self.answered_at < limit:
            return False
        self.elapsed = round(self.answered_at - self.now) + limit
        self.steps.append({"time_limit": limit})
        return True

    def execute(
        self, document: Element, doc_url: str, *, queued: bool = False
    ) -> Next | str | None:
        """Carry out a document's verbs: the next document to fetch, ``"hangup"`` when the call
        ends, ``"leave"`` at a ``<Leave>`` in a queue's wait music, None at its end."""
        for verb in document:
            if not queued and (change := self._changed_through_api()) is not None:
                return change
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
                step = {"verb": "Redirect", "url": urljoin(doc_url, inner_text(verb))}
                self.steps.append(step)
                return Next(step["url"], verb.get("method") or "POST", [], step)
            handler = VERBS.get(verb.tag)
            if handler is None:
                self.steps.append({"verb": verb.tag, "error": not_a_verb(verb, "voice")})
                continue
            outcome = handler(self, verb, doc_url)
            if self._time_is_up():
                return "hangup"
            if outcome is not None:
                return outcome
        return None

    def finish(self) -> Row:
        """End the call: its final status, duration and status callback; the stored call (as
        the API left it, when an API request ended it)."""
        if self.ended_by_api:
            with self.store.transaction() as db:
                return stored(db, "calls", self.sid)
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
            row = stored(db, "calls", self.sid)
            calls.notify(db, row, "completed", self.at)
            if answered and row["record"]:  # an API call made with Record=true
                assert self.answered_at is not None
                start, duration = self.answered_at, row["duration"]
                calls.record_call(db, row, start=start, at=self.at, duration=duration)
        return row


def receive_call(
    store: Store, now: float, fields: Mapping[str, Any], inputs: Iterable[str], base_url: str
) -> dict[str, Any]:
    """A call from `From` to the owned number `To` whose caller gives `inputs` in order: stored,
    its VoiceUrl fetched and its TwiML carried out. The call and the transcript."""
    sender, to = required(fields, "From"), required(fields, "To")
    given = parse_inputs(inputs)
    with store.transaction() as db:
        line = find_line(db, to, fields.get("AccountSid"), "voice")
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
        row = stored(db, "calls", sid)
    call = Call(store, now=now, line=line, row=row, inputs=given, base_url=base_url)
    call.run()
    ended = call.finish()
    record(store, call.conversation, "call", sid, now)
    return {"call": calls.render(ended), "transcript": call.steps}


def answer_call(
    store: Store,
    now: float,
    sid: str,
    inputs: Iterable[str],
    *,
    base_url: str,
    settle: Callable[[Db], None],
    answered_by: str | None = None,
) -> dict[str, Any]:
    """Answer the outbound call `sid` (made through the API, still ringing) for a callee who
    gives `inputs` in order: its TwiML carried out. `answered_by` is what answering-machine
    detection finds, for a call made with MachineDetection (default ``human``). `settle` moves
    life cycles on to `now` (as before an API request). The call and the transcript."""
    given = parse_inputs(inputs)
    with store.transaction() as db:
        settle(db)  # its status as the API would answer it now
        row = get(db, "calls", sid)
        if row is None:
            raise TwilioError(404, 20404, f"No call {sid}.")
        refused = refusal(row)
        if refused is not None:
            raise refused
        answered_by = _detection(row, answered_by)
        account = stored(db, "accounts", row["account_sid"])
        url, method = row["url"], row["method"] or "POST"
        fallback, fallback_method = row["fallback_url"], row["fallback_method"] or "POST"
        application = get(db, "applications", row["application_sid"] or "")
        if application is not None:
            url, method = application["voice_url"], application["voice_method"] or "POST"
            fallback = application["voice_fallback_url"]
            fallback_method = application["voice_fallback_method"] or "POST"
        # the person answers now: the clock no longer moves this call on
        was = row["status"]
        update(db, "calls", sid, {"status": "ringing", "next_change": None, "date_updated": now})
        row = stored(db, "calls", sid)
        if was == "queued":  # it rings first, as on the clock
            calls.notify(db, row, "ringing", now)
        line = Line(
            account_sid=row["account_sid"],
            auth_token=account["auth_token"],
            number_sid=row["phone_number_sid"] or "",
            url=url,
            method=method,
            status_callback=row["status_callback"],
            status_callback_method=row["status_callback_method"] or "POST",
            fallback_url=fallback,
            fallback_method=fallback_method,
        )
        call = Call(
            store,
            now=now,
            line=line,
            row=row,
            inputs=given,
            base_url=base_url,
            direction="outbound-api",
            answered_by=answered_by,
        )
        # picked up in the same transaction as the check that it rings: answered once only,
        # and before its TwiML is asked for (Twilio asks once the callee has picked up)
        call.answer(db)
    call.run(row["twiml"])
    ended = call.finish()
    record(store, call.conversation, "call", sid, now)
    return {"call": calls.render(ended), "transcript": call.steps}


def refusal(call: Row) -> TwilioError | None:
    """Why `call` cannot be answered on demand, or None: only a call made through the API, with
    TwiML of its own (not a conference participant's), that still rings can be."""
    sid = call["sid"]
    if call["direction"] != "outbound-api":
        return invalid(
            f"Call {sid} is {call['direction']}: only a call made through the API "
            "is answered here (POST /_emulator/inbound/calls makes an inbound one)."
        )
    if call["status"] not in calls.RINGING:
        message = f"Call {sid} is {call['status']}: it can no longer be answered."
        return bad_request(errors.CALL_NOT_IN_PROGRESS, message)
    if not calls.own_twiml(call):
        return invalid(
            f"Call {sid} has no TwiML of its own (a conference participant's call): the "
            "clock answers it into its conference."
        )
    return None


def answer_request(
    exchange: Exchange, sid: str, inputs: Iterable[str], answered_by: str | None
) -> dict[str, Any]:
    """:func:`answer_call` for a request to the emulator (the admin endpoint, the console's
    form): now on its clock, life cycles settled first as before an API request."""
    return answer_call(
        exchange.store,
        exchange.clock.now().timestamp(),
        sid,
        inputs,
        base_url=exchange.base_url,
        settle=exchange.settle,
        answered_by=answered_by,
    )


def _detection(call: Row, answered_by: str | None) -> str | None:
    """What answering-machine detection finds on `call`: `answered_by` (default ``human``),
    checked against its MachineDetection mode; None for a call made without detection."""
    mode = call["machine_detection"]
    if mode is None:
        if answered_by is not None:
            raise invalid(
                f"Call {call['sid']} was made without MachineDetection: AnsweredBy applies only "
                "to a call with answering-machine detection."
            )
        return None
    found = answered_by or "human"
    if found not in calls.ANSWERED_BY[mode]:
        raise invalid(
            f"AnsweredBy {found!r} is not a finding of MachineDetection={mode}: one of "
            f"{', '.join(calls.ANSWERED_BY[mode])}."
        )
    return found


class CallAnswerer:
    """Under ``--answer-calls``, the background thread that answers, for a silent callee, every
    call the clock has picked up (see calls.py): its TwiML carried out as by
    :func:`answer_call`, as Twilio fetches an outbound call's Url once it is answered. Up to
    `workers` calls at a time; a call that ended meanwhile (canceled), or that was answered
    through the admin endpoint first, is left as it is."""

    def __init__(
        self,
        store: Store,
        *,
        base_url: str,
        settle: Callable[[Db, float], None],
        interval: float = 0.05,
        workers: int = 4,
    ) -> None:
        self.store = store
        self.base_url = base_url
        self.settle = settle
        self.interval = interval
        self._workers = workers
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._under_way: set[str] = set()  # handed to a worker, not yet taken by answer_call
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the thread and its workers."""
        self._stopping.clear()
        self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="emulator-callee")
        self._thread = threading.Thread(target=self._run, name="emulator-answerer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop looking, and wait for the calls under way (each within its fetch timeouts);
        calls not started yet are left ringing."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _run(self) -> None:
        while not self._stopping.wait(self.interval):
            try:
                self.tick()
            except Exception:
                log.exception("emulator: answering calls failed")

    def tick(self) -> None:
        """Hand every call picked up since the last look to a worker, which answers it."""
        with self.store.transaction() as db:
            due = db.execute(
                "SELECT sid, date_updated FROM calls WHERE answering = ? AND status = 'ringing' "
                "ORDER BY seq",
                (calls.PICKED_UP,),
            ).fetchall()
        assert self._pool is not None
        for sid, at in due:
            with self._lock:
                if sid in self._under_way:
                    continue
                self._under_way.add(sid)
            self._pool.submit(self._answer, sid, float(at))

    def _answer(self, sid: str, at: float) -> None:
        try:
            answer_call(
                self.store,
                at,
                sid,
                (),
                base_url=self.base_url,
                settle=lambda db: self.settle(db, at),
            )
        except TwilioError as error:  # ended meanwhile: canceled or hung up through the API
            log.info("emulator: call %s was not answered: %s", sid, error.message)
        except Exception:
            log.exception("emulator: answering call %s failed", sid)
        finally:
            with self._lock:
                self._under_way.discard(sid)
