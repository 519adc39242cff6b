"""The console's forms: cancel a scheduled message, the phone (text or call an owned number),
answer a call that rings, the account (numbers' webhooks), the clock and a reset."""

from __future__ import annotations

import json
from typing import Any

from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from emulator import inbound_calls, inbound_messages
from emulator.console import records
from emulator.console.filters import Scope
from emulator.console.pages import (
    PREFIX,
    as_json,
    missing,
    page,
    reading,
    refused,
    routes,
    same_origin,
    viewer,
)
from emulator.errors import TwilioError, invalid
from emulator.resources import messages, phone_numbers
from emulator.routing import Exchange
from emulator.store import update
from emulator.wire import is_url

__all__ = ["CLEARED"]

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


@routes.post(PREFIX + "/messages/<sid>/cancel", transaction=False)
def cancel_message(exchange: Exchange, sid: str) -> Response:
    """Cancel a scheduled message, as the API's ``Status=canceled`` does (its status callback
    is told)."""
    scope = viewer(exchange)[0]
    same_origin(exchange.request)
    now = exchange.clock.now().timestamp()
    with reading(exchange) as db:
        found = records.message_record(db, scope, sid)
        if found is None:
            raise missing(exchange.request)
        message = found[1]
        if message["status"] != "scheduled":
            error = invalid(f"Message {sid} is {message['status']}: only a scheduled one cancels.")
            return refused(exchange, viewer(exchange), error, "error.html")
        update(
            db, "messages", sid, {"status": "canceled", "date_updated": now, "next_change": None}
        )
        url = messages.status_callback(db, message)
        if url is not None:
            messages.notify(db, message, url, "canceled", now)
    return redirect(exchange.request.form.get("back") or f"{PREFIX}/messages/{sid}", 303)


def _phone_values(exchange: Exchange, scope: Scope) -> dict[str, Any]:
    with exchange.store.transaction() as db:
        numbers = records.account_view(db, scope)["numbers"]
    return {"numbers": numbers, "form": exchange.request.form}


@routes.get(PREFIX + "/phone", transaction=False)
def phone(exchange: Exchange) -> Response:
    """A phone: text or call one of the numbers owned, and see what the listener answered."""
    who = viewer(exchange)
    return page(exchange, "phone.html", who, **_phone_values(exchange, who[0]))


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
    who = viewer(exchange)
    same_origin(exchange.request)
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
        return refused(exchange, who, error, "phone.html", **_phone_values(exchange, who[0]))
    _stored_transcript(exchange, result, result["message"]["sid"])
    return page(exchange, "phone.html", who, **_phone_values(exchange, who[0]), text_result=result)


@routes.post(PREFIX + "/phone/call", transaction=False)
def phone_call(exchange: Exchange) -> Response:
    """Place a call to an owned number (as ``POST /_emulator/inbound/calls`` does); each line
    of Input is what the caller gives next: digits, or ``speech:`` and words."""
    who = viewer(exchange)
    same_origin(exchange.request)
    form = exchange.request.form
    fields = {"From": form.get("From", "").strip(), "To": form.get("To", "").strip()}
    inputs = [line.strip() for line in form.get("Input", "").splitlines() if line.strip()]
    try:
        fields["AccountSid"] = _owned(exchange, who[0], fields["To"])
        result = inbound_calls.receive_call(
            exchange.store, exchange.clock.now().timestamp(), fields, inputs, exchange.base_url
        )
    except TwilioError as error:
        return refused(exchange, who, error, "phone.html", **_phone_values(exchange, who[0]))
    _stored_transcript(exchange, result, result["call"]["sid"])
    return page(exchange, "phone.html", who, **_phone_values(exchange, who[0]), call_result=result)


@routes.post(PREFIX + "/calls/<sid>/answer", transaction=False)
def answer_call(exchange: Exchange, sid: str) -> Response:
    """Answer an API call that rings (as ``POST /_emulator/calls/{sid}/answer`` does); each
    line of Input is what the callee gives next: digits, or ``speech:`` and words."""
    who = viewer(exchange)
    same_origin(exchange.request)
    with reading(exchange) as db:
        if records.call_record(db, who[0], sid) is None:
            raise missing(exchange.request)
    form = exchange.request.form
    inputs = [line.strip() for line in form.get("Input", "").splitlines() if line.strip()]
    try:
        inbound_calls.answer_request(exchange, sid, inputs, form.get("AnsweredBy") or None)
    except TwilioError as error:
        with reading(exchange) as db:
            found = records.call_record(db, who[0], sid)
        assert found is not None
        return refused(exchange, who, error, "call.html", call=found[0])
    return redirect(f"{PREFIX}/calls/{sid}", 303)


@routes.get(PREFIX + "/account", transaction=False)
def account(exchange: Exchange) -> Response:
    """The accounts, their numbers and webhook URLs, Messaging Services, the clock, reset."""
    who = viewer(exchange)
    with reading(exchange) as db:
        view = records.account_view(db, who[0])
    return page(exchange, "account.html", who, **view)


@routes.post(PREFIX + "/numbers/<sid>", transaction=False)
def update_number(exchange: Exchange, sid: str) -> Response:
    """Change a number's SmsUrl, VoiceUrl and StatusCallback (empty clears one)."""
    who = viewer(exchange)
    scope = who[0]
    same_origin(exchange.request)
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
                with reading(exchange) as db:
                    view = records.account_view(db, scope)
                error = invalid(f"'{name}' must be an absolute http(s) URL.")
                return refused(exchange, who, error, "account.html", **view)
            changes[column] = value or None
    for name, column in (("SmsMethod", "sms_method"), ("VoiceMethod", "voice_method")):
        if form.get(name) in ("GET", "POST"):
            changes[column] = form[name]
    with exchange.store.transaction() as db:
        row = db.execute(
            "SELECT account_sid FROM incoming_phone_numbers WHERE sid = ?", (sid,)
        ).fetchone()
        if row is None or not scope.sees(row["account_sid"]):
            raise missing(exchange.request)
        changes["date_updated"] = exchange.clock.now().timestamp()
        update(db, "incoming_phone_numbers", sid, changes)
    return redirect(PREFIX + "/account", 303)


@routes.get(PREFIX + "/numbers/<sid>.json", transaction=False)
def number_json(exchange: Exchange, sid: str) -> Response:
    """One number as the API answers it."""
    scope = viewer(exchange)[0]
    with exchange.store.transaction() as db:
        row = db.execute("SELECT * FROM incoming_phone_numbers WHERE sid = ?", (sid,)).fetchone()
    if row is None or not scope.sees(row["account_sid"]):
        raise missing(exchange.request)
    return as_json(phone_numbers.render(row))


@routes.post(PREFIX + "/clock", transaction=False)
def advance_clock(exchange: Exchange) -> Response:
    """Move the clock forward by a number of seconds (the clock is the whole emulator's)."""
    who = viewer(exchange)
    same_origin(exchange.request)
    try:
        seconds = float(exchange.request.form.get("seconds", ""))
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 10 * 365 * 86400:
        error = invalid("'seconds' must be a number of seconds, zero or more.")
        return refused(exchange, who, error, "error.html")
    exchange.clock.advance(seconds)
    with reading(exchange):
        pass
    return redirect(exchange.request.form.get("back") or PREFIX + "/account", 303)


@routes.post(PREFIX + "/reset", transaction=False)
def reset(exchange: Exchange) -> Response:
    """Clear the traffic (messages, calls, callbacks, recordings...) of the accounts in
    view; accounts, numbers and services stay."""
    scope = viewer(exchange)[0]
    same_origin(exchange.request)
    clause, args = scope.clause()
    with exchange.store.transaction() as db:
        for table in CLEARED:
            columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            if "account_sid" in columns:
                db.execute(f"DELETE FROM {table} WHERE {clause}", args)  # noqa: S608
    return redirect(PREFIX + "/messages", 303)
