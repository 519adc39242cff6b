"""Routes, clock hooks, and the per-request context every handler receives.

A resource module registers what it serves on its module-level `Routes`: handlers with
``@routes.get(...)``, ``@routes.post(...)``, ``@routes.delete(...)``, and, when its statuses move
with the clock, a settle hook with ``@routes.settle``. A handler that makes network requests
(``transaction=False``) gets an `Exchange` instead of a `Ctx`: it opens its own short
transactions, and never holds one across a request.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from werkzeug.wrappers import Request, Response

from emulator.clock import Clock
from emulator.errors import TwilioError, not_found
from emulator.faults import Faults
from emulator.store import Db, Row, Store, delete, find
from emulator.wire import Params

LOOPBACK = ("127.", "::1", "::ffff:127.")
API = "/2010-04-01"
ACCOUNT = API + "/Accounts/<account_sid>"

Result = dict[str, Any] | Response | None
"""What a handler returns: JSON data, a ready response, or None for an empty 204."""
Handler = Callable[..., Result]
H = TypeVar("H", bound=Handler)
Settle = Callable[[Db, float], None]
"""A settle hook: moves its resources' statuses on to where their life cycles are at `now`
(seconds since the epoch, from the clock), in the open transaction `db`."""
S = TypeVar("S", bound=Settle)


@dataclass(frozen=True)
class Route:
    """One method on one URL rule."""

    method: str
    rule: str
    handler: Handler
    status: int
    auth: bool
    transaction: bool = True
    """Whether the handler runs in a transaction of its own (with a `Ctx`), or gets an
    `Exchange` and opens its own."""
    remote: bool = False
    """Whether a route without Twilio credentials also answers clients off loopback (its
    handler then checks who is asking itself, as the console does)."""


def is_loopback(request: Request) -> bool:
    """Whether `request` comes from a loopback address."""
    return (request.remote_addr or "").startswith(LOOPBACK)


class Routes:
    """The routes of one resource family and its settle hooks, registered with decorators.

    Rules are relative to `prefix`, by default an account's URL
    (``/2010-04-01/Accounts/<account_sid>``). A ``<name>`` in a rule matches one path segment
    up to its first dot, so ``<sid>.json`` takes the SID and leaves the extension.

    A family of another Twilio domain gives its `domain` and its version as the prefix
    (``Routes("/v1", domain="messaging")``): each rule is then served at Twilio's own path
    (``/v1/Services``) and also behind the domain's name (``/messaging/v1/Services``), for
    paths two domains share. Its handlers act on the account whose credentials were given.
    """

    def __init__(
        self,
        prefix: str = ACCOUNT,
        *,
        auth: bool = True,
        domain: str | None = None,
        remote: bool = False,
    ):
        self.prefix = prefix
        self.auth = auth
        self.domain = domain
        self.remote = remote
        self._routes: list[Route] = []
        self.settle_hooks: list[Settle] = []
        self.due_query: str | None = None

    def __iter__(self) -> Iterator[Route]:
        return iter(self._routes)

    def _add(
        self, method: str, rule: str, status: int, transaction: bool = True
    ) -> Callable[[H], H]:
        if not transaction and self.auth:
            raise ValueError("a route with Twilio credentials runs in a transaction")

        def register(handler: H) -> H:
            prefixes = [self.prefix] + ([f"/{self.domain}{self.prefix}"] if self.domain else [])
            for prefix in prefixes:
                self._routes.append(
                    Route(
                        method, prefix + rule, handler, status, self.auth, transaction, self.remote
                    )
                )
            return handler

        return register

    def get(self, rule: str, status: int = 200, *, transaction: bool = True) -> Callable[[H], H]:
        """Register a GET handler (one that gets an `Exchange` with ``transaction=False``)."""
        return self._add("GET", rule, status, transaction)

    def post(self, rule: str, status: int = 200, *, transaction: bool = True) -> Callable[[H], H]:
        """Register a POST handler (one that gets an `Exchange` with ``transaction=False``)."""
        return self._add("POST", rule, status, transaction)

    def put(self, rule: str, status: int = 200) -> Callable[[H], H]:
        """Register a PUT handler."""
        return self._add("PUT", rule, status)

    def delete(self, rule: str, status: int = 204) -> Callable[[H], H]:
        """Register a DELETE handler."""
        return self._add("DELETE", rule, status)

    def settle(self, hook: S) -> S:
        """Register a settle hook: it runs before every request's handler (once the caller of
        one with Twilio credentials is known), committed whatever the handler then does, so
        what the handler reads is up to date with the clock. With a `due` check, the hooks are
        skipped while they have nothing to do (see `Settler`)."""
        self.settle_hooks.append(hook)
        return hook

    def due(self, query: str) -> None:
        """Register the family's due query: SQL that answers the earliest clock time (seconds
        since the epoch) at which its settle hooks have anything to do with the data as it is,
        NULL when nothing until the data changes, 0 when now. It must never answer later than
        the hooks would act; a family with settle hooks and no due query has them run before
        every request. It lets the hooks be skipped while they have nothing to do."""
        self.due_query = query


class Settler:
    """Runs the settle hooks of `families`, in order; called like a settle hook (in the open
    transaction of `store`, so under its lock).

    A family's hooks are skipped when they can have nothing to do: when its due query, read
    since the data last changed, says so. The whole pass is skipped without a query while no
    data has changed since the last one (no statement wrote, no transaction was rolled back, no
    other connection committed) and the clock has not reached the earliest time due. Every
    hook that runs, runs in the same order, at the same time and on the same data as if every
    hook ran before every request.
    """

    def __init__(self, store: Store, families: Iterable[Routes]) -> None:
        chosen = [family for family in families if family.settle_hooks]
        self.store = store
        self.hooks = tuple(tuple(family.settle_hooks) for family in chosen)
        queries = [family.due_query for family in chosen]
        columns = ", ".join(f"({query})" for query in queries if query is not None)
        self._query = f"SELECT {columns}" if columns else None
        self._checked = tuple(query is not None for query in queries)
        self._marker: tuple[int, int, int] | None = None
        self._due = -math.inf

    def _dues(self, db: Db) -> list[float]:
        """When each family's hooks are next due (-inf: at every pass)."""
        row = db.execute(self._query).fetchone() if self._query else ()
        values = iter(row)
        dues = []
        for checked in self._checked:
            value = next(values) if checked else -math.inf
            dues.append(math.inf if value is None else float(value))
        return dues

    def __call__(self, db: Db, now: float) -> None:
        """Move every life cycle on to `now`, skipping the hooks that have nothing to do."""
        if now < self._due and self.store.marker(db) == self._marker:
            return
        dues = self._dues(db)
        changes = db.total_changes
        for index, hooks in enumerate(self.hooks):
            if db.total_changes != changes:  # an earlier hook wrote: ask again
                dues, changes = self._dues(db), db.total_changes
            if dues[index] > now:
                continue
            for hook in hooks:
                hook(db, now)
        if db.total_changes != changes:
            dues = self._dues(db)
        self._due = min(dues, default=math.inf)
        self._marker = self.store.marker(db)


@dataclass
class Ctx:
    """What a handler works with: the request, the open transaction, the time, who asks."""

    request: Request
    db: Db
    clock: Clock
    now: float
    principal: Row | None
    """The account whose credentials were used (API keys act as their account)."""
    account: Row | None
    """The account named in the URL."""
    faults: Faults
    """Failures queued for coming requests (see faults.py)."""

    @property
    def account_sid(self) -> str:
        """SID of the account named in the URL."""
        assert self.account is not None
        sid: str = self.account["sid"]
        return sid

    @property
    def form(self) -> Params:
        """The form-encoded body."""
        return Params(self.request.form)

    @property
    def query(self) -> Params:
        """The query string."""
        return Params(self.request.args)

    @property
    def base_url(self) -> str:
        """The emulator's own URL, e.g. http://127.0.0.1:8765."""
        return self.request.host_url.rstrip("/")

    def not_found(self) -> TwilioError:
        """The 404 for the URL requested."""
        return not_found(self.request.path)

    def fetch(self, table: str, sid: str, *, account_sid: str | None = None) -> Row:
        """The row `sid` of `table` that belongs to the URL's account (or to `account_sid`);
        the 404 for the URL requested when there is none."""
        row = find(self.db, table, account_sid or self.account_sid, sid)
        if row is None:
            raise self.not_found()
        return row

    def delete(self, table: str, sid: str) -> None:
        """Delete the row `sid` of `table` that belongs to the URL's account; the 404 for the
        URL requested when there is none."""
        if not delete(self.db, table, self.account_sid, sid):
            raise self.not_found()


@dataclass(frozen=True)
class Exchange:
    """What a handler that makes network requests works with: the request, the store (it
    opens short transactions itself, never one across a network request) and the clock."""

    request: Request
    store: Store
    clock: Clock
    settle_hooks: tuple[Settle, ...] = ()
    """The app's settle hooks, for a handler that reads what the API would answer."""

    @property
    def base_url(self) -> str:
        """The emulator's own URL, e.g. http://127.0.0.1:8765."""
        return self.request.host_url.rstrip("/")

    def settle(self, db: Db) -> None:
        """Move every life cycle on to the clock's time, in the open transaction `db`, as
        before every API request."""
        now = self.clock.now().timestamp()
        for hook in self.settle_hooks:
            hook(db, now)
