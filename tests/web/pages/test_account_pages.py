"""The "Your sign-in" page: change the password (errors beside the field), revoke tokens."""

from __future__ import annotations

from typing import Any

from tests.helpers import PASSWORD, Api
from tests.web.pages.test_pages import HTML, csrf_of, sign_in


async def test_change_password_and_revoke_a_token_from_the_page(api: Api, client: Any) -> None:
    await api.platform_admin()
    await api.org("acme")
    bo = await api.add_member("acme", "bo", by="root")
    await sign_in(client, "bo@acme.example")
    page = await client.get("/account", headers=HTML)
    assert page.status_code == 200
    assert 'for="current_password"' in page.text and 'for="new_password"' in page.text
    assert "tests" in page.text and bo.token not in page.text
    weak = await client.post(
        "/account/password",
        data={
            "_csrf": csrf_of(page.text),
            "current_password": PASSWORD,
            "new_password": "qwerty12345",
        },
        headers=HTML,
    )
    assert weak.status_code == 400
    assert 'id="new_password-error"' in weak.text
    no_csrf = await client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "a fresh passphrase 2"},
        headers=HTML,
    )
    assert no_csrf.status_code == 403
    done = await client.post(
        "/account/password",
        data={
            "_csrf": csrf_of(page.text),
            "current_password": PASSWORD,
            "new_password": "a fresh passphrase 2",
        },
        headers=HTML,
    )
    assert done.status_code == 303, done.text
    # The token made before the change is revoked; this browser stays signed in.
    assert (await client.get("/api/v1/me", headers=bo.headers)).status_code == 401
    after = await client.get("/account?done=password", headers=HTML)
    assert after.status_code == 200 and "Your password is changed" in after.text
    created = await client.post(
        "/api/v1/auth/tokens",
        json={"name": "laptop"},
        headers={"x-csrftoken": client.cookies.get("csrftoken")},
    )
    assert created.status_code == 201
    listing = await client.get("/account", headers=HTML)
    revoke = await client.post(
        f"/account/tokens/{created.json()['id']}/revoke",
        data={"_csrf": csrf_of(listing.text)},
        headers=HTML,
    )
    assert revoke.status_code == 303
    gone = await client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {created.json()['token']}"}
    )
    assert gone.status_code == 401
