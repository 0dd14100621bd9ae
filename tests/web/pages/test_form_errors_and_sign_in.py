"""Forms report every field's error at once, with words that say what to do, beside each
field and in a summary that takes the focus; signing in goes where the person was going
(only ever a path on this site) or to their one organisation."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.helpers import PASSWORD, Api
from tests.web.pages.test_pages import HTML, csrf_of, org  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("org")


def summary_links(html: str) -> list[tuple[str, str]]:
    block = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert block, "the page has an error summary"
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', block.group(0))


def assert_field_error(html: str, field: str, message: str) -> None:
    """The message beside the field, and the field points at it and is marked invalid."""
    assert re.search(
        rf'<p class="field-error" id="{field}-error">[^\n]*?{re.escape(message)}[^\n]*</p>', html
    ), f"{message!r} beside {field}"
    tag = re.search(rf'<(input|select|textarea) id="{field}"[^>]*>', html)
    assert tag, f"a field with id {field}"
    assert f"{field}-error" in tag.group(0) and 'aria-invalid="true"' in tag.group(0)


async def post_sign_in(client: Any, **fields: str) -> Any:
    client.cookies.clear()
    form = await client.get("/sign-in", headers=HTML)
    return await client.post("/sign-in", data={"_csrf": csrf_of(form.text), **fields}, headers=HTML)


async def test_an_empty_sign_in_names_both_fields_and_takes_the_focus(client: Any) -> None:
    response = await post_sign_in(client, email="", password="")
    assert response.status_code == 400
    assert "do not match an account" not in response.text
    assert summary_links(response.text) == [
        ("email", "Enter your email address"),
        ("password", "Enter your password"),
    ]
    assert_field_error(response.text, "email", "Enter your email address")
    assert_field_error(response.text, "password", "Enter your password")
    summary = re.search(r'<div class="error-summary"[^>]*>', response.text)
    assert summary and 'tabindex="-1"' in summary.group(0) and "autofocus" in summary.group(0)
    assert '<script src="/static/js/focus-errors.js"' in response.text
    script = await client.get("/static/js/focus-errors.js")
    assert script.status_code == 200 and "focus()" in script.text


async def test_a_wrong_password_is_shown_beside_the_email(client: Any) -> None:
    response = await post_sign_in(client, email="ada@acme.example", password="nope-nope")
    assert response.status_code == 400
    assert_field_error(response.text, "email", "do not match an account")


async def test_an_empty_seat_form_names_every_empty_field(client: Any, api: Api) -> None:
    await sign_in_as(client, "ada@acme.example", "/orgs/acme")
    form = await client.get("/orgs/acme/bodies/board/seats/new", headers=HTML)
    response = await client.post(
        "/orgs/acme/bodies/board/seats/new",
        data={"_csrf": csrf_of(form.text), "member_id": "", "role": "director", "starts_on": ""},
        headers=HTML,
    )
    assert response.status_code == 400
    assert "There is no such member" not in response.text
    assert summary_links(response.text) == [
        ("member_id", "Choose the member to seat"),
        ("starts_on", "Enter the day the term starts"),
    ]
    assert_field_error(response.text, "member_id", "Choose the member to seat")
    assert_field_error(response.text, "starts_on", "Enter the day the term starts")
    body = await api.get("/orgs/acme/bodies/board", "ada")
    assert body.json()["composition"]["filled"] == 0  # nothing changed


async def test_an_empty_add_member_form_names_both_fields(client: Any) -> None:
    await sign_in_as(client, "ada@acme.example", "/orgs/acme")
    form = await client.get("/orgs/acme/members/new", headers=HTML)
    response = await client.post(
        "/orgs/acme/members/new",
        data={"_csrf": csrf_of(form.text), "email": " ", "display_name": ""},
        headers=HTML,
    )
    assert response.status_code == 400
    assert [field for field, _ in summary_links(response.text)] == ["email", "display_name"]


async def sign_in_as(client: Any, email: str, expected: str, next_path: str | None = None) -> Any:
    fields = {"email": email, "password": PASSWORD}
    if next_path is not None:
        fields["next"] = next_path
    response = await post_sign_in(client, **fields)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == expected
    return response


async def test_signing_in_lands_on_the_one_organisation(client: Any) -> None:
    await sign_in_as(client, "bo@acme.example", "/orgs/acme", next_path="")


async def test_signing_in_with_several_organisations_lands_on_the_chooser(
    client: Any, api: Api
) -> None:
    await api.org("other")
    joined = await api.post(
        "/orgs/other/members", "root", json={"email": "bo@acme.example", "display_name": "Bo"}
    )
    assert joined.status_code == 201, joined.text
    await sign_in_as(client, "bo@acme.example", "/")
    chooser = await client.get("/", headers=HTML)
    assert 'href="/orgs/acme"' in chooser.text and 'href="/orgs/other"' in chooser.text


async def test_signing_in_goes_back_to_a_safe_next(client: Any) -> None:
    await sign_in_as(
        client, "bo@acme.example", "/orgs/acme/decisions?q=x", "/orgs/acme/decisions?q=x"
    )


@pytest.mark.parametrize(
    "attack",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "/\t/evil.example/",
        "/\n/evil.example/",
        " //evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
async def test_signing_in_never_leaves_the_site(client: Any, attack: str) -> None:
    response = await sign_in_as(client, "bo@acme.example", "/orgs/acme", attack)
    assert "evil" not in response.headers["location"]


async def test_the_sign_in_page_says_why_and_keeps_next(client: Any) -> None:
    page = await client.get("/sign-in?next=/orgs/acme/members", headers=HTML)
    assert "is for members" in page.text
    assert 'name="next" value="/orgs/acme/members"' in page.text
    attack = await client.get("/sign-in?next=//evil.example", headers=HTML)
    assert "evil" not in attack.text and "is for members" not in attack.text
