"""The idempotency ledger: which sends went out, by a key of the caller's, so none goes twice.

Twilio's API has no idempotency key for sends, so the connector keeps its own. Before a request
that is not idempotent (a POST) is sent with a key, the key is claimed in a ledger, atomically;
what the claim finds decides what happens:

======================  ==========================================================================
found                   then
======================  ==========================================================================
nothing (``NEW``)       the caller owns the key: it sends, then records the answer (``complete``),
                        or gives the key back when Twilio certainly did nothing (``release``), or
                        marks it ``unknown`` when the request may have reached Twilio
``DONE``                the recorded answer is returned; nothing is sent
``UNKNOWN``             an earlier attempt may have reached Twilio: never re-sent blindly (it may be
                        reconciled, see :mod:`connector.once`)
``BUSY``                another live owner (thread or process) is sending it now
``CONFLICT``            the key was used for a different request (another body, To, account...)
======================  ==========================================================================

A key claimed by an owner that died mid-request (its process is gone, or its lease ran out) is
found ``UNKNOWN``: whether its request went out cannot be known from here.

:class:`Ledger` is the interface (a Redis ledger may take its place); :class:`SqliteLedger` is the
embedded default, safe under threads and under several processes sharing the file.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import socket
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from connector.sqlite import MEMORY, immediate, open_database

__all__ = [
    "DEFAULT_LEASE",
    "Claim",
    "Claimed",
    "Entry",
    "Ledger",
    "Owner",
    "Recorded",
    "SqliteLedger",
    "configured_ledger",
    "default_ledger_path",
    "fingerprint",
    "is_redis_url",
    "open_ledger",
]

#: The URL schemes that name a Redis server rather than a SQLite file.
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")

#: How long (s) a claim holds without its owner being seen alive: longer than any one request
#: with its retries may take.
DEFAULT_LEASE = 600.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sends (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    owner TEXT NOT NULL,
    started_at REAL NOT NULL,
    lease_until REAL NOT NULL,
    finished_at REAL,
    how TEXT,
    sid TEXT,
    status INTEGER,
    url TEXT,
    content BLOB,
    content_type TEXT,
    request_id TEXT
);
CREATE INDEX IF NOT EXISTS sends_sid ON sends (sid) WHERE sid IS NOT NULL;
"""


class Claim(StrEnum):
    """What claiming a key found (see the module's table)."""

    NEW = "new"
    DONE = "done"
    UNKNOWN = "unknown"
    BUSY = "busy"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class Recorded:
    """The answer a send got, kept so that it can be returned again without sending."""

    status: int
    url: str
    content: bytes
    content_type: str = "application/json"
    request_id: str | None = None
    #: The SID of the resource it made, when it made one.
    sid: str | None = None


@dataclass(frozen=True)
class Entry:
    """A key's row: its state, who claimed it when, and its answer once done."""

    key: str
    state: str
    fingerprint: str
    owner: str
    started_at: float
    lease_until: float
    how: str | None = None
    recorded: Recorded | None = None


@dataclass(frozen=True)
class Claimed:
    """A claim's outcome, and the key's entry as it was found (``None`` for ``NEW``)."""

    claim: Claim
    entry: Entry | None = None


@dataclass(frozen=True)
class Owner:
    """Who holds a claim: host, process id and the process's start time (so a reused pid is
    not taken for the owner)."""

    host: str
    pid: int
    started: str

    @classmethod
    def current(cls) -> Owner:
        """This process."""
        pid = os.getpid()
        return cls(socket.gethostname(), pid, _process_start(pid))

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}:{self.started}"

    @classmethod
    def parse(cls, text: str) -> Owner:
        """An owner as :meth:`__str__` wrote it."""
        host, pid, started = text.rsplit(":", 2)
        return cls(host, int(pid), started)

    def alive(self) -> bool | None:
        """Whether the owner's process still runs; ``None`` when that cannot be seen from here
        (another host)."""
        if self.host != socket.gethostname():
            return None
        return _process_start(self.pid) == self.started


def _process_start(pid: int) -> str:
    """When a process started (clock ticks since boot, from /proc), ``"?"`` where /proc has
    none, ``""`` when no such process runs."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return ""
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return ""
        except PermissionError:
            pass
        return "?"
    # The command name (field 2) is in parentheses and may hold spaces.
    return stat.rsplit(")", 1)[1].split()[19]


def fingerprint(method: str, url: str, form: Iterable[tuple[str, str]]) -> str:
    """What identifies a request for the ledger: method, URL and form, hashed."""
    digest = hashlib.sha256(f"{method} {url}".encode())
    for name, value in form:
        digest.update(f"\n{name}={value}".encode())
    return digest.hexdigest()


#: The environment variable that names the ledger (a SQLite file or a Redis URL) wherever none
#: is given: ``run``, ``invoke``, the Python API.
LEDGER_VARIABLE = "TWILIO_CONNECTOR_LEDGER"


def configured_ledger() -> str | None:
    """The ledger ``$TWILIO_CONNECTOR_LEDGER`` names, if it is set."""
    return os.environ.get(LEDGER_VARIABLE) or None


def default_ledger_path() -> Path:
    """Where the Python API keeps its ledger when none is given:
    ``twilio-connector/ledger.sqlite3`` in ``$XDG_STATE_HOME`` (else ``~/.local/state``)."""
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    return Path(state) / "twilio-connector" / "ledger.sqlite3"


def is_redis_url(where: object) -> bool:
    """Whether a ledger location is a Redis URL (``redis://``, ``rediss://``, ``unix://``)."""
    return isinstance(where, str) and where.startswith(REDIS_SCHEMES)


def open_ledger(where: str | Path) -> Ledger:
    """The ledger at ``where``: a Redis server for a Redis URL (the ``redis`` client is an
    optional extra, imported only then), else a SQLite file."""
    if is_redis_url(where):
        try:
            from connector.redis_ledger import RedisLedger  # noqa: PLC0415 - optional extra
        except ImportError as missing:
            raise ImportError(
                f"a Redis ledger needs the redis client: pip install 'twilio-connector[celery]' "
                f"({missing})"
            ) from missing
        return RedisLedger(str(where))
    return SqliteLedger(where)


class Ledger(Protocol):
    """Claims, answers and unknown outcomes by key (see the module's table)."""

    def claim(self, key: str, fingerprint: str) -> Claimed:
        """Claim ``key`` for a request with this fingerprint, atomically."""

    def complete(self, key: str, recorded: Recorded, how: str = "sent") -> None:
        """Record the answer of the send that claimed ``key``."""

    def release(self, key: str) -> None:
        """Give ``key`` back: its request certainly did nothing at Twilio."""

    def mark_unknown(self, key: str) -> None:
        """Its request may have reached Twilio: the key stays taken, its outcome unknown."""

    def adopt(self, key: str, recorded: Recorded) -> bool:
        """Record an unknown key as done by a resource found at Twilio, unless another key
        already holds that resource (``False`` then)."""

    def reclaim(self, key: str) -> bool:
        """Take an unknown key for a new send (Twilio was seen to have nothing for it), unless
        someone else did first (``False`` then)."""

    def taken(self, sids: Iterable[str], key: str) -> set[str]:
        """Which of these resource SIDs keys other than ``key`` already hold."""

    def entry(self, key: str) -> Entry | None:
        """The key's entry, if there is one."""

    def close(self) -> None:
        """Let go of the ledger's resources."""


class SqliteLedger:
    """The embedded ledger: one SQLite file (or ``":memory:"``), safe for the threads of a
    process and for several processes on one machine sharing the file.

    A commit costs more than the statements in it (locks and WAL writes), so the ledger makes
    about one per send, and fewer when threads send at once:

    - a claim is committed before its request is sent, always, and alone: one ``INSERT`` in
      autocommit, the cheapest write SQLite has. Claims that threads make at the same time
      share one commit (the thread that gets the connection commits every claim queued, its
      own and the others');
    - an answer (``complete``) is written by the flush that follows ``record_within`` seconds
      (0.05 by default) after it, in one commit with every answer of that window (or sooner,
      by a read). Until then this process's own reads see it (every read commits what is
      waiting first) and another process finds the key busy and waits. A process killed in
      that window leaves the key ``UNKNOWN``, as it would if killed while the request was on
      the wire: never sent again blindly, and reconciled where that is on.
      ``record_within=0`` writes each answer at once.
    """

    def __init__(
        self,
        path: str | Path = MEMORY,
        *,
        lease: float = DEFAULT_LEASE,
        clock: Callable[[], float] = time.time,
        record_within: float = 0.05,
    ) -> None:
        self.path = str(path)
        self._lease = lease
        self._clock = clock
        self._owner = str(Owner.current())
        self._record_within = record_within
        self._lock = threading.Lock()  # the connection, and every transaction on it
        self._queue_lock = threading.Lock()  # what waits for the next commit
        self._claims: list[_Ticket] = []
        self._answers: list[tuple[object, ...]] = []
        self._timer: threading.Timer | None = None
        self._db = open_database(self.path, _SCHEMA)
        _OPEN.add(self)

    def __repr__(self) -> str:
        return f"SqliteLedger({self.path!r})"

    def claim(self, key: str, fingerprint: str) -> Claimed:
        """Claim ``key``; see :class:`Claim` for what may be found."""
        now = self._clock()
        ticket = _Ticket((key, fingerprint, self._owner, now, now + self._lease))
        with self._queue_lock:
            self._claims.append(ticket)
        with self._lock:
            if ticket.inserted is None and ticket.error is None:  # not committed meanwhile
                self._commit_waiting(with_answers=False)
        if ticket.error is not None:
            raise ticket.error
        if ticket.inserted:
            return Claimed(Claim.NEW)
        with self._transaction() as db:
            row = db.execute(_SELECT_KEY, (key,)).fetchone()
            if row is None:  # given back meanwhile
                db.execute(_INSERT_CLAIM, ticket.row)
                return Claimed(Claim.NEW)
            entry = _entry(row)
            if entry.fingerprint != fingerprint:
                return Claimed(Claim.CONFLICT, entry)
            if entry.state == "done":
                return Claimed(Claim.DONE, entry)
            if entry.state == "pending" and _holds(entry, now):
                return Claimed(Claim.BUSY, entry)
            if entry.state == "pending":  # its owner died mid-request
                db.execute("UPDATE sends SET state = 'unknown' WHERE key = ?", (key,))
            return Claimed(Claim.UNKNOWN, entry)

    def complete(self, key: str, recorded: Recorded, how: str = "sent") -> None:
        """Record the answer of the send that claimed ``key`` (with the next flush, at most
        ``record_within`` seconds from now)."""
        answer = (self._clock(), how, *_answer(recorded), key)
        if self._record_within <= 0:
            with self._lock:
                self._db.execute(_COMPLETE, answer)
            return
        with self._queue_lock:
            self._answers.append(answer)
            if self._timer is None:  # one timer at a time, whatever commits meanwhile
                self._timer = threading.Timer(self._record_within, self._timed_flush)
                self._timer.daemon = True
                self._timer.start()

    def flush(self) -> None:
        """Write the answers waiting for a commit now."""
        with self._lock:
            if self._answers or self._claims:
                self._commit_waiting()

    def _timed_flush(self) -> None:
        with self._queue_lock:
            self._timer = None
        self.flush()

    def release(self, key: str) -> None:
        """Give ``key`` back (only while this process holds it)."""
        with self._transaction() as db:
            db.execute(
                "DELETE FROM sends WHERE key = ? AND state = 'pending' AND owner = ?",
                (key, self._owner),
            )

    def mark_unknown(self, key: str) -> None:
        """The key's request may have reached Twilio."""
        with self._transaction() as db:
            db.execute(
                "UPDATE sends SET state = 'unknown', finished_at = ? WHERE key = ? AND "
                "state = 'pending'",
                (self._clock(), key),
            )

    def adopt(self, key: str, recorded: Recorded) -> bool:
        """Record an unknown key as done by a resource found at Twilio (once per resource)."""
        with self._transaction() as db:
            taken = db.execute(
                "SELECT 1 FROM sends WHERE sid = ? AND key != ?", (recorded.sid, key)
            ).fetchone()
            if taken is not None:
                return False
            changed = db.execute(
                "UPDATE sends SET state = 'done', finished_at = ?, how = 'reconciled', sid = ?, "
                "status = ?, url = ?, content = ?, content_type = ?, request_id = ? "
                "WHERE key = ? AND state = 'unknown'",
                (self._clock(), *_answer(recorded), key),
            )
            return changed.rowcount == 1

    def taken(self, sids: Iterable[str], key: str) -> set[str]:
        """Which of these resource SIDs keys other than ``key`` already hold."""
        wanted = json.dumps(list(sids))
        with self._reading() as db:
            rows = db.execute(
                "SELECT sid FROM sends WHERE sid IN (SELECT value FROM json_each(?)) AND key != ?",
                (wanted, key),
            )
            return {row[0] for row in rows}

    def reclaim(self, key: str) -> bool:
        """Take an unknown key for a new send, unless someone else did first."""
        now = self._clock()
        with self._transaction() as db:
            changed = db.execute(
                "UPDATE sends SET state = 'pending', owner = ?, started_at = ?, lease_until = ?, "
                "finished_at = NULL WHERE key = ? AND state = 'unknown'",
                (self._owner, now, now + self._lease, key),
            )
            return changed.rowcount == 1

    def entry(self, key: str) -> Entry | None:
        """The key's entry, if there is one."""
        with self._reading() as db:
            row = db.execute(_SELECT_KEY, (key,)).fetchone()
        return None if row is None else _entry(row)

    def entries(self, prefix: str = "") -> list[Entry]:
        """Every entry whose key starts with ``prefix``, oldest first."""
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with self._reading() as db:
            rows = db.execute(_SELECT_LIKE, (pattern,)).fetchall()
        return [_entry(row) for row in rows]

    def close(self) -> None:
        """Write what waits, then close the database."""
        with self._queue_lock:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
        with self._lock:
            if self._answers or self._claims:
                self._commit_waiting()
            self._db.close()
        _OPEN.discard(self)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction, after the answers that wait are written."""
        with self._reading() as db, immediate(db) as transaction:
            yield transaction

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The connection, held, after the answers that wait are written (a read needs no
        write lock: autocommit reads see a consistent snapshot)."""
        with self._lock:
            if self._answers or self._claims:
                self._commit_waiting()
            yield self._db

    def _commit_waiting(self, *, with_answers: bool = True) -> None:
        """One commit of every claim queued, and of every answer too unless ``with_answers``
        is false (a claim's commit: answers in it would make it a transaction of several
        statements, dearer than the claim alone). The connection's lock is held. Each claim
        learns whether it inserted its key, or the error that stopped the commit."""
        with self._queue_lock:
            claims, self._claims = self._claims, []
            answers, self._answers = (self._answers, []) if with_answers else ([], self._answers)
        try:
            if not answers and len(claims) == 1:  # one statement: atomic on its own
                inserted = [self._db.execute(_INSERT_CLAIM, claims[0].row).rowcount == 1]
            else:
                with immediate(self._db) as db:
                    db.executemany(_COMPLETE, answers)
                    inserted = [db.execute(_INSERT_CLAIM, t.row).rowcount == 1 for t in claims]
        except BaseException as error:
            with self._queue_lock:  # the answers wait for the next commit
                self._answers[:0] = answers
            for ticket in claims:
                ticket.error = error
            raise
        for ticket, done in zip(claims, inserted, strict=True):
            ticket.inserted = done


class _Ticket:
    """A claim waiting for a commit: its row, then whether it inserted the key."""

    __slots__ = ("error", "inserted", "row")

    def __init__(self, row: tuple[object, ...]) -> None:
        self.row = row
        self.inserted: bool | None = None
        self.error: BaseException | None = None


#: The ledgers that may hold answers not yet written: written when the interpreter exits.
_OPEN: weakref.WeakSet[SqliteLedger] = weakref.WeakSet()


@atexit.register
def _flush_open_ledgers() -> None:
    for ledger in list(_OPEN):
        with contextlib.suppress(Exception):
            ledger.flush()


_INSERT_CLAIM = (
    "INSERT INTO sends (key, state, fingerprint, owner, started_at, lease_until) "
    "VALUES (?, 'pending', ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING"
)
_COMPLETE = (
    "UPDATE sends SET state = 'done', finished_at = ?, how = ?, sid = ?, status = ?, "
    "url = ?, content = ?, content_type = ?, request_id = ? WHERE key = ?"
)
_SELECT_KEY = (
    "SELECT key, state, fingerprint, owner, started_at, lease_until, how, "
    "sid, status, url, content, content_type, request_id FROM sends WHERE key = ?"
)
_SELECT_LIKE = (
    "SELECT key, state, fingerprint, owner, started_at, lease_until, how, "
    "sid, status, url, content, content_type, request_id FROM sends "
    "WHERE key LIKE ? ESCAPE '\\' ORDER BY started_at"
)


def _entry(row: tuple[object, ...]) -> Entry:
    key, state, print_, owner, started, lease, how, sid, status, url, content, kind, rid = row
    recorded = None
    if status is not None:
        recorded = Recorded(
            int(str(status)),
            str(url),
            bytes(content) if isinstance(content, bytes | bytearray | memoryview) else b"",
            str(kind or ""),
            None if rid is None else str(rid),
            None if sid is None else str(sid),
        )
    return Entry(
        str(key),
        str(state),
        str(print_),
        str(owner),
        float(str(started)),
        float(str(lease)),
        None if how is None else str(how),
        recorded,
    )


def _answer(recorded: Recorded) -> tuple[object, ...]:
    return (
        recorded.sid,
        recorded.status,
        recorded.url,
        recorded.content,
        recorded.content_type,
        recorded.request_id,
    )


def _holds(entry: Entry, now: float) -> bool:
    """Whether a pending entry's owner may still be sending."""
    if now >= entry.lease_until:
        return False
    try:
        alive = Owner.parse(entry.owner).alive()
    except ValueError:
        return False
    return alive is None or alive
