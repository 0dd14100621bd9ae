"""The pages over HTTP: forms with CSRF, errors shown beside fields, redirects, privacy."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.helpers import PASSWORD, Api

HTML = {"accept": "text/html"}


def csrf_of(html: str) -> str:
    found = re.search(r'name="_csrf" value="([^"]+)"', html)
    assert found, "the page has a _csrf field"
    return found.group(1)


async def sign_in(client: Any, email: str, next_path: str = "/") -> None:
    client.cookies.clear()
    form = await client.get("/sign-in", headers=HTML)
    assert form.status_code == 200
    response = await client.post(
        "/sign-in",
        data={"_csrf": csrf_of(form.text), "email": email, "password": PASSWORD, "next": next_path},
        headers=HTML,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == next_path


@pytest.fixture
async def org(api: Api) -> dict[str, Any]:
    """An organisation with a 3-seat board (quota 0.51: 2 seats reserved) and members."""
    await api.platform_admin()
    await api.org("acme")
    await api.add_member("acme", "ada", by="root", roles=["admin"], lived_experience=True)
    await api.add_member("acme", "bo", by="root", lived_experience=True)
    await api.add_member("acme", "cy", by="root")
    await api.add_member("acme", "di", by="root")
    created = await api.post(
        "/orgs/acme/bodies",
        "root",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 3},
    )
    assert created.status_code == 201, created.text
    return {"slug": "acme"}


async def test_sign_in_page_has_the_contract_labels(client: Any) -> None:
    page = await client.get("/sign-in", headers=HTML)
    assert page.status_code == 200
    assert '<label for="email">Email</label>' in page.text
    assert '<label for="password">Password</label>' in page.text
    assert ">Sign in</button>" in page.text
    assert 'lang="en"' in page.text
    assert "csrftoken" in page.headers.get("set-cookie", "")


async def test_wrong_password_re_renders_with_the_email_kept(client: Any, org: Any) -> None:
    form = await client.get("/sign-in", headers=HTML)
    response = await client.post(
        "/sign-in",
        data={"_csrf": csrf_of(form.text), "email": "ada@acme.example", "password": "nope"},
        headers=HTML,
    )
    assert response.status_code == 400
    assert "do not match an account" in response.text
    assert 'value="ada@acme.example"' in response.text
    assert 'href="#email"' in response.text  # the error summary links to the field
    assert "nope" not in response.text


async def test_sign_in_without_the_form_token_is_refused(client: Any, org: Any) -> None:
    response = await client.post(
        "/sign-in", data={"email": "ada@acme.example", "password": PASSWORD}, headers=HTML
    )
    assert response.status_code == 403
    assert "text/html" in response.headers["content-type"]
    assert "session" not in response.cookies


async def test_signed_out_page_request_redirects_to_sign_in(client: Any, org: Any) -> None:
    response = await client.get("/orgs/acme/members", headers=HTML)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/orgs/acme/members"
    api_response = await client.get("/api/v1/orgs/acme/members")
    assert api_response.status_code == 401
    assert api_response.headers["content-type"].startswith("application/problem+json")


async def test_public_org_home_is_readable_signed_out(client: Any, api: Api, org: Any) -> None:
    private = await client.get("/orgs/acme", headers=HTML)
    assert private.status_code == 303 and private.headers["location"].startswith("/sign-in")
    await api.patch("/orgs/acme", "root", json={"public": True})
    public = await client.get("/orgs/acme", headers=HTML)
    assert public.status_code == 200
    assert "<h1>Acme Peers</h1>" in public.text


async def test_unknown_page_is_an_html_404(client: Any) -> None:
    response = await client.get("/orgs/nowhere/nothing/here", headers=HTML)
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "<h1>" in response.text


async def test_lived_experience_form_and_its_privacy(client: Any, api: Api, org: Any) -> None:
    await sign_in(client, "cy@acme.example", "/orgs/acme/me")
    me = await client.get("/orgs/acme/me", headers=HTML)
    assert "only you and this organisation's administrators" in me.text
    missing = await client.post(
        "/orgs/acme/me/lived-experience", data={"_csrf": csrf_of(me.text)}, headers=HTML
    )
    assert missing.status_code == 400
    assert 'aria-describedby="lived_experience-error"' in missing.text
    saved = await client.post(
        "/orgs/acme/me/lived-experience",
        data={"_csrf": csrf_of(me.text), "lived_experience": "yes"},
        headers=HTML,
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == "/orgs/acme/me?saved=1"
    shown = await client.get("/orgs/acme/me?saved=1", headers=HTML)
    assert "you have said you have lived experience" in shown.text

    # Another (non-admin) member never sees it, on the list or on cy's page.
    await sign_in(client, "di@acme.example")
    cy = api.people["cy"].member_id
    for path in ("/orgs/acme/members", f"/orgs/acme/members/{cy}"):
        page = await client.get(path, headers=HTML)
        assert page.status_code == 200
        assert "lived experience" not in page.text.lower().split("<main", 1)[1]


async def test_state_change_without_csrf_is_refused(client: Any, org: Any) -> None:
    await sign_in(client, "cy@acme.example")
    response = await client.post(
        "/orgs/acme/me/lived-experience", data={"lived_experience": "yes"}, headers=HTML
    )
    assert response.status_code == 403
    assert "security token" in response.text


async def test_quota_refusal_is_shown_on_the_seat_form(client: Any, api: Api, org: Any) -> None:
    await sign_in(client, "ada@acme.example")
    form = await client.get("/orgs/acme/bodies/board/seats/new", headers=HTML)
    assert form.status_code == 200
    token = csrf_of(form.text)
    cy, di = api.people["cy"].member_id, api.people["di"].member_id
    first = await client.post(
        "/orgs/acme/bodies/board/seats/new",
        data={"_csrf": token, "member_id": cy, "role": "director", "starts_on": "2026-01-01"},
        headers=HTML,
    )
    assert first.status_code == 303
    assert first.headers["location"] == "/orgs/acme/bodies/board?changed=seated"
    refused = await client.post(
        "/orgs/acme/bodies/board/seats/new",
        data={"_csrf": token, "member_id": di, "role": "director", "starts_on": "2026-01-01"},
        headers=HTML,
    )
    assert refused.status_code == 409
    assert "lived-experience quota" in refused.text
    assert 'href="#member_id"' in refused.text
    assert f'<option value="{di}" selected>' in refused.text
    bad_date = await client.post(
        "/orgs/acme/bodies/board/seats/new",
        data={"_csrf": token, "member_id": di, "role": "director", "starts_on": "soon"},
        headers=HTML,
    )
    assert bad_date.status_code == 400
    assert 'id="starts_on-error"' in bad_date.text
    assert 'value="soon"' in bad_date.text


async def test_add_member_shows_the_invitation_once(client: Any, org: Any) -> None:
    await sign_in(client, "ada@acme.example")
    form = await client.get("/orgs/acme/members/new", headers=HTML)
    added = await client.post(
        "/orgs/acme/members/new",
        data={"_csrf": csrf_of(form.text), "email": "new@acme.example", "display_name": "Newt"},
        headers=HTML,
    )
    assert added.status_code == 200
    link = re.search(r'value="(http://testserver/accept-invite\?token=[^"]+)"', added.text)
    assert link
    again = await client.post(
        "/orgs/acme/members/new",
        data={"_csrf": csrf_of(form.text), "email": "new@acme.example", "display_name": "Newt"},
        headers=HTML,
    )
    assert again.status_code == 409
    assert "already a member" in again.text

    client.cookies.clear()
    token = link.group(1).split("token=", 1)[1]
    page = await client.get(f"/accept-invite?token={token}", headers=HTML)
    short = await client.post(
        "/accept-invite",
        data={"_csrf": csrf_of(page.text), "token": token, "password": "short"},
        headers=HTML,
    )
    assert short.status_code == 400 and 'id="password-error"' in short.text
    accepted = await client.post(
        "/accept-invite",
        data={"_csrf": csrf_of(page.text), "token": token, "password": "a long new password"},
        headers=HTML,
    )
    assert accepted.status_code == 303
    assert accepted.headers["location"] == "/sign-in?done=invited"


async def test_non_admin_cannot_open_admin_forms(client: Any, org: Any) -> None:
    await sign_in(client, "cy@acme.example")
    response = await client.get("/orgs/acme/members/new", headers=HTML)
    assert response.status_code == 403
    assert "administrators" in response.text


async def test_sign_out_needs_the_token_and_ends_the_session(client: Any, org: Any) -> None:
    await sign_in(client, "cy@acme.example")
    home = await client.get("/", headers=HTML)
    assert "Acme Peers" in home.text
    refused = await client.post("/sign-out", headers=HTML, data={})
    assert refused.status_code == 403
    done = await client.post("/sign-out", data={"_csrf": csrf_of(home.text)}, headers=HTML)
    assert done.status_code == 303
    assert done.headers["location"] == "/sign-in?done=signed-out"
    after = await client.get("/orgs/acme/members", headers=HTML)
    assert after.status_code == 303


async def test_stylesheet_is_small_and_served(client: Any) -> None:
    response = await client.get("/static/css/site.css")
    assert response.status_code == 200
    assert len(response.content) < 30_000
    assert "@font-face" not in response.text
