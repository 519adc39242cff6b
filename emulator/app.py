"""The WSGI application: routing, authentication, one transaction per request, Twilio errors."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import BaseConverter, Map, Rule
from werkzeug.wrappers import Request, Response

from emulator import admin, console, resources
from emulator.auth import authorize
from emulator.clock import Clock
from emulator.errors import FORBIDDEN, INTERNAL, METHOD_NOT_ALLOWED, TwilioError, not_found
from emulator.faults import Faults
from emulator.pacing import PACING, Pacing
from emulator.paging import dumps
from emulator.resources.calls import ANSWER_CALLS
from emulator.routing import (
    Ctx,
    Exchange,
    Result,
    Route,
    Routes,
    Settle,
    Settler,
    is_loopback,
)
from emulator.store import Store
from emulator.wire import new_sid

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

log = logging.getLogger("emulator")

MATCHES_KEPT = 4096
"""How many (method, path) routings are remembered: a client repeats the same few paths."""


class SegmentConverter(BaseConverter):
    """A path segment up to its first dot: ``<sid>.json`` takes the SID, not the extension."""

    regex = "[^/.]+"


def json_response(data: Any, status: int) -> Response:
    """`data` as a JSON response (always with a Content-Length, so keep-alive works)."""
    body = dumps(data).encode()
    return Response(body, status=status, content_type="application/json; charset=utf-8")


def error_response(error: TwilioError) -> Response:
    """A Twilio error body; a 401 also asks for Basic credentials."""
    response = json_response(error.to_json(), error.status)
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
    if error.retry_after is not None:
        response.headers["Retry-After"] = str(error.retry_after)
    return response


class App:
    """The emulator's WSGI application.

    It serves `families`, by default every resource module's routes, the admin endpoints and the
    console; their settle hooks run, in the order given, before every request with Twilio
    credentials (skipped while none has anything to do, see `Settler`).
    """

    def __init__(
        self, store: Store, clock: Clock, families: Iterable[Routes] | None = None
    ) -> None:
        self.store = store
        self.clock = clock
        self.faults = Faults()
        self.pacing = Pacing()
        self.answer_calls = False
        """Whether calls made now are answered for a silent callee, their TwiML carried out
        (``--answer-calls``), rather than moved on by the clock alone."""
        chosen = (
            (*resources.families(), admin.routes, console.routes)
            if families is None
            else tuple(families)
        )
        self.routes: dict[str, Route] = {f"{r.method} {r.rule}": r for f in chosen for r in f}
        self.settler = Settler(store, chosen)
        self.settle_hooks: tuple[Settle, ...] = (self.settler,)
        """What moves life cycles on: the families' hooks, run in order, skipped while none
        has anything to do (see `Settler`)."""
        self.url_map = Map(
            [Rule(r.rule, methods=[r.method], endpoint=key) for key, r in self.routes.items()],
            converters={"default": SegmentConverter},
            strict_slashes=False,
            merge_slashes=False,
        )
        self._match = lru_cache(maxsize=MATCHES_KEPT)(self._match_path)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        environ[PACING] = self.pacing
        if self.answer_calls:
            environ[ANSWER_CALLS] = True
        request = Request(environ)
        try:
            response = self.dispatch(request)
        except TwilioError as error:
            response = error_response(error)
        except Exception:
            log.exception("emulator: %s %s failed", request.method, request.path)
            response = error_response(TwilioError(500, INTERNAL, "Internal Server Error"))
        response.headers["Twilio-Request-Id"] = new_sid("RQ")
        return response(environ, start_response)

    def _match_path(self, method: str, path: str) -> tuple[str, tuple[tuple[str, Any], ...]]:
        """The route key and arguments for `method` on `path`; ``""`` and the status (405 or
        404) when none matches. A function of its arguments alone, so its answers are kept."""
        try:
            key, matched = self.url_map.bind("emulator").match(path, method)
        except MethodNotAllowed:
            return "", (("status", 405),)
        except HTTPException:
            return "", (("status", 404),)
        return key, tuple(matched.items())

    def dispatch(self, request: Request) -> Response:
        """Route the request, check who is asking, and run its handler in one transaction."""
        key, matched = self._match(request.method, request.path)
        if not key:
            if matched[0][1] == 405:
                raise TwilioError(405, METHOD_NOT_ALLOWED, "Method not allowed")
            raise not_found(request.path)
        route = self.routes[key]
        args = dict(matched)
        if not route.auth and not route.remote and not is_loopback(request):
            raise TwilioError(
                403, FORBIDDEN, "The emulator's admin endpoints answer loopback only."
            )
        if route.auth:
            credentials = request.authorization.username if request.authorization else None
            with self.pacing.request(credentials or ""):
                return self._run(request, route, args)
        return self._run(request, route, args)

    def _run(self, request: Request, route: Route, args: dict[str, Any]) -> Response:
        """Run the route's handler (after any fault queued for it) in a transaction of its own,
        once the caller is known and the statuses are moved on to the clock's time."""
        if route.auth:
            self._inject_fault(request)
        _ = request.form  # parse the body before taking the database
        if not route.transaction:
            return self._response(
                route.handler(Exchange(request, self.store, self.clock, self.settle_hooks), **args),
                route.status,
            )
        now = self.clock.now().timestamp()
        refused: Exception | None = None
        with self.store.transaction() as db:
            # Who asks, and the clock's changes up to now, then the handler in a savepoint: a
            # handler that refuses rolls back to it, and what time did is committed all the same.
            ctx = Ctx(request, db, self.clock, now, None, None, self.faults)
            if route.auth:
                authorize(ctx, route, args.pop("account_sid", None))
            self.settler(db, now)
            db.execute("SAVEPOINT handler")
            try:
                result = route.handler(ctx, **args)
            except Exception as error:
                db.execute("ROLLBACK TO handler")
                refused = error
            db.execute("RELEASE handler")
        if refused is not None:
            raise refused
        return self._response(result, route.status)

    def _inject_fault(self, request: Request) -> None:
        fault = self.faults.take(request.method, request.path)
        if fault is None:
            return
        if fault.delay:
            time.sleep(fault.delay)
        error = fault.error()
        if error is not None:
            raise error

    @staticmethod
    def _response(result: Result, status: int) -> Response:
        if isinstance(result, Response):
            return result
        if result is None:
            return Response(status=204)
        return json_response(result, status)
