"""Sending a request at most once under an idempotency key, and telling what each key did.

:class:`Once` is what the funnel (:class:`~connector.http.HttpClient`) consults before a
request that is not idempotent: it claims the key in the :mod:`ledger <connector.ledger>`,
sends only when the claim is new, records the answer, and returns a recorded answer instead of
sending when the key is done. A key whose earlier attempt's outcome is unknown is never sent
again blindly: with ``reconcile`` on it is looked for at Twilio first (:func:`find_sent`):

- a resource with the same To, From (and Body, for a message), created since the attempt
  started and held by no other key, is adopted: the key is done, nothing is sent;
- Twilio showing nothing from that From to that To since then, once a settling delay after the
  attempt has passed, makes it safe to send: the key is taken again and the request sent;
- anything else (another message between the same numbers, an operation that cannot be looked
  for, a lookup that failed) leaves it unknown, and it is reported.

:class:`SendReport` counts what keyed sends did (sent, skipped as already done, reconciled,
unknown), for a run's summary.
"""

from __future__ import annotations

import email.utils
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from connector.errors import ConnectorError, IdempotencyConflictError, OutcomeUnknownError
from connector.http import ApiRequest, ApiResponse, HttpClient
from connector.ledger import Claim, Entry, Ledger, Recorded, fingerprint
from connector.results import PagedList
from connector.wire import Pairs

__all__ = [
    "DEFAULT_SETTLE",
    "FINDABLE",
    "Findable",
    "Once",
    "SendReport",
    "UnresolvedSend",
    "find_sent",
]

#: How long (s) after an attempt Twilio is given to show what it made, before its absence is
#: taken to mean that nothing was made.
DEFAULT_SETTLE = 5.0
#: Twilio's and this machine's clocks may differ: resources created this long (s) before an
#: attempt started are still looked at.
CLOCK_MARGIN = 60.0
#: How long (s) a send waits for another live owner of its key to finish.
BUSY_WAIT = 60.0
#: How many times a send whose outcome was unknown, then reconciled as not made, is tried again.
MAX_ROUNDS = 3
_POLL = 0.02


@dataclass(frozen=True)
class Findable:
    """How a resource a POST makes is looked for: the list (same path, GET) and its records'
    key, the form fields that must all be given, each with the record field that must equal
    it, and the fields sent as filters."""

    list_key: str
    match: tuple[tuple[str, str], ...]
    filters: tuple[str, ...]
    #: The field of the form whose value must also be equal, beyond the filters, for a match.
    content: str | None = None


#: The resources a send can be looked for, by the last segment of the POST's path. A call's
#: Url is not part of the Call resource Twilio returns, so calls are matched by To and From.
FINDABLE: dict[str, Findable] = {
    "Messages.json": Findable(
        "messages", (("To", "to"), ("From", "from"), ("Body", "body")), ("To", "From"), "Body"
    ),
    "Calls.json": Findable("calls", (("To", "to"), ("From", "from")), ("To", "From")),
}


@dataclass(frozen=True)
class UnresolvedSend:
    """A key left unknown: its key, why, and where (a flow step), when known."""

    key: str
    reason: str
    where: str | None = None


@dataclass
class SendReport:
    """What keyed sends did, counted as they happen (any thread may add)."""

    sent: int = 0
    skipped: int = 0
    reconciled: int = 0
    unknown: list[UnresolvedSend] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count(self, what: str) -> None:
        """Add one to ``sent``, ``skipped`` or ``reconciled``."""
        with self._lock:
            setattr(self, what, getattr(self, what) + 1)

    def unresolved(self, key: str, reason: str, where: str | None = None) -> None:
        """Add a key left unknown."""
        with self._lock:
            self.unknown.append(UnresolvedSend(key, reason, where))

    @property
    def total(self) -> int:
        """How many keyed sends there were."""
        return self.sent + self.skipped + self.reconciled + len(self.unknown)

    def to_dict(self) -> dict[str, Any]:
        """The counts and the unknown keys as JSON data."""
        return {
            "sent": self.sent,
            "skipped": self.skipped,
            "reconciled": self.reconciled,
            "unknown": [{"key": u.key, "reason": u.reason, "where": u.where} for u in self.unknown],
        }

    def summary(self) -> str:
        """One line: ``sends: 10 sent, 3 skipped (already done), 1 reconciled, 0 unknown``."""
        return (
            f"sends: {self.sent} sent, {self.skipped} skipped (already done), "
            f"{self.reconciled} reconciled, {len(self.unknown)} unknown"
        )


class _Sending(NamedTuple):
    """One send in the making: the client, the request, its encoded form, and how to send it."""

    client: HttpClient
    req: ApiRequest
    form: Pairs
    attempt: Callable[[], ApiResponse]


@dataclass(frozen=True)
class Once:
    """A key under which one request is sent at most once, the ledger that keeps it, and what
    to do when an earlier attempt's outcome is unknown (``reconcile``: look at Twilio)."""

    ledger: Ledger
    key: str
    reconcile: bool = False
    settle: float = DEFAULT_SETTLE
    report: SendReport | None = None
    where: str | None = None

    def send(
        self,
        client: HttpClient,
        req: ApiRequest,
        url: str,
        form: Pairs,
        attempt: Callable[[], ApiResponse],
    ) -> ApiResponse:
        """Send through ``attempt`` unless the ledger says the key is done (its recorded answer)
        or may have been sent (``OutcomeUnknownError``, unless reconciled)."""
        printed = fingerprint(req.method, url, form)
        claimed = self.ledger.claim(self.key, printed)
        deadline = time.monotonic() + BUSY_WAIT
        while claimed.claim is Claim.BUSY and time.monotonic() < deadline:
            time.sleep(_POLL)
            claimed = self.ledger.claim(self.key, printed)
        entry = claimed.entry
        sending = _Sending(client, req, form, attempt)
        if claimed.claim is Claim.NEW:
            return self._sent(sending)
        if claimed.claim is Claim.DONE and entry is not None and entry.recorded is not None:
            self._count("skipped")
            return _response(entry.recorded)
        if claimed.claim is Claim.CONFLICT:
            raise IdempotencyConflictError(
                f"idempotency key {self.key!r} was used before for a different request; "
                "nothing was sent",
                key=self.key,
                operation=req.operation,
            )
        assert entry is not None
        if claimed.claim is Claim.BUSY:
            reason = f"another process ({entry.owner}) is sending it and did not finish"
        else:
            reason = _why_unknown(entry)
        if self.reconcile:
            return self._reconciled(sending, entry.started_at, reason)
        raise self._unknown(req, reason)

    def _sent(self, sending: _Sending, rounds: int = 1) -> ApiResponse:
        started = time.time()
        try:
            response = sending.attempt()
        except ConnectorError as error:
            if not error.outcome_unknown:
                self.ledger.release(self.key)
                raise
            self.ledger.mark_unknown(self.key)
            if not self.reconcile or rounds >= MAX_ROUNDS:
                self._unresolved(error.message)
                raise
            reason = f"the attempt failed with {error.type} after it may have reached Twilio"
            return self._reconciled(sending, started, reason, rounds)
        except BaseException:
            self.ledger.mark_unknown(self.key)  # stopped mid-request: it may have gone out
            raise
        self.ledger.complete(self.key, _recorded(response))
        self._count("sent")
        return response

    def _reconciled(
        self, sending: _Sending, started: float, reason: str, rounds: int = 0
    ) -> ApiResponse:
        client, req, form, _ = sending
        try:
            found = find_sent(
                client, req, form, started, settle=self.settle, ledger=self.ledger, key=self.key
            )
        except ConnectorError as error:
            found = f"looking for it at Twilio failed ({error.type})"
        if isinstance(found, str):
            raise self._unknown(req, f"{reason}; {found}")
        for record in found:
            recorded = _found(req, record)
            if self.ledger.adopt(self.key, recorded):
                self._count("reconciled")
                return _response(recorded)
        if found:
            raise self._unknown(req, f"{reason}; what Twilio shows was taken by other keys")
        if not self.ledger.reclaim(self.key):
            raise self._unknown(req, f"{reason}; another sender took the key meanwhile")
        return self._sent(sending, rounds + 1)

    def _unknown(self, req: ApiRequest, reason: str) -> OutcomeUnknownError:
        self._unresolved(reason)
        return OutcomeUnknownError(
            f"idempotency key {self.key!r}: {reason}; not sent again",
            key=self.key,
            operation=req.operation,
            outcome_unknown=True,
        )

    def _count(self, what: str) -> None:
        if self.report is not None:
            self.report.count(what)

    def _unresolved(self, reason: str) -> None:
        if self.report is not None:
            self.report.unresolved(self.key, reason, self.where)


def _why_unknown(entry: Entry) -> str:
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(entry.started_at))
    if entry.state == "pending":
        return f"the process that sent it at {when} ({entry.owner}) died before it was answered"
    return f"the attempt at {when} may have reached Twilio (its outcome is unknown)"


def find_sent(
    client: HttpClient,
    req: ApiRequest,
    form: Pairs,
    started: float,
    *,
    settle: float = DEFAULT_SETTLE,
    ledger: Ledger | None = None,
    key: str = "",
    sleep: Callable[[float], None] = time.sleep,
) -> list[dict[str, Any]] | str:
    """What Twilio has that the request ``req`` (sent with ``form``, attempted at ``started``)
    may have made: the matching records held by no other key of ``ledger`` than ``key``
    (empty: it made nothing), or why that cannot be told."""
    findable = FINDABLE.get(urlsplit(req.path).path.rsplit("/", 1)[-1])
    if req.method != "POST" or findable is None:
        return "Twilio cannot be asked whether this request was carried out"
    given = dict(form)
    if any(name not in given for name, _ in findable.match):
        missing = ", ".join(name for name, _ in findable.match if name not in given)
        return f"it cannot be looked for without {missing}"
    wait = started + settle - time.time()
    if wait > 0:
        sleep(wait)
    matching, others = _look(client, req, findable, given, started - CLOCK_MARGIN)
    held = ledger.taken([str(r["sid"]) for r in matching + others], key) if ledger else set()
    matching = [record for record in matching if record["sid"] not in held]
    others = [record for record in others if record["sid"] not in held]
    if others and not matching:
        return (
            f"Twilio has {len(others)} other {findable.list_key} between these numbers since "
            "then, so whether this one went out cannot be told"
        )
    return matching


def _look(
    client: HttpClient, req: ApiRequest, findable: Findable, given: dict[str, str], since: float
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The records created since ``since`` that pass the filters: those that match, and the
    others."""
    query = {name: given[name] for name in findable.filters} | {"PageSize": 50}
    listing = ApiRequest(
        "GET", urlsplit(req.path).path, query, operation=req.operation, domain=req.domain
    )
    matching, others = [], []
    for record in _newest(PagedList(client, listing, findable.list_key), since):
        if all(str(record.get(field)) == given[name] for name, field in findable.match):
            matching.append(record)
        else:
            others.append(record)
    matching.reverse()  # the oldest first: the first send is the one adopted
    return matching, others


def _newest(records: Any, since: float) -> Iterator[dict[str, Any]]:
    """Records (newest first) until one created before ``since``."""
    for record in records:
        if not isinstance(record, dict) or "sid" not in record:
            continue
        created = _timestamp(record.get("date_created"))
        if created is not None and created < since:
            return
        yield record


def _timestamp(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None


#: A resource's own SID at the top of Twilio's JSON (``account_sid`` and the like do not match).
_SID = re.compile(rb'"sid"\s*:\s*"([A-Z]{2}[0-9a-f]{32})"')


def _recorded(response: ApiResponse) -> Recorded:
    """The answer to keep: as it came, with the SID of what it made (found without parsing the
    whole body, which the operation parses anyway)."""
    found = _SID.search(response.content)
    return Recorded(
        response.status,
        response.url,
        response.content,
        response.content_type,
        response.request_id,
        found.group(1).decode("ascii") if found else None,
    )


def _found(req: ApiRequest, record: dict[str, Any]) -> Recorded:
    """A resource found at Twilio, recorded as its send would have been answered (201, the
    status Twilio answers a new message or call with), without a request id."""
    uri = str(record.get("uri") or req.path)
    return Recorded(
        201,
        uri,
        json.dumps(record).encode(),
        "application/json",
        None,
        str(record["sid"]),
    )


def _response(recorded: Recorded) -> ApiResponse:
    return ApiResponse(
        recorded.status,
        recorded.url,
        recorded.content,
        recorded.content_type,
        recorded.request_id,
    )
