"""The emulator's console: web pages, served by the emulator itself under ``/_console/``, to
watch and drive a local Twilio (messages, calls, callbacks, a phone, the account).

Pages are rendered on the server from the templates beside this module; the one small script
(static/console.js) only keeps the open page up to date by polling ``/_console/version``.
On loopback the console is open; any other client gives the Basic credentials of an account
(as for the API) and sees that account and its subaccounts.

Reads open short transactions of their own (never one across a webhook request), so the
console does not hold up the API.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from emulator import inbound_calls, inbound_messages, outbox, resources
from emulator.auth import authenticate
from emulator.console import records
from emulator.console.records import Filters, Scope
from emulator.console.twiml import readable
from emulator.errors import FORBIDDEN, TwilioError, invalid, unauthorized
from emulator.representations import wav_audio
from emulator.resources import calls, messages, phone_numbers, recordings
from emulator.routing import Exchange, Routes, Settle, is_loopback
from emulator.store import Db, Row, update
from emulator.wire import is_url

__all__ = ["PREFIX", "routes"]

PREFIX = "/_console"
routes = Routes("", auth=False, remote=True)
"""The console's pages, answered to any client (each handler checks who is asking)."""

TEMPLATES = Environment(
    loader=PackageLoader("emulator.console", "templates"),
    auto_reload=False,
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
TEMPLATES.filters["twiml"] = readable
TEMPLATES.filters["pretty"] = lambda value: json.dumps(value, indent=2)
STATIC = {"console.js": "text/javascript", "console.css": "text/css"}
CLEARED = (
    "messages",
    "calls",
    "callbacks",
    "recordings",
    "transcriptions",
    "notifications",
    "conferences",
    "participants",
    "transcripts",
    "message_media",
    "message_feedback",
)
"""What a reset clears: the traffic. Accounts, numbers and services stay."""


def _scope(exchange: Exchange) -> tuple[Scope, str | None]:
    """Whom the console shows to this client, and the account signed in (None on loopback)."""
    request = exchange.request
    if is_loopback(request):
        return Scope(), None
    credentials = request.authorization
    if credentials is None or credentials.type != "basic":
        raise unauthorized()
    with exchange.store.transaction() as db:
        principal = authenticate(db, credentials.username or "", credentials.password or "")
        if principal is None:
            raise unauthorized()
        sids = tuple(
            row["sid"]
            for row in db.execute(
                "SELECT sid FROM accounts WHERE sid = ? OR owner_account_sid = ? ORDER BY seq",
                (principal["sid"], principal["sid"]),
            )
        )
    return Scope(sids), principal["sid"]


@contextmanager
def _reading(exchange: Exchange) -> Iterator[Db]:
    """One short transaction to read in, with every life cycle first moved on to the clock's
    time, as before every API request (so the console shows what the API would answer)."""
    with exchange.store.transaction() as db:
        now = exchange.clock.now().timestamp()
        for hook in _settle_hooks():
            hook(db, now)
        yield db


@cache
def _settle_hooks() -> tuple[Settle, ...]:
    return tuple(hook for family in resources.families() for hook in family.settle_hooks)


def _same_origin(request: Request) -> None:
    """Refuse a form posted from another site's page (a browser names it in Origin)."""
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        raise TwilioError(403, FORBIDDEN, "The console takes forms from its own pages only.")


def _page(
    exchange: Exchange, template: str, scope_who: tuple[Scope, str | None], **values: Any
) -> Response:
    """A page (or, with ``?partial=1``, only its live part, for the script to swap in)."""
    who = scope_who[1]
    request = exchange.request
    values.update(
        who=who,
        prefix=PREFIX,
        now=records.when(exchange.clock.now().timestamp()),
        path=request.path,
        query=request.query_string.decode(),
        live=request.method == "GET",
    )
    page = TEMPLATES.get_template(template)
    if request.args.get("partial"):
        context = page.new_context(values)
        html = "".join(page.blocks["live"](context))
    else:
        html = page.render(values)
    response = Response(html, content_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


def _refused(
    exchange: Exchange,
    who: tuple[Scope, str | None],
    error: TwilioError,
    template: str,
    **values: Any,
) -> Response:
    """The page again, with why the form was refused (and the error's status)."""
    response = _page(exchange, template, who, error=error, **values)
    response.status_code = error.status
    return response


def _json(data: Any) -> Response:
    return Response(json.dumps(data, indent=2), content_type="application/json; charset=utf-8")


def _missing(request: Request) -> TwilioError:
    return TwilioError(404, 20404, f"The console has nothing at {request.path}.")


@routes.get(PREFIX, transaction=False)
def console_home(exchange: Exchange) -> Response:
    """The console opens on the messages."""
    return redirect(PREFIX + "/messages", 303)


@routes.get(PREFIX + "/static/<name>.<ext>", transaction=False)
def static(exchange: Exchange, name: str, ext: str) -> Response:
    """The console's script and style sheet."""
    filename = f"{name}.{ext}"
    if filename not in STATIC:
        raise _missing(exchange.request)
    text = files("emulator.console").joinpath("static", filename).read_text(encoding="utf-8")
    response = Response(text, content_type=f"{STATIC[filename]}; charset=utf-8")
    response.headers["Cache-Control"] = "max-age=60"
    return response


@routes.get(PREFIX + "/version", transaction=False)
def version(exchange: Exchange) -> Response:
    """A token that changes whenever the database does (the script polls it and fetches the
    page again only then), and the clock's time."""
    _scope(exchange)
    with exchange.store.transaction() as db:
        changes = db.total_changes
    now = exchange.clock.now().timestamp()
    return _json({"version": str(changes), "now": records.when(now)})


@routes.get(PREFIX + "/messages", transaction=False)
def message_list(exchange: Exchange) -> Response:
    """Every message of the accounts in scope, newest first, filtered."""
    who = _scope(exchange)
    filters = Filters.parse(exchange.request.args)
    with _reading(exchange) as db:
        found, more = records.recent_messages(db, who[0], filters)
        accounts = records.account_view(db, who[0])["accounts"]
    return _page(
        exchange,
        "messages.html",
        who,
        messages=found,
        filters=filters,
        accounts=accounts,
        statuses=records.MESSAGE_STATUSES,
        more=more,
    )


@routes.get(PREFIX + "/messages/<sid>", transaction=False)
def message_page(exchange: Exchange, sid: str) -> Response:
    """One message: its status history, media, callbacks and transcript."""
    who = _scope(exchange)
    with _reading(exchange) as db:
        found = records.message_record(db, who[0], sid)
    if found is None:
        raise _missing(exchange.request)
    return _page(exchange, "message.html", who, message=found[0])


@routes.get(PREFIX + "/messages/<sid>.json", transaction=False)
def message_json(exchange: Exchange, sid: str) -> Response:
    """One message as the API answers it."""
    scope = _scope(exchange)[0]
    with _reading(exchange) as db:
        found = records.message_record(db, scope, sid)
    if found is None:
        raise _missing(exchange.request)
    return _json(messages.render(found[1]))


@routes.post(PREFIX + "/messages/<sid>/cancel", transaction=False)
def cancel_message(exchange: Exchange, sid: str) -> Response:
    """Cancel a scheduled message, as the API's ``Status=canceled`` does (its status callback
    is told)."""
    scope = _scope(exchange)[0]
    _same_origin(exchange.request)
    now = exchange.clock.now().timestamp()
    with _reading(exchange) as db:
        found = records.message_record(db, scope, sid)
        if found is None:
            raise _missing(exchange.request)
        message = found[1]
        if message["status"] != "scheduled":
            error = invalid(f"Message {sid} is {message['status']}: only a scheduled one cancels.")
            return _refused(exchange, _scope(exchange), error, "error.html")
        update(
            db, "messages", sid, {"status": "canceled", "date_updated": now, "next_change": None}
        )
        url = messages.status_callback(db, message)
        if url is not None:
            messages.notify(db, message, url, "canceled", now)
    return redirect(exchange.request.form.get("back") or f"{PREFIX}/messages/{sid}", 303)


@routes.get(PREFIX + "/calls", transaction=False)
def call_list(exchange: Exchange) -> Response:
    """Every call of the accounts in scope, newest first, filtered."""
    who = _scope(exchange)
    filters = Filters.parse(exchange.request.args)
    with _reading(exchange) as db:
        found, more = records.recent_calls(db, who[0], filters)
        accounts = records.account_view(db, who[0])["accounts"]
    return _page(
        exchange,
        "calls.html",
        who,
        calls=found,
        filters=filters,
        accounts=accounts,
        statuses=records.CALL_STATUSES,
        more=more,
    )


@routes.get(PREFIX + "/calls/<sid>", transaction=False)
def call_page(exchange: Exchange, sid: str) -> Response:
    """One call: its status history, recordings, transcript and callbacks."""
    who = _scope(exchange)
    with _reading(exchange) as db:
        found = records.call_record(db, who[0], sid)
    if found is None:
        raise _missing(exchange.request)
    return _page(exchange, "call.html", who, call=found[0])


@routes.get(PREFIX + "/calls/<sid>.json", transaction=False)
def call_json(exchange: Exchange, sid: str) -> Response:
    """One call as the API answers it."""
    scope = _scope(exchange)[0]
    with _reading(exchange) as db:
        found = records.call_record(db, scope, sid)
    if found is None:
        raise _missing(exchange.request)
    return _json(calls.render(found[1]))


@routes.get(PREFIX + "/recordings/<sid>.<ext>", transaction=False)
def recording(exchange: Exchange, sid: str, ext: str) -> Response:
    """A recording's audio (``.wav``) or metadata (``.json``)."""
    scope = _scope(exchange)[0]
    with exchange.store.transaction() as db:
        row = db.execute("SELECT * FROM recordings WHERE sid = ?", (sid,)).fetchone()
    if row is None or not scope.sees(row["account_sid"]) or ext not in ("wav", "json"):
        raise _missing(exchange.request)
    if ext == "json":
        return _json(recordings.render(row, exchange.base_url))
    return Response(wav_audio(row["duration"]), content_type="audio/x-wav")


@routes.get(PREFIX + "/callbacks", transaction=False)
def callback_list(exchange: Exchange) -> Response:
    """Every status callback and webhook request sent, newest first."""
    who = _scope(exchange)
    filters = Filters.parse(exchange.request.args)
    with _reading(exchange) as db:
        found, more = records.callback_records(db, who[0], filters)
        accounts = records.account_view(db, who[0])["accounts"]
    return _page(
        exchange,
        "callbacks.html",
        who,
        callbacks=found,
        filters=filters,
        accounts=accounts,
        statuses=("pending", "delivered", "failed"),
        more=more,
    )


def _outbox_row(exchange: Exchange, scope: Scope, sid: str) -> Row:
    with exchange.store.transaction() as db:
        row: Row | None = db.execute("SELECT * FROM callbacks WHERE sid = ?", (sid,)).fetchone()
    if row is None or not scope.sees(row["account_sid"]):
        raise _missing(exchange.request)
    return row


@routes.get(PREFIX + "/callbacks/<sid>", transaction=False)
def callback_page(exchange: Exchange, sid: str) -> Response:
    """One status callback: its request, signature, attempts and the answer."""
    who = _scope(exchange)
    callback = records.callback(_outbox_row(exchange, who[0], sid))
    return _page(exchange, "callback.html", who, callback=callback)


@routes.get(PREFIX + "/callbacks/<sid>.json", transaction=False)
def callback_json(exchange: Exchange, sid: str) -> Response:
    """One status callback as ``GET /_emulator/callbacks`` lists it."""
    return _json(outbox.render(_outbox_row(exchange, _scope(exchange)[0], sid)))


def _phone_values(exchange: Exchange, scope: Scope) -> dict[str, Any]:
    with exchange.store.transaction() as db:
        numbers = records.account_view(db, scope)["numbers"]
    return {"numbers": numbers, "form": exchange.request.form}


@routes.get(PREFIX + "/phone", transaction=False)
def phone(exchange: Exchange) -> Response:
    """A phone: text or call one of the numbers owned, and see what the listener answered."""
    who = _scope(exchange)
    return _page(exchange, "phone.html", who, **_phone_values(exchange, who[0]))


def _owned(exchange: Exchange, scope: Scope, to: str) -> str:
    """The account in scope that owns `to` (its oldest owner), else a 400."""
    clause, args = scope.clause()
    with exchange.store.transaction() as db:
        row = db.execute(
            f"SELECT account_sid FROM incoming_phone_numbers WHERE phone_number = ? AND {clause} "  # noqa: S608
            "ORDER BY seq LIMIT 1",
            (to, *args),
        ).fetchone()
    if row is None:
        raise invalid(f"No account in view owns {to}.")
    return str(row["account_sid"])


def _stored_transcript(exchange: Exchange, result: dict[str, Any], sid: str) -> None:
    """Show the transcript as stored: with each webhook's answer (the TwiML) in it."""
    with exchange.store.transaction() as db:
        row = db.execute("SELECT steps FROM transcripts WHERE resource_sid = ?", (sid,)).fetchone()
    if row is not None:
        result["transcript"] = json.loads(row["steps"])


@routes.post(PREFIX + "/phone/message", transaction=False)
def phone_message(exchange: Exchange) -> Response:
    """Send a text to an owned number (as ``POST /_emulator/inbound/messages`` does)."""
    who = _scope(exchange)
    _same_origin(exchange.request)
    form = exchange.request.form
    fields = {"From": form.get("From", "").strip(), "To": form.get("To", "").strip()}
    fields["Body"] = form.get("Body", "")
    media = [url.strip() for url in form.get("MediaUrl", "").split() if url.strip()]
    try:
        fields["AccountSid"] = _owned(exchange, who[0], fields["To"])
        result = inbound_messages.receive_message(
            exchange.store, exchange.clock.now().timestamp(), fields, media
        )
    except TwilioError as error:
        return _refused(exchange, who, error, "phone.html", **_phone_values(exchange, who[0]))
    _stored_transcript(exchange, result, result["message"]["sid"])
    return _page(exchange, "phone.html", who, **_phone_values(exchange, who[0]), text_result=result)


@routes.post(PREFIX + "/phone/call", transaction=False)
def phone_call(exchange: Exchange) -> Response:
    """Place a call to an owned number (as ``POST /_emulator/inbound/calls`` does); each line
    of Input is what the caller gives next: digits, or ``speech:`` and words."""
    who = _scope(exchange)
    _same_origin(exchange.request)
    form = exchange.request.form
    fields = {"From": form.get("From", "").strip(), "To": form.get("To", "").strip()}
    inputs = [line.strip() for line in form.get("Input", "").splitlines() if line.strip()]
    try:
        fields["AccountSid"] = _owned(exchange, who[0], fields["To"])
        result = inbound_calls.receive_call(
            exchange.store, exchange.clock.now().timestamp(), fields, inputs, exchange.base_url
        )
    except TwilioError as error:
        return _refused(exchange, who, error, "phone.html", **_phone_values(exchange, who[0]))
    _stored_transcript(exchange, result, result["call"]["sid"])
    return _page(exchange, "phone.html", who, **_phone_values(exchange, who[0]), call_result=result)


@routes.get(PREFIX + "/account", transaction=False)
def account(exchange: Exchange) -> Response:
    """The accounts, their numbers and webhook URLs, Messaging Services, the clock, reset."""
    who = _scope(exchange)
    with _reading(exchange) as db:
        view = records.account_view(db, who[0])
    return _page(exchange, "account.html", who, **view)


@routes.post(PREFIX + "/numbers/<sid>", transaction=False)
def update_number(exchange: Exchange, sid: str) -> Response:
    """Change a number's SmsUrl, VoiceUrl and StatusCallback (empty clears one)."""
    who = _scope(exchange)
    scope = who[0]
    _same_origin(exchange.request)
    form = exchange.request.form
    changes: dict[str, Any] = {}
    for name, column in (
        ("SmsUrl", "sms_url"),
        ("VoiceUrl", "voice_url"),
        ("StatusCallback", "status_callback"),
    ):
        if name in form:
            value = form[name].strip()
            if value and not is_url(value):
                with _reading(exchange) as db:
                    view = records.account_view(db, scope)
                error = invalid(f"'{name}' must be an absolute http(s) URL.")
                return _refused(exchange, who, error, "account.html", **view)
            changes[column] = value or None
    for name, column in (("SmsMethod", "sms_method"), ("VoiceMethod", "voice_method")):
        if form.get(name) in ("GET", "POST"):
            changes[column] = form[name]
    with exchange.store.transaction() as db:
        row = db.execute(
            "SELECT account_sid FROM incoming_phone_numbers WHERE sid = ?", (sid,)
        ).fetchone()
        if row is None or not scope.sees(row["account_sid"]):
            raise _missing(exchange.request)
        changes["date_updated"] = exchange.clock.now().timestamp()
        update(db, "incoming_phone_numbers", sid, changes)
    return redirect(PREFIX + "/account", 303)


@routes.get(PREFIX + "/numbers/<sid>.json", transaction=False)
def number_json(exchange: Exchange, sid: str) -> Response:
    """One number as the API answers it."""
    scope = _scope(exchange)[0]
    with exchange.store.transaction() as db:
        row = db.execute("SELECT * FROM incoming_phone_numbers WHERE sid = ?", (sid,)).fetchone()
    if row is None or not scope.sees(row["account_sid"]):
        raise _missing(exchange.request)
    return _json(phone_numbers.render(row))


@routes.post(PREFIX + "/clock", transaction=False)
def advance_clock(exchange: Exchange) -> Response:
    """Move the clock forward by a number of seconds (the clock is the whole emulator's)."""
    who = _scope(exchange)
    _same_origin(exchange.request)
    try:
        seconds = float(exchange.request.form.get("seconds", ""))
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 10 * 365 * 86400:
        error = invalid("'seconds' must be a number of seconds, zero or more.")
        return _refused(exchange, who, error, "error.html")
    exchange.clock.advance(seconds)
    with _reading(exchange):
        pass
    return redirect(exchange.request.form.get("back") or PREFIX + "/account", 303)


@routes.post(PREFIX + "/reset", transaction=False)
def reset(exchange: Exchange) -> Response:
    """Clear the traffic (messages, calls, callbacks, recordings...) of the accounts in
    view; accounts, numbers and services stay."""
    scope = _scope(exchange)[0]
    _same_origin(exchange.request)
    clause, args = scope.clause()
    with exchange.store.transaction() as db:
        for table in CLEARED:
            columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            if "account_sid" in columns:
                db.execute(f"DELETE FROM {table} WHERE {clause}", args)  # noqa: S608
    return redirect(PREFIX + "/messages", 303)
