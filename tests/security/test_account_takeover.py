"""Issue 11, item 1: one organisation's admin must not take over another's account.

The attack as performed on e00c7fa: org bravo invites alice@bravo.example (no password yet);
org acme's admin adds the same address to acme, receives an `invite_token` and Alice's real
name, accepts the invitation with a password of their own, and is then Alice, bravo admin
included; an API token made then survived Alice accepting her own invitation.
"""

from __future__ import annotations

import asyncio
from typing import Any

from tests.helpers import PASSWORD, Api

ALICE = "alice@bravo.example"
ATTACKER_PASSWORD = "attacker chosen passphrase 77"


async def two_orgs(api: Api) -> str:
    """bravo invites Alice as admin; returns bravo's invitation token (Alice's own)."""
    await api.platform_admin()
    await api.org("acme")
    await api.org("bravo")
    await api.add_member("acme", "mallory", by="root", roles=["admin"])
    invited = await api.post(
        "/orgs/bravo/members",
        "root",
        json={"email": ALICE, "display_name": "Alice Realname", "roles": ["admin"]},
    )
    assert invited.status_code == 201, invited.text
    return str(invited.json()["invite_token"])


async def login(api: Api, email: str, password: str) -> Any:
    api.client.cookies.clear()
    return await api.client.post("/api/v1/auth/login", json={"email": email, "password": password})


async def test_another_orgs_admin_cannot_take_over_an_invited_account(api: Api) -> None:
    alice_token = await two_orgs(api)
    added = await api.post(
        "/orgs/acme/members", "mallory", json={"email": ALICE, "display_name": "Whoever"}
    )
    assert added.status_code == 201, added.text
    reply = added.json()
    # Nothing about the existing account: no credential, not its real name.
    assert "invite_token" not in reply, reply
    assert "Alice Realname" not in added.text
    audit = await api.get("/orgs/acme/audit", "mallory")
    assert "Alice Realname" not in audit.text
    # Whatever token acme might hold, it sets no password for Alice.
    for token in (reply.get("invite_token"), "inv_guess"):
        if token:
            taken = await api.post(
                "/auth/accept-invite", json={"token": token, "password": ATTACKER_PASSWORD}
            )
            assert taken.status_code in (400, 409), taken.text
    assert (await login(api, ALICE, ATTACKER_PASSWORD)).status_code == 401
    # Alice's own invitation (bravo's) still works, and gives her both memberships.
    own = await api.post(
        "/auth/accept-invite", json={"token": alice_token, "password": "alices own passphrase"}
    )
    assert own.status_code == 200, own.text
    assert (await login(api, ALICE, "alices own passphrase")).status_code == 200


async def test_accepting_ends_other_sessions_and_older_tokens(api: Api) -> None:
    """An invitation token sets a password once, for an account that never had one; a
    password change ends every other session and revokes the tokens made before it."""
    alice_token = await two_orgs(api)
    accepted = await api.post(
        "/auth/accept-invite", json={"token": alice_token, "password": "alices own passphrase"}
    )
    assert accepted.status_code == 200
    again = await api.post(
        "/auth/accept-invite", json={"token": alice_token, "password": ATTACKER_PASSWORD}
    )
    assert again.status_code == 409
    api_token = await api.sign_in_token(ALICE, "alices own passphrase")
    bearer = {"Authorization": f"Bearer {api_token}"}
    assert (await api.get("/me", headers=bearer)).status_code == 200
    # A second session (another device), then a password change from this one.
    other = await login(api, ALICE, "alices own passphrase")
    other_cookie = other.cookies.get("session")
    mine = await login(api, ALICE, "alices own passphrase")
    csrf = mine.json()["csrf_token"]
    changed = await api.client.post(
        "/api/v1/auth/password",
        json={"current_password": "alices own passphrase", "new_password": "a fresh passphrase 2"},
        headers={"x-csrftoken": csrf},
    )
    assert changed.status_code == 200, changed.text
    assert (await api.client.get("/api/v1/me")).status_code == 200  # this session goes on
    api.client.cookies.clear()
    gone = await api.client.get("/api/v1/me", headers={"Cookie": f"session={other_cookie}"})
    assert gone.status_code == 401
    assert (await api.get("/me", headers=bearer)).status_code == 401
    assert (await login(api, ALICE, "alices own passphrase")).status_code == 401
    assert (await login(api, ALICE, "a fresh passphrase 2")).status_code == 200


async def test_tokens_are_listed_without_secrets_and_can_be_revoked(api: Api) -> None:
    await api.platform_admin()
    await api.org("acme")
    bo = await api.add_member("acme", "bo", by="root")
    await api.add_member("acme", "cy", by="root")
    listed = await api.get("/auth/tokens", "bo")
    assert listed.status_code == 200, listed.text
    tokens = listed.json()["tokens"]
    assert [t["name"] for t in tokens] == ["tests"]
    assert bo.token not in listed.text and "token_hash" not in listed.text
    # Somebody else cannot revoke it (nor learn that it exists).
    other = await api.request("DELETE", f"/auth/tokens/{tokens[0]['id']}", "cy")
    assert other.status_code == 404
    assert (await api.get("/me", "bo")).status_code == 200
    revoked = await api.request("DELETE", f"/auth/tokens/{tokens[0]['id']}", "bo")
    assert revoked.status_code in (200, 204)
    assert (await api.get("/me", "bo")).status_code == 401


async def test_a_wrong_current_password_changes_nothing(api: Api) -> None:
    await api.platform_admin()
    await api.org("acme")
    await api.add_member("acme", "bo", by="root")
    wrong = await api.post(
        "/auth/password",
        "bo",
        json={"current_password": "not it at all", "new_password": "a fresh passphrase 2"},
    )
    assert wrong.status_code in (400, 401)
    assert wrong.json()["field"] == "current_password"
    weak = await api.post(
        "/auth/password", "bo", json={"current_password": PASSWORD, "new_password": "password123"}
    )
    assert weak.status_code == 400 and weak.json()["field"] == "new_password"
    assert (await login(api, "bo@acme.example", PASSWORD)).status_code == 200


async def test_two_acceptances_at_once_set_one_password_and_tell_the_other(api: Api) -> None:
    """Racing acceptances of one invitation: exactly one sets the password; the other is told
    plainly it did not (before, on PostgreSQL both answered 200 and one password was lost)."""
    alice_token = await two_orgs(api)
    passwords = ["first racing passphrase 31", "second racing passphrase 47"]
    replies = await asyncio.gather(
        *(
            api.post("/auth/accept-invite", json={"token": alice_token, "password": p})
            for p in passwords
        )
    )
    statuses = sorted(r.status_code for r in replies)
    assert statuses == [200, 409], [r.text for r in replies]
    winner = passwords[[r.status_code for r in replies].index(200)]
    loser = passwords[[r.status_code for r in replies].index(409)]
    assert (await login(api, ALICE, winner)).status_code == 200
    assert (await login(api, ALICE, loser)).status_code == 401
