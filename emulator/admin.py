"""The emulator's own endpoints, under ``/_emulator/``, answered without Twilio credentials to
loopback clients only.

- ``GET /_emulator/health``: ``{"status": "ok", "now": ..., "accounts": N}``
- ``POST /_emulator/clock`` ``{"advance": seconds}``: move the clock; answers the new time
- ``POST /_emulator/seed`` with a fixtures document: answers the SIDs created, by kind
- ``POST /_emulator/accounts`` ``{"sid", "auth_token", "friendly_name"}`` (all optional):
  create a main account; answers it, auth token included
- ``POST /_emulator/keys`` ``{"account_sid"}``: create an API key; answers ``{"sid", "secret"}``
- ``POST /_emulator/faults`` ``{"status": 429|500|503, "delay": s, "retry_after": s, "count": n,
  "method": "POST", "path": "/Messages.json"}``: the next `count` matching API requests wait
  `delay` seconds and/or answer `status`; ``DELETE /_emulator/faults`` drops the queue
- ``GET /_emulator/senders``: per sender, each message accepted, oldest first: ``{"sid",
  "accepted", "sendAt"}`` (wall-clock seconds since the epoch; ``sendAt`` is when it leaves the
  sender's queue under ``--sender-mps``), and the pacing settings (see pacing.py)
- ``GET /_emulator/callbacks`` (``?resource_sid=``): every status callback in the outbox, oldest
  first, with its parameters, signature, attempts, answer and state
- ``GET /_emulator/verifications`` (``?to=``, ``?service_sid=``): every Verify verification,
  newest first, with its code, status and attempts (the code a person would have received)
- ``GET`` or ``POST /_emulator/sna/<VE...>/<secret>``: a Verify sna verification's ``sna.url``,
  opened as the person's phone would open the carrier's: answers ``ErrorCode=0&...`` (with
  ``SnaClientToken=`` when one was asked for), or ``ErrorCode=-10&...`` (see resources/verify.py)
- ``POST /_emulator/inbound/messages`` (From, To, Body, MediaUrl...): a text to an owned number;
  answers the message, its replies and the transcript (see inbound_messages.py)
- ``POST /_emulator/inbound/calls`` (From, To, Input...): a call to an owned number; answers the
  call and the transcript
- ``POST /_emulator/calls/<CA...>/answer`` (Input..., AnsweredBy): answer an outbound call made
  through the API that still rings: its TwiML carried out for a scripted callee (or, for a call
  with machine detection, the machine or fax AnsweredBy names); answers the call and the
  transcript (see inbound_calls.py)

The inbound endpoints take a form (as Twilio's API does; MediaUrl and Input repeated) or a JSON
object (MediaUrl and Input as lists).
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request, Response

from emulator import inbound_calls, inbound_messages, outbox
from emulator.errors import invalid
from emulator.faults import STATUSES, Fault
from emulator.fixtures import FixtureError, load
from emulator.pacing import PACING, Pacing
from emulator.resources import accounts, verify
from emulator.routing import Ctx, Exchange, Routes

routes = Routes("/_emulator", auth=False)


def _json(ctx: Ctx) -> dict[str, Any]:
    data = ctx.request.get_json(silent=True) if ctx.request.content_length else {}
    if not isinstance(data, dict):
        raise invalid("The body must be a JSON object.")
    return data


@routes.get("/health")
def health(ctx: Ctx) -> dict[str, Any]:
    """Whether the emulator is up, its time, and how many accounts it has."""
    count = ctx.db.execute("SELECT COUNT(*) FROM accounts").fetchone()[0]
    return {"status": "ok", "now": ctx.clock.now().isoformat(), "accounts": count}


@routes.post("/clock")
def advance_clock(ctx: Ctx) -> dict[str, Any]:
    """Move the clock forward."""
    seconds = _json(ctx).get("advance")
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds < 0:
        raise invalid("'advance' must be a number of seconds, zero or more.")
    ctx.clock.advance(seconds)
    return {"now": ctx.clock.now().isoformat()}


@routes.post("/seed", status=201)
def seed(ctx: Ctx) -> dict[str, Any]:
    """Load a fixtures document."""
    try:
        return load(ctx.db, _json(ctx), ctx.now)
    except FixtureError as error:
        raise invalid(str(error)) from None


@routes.post("/accounts", status=201)
def create_account(ctx: Ctx) -> dict[str, Any]:
    """Create a main account (or answer the one with that SID and token)."""
    data = _json(ctx)
    try:
        row = accounts.ensure(
            ctx.db,
            ctx.now,
            sid=data.get("sid"),
            auth_token=data.get("auth_token"),
            friendly_name=data.get("friendly_name"),
        )
    except ValueError as error:
        raise invalid(str(error)) from None
    return accounts.render(row)


@routes.post("/keys", status=201)
def create_key(ctx: Ctx) -> dict[str, Any]:
    """Create an API key for an account."""
    try:
        sid, secret = accounts.create_api_key(ctx.db, str(_json(ctx).get("account_sid")), ctx.now)
    except ValueError as error:
        raise invalid(str(error)) from None
    return {"sid": sid, "secret": secret}


@routes.post("/faults", status=201)
def queue_faults(ctx: Ctx) -> dict[str, Any]:
    """Queue failures for the next matching API requests."""
    data = _json(ctx)
    status, delay, count = data.get("status"), data.get("delay", 0), data.get("count", 1)
    if status is not None and status not in STATUSES:
        raise invalid(f"'status' must be one of {sorted(STATUSES)}.")
    if not isinstance(delay, int | float) or not 0 <= delay <= 60:
        raise invalid("'delay' must be a number of seconds from 0 to 60.")
    if not isinstance(count, int) or count < 1:
        raise invalid("'count' must be a positive integer.")
    if status is None and not delay:
        raise invalid("A fault needs a 'status' or a 'delay'.")
    fault = Fault(
        status, float(delay), data.get("retry_after"), data.get("method"), data.get("path")
    )
    ctx.faults.add(fault, count)
    return {"queued": count}


@routes.delete("/faults", status=200)
def clear_faults(ctx: Ctx) -> dict[str, Any]:
    """Drop every queued failure."""
    return {"cleared": ctx.faults.clear()}


@routes.get("/senders")
def list_senders(ctx: Ctx) -> dict[str, Any]:
    """When each message was accepted, per sender (see pacing.py)."""
    pacing: Pacing = ctx.request.environ[PACING]
    return pacing.listing()


@routes.get("/callbacks")
def list_callbacks(ctx: Ctx) -> dict[str, Any]:
    """Every status callback in the outbox, oldest first."""
    return {"callbacks": outbox.listing(ctx.db, ctx.query.text("resource_sid"))}


@routes.get("/verifications")
def list_verifications(ctx: Ctx) -> dict[str, Any]:
    """Every Verify verification, newest first, with its code."""
    return {
        "verifications": verify.admin_listing(
            ctx.db, ctx.query.text("to"), ctx.query.text("service_sid")
        )
    }


@routes.get("/sna/<sid>/<secret>")
@routes.post("/sna/<sid>/<secret>")
def open_sna_url(ctx: Ctx, sid: str, secret: str) -> Response:
    """The phone opens an sna verification's URL: the carrier's plain-text answer."""
    answer = verify.open_sna_url(ctx.db, sid, secret, ctx.now)
    return Response(answer, content_type="text/plain; charset=utf-8")


def _inbound_fields(request: Request, repeated: str) -> tuple[dict[str, Any], list[str]]:
    """The fields of an inbound request (a form or a JSON object) and the values of the
    `repeated` one."""
    if request.mimetype == "application/json":
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise invalid("The body must be a JSON object.")
        values = data.get(repeated) or []
        values = [values] if isinstance(values, str) else values
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise invalid(f"'{repeated}' must be a string or a list of strings.")
        return data, values
    return request.form.to_dict(), request.form.getlist(repeated)


@routes.post("/inbound/messages", transaction=False)
def inbound_message(exchange: Exchange) -> dict[str, Any]:
    """A text to an owned number, delivered to its SmsUrl; its TwiML answer carried out."""
    fields, media = _inbound_fields(exchange.request, "MediaUrl")
    return inbound_messages.receive_message(
        exchange.store, exchange.clock.now().timestamp(), fields, media
    )


@routes.post("/inbound/calls", transaction=False)
def inbound_call(exchange: Exchange) -> dict[str, Any]:
    """A call to an owned number: its VoiceUrl's TwiML carried out for a scripted caller."""
    fields, inputs = _inbound_fields(exchange.request, "Input")
    return inbound_calls.receive_call(
        exchange.store, exchange.clock.now().timestamp(), fields, inputs, exchange.base_url
    )


@routes.post("/calls/<sid>/answer", transaction=False)
def answer_call(exchange: Exchange, sid: str) -> dict[str, Any]:
    """An outbound call that rings, answered: its TwiML carried out for a scripted callee."""
    fields, inputs = _inbound_fields(exchange.request, "Input")
    answered_by = fields.get("AnsweredBy") or None
    if answered_by is not None and not isinstance(answered_by, str):
        raise invalid("'AnsweredBy' must be a string.")
    return inbound_calls.answer_request(exchange, sid, inputs, answered_by)
