"""The console's read-only pages (messages, calls, callbacks, recordings, conferences, queues,
the static files)
and what every page shares: who is viewing, a short transaction to read in, rendering.

Pages read in short transactions of their own and render outside them, so a console open on
the emulator does not hold up the API.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from emulator import outbox
from emulator.auth import authenticate
from emulator.console import records
from emulator.console.filters import CALL_STATUSES, MESSAGE_STATUSES, Filters, Scope, when
from emulator.console.twiml import readable
from emulator.errors import FORBIDDEN, TwilioError, unauthorized
from emulator.representations import wav_audio
from emulator.resources import calls, messages, recordings
from emulator.routing import Exchange, Routes, is_loopback
from emulator.store import Db, Row

__all__ = [
    "PREFIX",
    "TEMPLATES",
    "as_json",
    "missing",
    "page",
    "reading",
    "refused",
    "routes",
    "same_origin",
    "viewer",
]

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
FORMS = ("phone.html", "account.html")
"""Pages that are mostly forms: not refreshed live (what is typed in them stays)."""
STATIC = {"console.js": "text/javascript", "console.css": "text/css"}


def viewer(exchange: Exchange) -> tuple[Scope, str | None]:
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
def reading(exchange: Exchange) -> Iterator[Db]:
    """One short transaction to read in, with every life cycle first moved on to the clock's
    time, as before every API request (so the console shows what the API would answer)."""
    with exchange.store.transaction() as db:
        exchange.settle(db)
        yield db


def same_origin(request: Request) -> None:
    """Refuse a form posted from another site's page (a browser names it in Origin)."""
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        raise TwilioError(403, FORBIDDEN, "The console takes forms from its own pages only.")


def page(
    exchange: Exchange, template: str, scope_who: tuple[Scope, str | None], **values: Any
) -> Response:
    """A page (or, with ``?partial=1``, only its live part, for the script to swap in)."""
    who = scope_who[1]
    request = exchange.request
    values.update(
        who=who,
        prefix=PREFIX,
        now=when(exchange.clock.now().timestamp()),
        path=request.path,
        query=request.query_string.decode(),
        live=request.method == "GET" and template not in FORMS,
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


def refused(
    exchange: Exchange,
    who: tuple[Scope, str | None],
    error: TwilioError,
    template: str,
    **values: Any,
) -> Response:
    """The page again, with why the form was refused (and the error's status)."""
    response = page(exchange, template, who, error=error, **values)
    response.status_code = error.status
    return response


def as_json(data: Any) -> Response:
    """`data` as indented JSON."""
    return Response(json.dumps(data, indent=2), content_type="application/json; charset=utf-8")


def missing(request: Request) -> TwilioError:
    """The 404 for a console path with nothing there."""
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
        raise missing(exchange.request)
    text = files("emulator.console").joinpath("static", filename).read_text(encoding="utf-8")
    response = Response(text, content_type=f"{STATIC[filename]}; charset=utf-8")
    response.headers["Cache-Control"] = "max-age=60"
    return response


@routes.get(PREFIX + "/version", transaction=False)
def version(exchange: Exchange) -> Response:
    """A token that changes whenever the database does (the script polls it and fetches the
    page again only then), and the clock's time."""
    viewer(exchange)
    with exchange.store.transaction() as db:
        changes = db.total_changes
    now = exchange.clock.now().timestamp()
    return as_json({"version": str(changes), "now": when(now)})


@routes.get(PREFIX + "/messages", transaction=False)
def message_list(exchange: Exchange) -> Response:
    """Every message of the accounts in scope, newest first, filtered."""
    who = viewer(exchange)
    filters = Filters.parse(exchange.request.args)
    with reading(exchange) as db:
        found, more = records.recent_messages(db, who[0], filters)
        accounts = records.account_view(db, who[0])["accounts"]
    return page(
        exchange,
        "messages.html",
        who,
        messages=found,
        filters=filters,
        accounts=accounts,
        statuses=MESSAGE_STATUSES,
        more=more,
    )


@routes.get(PREFIX + "/messages/<sid>", transaction=False)
def message_page(exchange: Exchange, sid: str) -> Response:
    """One message: its status history, media, callbacks and transcript."""
    who = viewer(exchange)
    with reading(exchange) as db:
        found = records.message_record(db, who[0], sid)
    if found is None:
        raise missing(exchange.request)
    return page(exchange, "message.html", who, message=found[0])


@routes.get(PREFIX + "/messages/<sid>.json", transaction=False)
def message_json(exchange: Exchange, sid: str) -> Response:
    """One message as the API answers it."""
    scope = viewer(exchange)[0]
    with reading(exchange) as db:
        found = records.message_record(db, scope, sid)
    if found is None:
        raise missing(exchange.request)
    return as_json(messages.render(found[1]))


@routes.get(PREFIX + "/calls", transaction=False)
def call_list(exchange: Exchange) -> Response:
    """Every call of the accounts in scope, newest first, filtered."""
    who = viewer(exchange)
    filters = Filters.parse(exchange.request.args)
    with reading(exchange) as db:
        found, more = records.recent_calls(db, who[0], filters)
        accounts = records.account_view(db, who[0])["accounts"]
    return page(
        exchange,
        "calls.html",
        who,
        calls=found,
        filters=filters,
        accounts=accounts,
        statuses=CALL_STATUSES,
        more=more,
    )


@routes.get(PREFIX + "/calls/<sid>", transaction=False)
def call_page(exchange: Exchange, sid: str) -> Response:
    """One call: its status history, recordings, transcript and callbacks."""
    who = viewer(exchange)
    with reading(exchange) as db:
        found = records.call_record(db, who[0], sid)
    if found is None:
        raise missing(exchange.request)
    return page(exchange, "call.html", who, call=found[0])


@routes.get(PREFIX + "/calls/<sid>.json", transaction=False)
def call_json(exchange: Exchange, sid: str) -> Response:
    """One call as the API answers it."""
    scope = viewer(exchange)[0]
    with reading(exchange) as db:
        found = records.call_record(db, scope, sid)
    if found is None:
        raise missing(exchange.request)
    return as_json(calls.render(found[1]))


@routes.get(PREFIX + "/conferences", transaction=False)
def conference_list(exchange: Exchange) -> Response:
    """The newest conferences of the accounts in scope, with their participants."""
    who = viewer(exchange)
    with reading(exchange) as db:
        found = records.conference_records(db, who[0])
    return page(exchange, "conferences.html", who, conferences=found)


@routes.get(PREFIX + "/queues", transaction=False)
def queue_list(exchange: Exchange) -> Response:
    """The queues of the accounts in scope, with the calls waiting in each."""
    who = viewer(exchange)
    with reading(exchange) as db:
        found = records.queue_records(db, who[0])
    return page(exchange, "queues.html", who, queues=found)


@routes.get(PREFIX + "/recordings/<sid>.<ext>", transaction=False)
def recording(exchange: Exchange, sid: str, ext: str) -> Response:
    """A recording's audio (``.wav``) or metadata (``.json``)."""
    scope = viewer(exchange)[0]
    with exchange.store.transaction() as db:
        row = db.execute("SELECT * FROM recordings WHERE sid = ?", (sid,)).fetchone()
    if row is None or not scope.sees(row["account_sid"]) or ext not in ("wav", "json"):
        raise missing(exchange.request)
    if ext == "json":
        return as_json(recordings.render(row, exchange.base_url))
    return Response(wav_audio(row["duration"]), content_type="audio/x-wav")


@routes.get(PREFIX + "/callbacks", transaction=False)
def callback_list(exchange: Exchange) -> Response:
    """Every status callback and webhook request sent, newest first."""
    who = viewer(exchange)
    filters = Filters.parse(exchange.request.args)
    with reading(exchange) as db:
        found, more = records.callback_records(db, who[0], filters)
        accounts = records.account_view(db, who[0])["accounts"]
    return page(
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
        raise missing(exchange.request)
    return row


@routes.get(PREFIX + "/callbacks/<sid>", transaction=False)
def callback_page(exchange: Exchange, sid: str) -> Response:
    """One status callback: its request, signature, attempts and the answer."""
    who = viewer(exchange)
    callback = records.callback(_outbox_row(exchange, who[0], sid))
    return page(exchange, "callback.html", who, callback=callback)


@routes.get(PREFIX + "/callbacks/<sid>.json", transaction=False)
def callback_json(exchange: Exchange, sid: str) -> Response:
    """One status callback as ``GET /_emulator/callbacks`` lists it."""
    return as_json(outbox.render(_outbox_row(exchange, viewer(exchange)[0], sid)))
