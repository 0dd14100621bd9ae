"""Issue 11, item 7: bad input and abuse, each as it was performed on e00c7fa (where each
gave a 500, was accepted, or locked the owner out)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from governance.settings import Settings
from tests.helpers import PASSWORD, Api
from tests.security.world import ORG, World, build_world
from tests.web.members.live_app import running

BIG = 2**63
PROBLEM = "application/problem+json"


def is_problem(response: Any, status: int) -> bool:
    return response.status_code == status and response.headers["content-type"].startswith(PROBLEM)


@pytest.fixture
async def world(api: Api) -> World:
    return await build_world(api)


async def test_json_nested_a_thousand_deep_is_400(world: World) -> None:
    deep = "[" * 5000 + "]" * 5000
    deep_object = '{"a":' * 5000 + "1" + "}" * 5000
    for body in (deep, deep_object, '{"email": ' + deep + ', "password": "x"}'):
        signed_out = await world.call(
            "POST",
            "/api/v1/auth/login",
            None,
            content=body,
            headers={"content-type": "application/json"},
        )
        assert is_problem(signed_out, 400), signed_out.text
    admin = await world.call(
        "POST",
        f"/api/v1/orgs/{ORG}/bodies",
        "admin",
        content=deep_object,
        headers={"content-type": "application/json"},
    )
    assert is_problem(admin, 400), admin.text


async def test_integers_beyond_64_bits_are_400(world: World) -> None:
    audit = await world.call("GET", f"/api/v1/orgs/{ORG}/audit?after={BIG}", "member")
    assert is_problem(audit, 400), audit.text
    published = await world.published_meeting()
    pdf = await world.call(
        "GET", f"/api/v1/orgs/{ORG}/meetings/{published}/minutes.pdf?version={BIG}", "member"
    )
    assert is_problem(pdf, 400), pdf.text


async def test_nul_and_control_characters_in_text_are_400_on_both_engines(world: World) -> None:
    api = world.api
    attempts = [
        ("PATCH", f"/orgs/{ORG}", {"name": "Acme\u0000Peers"}),
        ("POST", f"/orgs/{ORG}/members", {"email": "n@acme.example", "display_name": "N\u0000"}),
        (
            "POST",
            f"/orgs/{ORG}/bodies",
            {"slug": "c2", "name": "C\u0000", "kind": "committee", "seats": 3},
        ),
        (
            "POST",
            f"/orgs/{ORG}/meetings/{world.meeting}/motions",
            {"title": "T\u0000", "text": "x"},
        ),
        ("POST", "/auth/tokens", {"name": "bell\u0007"}),
    ]
    for method, path, body in attempts:
        who = "d2" if "motions" in path else "admin"
        response = await api.request(method, path, who, json=body)
        assert is_problem(response, 400), (path, response.status_code, response.text)
    # Ordinary line breaks and tabs in long text are fine.
    fine = await api.post(
        f"/orgs/{ORG}/meetings/{world.meeting}/motions",
        "d2",
        json={"title": "Budget", "text": "Line one\n\tLine two\r\n"},
    )
    assert fine.status_code == 201, fine.text


async def test_a_slug_ending_in_a_newline_is_refused(api: Api) -> None:
    await api.platform_admin()
    made = await api.post("/orgs", "root", json={"slug": "acme\n", "name": "Acme"})
    assert is_problem(made, 400), made.text
    assert (await api.get("/orgs/acme%0A", "root")).status_code == 404


async def test_login_with_a_text_plain_json_body_is_refused(api: Api) -> None:
    """A cross-site form can send text/plain without a preflight: sign-in CSRF."""
    await api.platform_admin()
    await api.org("acme")
    await api.add_member("acme", "bo", by="root")
    api.client.cookies.clear()
    forged = await api.client.post(
        "/api/v1/auth/login",
        content=f'{{"email": "bo@acme.example", "password": "{PASSWORD}"}}',
        headers={"content-type": "text/plain"},
    )
    assert is_problem(forged, 415), forged.text
    assert "set-cookie" not in forged.headers


def client_from(api: Api, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=api.client.app, client=(address, 40000))  # type: ignore[attr-defined]
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def guess(client: httpx.AsyncClient, password: str, **headers: str) -> int:
    client.cookies.clear()
    response = await client.post(
        "/api/v1/auth/login",
        json={"email": "chair@acme.example", "password": password},
        headers=headers,
    )
    return response.status_code


async def test_guessing_from_one_address_does_not_lock_the_owner_out(api: Api) -> None:
    await api.platform_admin()
    await api.org("acme")
    await api.add_member("acme", "chair", by="root")
    async with (
        client_from(api, "203.0.113.66") as attacker,
        client_from(api, "198.51.100.7") as owner,
    ):
        # X-Forwarded-For is not trusted by default: rotating it does not help the attacker.
        statuses = [
            await guess(attacker, f"wrong {i}", **{"x-forwarded-for": f"192.0.2.{i}"})
            for i in range(12)
        ]
        assert statuses[:10] == [401] * 10 and statuses[10:] == [429, 429], statuses
        assert await guess(attacker, PASSWORD) == 429
        # The chair, from their own address, signs in before the vote.
        assert await guess(owner, PASSWORD) == 200


async def test_forwarded_for_counts_only_behind_a_trusted_proxy(api: Api) -> None:
    await api.platform_admin()
    await api.org("acme")
    await api.add_member("acme", "chair", by="root")
    trusted = Settings(
        database_url=api.runtime.settings.database_url,
        env="test",
        password_hashing="fast",
        trusted_proxies=("127.0.0.1",),
    )
    async with running(trusted, rebind=api.runtime) as proxy:
        for i in range(10):
            assert await guess(proxy, f"wrong {i}", **{"x-forwarded-for": "203.0.113.66"}) == 401
        assert await guess(proxy, PASSWORD, **{"x-forwarded-for": "203.0.113.66"}) == 429
        assert await guess(proxy, PASSWORD, **{"x-forwarded-for": "198.51.100.7"}) == 200


async def test_common_and_trivial_passwords_are_refused_with_help(api: Api) -> None:
    await api.platform_admin()
    await api.org("acme")
    await api.add_member("acme", "ada", by="root", roles=["admin"])
    for weak in ("password123", "qwertyuiop", "aaaaaaaaaaaa", "1234567890", "adaada1234"):
        added = await api.post(
            "/orgs/acme/members",
            "ada",
            json={"email": "cy@acme.example", "display_name": "Cy", "password": weak},
        )
        assert is_problem(added, 400), weak
        assert added.json()["field"] == "password"
        assert "words" in added.json()["detail"]
    invited = await api.post(
        "/orgs/acme/members", "ada", json={"email": "dee@acme.example", "display_name": "Dee"}
    )
    token = invited.json()["invite_token"]
    weak_accept = await api.post(
        "/auth/accept-invite", json={"token": token, "password": "password1234"}
    )
    assert is_problem(weak_accept, 400)
    from governance.errors import InvalidInput
    from governance.members.accounts import create_platform_admin

    with pytest.raises(InvalidInput):
        await create_platform_admin(
            api.runtime, email="x@platform.example", display_name="X", password="letmein123"
        )


@pytest.mark.sqlite_only
async def test_a_read_only_database_says_nothing_was_saved(api: Api, tmp_path: Path) -> None:
    await api.platform_admin()
    await api.org("acme")
    path = api.runtime.settings.sqlite_path
    ro = tmp_path / "ro"
    ro.mkdir()
    copy = ro / "governance.db"
    subprocess.run(["sqlite3", path, f".backup {copy}"], check=True)
    subprocess.run(["chattr", "+i", str(copy)], check=True)
    try:
        settings = Settings(database_url=f"sqlite:///{copy}", env="test", password_hashing="fast")
        async with running(settings, rebind=api.runtime) as client:
            root = api.people["root"].headers
            read = await client.get("/api/v1/orgs/acme", headers=root)
            assert read.status_code == 200, read.text
            write = await client.post(
                "/api/v1/orgs", json={"slug": "bravo", "name": "Bravo"}, headers=root
            )
            assert is_problem(write, 503), write.text
            assert "Nothing was saved" in write.json()["detail"]
            assert "try again later" in write.json()["detail"]
    finally:
        subprocess.run(["chattr", "-i", str(copy)], check=True)
