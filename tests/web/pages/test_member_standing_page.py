"""A member's page says whether they are suspended, to admins and the member only."""

from __future__ import annotations

from typing import Any

from tests.helpers import Api
from tests.web.pages.test_pages import HTML, sign_in


async def test_suspension_shows_to_admins_and_the_member_only(client: Any, api: Api) -> None:
    await api.platform_admin()
    await api.org("acme")
    await api.add_member("acme", "ada", by="root", roles=["admin"])
    cy = await api.add_member("acme", "cy", by="root")
    await api.add_member("acme", "di", by="root")
    done = await api.post(
        f"/orgs/acme/members/{cy.member_id}/suspend", "ada", json={"reason": "Dues."}
    )
    assert done.status_code == 200, done.text
    for who, sees in (("ada", True), ("cy", True), ("di", False)):
        await sign_in(client, f"{who}@acme.example")
        page = await client.get(f"/orgs/acme/members/{cy.member_id}", headers=HTML)
        assert page.status_code == 200
        main = page.text.split("<main", 1)[1]
        assert ("Suspended" in main) is sees, who
        assert ("Standing" in main) is sees, who
