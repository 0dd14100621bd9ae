"""Sign-in failure counters: in memory for one worker, in Redis for several workers or hosts.

The Redis counter runs against the real server named by `GOVERNANCE_TEST_REDIS_URL` (`.ci/run`
sets it); without one these tests skip locally and fail under `CI`. Every test uses keys of its
own and deletes them afterwards, so runs on a shared Redis never lock each other out.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
import pytest
import redis.asyncio as redis

from governance.ratelimit import FailureCounter, MemoryFailureCounter, RedisFailureCounter
from governance.settings import Settings
from tests.helpers import PASSWORD, Api
from tests.web.members.live_app import running

REDIS_URL = os.environ.get("GOVERNANCE_TEST_REDIS_URL", "").strip()
KEY_PREFIX = "gov:fail:"  # RedisFailureCounter's own namespace


@pytest.fixture
def redis_url() -> str:
    """The test Redis; skips without one locally, fails without one under CI."""
    import redis as sync_redis

    reason = None
    if not REDIS_URL:
        reason = "GOVERNANCE_TEST_REDIS_URL is not set"
    else:
        probe = sync_redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
        try:
            probe.ping()
        except (sync_redis.RedisError, OSError) as error:
            reason = f"Redis at {REDIS_URL} does not answer ({error})"
        finally:
            probe.close()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {reason}.", pytrace=False)
        pytest.skip(reason)
    return REDIS_URL


async def _forget(url: str, keys: list[str]) -> None:
    """Delete the counters behind `keys` (as the application names them)."""
    if not keys:
        return
    cleaner = redis.from_url(url)
    try:
        await cleaner.delete(*(KEY_PREFIX + key for key in keys))
    finally:
        await cleaner.aclose()


@dataclass
class Counter:
    """A counter under test, and the keys it was given (deleted afterwards)."""

    store: FailureCounter
    keys: list[str] = field(default_factory=list)

    def new_key(self) -> str:
        self.keys.append(f"test:{uuid.uuid4().hex}")
        return self.keys[-1]


@pytest.fixture(params=["memory", "redis"])
async def counter(request: pytest.FixtureRequest) -> AsyncIterator[Counter]:
    url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    made = Counter(RedisFailureCounter(url) if url else MemoryFailureCounter())
    try:
        yield made
    finally:
        await made.store.close()
        if url is not None:
            await _forget(url, made.keys)


async def test_a_key_waits_only_once_it_reaches_its_limit(counter: Counter) -> None:
    key, other = counter.new_key(), counter.new_key()
    for _ in range(2):
        await counter.store.record_failure(key, 60)
    assert await counter.store.retry_after(key, 3, 60) is None
    await counter.store.record_failure(key, 60)
    wait = await counter.store.retry_after(key, 3, 60)
    assert wait is not None and 1 <= wait <= 61, wait
    # Another account (or client) is not held back by this one's failures.
    assert await counter.store.retry_after(other, 3, 60) is None


async def test_failures_older_than_the_window_are_forgotten(counter: Counter) -> None:
    key = counter.new_key()
    for _ in range(3):
        await counter.store.record_failure(key, 1)
    await asyncio.sleep(2.5)
    assert await counter.store.retry_after(key, 3, 1) is None


async def _sign_in(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    client.cookies.clear()
    return await client.post("/api/v1/auth/login", json={"email": email, "password": password})


async def test_two_workers_sharing_redis_count_failures_together(api: Api, redis_url: str) -> None:
    """Five wrong passwords on each of two workers lock the account on both (the limit is
    ten): only a shared count can see ten."""
    await api.platform_admin()
    await api.org("acme")
    name = f"bo{uuid.uuid4().hex[:8]}"
    await api.add_member("acme", name, by="root")
    email = f"{name}@acme.example"
    client_host = f"192.0.2.{uuid.uuid4().int % 254 + 1}"
    shared = Settings(
        database_url=api.runtime.settings.database_url,
        env="test",
        password_hashing="fast",
        redis_url=redis_url,
    )
    assert shared.login_failures_per_account == 10
    try:
        async with (
            running(shared, rebind=api.runtime, client_host=client_host) as first,
            running(shared, rebind=api.runtime, client_host=client_host) as second,
        ):
            for attempt in range(10):
                worker = first if attempt % 2 == 0 else second
                wrong = await _sign_in(worker, email, f"wrong password {attempt}")
                assert wrong.status_code == 401, (attempt, wrong.text)
            for worker in (first, second):
                locked = await _sign_in(worker, email, PASSWORD)
                assert locked.status_code == 429, locked.text
                assert int(locked.headers["retry-after"]) > 0
    finally:
        await _forget(redis_url, [f"account:{email}", f"client:{client_host}"])
