"""Sign-in under attack: lock-out per account that spares other accounts, the same time for
known and unknown emails, a fresh session id at the sign-in page, and sign-out that ends the
session on the server. (The API's own session-id and logout checks are in
tests/web/members/test_auth_api.py.)"""

from __future__ import annotations

import statistics
import time
from typing import Any

import httpx

from governance.settings import Settings
from tests.helpers import PASSWORD, Api
from tests.web.members.live_app import running
from tests.web.members.test_auth_api import cookie_value
from tests.web.pages.test_pages import HTML, csrf_of


async def setup(api: Api) -> None:
    await api.platform_admin()
    await api.org("acme")
    await api.add_member("acme", "ada", by="root", roles=["admin"])
    await api.add_member("acme", "bo", by="root")


async def login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    client.cookies.clear()
    return await client.post("/api/v1/auth/login", json={"email": email, "password": password})


async def test_twenty_wrong_passwords_lock_that_account_only(api: Api) -> None:
    await setup(api)
    statuses = []
    for attempt in range(20):
        wrong = await login(api.client, "bo@acme.example", f"wrong password {attempt}")
        statuses.append(wrong.status_code)
        if wrong.status_code == 429:
            assert int(wrong.headers["retry-after"]) > 0
            assert wrong.headers["content-type"].startswith("application/problem+json")
        # Meanwhile somebody else signs in as usual.
        other = await login(api.client, "ada@acme.example", PASSWORD)
        assert other.status_code == 200, (attempt, other.text)
    assert set(statuses[:10]) == {401}
    assert set(statuses[10:]) == {429}, statuses
    locked = await login(api.client, "bo@acme.example", PASSWORD)
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0


async def _median_seconds(client: httpx.AsyncClient, email: str, times: int) -> float:
    taken = []
    for attempt in range(times):
        started = time.perf_counter()
        response = await login(client, email, f"not the password {attempt}")
        taken.append(time.perf_counter() - started)
        assert response.status_code == 401
    return statistics.median(taken)


async def test_unknown_and_known_emails_take_the_same_time(api: Api) -> None:
    """With the production hashing profile: an unknown email must still cost a hash."""
    await setup(api)
    standard = Settings(
        database_url=api.runtime.settings.database_url, env="test", password_hashing="standard"
    )
    async with running(standard, rebind=api.runtime) as client:
        # Signing in once upgrades bo's (fast test) hash to the standard profile.
        assert (await login(client, "bo@acme.example", PASSWORD)).status_code == 200
        await _median_seconds(client, "warm@nowhere.example", 1)
        known = await _median_seconds(client, "bo@acme.example", 5)
        unknown = await _median_seconds(client, "nobody@acme.example", 5)
    # Generous: a skipped hash would be 20 to 100 times faster, not 2 times.
    assert unknown > known / 2.5 and known > unknown / 2.5, (known, unknown)


async def test_the_sign_in_page_gives_a_new_session_and_sign_out_ends_it(
    api: Api, client: Any
) -> None:
    await setup(api)

    async def sign_in() -> str:
        client.cookies.clear()
        form = await client.get("/sign-in", headers=HTML)
        done = await client.post(
            "/sign-in",
            data={"_csrf": csrf_of(form.text), "email": "bo@acme.example", "password": PASSWORD},
            headers=HTML,
        )
        assert done.status_code == 303, done.text
        return cookie_value(done, "session")

    first = await sign_in()
    second = await sign_in()
    assert second != first
    home = await client.get("/", headers=HTML)
    out = await client.post("/sign-out", data={"_csrf": csrf_of(home.text)}, headers=HTML)
    assert out.status_code == 303
    client.cookies.clear()
    # Signing out ends this session on the server; the other (another device) goes on.
    replay = await client.get("/api/v1/me", headers={"Cookie": f"session={second}"})
    assert replay.status_code == 401
    other = await client.get("/api/v1/me", headers={"Cookie": f"session={first}"})
    assert other.status_code == 200
