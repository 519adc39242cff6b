"""The limits in Redis, on a real redis-server: two rate limiters (as on two workers) sharing one
key keep to its rate together, a 429 slows every worker's sends of the key down, and a cap on
requests in flight holds across workers."""

from __future__ import annotations

import threading
import time

import redis

from flows.ratelimit import turn
from flows.redis_limits import RedisConcurrencyCap, RedisRateLimiter


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


def test_a_cap_on_requests_in_flight_holds_across_workers(redis_url: str) -> None:
    most = 3
    caps = [RedisConcurrencyCap(redis.Redis.from_url(redis_url), most) for _ in range(2)]
    held, peak, lock = [0], [0], threading.Lock()

    def send(cap: RedisConcurrencyCap) -> None:
        for _ in range(5):
            with cap.slot("main"):
                with lock:
                    held[0] += 1
                    peak[0] = max(peak[0], held[0])
                time.sleep(0.02)
                with lock:
                    held[0] -= 1

    threads = [threading.Thread(target=send, args=(cap,)) for cap in caps for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert peak[0] == most  # 8 threads wanted in at once: 3 were let in
    assert held[0] == 0
    assert redis.Redis.from_url(redis_url).zcard("twilio-connector:cap:main") == 0
