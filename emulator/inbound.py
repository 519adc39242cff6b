"""Inbound traffic on demand, the machinery a text (inbound_messages) and a call (inbound_calls)
share: the owned number they come to, its signed, counted and timed webhook requests, and the
transcript of what was carried out.

Both answer with a transcript: each step is a verb carried out (``verb``) and/or a request made
(``request``), with an ``error`` when something failed. Every loop is bounded: one text or call
fetches at most `MAX_DOCUMENTS` TwiML documents and stops fetching after `DEADLINE` seconds;
every request has a timeout. The store's lock is never held across a request.
"""

from __future__ import annotations

import copy
import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, SubElement

from emulator import twiml, webhooks
from emulator.errors import TwilioError, invalid
from emulator.resources import messages
from emulator.store import Db, Row, Store, get, insert

__all__ = [
    "DEADLINE",
    "FETCH_TIMEOUT",
    "MAX_DOCUMENTS",
    "Conversation",
    "Line",
    "Next",
    "Params",
    "Step",
    "count",
    "find_line",
    "inner_text",
    "not_a_verb",
    "record",
    "required",
    "send_message",
    "stored",
]

MAX_DOCUMENTS = 20
"""The most TwiML documents one inbound text or call fetches (Redirect and Gather loops end)."""
ANSWER_KEPT = 2000
"""How much of each webhook's answer the stored transcript keeps (for the console)."""
DEADLINE = 60.0
"""Seconds after which an inbound text or call fetches nothing more."""
FETCH_TIMEOUT = 15.0
"""Connect and read timeout of each webhook request: Twilio's 15 s, so that an answer Twilio
would still take (a listener's deadline reply, at 10 s) is taken here too."""
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
    fallback_url: str | None = None
    """Where the first TwiML document is asked for when the URL's fails (with ErrorCode and
    ErrorUrl), as Twilio does with a number's SmsFallbackUrl / VoiceFallbackUrl."""
    fallback_method: str = "POST"


def find_line(db: Db, to: str, account_sid: str | None, kind: str) -> Line:
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
        fallback_url=config[f"{kind}_fallback_url"],
        fallback_method=config[f"{kind}_fallback_method"] or "POST",
    )


def required(fields: Mapping[str, Any], name: str) -> str:
    """The string field `name` of `fields`; an error (400) when it is missing or empty."""
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
    twiml: str | None = None
    """TwiML given as it is (a call redirected through the API with ``Twiml``): nothing to
    fetch; relative URLs in it resolve against `url`."""


class Conversation:
    """The webhook requests of one inbound text or call: signed, counted and timed."""

    def __init__(self, line: Line, steps: list[Step], *, messaging: bool = False) -> None:
        self.line = line
        self.steps = steps
        self.messaging = messaging
        """A text's conversation: a ``text/plain`` answer is the reply's text, as at Twilio."""
        self.http = webhooks.session()
        self.documents = 0
        self.deadline = time.monotonic() + DEADLINE
        self.answers: list[tuple[Step, str]] = []
        """Each step with a request, and the start of the body its webhook answered."""

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
        self.answers.append((step, reply.body[:ANSWER_KEPT]))
        if not reply.ok:
            detail = reply.error or f"answered {reply.status}"
            step["error"] = {"code": 11200, "message": f"HTTP retrieval failure: {detail}"}
            return None
        if self.messaging and reply.content_type == "text/plain":
            return _as_message(reply.body)
        try:
            return twiml.parse(reply.body)
        except twiml.TwimlError as error:
            step["error"] = {"code": error.code, "message": error.message}
            return None

    def fallback(self, failed: Next) -> Next | None:
        """The request Twilio makes after the first one, `failed`, to the line's own URL, got
        no TwiML to carry out (no answer, an error status, TwiML it cannot read): the line's
        fallback URL, with ``ErrorCode`` and ``ErrorUrl``, in a step of its own. None when
        there is none, or when it was not the first request that failed."""
        if self.documents != 1 or failed.url != self.line.url or not self.line.fallback_url:
            return None  # (a failed fallback is the second document: it is not tried again)
        ((step, _),) = self.answers  # the first request's
        error = step.get("error") or {}
        if error.get("code") is None:
            return None
        retry: Step = {"fallback_for": failed.url}
        self.steps.append(retry)
        extra = [*failed.extra, ("ErrorCode", str(error["code"])), ("ErrorUrl", failed.url)]
        return Next(self.line.fallback_url, self.line.fallback_method, extra, retry)


def _as_message(text: str) -> Element:
    """A ``text/plain`` answer to a text, as the TwiML Twilio reads it as: one reply holding
    the text (none when it is blank)."""
    document = Element("Response")
    if text.strip():
        SubElement(document, "Message").text = text.strip()
    return document


def record(
    store: Store, conversation: Conversation, kind: str, resource_sid: str, now: float
) -> None:
    """Store the transcript of an inbound text or call (`kind` message or call), each
    webhook's answer body added to its request, for the console to show."""
    steps = copy.deepcopy(conversation.steps)
    for index, step in enumerate(conversation.steps):
        for asked, body in conversation.answers:
            if asked is step and "request" in steps[index]:
                steps[index]["request"]["response_body"] = body
    with store.transaction() as db:
        insert(
            db,
            "transcripts",
            {
                "resource_sid": resource_sid,
                "account_sid": conversation.line.account_sid,
                "kind": kind,
                "steps": json.dumps(steps),
                "date_created": now,
            },
        )


def inner_text(verb: Element) -> str:
    """The text inside `verb`, its children's included, trimmed."""
    return "".join(verb.itertext()).strip()


def count(value: str | None, default: int) -> int:
    """A count attribute's value (at least 0); `default` when it is absent or not a number."""
    try:
        return max(0, int(value)) if value is not None else default
    except ValueError:
        return default


def send_message(
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
    body = (verb.text or "").strip() + "".join(inner_text(b) for b in verb.findall("Body"))
    media = [urljoin(doc_url, inner_text(m)) for m in verb.findall("Media")]
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
        media,
    )
    return {"verb": "Message", "to": to, "from": sender, "body": body, "media": media, "sid": sid}


def stored(db: Db, table: str, sid: str) -> Row:
    """The row `sid` of `table`, which exists."""
    row = get(db, table, sid)
    assert row is not None
    return row


def not_a_verb(verb: Element, kind: str) -> dict[str, Any]:
    """The transcript's error for a verb skipped as not one of `kind` TwiML."""
    return {"code": 12200, "message": f"<{verb.tag}> is not a {kind} TwiML verb here: skipped."}
