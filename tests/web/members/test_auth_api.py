"""Signing in and out, sessions, CSRF, API tokens, rate limits, password rules, invitations."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from http.cookies import SimpleCookie

import httpx

from governance.members.tables import Account, ApiToken, AuthSession, Membership
from governance.security import STANDARD, PasswordService
from governance.settings import Settings
from tests.helpers import PASSWORD, Api
from tests.web.members.live_app import running

KEY = "s" * 48


def set_cookies(response: httpx.Response) -> dict[str, str]:
    """Each Set-Cookie header by cookie name, lower-cased for attribute checks."""
    found = {}
    for header in response.headers.get_list("set-cookie"):
        name = header.split("=", 1)[0].strip()
        found[name] = header.lower()
    return found


def cookie_value(response: httpx.Response, name: str) -> str:
    for header in response.headers.get_list("set-cookie"):
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        if name in jar:
            return jar[name].value
    raise AssertionError(f"no {name} cookie set")


async def login(api: Api, email: str, password: str = PASSWORD, **kw: object) -> httpx.Response:
    api.client.cookies.clear()
    return await api.client.post(
        "/api/v1/auth/login", json={"email": email, "password": password}, **kw
    )


async def setup(api: Api) -> None:
    await api.platform_admin()
    await api.org("acme")
    await api.add_member("acme", "ada", by="root", roles=["admin"])
    await api.add_member("acme", "bo", by="root")


async def test_login_sets_httponly_samesite_lax_cookies_not_secure_in_tests(api: Api) -> None:
    await setup(api)
    response = await login(api, "bo@acme.example")
    assert response.status_code == 200, response.text
    assert response.json()["account"]["email"] == "bo@acme.example"
    cookies = set_cookies(response)
    assert "httponly" in cookies["session"]
    assert "samesite=lax" in cookies["session"]
    assert "secure" not in cookies["session"]
    # The CSRF cookie must be readable by scripts (double submit), but is also Lax.
    assert "httponly" not in cookies["csrftoken"]
    assert "samesite=lax" in cookies["csrftoken"]
    assert response.json()["csrf_token"] == cookie_value(response, "csrftoken")
    me = await api.client.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["email"] == "bo@acme.example"
    assert [o["slug"] for o in me.json()["organisations"]] == ["acme"]


async def test_production_cookies_are_secure_and_hsts_is_sent(api: Api) -> None:
    await setup(api)
    production = Settings(
        database_url=api.runtime.settings.database_url, env="production", secret_key=KEY
    )
    assert production.secure_cookies
    async with running(production, rebind=api.runtime) as client:
        response = await client.post(
            "/api/v1/auth/login", json={"email": "bo@acme.example", "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        cookies = set_cookies(response)
        assert "secure" in cookies["session"] and "httponly" in cookies["session"]
        assert "samesite=lax" in cookies["session"]
        assert "secure" in cookies["csrftoken"]
        assert "max-age" in response.headers["strict-transport-security"]


async def test_wrong_password_and_unknown_email_get_the_same_401(api: Api) -> None:
    await setup(api)
    wrong = await login(api, "bo@acme.example", "not the password at all")
    unknown = await login(api, "nobody@acme.example", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.headers["content-type"] == unknown.headers["content-type"]
    assert wrong.headers["content-type"].startswith("application/problem+json")
    strip = ("request_id",)
    body_wrong = {k: v for k, v in wrong.json().items() if k not in strip}
    body_unknown = {k: v for k, v in unknown.json().items() if k not in strip}
    assert body_wrong == body_unknown
    assert "set-cookie" not in wrong.headers and "set-cookie" not in unknown.headers


async def test_email_is_case_insensitive_at_sign_in(api: Api) -> None:
    await setup(api)
    assert (await login(api, "  BO@Acme.Example ")).status_code == 200


async def test_each_login_gets_a_new_session_id_even_with_a_planted_cookie(api: Api) -> None:
    await setup(api)
    first = cookie_value(await login(api, "bo@acme.example"), "session")
    second = cookie_value(await login(api, "bo@acme.example"), "session")
    assert first != second
    api.client.cookies.clear()
    planted = await api.client.post(
        "/api/v1/auth/login",
        json={"email": "bo@acme.example", "password": PASSWORD},
        headers={"Cookie": "session=attacker-chosen-value"},
    )
    assert cookie_value(planted, "session") not in ("attacker-chosen-value", first, second)
    # The database never holds a session token itself, only its SHA-256.
    ids = {r["id"] for r in await AuthSession.select(AuthSession.id)}
    assert first not in ids and second not in ids


async def test_logout_destroys_the_session_on_the_server(api: Api) -> None:
    await setup(api)
    response = await login(api, "bo@acme.example")
    session, csrf = cookie_value(response, "session"), cookie_value(response, "csrftoken")
    before = await AuthSession.count()
    refused = await api.client.post("/api/v1/auth/logout")
    assert refused.status_code == 403  # no CSRF token: the session survives
    assert await AuthSession.count() == before
    out = await api.client.post("/api/v1/auth/logout", headers={"x-csrftoken": csrf})
    assert out.status_code == 200
    assert await AuthSession.count() == before - 1
    api.client.cookies.clear()
    replay = await api.client.get(
        "/api/v1/me", headers={"Cookie": f"session={session}; csrftoken={csrf}"}
    )
    assert replay.status_code == 401


async def test_csrf_is_required_for_cookie_authenticated_changes(api: Api) -> None:
    await setup(api)
    response = await login(api, "ada@acme.example")
    csrf = cookie_value(response, "csrftoken")
    members_before = await Membership.count()
    new = {"email": "cy@acme.example", "display_name": "Cy", "password": PASSWORD}

    missing = await api.client.post("/api/v1/orgs/acme/members", json=new)
    assert missing.status_code == 403
    assert missing.json()["type"].endswith("/csrf")
    mismatched = await api.client.post(
        "/api/v1/orgs/acme/members", json=new, headers={"x-csrftoken": "x" * 43}
    )
    assert mismatched.status_code == 403
    assert await Membership.count() == members_before
    assert not await Account.exists().where(Account.email == "cy@acme.example")

    # Reads need no CSRF token.
    assert (await api.client.get("/api/v1/orgs/acme/members")).status_code == 200

    ok = await api.client.post("/api/v1/orgs/acme/members", json=new, headers={"x-csrftoken": csrf})
    assert ok.status_code == 201, ok.text
    assert await Membership.count() == members_before + 1


async def test_a_bearer_token_needs_no_csrf_and_a_bad_one_is_refused(api: Api) -> None:
    await setup(api)
    ok = await api.post(
        "/orgs/acme/members",
        "ada",
        json={"email": "cy@acme.example", "display_name": "Cy", "password": PASSWORD},
    )
    assert ok.status_code == 201
    bad = await api.get("/me", headers={"Authorization": "Bearer gov_not-a-real-token"})
    assert bad.status_code == 401
    assert bad.headers["content-type"].startswith("application/problem+json")
    bad_write = await api.post(
        "/orgs/acme/members",
        headers={"Authorization": "Bearer gov_not-a-real-token"},
        json={"email": "dee@acme.example", "display_name": "Dee"},
    )
    assert bad_write.status_code == 401
    assert not await Account.exists().where(Account.email == "dee@acme.example")


async def test_api_tokens_are_shown_once_and_stored_only_as_hashes(api: Api) -> None:
    await setup(api)
    created = await api.post("/auth/tokens", "bo", json={"name": "my script"})
    assert created.status_code == 201
    token = created.json()["token"]
    assert token.startswith("gov_")
    stored = await ApiToken.select(ApiToken.token_hash, ApiToken.name)
    assert all(token not in str(row) for row in stored)
    me = await api.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["email"] == "bo@acme.example"
    assert (await api.post("/auth/tokens", json={"name": "x"})).status_code == 401


async def test_password_rules_min_10_and_a_maximum(api: Api) -> None:
    await setup(api)
    for password in ("short", "123456789", "x" * 1025):
        response = await api.post(
            "/orgs/acme/members",
            "ada",
            json={"email": "cy@acme.example", "display_name": "Cy", "password": password},
        )
        assert response.status_code == 400, password
        assert response.json()["field"] == "password"
    assert not await Account.exists().where(Account.email == "cy@acme.example")
    ten = await api.post(
        "/orgs/acme/members",
        "ada",
        json={"email": "cy@acme.example", "display_name": "Cy", "password": "0123456789"},
    )
    assert ten.status_code == 400  # ten characters, but trivial (issue 11)
    ten = await api.post(
        "/orgs/acme/members",
        "ada",
        json={"email": "cy@acme.example", "display_name": "Cy", "password": "quiet orbit lamp"},
    )
    assert ten.status_code == 201
    # An absurdly long password at sign-in is just a wrong password, not an error.
    assert (await login(api, "cy@acme.example", "y" * 100_000)).status_code == 401


async def test_rate_limit_per_account_spares_other_accounts(api: Api) -> None:
    await setup(api)
    for _ in range(10):
        assert (await login(api, "bo@acme.example", "wrong password!")).status_code == 401
    limited = await login(api, "bo@acme.example", PASSWORD)  # even the right one now waits
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0
    assert limited.headers["content-type"].startswith("application/problem+json")
    assert "Wait" in limited.json()["detail"]
    assert "set-cookie" not in limited.headers
    other = await login(api, "ada@acme.example", PASSWORD)
    assert other.status_code == 200


async def test_rate_limit_per_client(api: Api) -> None:
    await setup(api)
    # 100 failures from one client address, spread over many accounts, lock that client out.
    for i in range(100):
        await login(api, f"guess{i}@acme.example", "wrong password!")
    blocked = await login(api, "ada@acme.example", PASSWORD)
    assert blocked.status_code == 429


async def test_a_hash_with_old_parameters_is_upgraded_at_sign_in(api: Api) -> None:
    await setup(api)
    old = await Account.select(Account.password_hash).where(Account.email == "bo@acme.example")
    assert "m=1024" in old[0]["password_hash"]  # made with the fast test profile
    fast = api.runtime.passwords
    standard = PasswordService(profile="standard")
    assert standard.needs_rehash(old[0]["password_hash"])
    api.runtime.passwords = standard
    try:
        assert (await login(api, "bo@acme.example")).status_code == 200
        new = await Account.select(Account.password_hash).where(Account.email == "bo@acme.example")
        assert f"m={STANDARD['memory_cost']}" in new[0]["password_hash"]
        assert not standard.needs_rehash(new[0]["password_hash"])
        # The upgraded hash still signs in; a wrong password still fails.
        assert (await login(api, "bo@acme.example")).status_code == 200
        assert (await login(api, "bo@acme.example", "wrong password!")).status_code == 401
    finally:
        api.runtime.passwords = fast
        standard.close()


async def test_invitation_sets_the_password_once(api: Api) -> None:
    await setup(api)
    added = await api.post(
        "/orgs/acme/members", "ada", json={"email": "cy@acme.example", "display_name": "Cy"}
    )
    assert added.status_code == 201
    token = added.json()["invite_token"]
    member_id = added.json()["id"]
    again = await api.get(f"/orgs/acme/members/{member_id}", "ada")
    assert "invite_token" not in again.json()
    # No password yet: nobody can sign in as the invitee.
    assert (await login(api, "cy@acme.example", "anything at all")).status_code == 401
    short = await api.post("/auth/accept-invite", json={"token": token, "password": "short"})
    assert short.status_code == 400
    accepted = await api.post(
        "/auth/accept-invite", json={"token": token, "password": "a brand new password"}
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["account"]["email"] == "cy@acme.example"
    assert (await login(api, "cy@acme.example", "a brand new password")).status_code == 200
    reused = await api.post(
        "/auth/accept-invite", json={"token": token, "password": "another new password"}
    )
    assert reused.status_code == 409
    assert (await login(api, "cy@acme.example", "another new password")).status_code == 401
    bogus = await api.post(
        "/auth/accept-invite", json={"token": "inv_bogus", "password": "another new password"}
    )
    assert bogus.status_code == 409


async def test_adding_a_member_with_a_password_gives_no_invitation(api: Api) -> None:
    await setup(api)
    added = await api.post(
        "/orgs/acme/members",
        "ada",
        json={"email": "cy@acme.example", "display_name": "Cy", "password": PASSWORD},
    )
    assert "invite_token" not in added.json()


def run_cli(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVERNANCE_")}
    env.update(
        GOVERNANCE_ENV="test",
        GOVERNANCE_DATABASE_URL=database_url,
        GOVERNANCE_PASSWORD_HASHING="fast",
    )
    return subprocess.run(
        [sys.executable, "-m", "governance.cli", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_admin_create_reads_the_password_from_stdin_never_argv(api: Api) -> None:
    url = api.runtime.settings.database_url
    refused = await asyncio.to_thread(
        run_cli, url, "admin", "create", "--email", "x@p.example", "--name", "X", "--password", "p"
    )
    assert refused.returncode == 2  # argparse: there is no --password option
    short = await asyncio.to_thread(
        run_cli, url, "admin", "create", "--email", "x@p.example", "--name", "X", stdin="short\n"
    )
    assert short.returncode == 1
    assert "Not created" in short.stderr
    created = await asyncio.to_thread(
        run_cli,
        url,
        "admin",
        "create",
        "--email",
        "Boss@Platform.example",
        "--name",
        "Boss",
        stdin="a long enough password\n",
    )
    assert created.returncode == 0, created.stderr
    assert "a long enough password" not in created.stdout + created.stderr
    signed_in = await login(api, "boss@platform.example", "a long enough password")
    assert signed_in.status_code == 200, signed_in.text
    assert signed_in.json()["account"]["platform_admin"] is True
    dup = await asyncio.to_thread(
        run_cli,
        url,
        "admin",
        "create",
        "--email",
        "boss@platform.example",
        "--name",
        "Boss",
        stdin="a long enough password\n",
    )
    assert dup.returncode == 1
    assert "already exists" in dup.stderr
