"""Rate limits shared by every worker through Redis: the two rules of :mod:`flows.ratelimit`
(GCRA spacing, and a window counted on completed sends) as Lua scripts on Redis's clock.

A key's state is three Redis keys under ``{prefix}rate:{name}:{key}``: a hash (``tat``, the
theoretical arrival time of the next send, and ``rate``, lowered by 429s), a sorted set of the
sends in flight (scored by when their lease runs out, so a killed worker's sends stop counting
after :data:`IN_FLIGHT_LEASE` seconds) and a sorted set of the sends ended within the window.

:class:`RedisConcurrencyCap` holds ``maxConcurrentRequests`` per account across the workers the
same way: a sorted set of the slots held, each with a lease.

Imported only by the Celery workers (the ``redis`` client is an optional extra).
"""

from __future__ import annotations

import contextlib
import math
import time
import uuid
from collections.abc import Callable, Hashable, Iterator

import redis

from flows.ratelimit import _FLOOR, _RECOVERY

__all__ = ["IN_FLIGHT_LEASE", "RedisConcurrencyCap", "RedisRateLimiter"]

#: A send in flight counts against its key at most this long (s): a worker killed mid-send
#: does not hold its key's turn for ever.
IN_FLIGHT_LEASE = 60.0
#: The longest a waiting send sleeps before asking again (s).
_LONGEST_NAP = 0.25

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local function num(value) return string.format('%.6f', value) end
"""
# KEYS: state, in flight, ended. ARGV: per second, burst, most, window, token, lease.
# Returns '0' when the send may start now (its token is in flight), else seconds to wait.
_ACQUIRE = (
    _NOW
    + """
local per, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local most, window = tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', num(now - window))
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', num(now))
local rate = tonumber(redis.call('HGET', KEYS[1], 'rate') or per)
local tat = tonumber(redis.call('HGET', KEYS[1], 'tat') or 0)
local interval = 1 / rate
local start = math.max(now, tat - (burst - 1) * interval)
if redis.call('ZCARD', KEYS[2]) + redis.call('ZCARD', KEYS[3]) >= most then
  local oldest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
  if oldest[2] == nil then return '0.005' end
  start = math.max(start, tonumber(oldest[2]) + window)
end
if start <= now then
  redis.call('HSET', KEYS[1], 'tat', num(math.max(tat, now) + interval))
  redis.call('ZADD', KEYS[2], num(now + tonumber(ARGV[6])), ARGV[5])
  for i = 1, 3 do redis.call('EXPIRE', KEYS[i], 3600) end
  return '0'
end
return num(start - now)
"""
)
# KEYS: state, in flight, ended. ARGV: token, answered (1/0), per second, recovery.
_RELEASE = (
    _NOW
    + """
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], num(now), ARGV[1])
if ARGV[2] == '1' then
  local per = tonumber(ARGV[3])
  local rate = tonumber(redis.call('HGET', KEYS[1], 'rate') or per)
  redis.call('HSET', KEYS[1], 'rate', num(math.min(per, rate * tonumber(ARGV[4]))))
end
for i = 1, 3 do redis.call('EXPIRE', KEYS[i], 3600) end
return 1
"""
)
# KEYS: state. ARGV: per second, floor, retry after ('' none).
_THROTTLED = (
    _NOW
    + """
local per = tonumber(ARGV[1])
local rate = tonumber(redis.call('HGET', KEYS[1], 'rate') or per)
rate = math.max(per * tonumber(ARGV[2]), rate / 2)
local pause = tonumber(ARGV[3]) or (1 / rate)
local tat = tonumber(redis.call('HGET', KEYS[1], 'tat') or 0)
redis.call('HSET', KEYS[1], 'rate', num(rate), 'tat', num(math.max(tat, now + pause)))
redis.call('EXPIRE', KEYS[1], 3600)
return 1
"""
)

# KEYS: the account's slots. ARGV: most, token, lease. 1 when a slot was taken.
_SLOT = (
    _NOW
    + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', num(now))
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], num(now + tonumber(ARGV[3])), ARGV[2])
  redis.call('EXPIRE', KEYS[1], 3600)
  return 1
end
return 0
"""
)


class RedisRateLimiter:
    """Per-key rate limits held across processes and machines (a :class:`~flows.ratelimit.
    Limiter`): ``per_second`` sends, ``burst`` at once, for the keys of the loop ``name``."""

    def __init__(
        self,
        client: redis.Redis,
        name: str,
        per_second: float,
        burst: int = 1,
        *,
        prefix: str = "twilio-connector:",
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_second <= 0 or burst < 1:
            raise ValueError("a rate limit needs perSecond > 0 and burst >= 1")
        self.per_second = per_second
        self.burst = burst
        self.most = max(1, math.floor(per_second))
        self.window = self.most / per_second
        self._base = f"{prefix}rate:{name}:"
        self._sleep = sleep
        self._acquire = client.register_script(_ACQUIRE)
        self._release = client.register_script(_RELEASE)
        self._throttled = client.register_script(_THROTTLED)
        #: The token of each send in flight, by key, for this process's threads.
        self._tokens: dict[Hashable, list[str]] = {}

    def _keys(self, key: Hashable) -> list[str]:
        base = f"{self._base}{key}"
        return [base, f"{base}:in-flight", f"{base}:ended"]

    def acquire(self, key: Hashable) -> None:
        """Wait for the key's turn across every worker."""
        token = uuid.uuid4().hex
        keys = self._keys(key)
        args: list[str | float] = [
            self.per_second,
            self.burst,
            self.most,
            self.window,
            token,
            IN_FLIGHT_LEASE,
        ]
        while True:
            wait = float(self._acquire(keys=keys, args=args))
            if wait <= 0:
                self._tokens.setdefault(key, []).append(token)
                return
            self._sleep(min(wait, _LONGEST_NAP))

    def release(self, key: Hashable, *, answered: bool) -> None:
        """The send ended: it counts in the window from now."""
        token = self._tokens[key].pop()
        self._release(keys=self._keys(key), args=[token, int(answered), self.per_second, _RECOVERY])

    def throttled(self, key: Hashable, retry_after: float | None) -> None:
        """Halve the key's rate (down to a sixteenth) and hold its next send back."""
        pause = "" if retry_after is None else retry_after
        self._throttled(keys=self._keys(key)[:1], args=[self.per_second, _FLOOR, pause])


class RedisConcurrencyCap:
    """At most ``most`` requests in flight per account (config) across every worker (a
    :class:`~flows.ratelimit.Cap`): a sorted set of the slots held, each with a lease (so a
    killed worker's slots free up after :data:`IN_FLIGHT_LEASE` seconds)."""

    def __init__(
        self,
        client: redis.Redis,
        most: int,
        *,
        prefix: str = "twilio-connector:",
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if most < 1:
            raise ValueError("maxConcurrentRequests must be at least 1")
        self.most = most
        self._client = client
        self._base = f"{prefix}cap:"
        self._sleep = sleep
        self._take = client.register_script(_SLOT)

    @contextlib.contextmanager
    def slot(self, account: str) -> Iterator[None]:
        """Wait for one of the account's slots; hold it for the block."""
        key, token = f"{self._base}{account}", uuid.uuid4().hex
        nap = 0.001
        while not self._take(keys=[key], args=[self.most, token, IN_FLIGHT_LEASE]):
            self._sleep(nap)
            nap = min(nap * 2, 0.02)
        try:
            yield
        finally:
            self._client.zrem(key, token)
