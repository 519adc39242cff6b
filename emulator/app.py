"""The WSGI application: routing, authentication, one transaction per request, Twilio errors."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import BaseConverter, Map, Rule
from werkzeug.wrappers import Request, Response

from emulator import (
    accounts,
    admin,
    applications,
    caller_ids,
    calls,
    conferences,
    messages,
    notifications,
    phone_numbers,
    recordings,
    sandbox,
    transcriptions,
)
from emulator.clock import Clock
from emulator.errors import (
    ACCOUNT_NOT_ACTIVE,
    FORBIDDEN,
    INTERNAL,
    METHOD_NOT_ALLOWED,
    TwilioError,
    not_found,
    unauthorized,
)
from emulator.faults import Faults
from emulator.routing import ACCOUNT, Ctx, Result, Route
from emulator.store import Store
from emulator.wire import new_sid

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

log = logging.getLogger("emulator")

FAMILIES = (
    accounts.routes,
    phone_numbers.routes,
    caller_ids.routes,
    applications.routes,
    calls.routes,
    conferences.routes,
    messages.routes,
    recordings.routes,
    transcriptions.routes,
    notifications.routes,
    sandbox.routes,
    admin.routes,
)
LOOPBACK = ("127.", "::1", "::ffff:127.")


class SegmentConverter(BaseConverter):
    """A path segment up to its first dot: ``<sid>.json`` takes the SID, not the extension."""

    regex = "[^/.]+"


def json_response(data: Any, status: int) -> Response:
    """`data` as a JSON response (always with a Content-Length, so keep-alive works)."""
    body = json.dumps(data, separators=(", ", ": ")).encode()
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
    """The emulator's WSGI application."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.faults = Faults()
        self.routes: dict[str, Route] = {
            f"{r.method} {r.rule}": r for family in FAMILIES for r in family
        }
        self.url_map = Map(
            [Rule(r.rule, methods=[r.method], endpoint=key) for key, r in self.routes.items()],
            converters={"default": SegmentConverter},
            strict_slashes=False,
            merge_slashes=False,
        )

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
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

    def dispatch(self, request: Request) -> Response:
        """Route the request, check who is asking, and run its handler in one transaction."""
        adapter = self.url_map.bind_to_environ(request.environ)
        try:
            key, matched = adapter.match()
        except MethodNotAllowed:
            raise TwilioError(405, METHOD_NOT_ALLOWED, "Method not allowed") from None
        except HTTPException:
            raise not_found(request.path) from None
        route = self.routes[key]
        args = dict(matched)
        if not route.auth and not (request.remote_addr or "").startswith(LOOPBACK):
            raise TwilioError(
                403, FORBIDDEN, "The emulator's admin endpoints answer loopback only."
            )
        if route.auth:
            self._inject_fault(request)
        _ = request.form  # parse the body before taking the database
        now = self.clock.now().timestamp()
        with self.store.transaction() as db:
            ctx = Ctx(request, db, self.clock, now, None, None, self.faults)
            if route.auth:
                self._authorize(ctx, route, args.pop("account_sid", None))
                messages.settle(db, now)
                calls.settle(db, now)
            result = route.handler(ctx, **args)
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

    def _authorize(self, ctx: Ctx, route: Route, account_sid: str | None) -> None:
        """Set who is asking and the account in the URL; Twilio's 401/404/403 otherwise."""
        credentials = ctx.request.authorization
        if credentials is None or credentials.type != "basic":
            raise unauthorized()
        principal = accounts.authenticate(
            ctx.db, credentials.username or "", credentials.password or ""
        )
        if principal is None:
            raise unauthorized()
        ctx.principal = principal
        if account_sid is None:
            return
        account = accounts.get(ctx.db, account_sid)
        if account is None:
            raise not_found(ctx.request.path)
        if not accounts.may_act_on(principal, account):
            raise unauthorized()
        ctx.account = account
        changes = ctx.request.method not in ("GET", "HEAD")
        if changes and account["status"] != "active" and route.rule.startswith(ACCOUNT + "/"):
            raise TwilioError(403, ACCOUNT_NOT_ACTIVE, f"Account {account_sid} is not active.")

    @staticmethod
    def _response(result: Result, status: int) -> Response:
        if isinstance(result, Response):
            return result
        if result is None:
            return Response(status=204)
        return json_response(result, status)
