"""The idempotency ledger in Redis, for sends spread over processes on several machines.

Same semantics as :class:`~connector.ledger.SqliteLedger` (see the table in
:mod:`connector.ledger`): each change of a key is one Lua script, so it is atomic however many
workers share the Redis. A key is a hash ``{prefix}ledger:{key}``; the resource a done key made
is indexed by ``{prefix}sid:{sid}`` (so one resource is adopted by one key only).

Whether a pending key's owner still lives is seen on its host from ``/proc`` (as the SQLite
ledger does); from another host, by the owner's heartbeat: every process using a Redis ledger
sets ``{prefix}owner:{owner}`` every few seconds with a short expiry, so a worker killed on
another machine is seen dead within :data:`HEARTBEAT_TTL` seconds, not only when its lease ends.

Imported only when a ledger URL is ``redis://`` (or ``rediss://``, ``unix://``): the ``redis``
client is an optional extra (``pip install 'twilio-connector[celery]'``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import redis

from connector.ledger import DEFAULT_LEASE, Claim, Claimed, Entry, Owner, Recorded

__all__ = ["DEFAULT_PREFIX", "HEARTBEAT_TTL", "RedisLedger"]

#: What every key this ledger writes starts with.
DEFAULT_PREFIX = "twilio-connector:"
#: An owner whose heartbeat is older than this (s) is dead, seen from another host.
HEARTBEAT_TTL = 15
_BEAT = HEARTBEAT_TTL / 3

# KEYS: entry, heartbeat prefix (as a key name, unused as a key). ARGV: fingerprint, owner,
# now, lease until. Returns {"new"} or {"found", owner heartbeat seen (0/1), field, value...}.
_CLAIM = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'state', 'pending', 'fingerprint', ARGV[1], 'owner', ARGV[2],
             'started_at', ARGV[3], 'lease_until', ARGV[4])
  return {'new'}
end
local owner = redis.call('HGET', KEYS[1], 'owner')
local beat = redis.call('EXISTS', KEYS[2] .. owner)
local found = {'found', beat}
for _, item in ipairs(redis.call('HGETALL', KEYS[1])) do table.insert(found, item) end
return found
"""
# An owner seen dead: its pending key becomes unknown, unless it changed since it was read.
_ORPHANED = """
if redis.call('HGET', KEYS[1], 'state') == 'pending'
   and redis.call('HGET', KEYS[1], 'owner') == ARGV[1]
   and redis.call('HGET', KEYS[1], 'started_at') == ARGV[2] then
  redis.call('HSET', KEYS[1], 'state', 'unknown')
  return 1
end
return 0
"""
# KEYS: entry, sid index (or the entry again when no sid). ARGV: key, sid ('' none), then
# field/value pairs to set, then '--', then fields to delete.
_COMPLETE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local i = 3
while ARGV[i] ~= '--' do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  i = i + 2
end
for j = i + 1, #ARGV do redis.call('HDEL', KEYS[1], ARGV[j]) end
if ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[1]) end
return 1
"""
# As _COMPLETE, only for an unknown key and a resource no other key holds.
_ADOPT = """
if redis.call('HGET', KEYS[1], 'state') ~= 'unknown' then return 0 end
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then return 0 end
local i = 3
while ARGV[i] ~= '--' do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  i = i + 2
end
for j = i + 1, #ARGV do redis.call('HDEL', KEYS[1], ARGV[j]) end
redis.call('SET', KEYS[2], ARGV[1])
return 1
"""
_RELEASE = """
if redis.call('HGET', KEYS[1], 'state') == 'pending'
   and redis.call('HGET', KEYS[1], 'owner') == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""
_MARK_UNKNOWN = """
if redis.call('HGET', KEYS[1], 'state') == 'pending' then
  redis.call('HSET', KEYS[1], 'state', 'unknown', 'finished_at', ARGV[1])
  return 1
end
return 0
"""
_RECLAIM = """
if redis.call('HGET', KEYS[1], 'state') == 'unknown' then
  redis.call('HSET', KEYS[1], 'state', 'pending', 'owner', ARGV[1], 'started_at', ARGV[2],
             'lease_until', ARGV[3])
  redis.call('HDEL', KEYS[1], 'finished_at')
  return 1
end
return 0
"""

_ANSWER_FIELDS = ("sid", "status", "url", "content", "content_type", "request_id")


class RedisLedger:
    """The ledger in a Redis server, shared by every process (on any machine) that uses it."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str = DEFAULT_PREFIX,
        lease: float = DEFAULT_LEASE,
        clock: Callable[[], float] = time.time,
        client: redis.Redis | None = None,
    ) -> None:
        self.url = url
        self.prefix = prefix
        self._lease = lease
        self._clock = clock
        self._owner = str(Owner.current())
        self._redis = client if client is not None else redis.Redis.from_url(url)
        self._claim = self._redis.register_script(_CLAIM)
        self._orphaned = self._redis.register_script(_ORPHANED)
        self._complete = self._redis.register_script(_COMPLETE)
        self._adopt = self._redis.register_script(_ADOPT)
        self._release = self._redis.register_script(_RELEASE)
        self._mark_unknown = self._redis.register_script(_MARK_UNKNOWN)
        self._reclaim = self._redis.register_script(_RECLAIM)
        _Heartbeat.start(self._redis, self._beat_key(self._owner))

    def __repr__(self) -> str:
        return f"RedisLedger({self.url!r})"

    def _key(self, key: str) -> str:
        return f"{self.prefix}ledger:{key}"

    def _sid_key(self, sid: str) -> str:
        return f"{self.prefix}sid:{sid}"

    def _beat_key(self, owner: str) -> str:
        return f"{self.prefix}owner:{owner}"

    def claim(self, key: str, fingerprint: str) -> Claimed:
        """Claim ``key``; see :class:`~connector.ledger.Claim` for what may be found."""
        while True:
            now = self._clock()
            found = self._claim(
                keys=[self._key(key), self._beat_key("")],
                args=[fingerprint, self._owner, repr(now), repr(now + self._lease)],
            )
            if found[0] == b"new":
                return Claimed(Claim.NEW)
            entry = _entry(key, _fields(found[2:]))
            if entry.fingerprint != fingerprint:
                return Claimed(Claim.CONFLICT, entry)
            if entry.state == "done":
                return Claimed(Claim.DONE, entry)
            if entry.state != "pending":
                return Claimed(Claim.UNKNOWN, entry)
            if _holds(entry, now, beating=found[1] == 1):
                return Claimed(Claim.BUSY, entry)
            started = _fields(found[2:])["started_at"]
            if self._orphaned(keys=[self._key(key)], args=[entry.owner, started]):
                return Claimed(Claim.UNKNOWN, entry)
            # The entry changed since it was read (its owner finished): look again.

    def complete(self, key: str, recorded: Recorded, how: str = "sent") -> None:
        """Record the answer of the send that claimed ``key``."""
        sid = recorded.sid or ""
        self._complete(
            keys=[self._key(key), self._sid_key(sid) if sid else self._key(key)],
            args=[key, sid, *self._done(recorded, how)],
        )

    def release(self, key: str) -> None:
        """Give ``key`` back (only while this process holds it)."""
        self._release(keys=[self._key(key)], args=[self._owner])

    def mark_unknown(self, key: str) -> None:
        """The key's request may have reached Twilio."""
        self._mark_unknown(keys=[self._key(key)], args=[repr(self._clock())])

    def adopt(self, key: str, recorded: Recorded) -> bool:
        """Record an unknown key as done by a resource found at Twilio (once per resource)."""
        if not recorded.sid:
            return False
        adopted = self._adopt(
            keys=[self._key(key), self._sid_key(recorded.sid)],
            args=[key, recorded.sid, *self._done(recorded, "reconciled")],
        )
        return bool(adopted)

    def reclaim(self, key: str) -> bool:
        """Take an unknown key for a new send, unless someone else did first."""
        now = self._clock()
        taken = self._reclaim(
            keys=[self._key(key)], args=[self._owner, repr(now), repr(now + self._lease)]
        )
        return bool(taken)

    def taken(self, sids: Iterable[str], key: str) -> set[str]:
        """Which of these resource SIDs keys other than ``key`` already hold."""
        wanted = list(sids)
        if not wanted:
            return set()
        holders = self._redis.mget([self._sid_key(sid) for sid in wanted])
        return {
            sid
            for sid, holder in zip(wanted, holders, strict=True)
            if holder is not None and _bytes(holder).decode() != key
        }

    def entry(self, key: str) -> Entry | None:
        """The key's entry, if there is one."""
        fields = self._redis.hgetall(self._key(key))
        if not fields:
            return None
        return _entry(key, {_bytes(name).decode(): _bytes(value) for name, value in fields.items()})

    def entries(self, prefix: str = "") -> list[Entry]:
        """Every entry whose key starts with ``prefix``, oldest first."""
        pattern = self._key(_glob_escape(prefix)) + "*"
        skip = len(self._key(""))
        found = []
        for name in self._redis.scan_iter(match=pattern, count=1000):
            entry = self.entry(name.decode()[skip:])
            if entry is not None:
                found.append(entry)
        return sorted(found, key=lambda entry: entry.started_at)

    def close(self) -> None:
        """Let go of the connection pool."""
        self._redis.close()

    def _done(self, recorded: Recorded, how: str) -> list[str | bytes]:
        """The script arguments that make an entry done with this answer."""
        values: dict[str, str | bytes | None] = {
            "state": "done",
            "finished_at": repr(self._clock()),
            "how": how,
            "sid": recorded.sid,
            "status": str(recorded.status),
            "url": recorded.url,
            "content": recorded.content,
            "content_type": recorded.content_type,
            "request_id": recorded.request_id,
        }
        pairs: list[str | bytes] = []
        for name, value in values.items():
            if value is not None:
                pairs += [name, value]
        return [*pairs, "--", *(name for name, value in values.items() if value is None)]


def _bytes(value: bytes | str) -> bytes:
    """A reply as bytes (the client is made without ``decode_responses``)."""
    return value.encode() if isinstance(value, str) else value


def _fields(flat: list[bytes]) -> dict[str, bytes]:
    return {flat[i].decode(): flat[i + 1] for i in range(0, len(flat), 2)}


def _text(fields: dict[str, bytes], name: str) -> str | None:
    value = fields.get(name)
    return None if value is None else value.decode()


def _entry(key: str, fields: dict[str, bytes]) -> Entry:
    recorded = None
    if "status" in fields:
        recorded = Recorded(
            int(fields["status"]),
            _text(fields, "url") or "",
            fields.get("content", b""),
            _text(fields, "content_type") or "",
            _text(fields, "request_id"),
            _text(fields, "sid"),
        )
    return Entry(
        key,
        _text(fields, "state") or "",
        _text(fields, "fingerprint") or "",
        _text(fields, "owner") or "",
        float(fields.get("started_at", b"0")),
        float(fields.get("lease_until", b"0")),
        _text(fields, "how"),
        recorded,
    )


def _holds(entry: Entry, now: float, *, beating: bool) -> bool:
    """Whether a pending entry's owner may still be sending: its lease holds and it lives (seen
    from /proc on its own host, else by its heartbeat)."""
    if now >= entry.lease_until:
        return False
    try:
        alive = Owner.parse(entry.owner).alive()
    except ValueError:
        return False
    return beating if alive is None else alive


def _glob_escape(text: str) -> str:
    return "".join("\\" + char if char in "*?[]\\" else char for char in text)


class _Heartbeat:
    """One thread per process and Redis server that keeps this process's owner key alive."""

    _started: dict[tuple[str, str], threading.Thread] = {}
    _lock = threading.Lock()

    @classmethod
    def start(cls, client: redis.Redis, key: str) -> None:
        where = repr(client.connection_pool.connection_kwargs)
        with cls._lock:
            if (where, key) in cls._started:
                return
            client.set(key, "1", ex=HEARTBEAT_TTL)
            kwargs: dict[str, Any] = dict(client.connection_pool.connection_kwargs)
            pool = client.connection_pool.__class__(
                connection_class=client.connection_pool.connection_class, **kwargs
            )
            thread = threading.Thread(
                target=cls._beat,
                args=(redis.Redis(connection_pool=pool), key),
                name="ledger-heartbeat",
                daemon=True,
            )
            cls._started[(where, key)] = thread
            thread.start()

    @staticmethod
    def _beat(client: redis.Redis, key: str) -> None:
        while True:
            time.sleep(_BEAT)
            try:
                client.set(key, "1", ex=HEARTBEAT_TTL)
            except redis.RedisError:
                continue
