"""The rate limiter in Redis: two limiters (as on two workers) sharing one key keep to its rate
together, on a real redis-server; a 429 slows every worker's sends of the key down."""

from __future__ import annotations

import threading
import time

import redis

from flows.ratelimit import turn
from flows.redis_limits import RedisRateLimiter


def windows_over(times: list[float], per_second: float) -> int:
    """How many one-second windows (each starting at a send) hold more than ``per_second``."""
    times = sorted(times)
    return sum(
        sum(1 for t in times[start:] if t < first + 1.0) > per_second
        for start, first in enumerate(times)
    )


def test_two_workers_sharing_a_key_keep_to_its_rate_together(redis_url: str) -> None:
    per_second, sends = 20, 30
    limiters = [
        RedisRateLimiter(redis.Redis.from_url(redis_url), "loop", per_second) for _ in range(2)
    ]
    started: list[float] = []
    lock = threading.Lock()

    def send(limiter: RedisRateLimiter) -> None:
        for _ in range(sends // 6):
            with turn(limiter, "+14155550001"):
                with lock:
                    started.append(time.monotonic())
                time.sleep(0.01)  # the request

    threads = [threading.Thread(target=send, args=(lim,)) for lim in limiters for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(started) == sends
    assert windows_over(started, per_second) == 0
    # 30 sends spaced 1/20 s apart: the last starts 1.45 s after the first, not at once.
    assert max(started) - min(started) >= (sends - 1) / per_second * 0.95


def test_a_429_slows_down_the_key_for_every_worker_and_other_keys_are_not_held(
    redis_url: str,
) -> None:
    first, second = (
        RedisRateLimiter(redis.Redis.from_url(redis_url), "loop", 100) for _ in range(2)
    )
    with turn(first, "a"):
        pass
    first.throttled("a", 0.5)
    begun = time.monotonic()
    with turn(second, "b"):  # another key: at once
        pass
    assert time.monotonic() - begun < 0.2
    with turn(second, "a"):  # held back by the other worker's 429
        pass
    assert time.monotonic() - begun >= 0.45
