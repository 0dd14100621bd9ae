"""Counting failed attempts per key in a sliding window: in memory, or in Redis when shared.

Only failures are counted, so a busy sign-in morning (hundreds of members from one office
address) is not throttled, while guessing at one account or from one client is.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Protocol


class FailureCounter(Protocol):
    """Records failures and says how long a key must wait, if at all."""

    async def retry_after(self, key: str, limit: int, window: int) -> int | None:
        """Seconds to wait when `key` has `limit` failures within `window`, else None."""
        ...

    async def record_failure(self, key: str, window: int) -> None:
        """Count one failure for `key`."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


class MemoryFailureCounter:
    """Per-process counter: right for one worker; use Redis for several."""

    def __init__(self) -> None:
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str, window: int) -> deque[float]:
        now = time.monotonic()
        bucket = self._failures.setdefault(key, deque())
        while bucket and bucket[0] <= now - window:
            bucket.popleft()
        return bucket

    async def retry_after(self, key: str, limit: int, window: int) -> int | None:
        bucket = self._recent(key, window)
        if len(bucket) < limit:
            return None
        return max(1, int(bucket[0] + window - time.monotonic()) + 1)

    async def record_failure(self, key: str, window: int) -> None:
        self._recent(key, window).append(time.monotonic())
        if len(self._failures) > 100_000:  # bound memory under a spray of keys
            self._failures.clear()

    async def close(self) -> None:
        return None


class RedisFailureCounter:
    """Shared counter (fixed window per key) for several workers or hosts."""

    def __init__(self, url: str) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url)

    async def retry_after(self, key: str, limit: int, window: int) -> int | None:
        count = await self._redis.get(f"gov:fail:{key}")
        if count is None or int(count) < limit:
            return None
        ttl = await self._redis.ttl(f"gov:fail:{key}")
        return max(1, int(ttl))

    async def record_failure(self, key: str, window: int) -> None:
        name = f"gov:fail:{key}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, window, nx=True)
            await pipe.execute()

    async def close(self) -> None:
        await self._redis.aclose()


def make_counter(redis_url: str | None) -> FailureCounter:
    """Redis when configured, otherwise in memory."""
    return RedisFailureCounter(redis_url) if redis_url else MemoryFailureCounter()
