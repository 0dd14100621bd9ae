"""Hostile input: oversized and malformed bodies, wrong types, markup and SQL in every text
field (stored as text, shown escaped), and path traversal through the file routes."""

from __future__ import annotations

import json

import pytest

from tests.helpers import Api
from tests.security.world import ORG, World, build_world

HTML = {"accept": "text/html"}
XSS = "<script>alert('x')</script><img src=x onerror=alert(1)>"
SQL = "Robert'); DROP TABLE account;-- \" OR 1=1"
EVIL = f"{XSS} {SQL}"


async def test_bodies_over_one_mebibyte_are_refused_with_413(api: Api) -> None:
    await api.platform_admin()
    big = json.dumps({"slug": "big", "name": "x" * (1024 * 1024 + 10)})
    response = await api.post(
        "/orgs", "root", content=big, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    form = await api.client.post("/sign-in", data={"email": "y" * (1024 * 1024 + 10)})
    assert form.status_code == 413


async def test_malformed_json_and_wrong_types_are_400_naming_the_field(api: Api) -> None:
    await api.platform_admin()
    await api.org(ORG)
    broken = await api.post(
        f"/orgs/{ORG}/bodies",
        "root",
        content=b'{"slug": "board", "name": ',
        headers={"content-type": "application/json"},
    )
    assert broken.status_code == 400
    assert broken.headers["content-type"].startswith("application/problem+json")
    wrong = await api.post(
        f"/orgs/{ORG}/bodies",
        "root",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": "nine"},
    )
    assert wrong.status_code == 400
    assert "seats" in wrong.text
    not_object = await api.post(f"/orgs/{ORG}/bodies", "root", json=["board"])
    assert not_object.status_code == 400


def texts(value: object) -> list[str]:
    """Every string anywhere in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in texts(v)]
    return []


@pytest.fixture
async def world(api: Api) -> World:
    return await build_world(api)


async def test_markup_and_sql_in_every_text_field_is_stored_as_text_and_shown_escaped(
    world: World,
) -> None:
    api = world.api
    assert (await api.patch(f"/orgs/{ORG}", "admin", json={"name": EVIL})).status_code == 200
    person = await api.post(
        f"/orgs/{ORG}/members", "admin", json={"email": "evil@acme.example", "display_name": EVIL}
    )
    assert person.status_code == 201, person.text
    body = await api.post(
        f"/orgs/{ORG}/bodies",
        "admin",
        json={"slug": "evil", "name": EVIL, "kind": "committee", "seats": 3},
    )
    assert body.status_code == 201, body.text
    meeting = await world.ok(
        "POST",
        f"/orgs/{ORG}/bodies/board/meetings",
        "secretary",
        json={
            "title": EVIL,
            "scheduled_for": "2026-12-05T18:00:00Z",
            "location": EVIL,
            "agenda": [EVIL],
        },
    )
    motion = await world.ok(
        "POST",
        f"/orgs/{ORG}/meetings/{world.meeting}/motions",
        "d2",
        json={"title": EVIL, "text": EVIL},
    )
    await world.ok(
        "POST",
        f"/orgs/{ORG}/motions/{motion['id']}/recuse",
        "director",
        json={"reason": EVIL, "public": True},
    )
    notes = await api.put(
        f"/orgs/{ORG}/meetings/{meeting['id']}/minutes", "secretary", json={"notes": EVIL}
    )
    assert notes.status_code == 200, notes.text

    # JSON gives the text back exactly (JSON needs no HTML escaping).
    assert (await world.ok("GET", f"/orgs/{ORG}", "member"))["name"] == EVIL
    shown = await world.ok("GET", f"/orgs/{ORG}/meetings/{meeting['id']}", "member")
    assert shown["title"] == EVIL and shown["location"] == EVIL
    assert EVIL in texts(shown["agenda"])
    moved = await world.ok("GET", f"/orgs/{ORG}/motions/{motion['id']}", "member")
    assert moved["title"] == EVIL and moved["text"] == EVIL
    assert EVIL in texts(moved)  # the public recusal reason
    members = await world.ok("GET", f"/orgs/{ORG}/members", "admin")
    assert EVIL in [m["display_name"] for m in members["members"]]
    minutes = await world.ok("GET", f"/orgs/{ORG}/meetings/{meeting['id']}/minutes", "secretary")
    assert minutes["notes"] == EVIL
    # The SQL did nothing: the accounts are all still there.
    assert (await api.get("/me", "member")).status_code == 200

    pages = [
        f"/orgs/{ORG}",
        f"/orgs/{ORG}/bodies",
        f"/orgs/{ORG}/bodies/evil",
        f"/orgs/{ORG}/members",
        f"/orgs/{ORG}/members/{person.json()['id']}",
        f"/orgs/{ORG}/meetings/{meeting['id']}",
        f"/orgs/{ORG}/motions/{motion['id']}",
    ]
    for path in pages:
        page = await world.call("GET", path, "admin", headers=HTML)
        assert page.status_code == 200, (path, page.status_code)
        assert "<script>alert" not in page.text, path
        assert "onerror=alert" not in page.text.replace("onerror=alert(1)&gt;", ""), path
        assert "&lt;script&gt;" in page.text, (path, "the text is shown, escaped")


TRAVERSALS = [
    "/static/../pyproject.toml",
    "/static/%2e%2e/pyproject.toml",
    "/static/..%2fpyproject.toml",
    "/static/css/..%2f..%2fpyproject.toml",
    "/static/%2e%2e%2f%2e%2e%2fgovernance%2fsettings.py",
    "/static/..%5c..%5cpyproject.toml",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/css/site.css%00.py",
]


async def test_no_path_traversal_through_file_routes(world: World) -> None:
    published = await world.published_meeting()
    ids = [
        "..",
        "..%2f..%2fpyproject.toml",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        f"{published}%2f..%2f..",
        "..%5c..%5cwin.ini",
        "%00",
    ]
    paths = [*TRAVERSALS]
    for bad in ids:
        paths.append(f"/api/v1/orgs/{ORG}/meetings/{bad}/minutes.pdf")
        paths.append(f"/api/v1/orgs/{ORG}/meetings/{published}/minutes.pdf?version={bad}")
        if "%" in bad:  # a bare ".." is resolved by the client before it is sent
            paths.append(f"/orgs/{ORG}/meetings/{bad}")
    for path in paths:
        for who in (None, "member"):
            response = await world.call("GET", path, who)
            assert response.status_code in (400, 401, 404), (path, response.status_code)
            assert b"[project]" not in response.content and b"root:" not in response.content
    ok = await world.call("GET", f"/api/v1/orgs/{ORG}/meetings/{published}/minutes.pdf", "member")
    assert ok.status_code == 200 and ok.content.startswith(b"%PDF")


async def test_the_key_ceremony_refuses_markup_sql_and_malformed_values_naming_the_field(
    world: World,
) -> None:
    """Every field of the ceremony's routes is a number or a 64-hex point or scalar: anything
    else is 400 naming the field, and nothing is stored."""
    api = world.api
    base = f"/orgs/{ORG}/bodies/board/trustees"
    ids = [world.member_id("director"), world.member_id("d2")]
    for payload, field in (
        ({"member_ids": [EVIL], "threshold": 1}, "member_ids"),
        ({"member_ids": ids, "threshold": "two"}, "threshold"),
        ({"member_ids": ids, "threshold": 2**40}, "threshold"),
        ({"member_ids": EVIL, "threshold": 1}, "member_ids"),
    ):
        response = await api.post(base, "admin", json=payload)
        assert response.status_code == 400, (payload, response.text)
        assert field in response.text
    state = await world.ok("POST", base, "admin", json={"member_ids": ids, "threshold": 2})
    good = {"challenge": "00" * 32, "response": "00" * 32}
    G_HEX = "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"
    for payload, field in (
        ({"public_key": EVIL, "proof": good}, "public_key"),
        ({"public_key": "AB" * 32, "proof": good}, "public_key"),  # upper case is not canonical
        ({"public_key": G_HEX, "proof": {"challenge": SQL, "response": "00" * 32}},
         "challenge"),
        ({"public_key": "00" * 32, "proof": [EVIL]}, "proof"),
        ({"public_key": "00" * 32}, "proof"),
    ):  # fmt: skip
        response = await api.post(f"{base}/me/key", "director", json=payload)
        assert response.status_code == 400, (payload, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert field in response.text, (field, response.text)
    for payload in (
        {"commitments": [EVIL], "proof": good, "shares": []},
        {"commitments": "x", "proof": good, "shares": [{"to": EVIL}]},
    ):
        response = await api.post(f"{base}/me/dealing", "director", json=payload)
        assert response.status_code == 400, response.text
    for payload in ({"from": EVIL}, {"from": 1.5}, {"from": 2**70}, {}):
        response = await api.post(f"{base}/me/complain", "director", json=payload)
        assert response.status_code == 400, (payload, response.text)
    shown = await world.ok("GET", base, "member")
    assert shown["ceremony"] == state["ceremony"]
    assert all(t["public_key"] is None for t in shown["trustees"])
    assert EVIL not in texts(shown)
