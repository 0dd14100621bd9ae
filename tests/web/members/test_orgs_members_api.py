"""Organisations and members over HTTP: what is created, what is returned, what is refused."""

from __future__ import annotations

from tests.helpers import PASSWORD, Api


async def test_an_organisation_is_created_private_with_its_settings(api: Api) -> None:
    await api.platform_admin()
    created = await api.post("/orgs", "root", json={"slug": "acme", "name": "  Acme Peers "})
    assert created.status_code == 201
    body = created.json()
    assert body["slug"] == "acme" and body["name"] == "Acme Peers"
    assert body["settings"] == {"public": False, "paper_size": "A4"}
    assert len(body["id"]) == 32
    for bad, field in (
        ({"slug": "Bad Slug", "name": "x"}, "slug"),
        ({"slug": "ok", "name": ""}, "name"),
    ):
        response = await api.post("/orgs", "root", json=bad)
        assert response.status_code == 400 and response.json()["field"] == field
    shown = await api.get("/orgs/acme", "root")
    assert shown.json()["you"] == {"member_id": None, "roles": [], "admin": True}


async def test_settings_can_be_changed_and_bad_values_are_refused(api: Api) -> None:
    await api.platform_admin()
    await api.org("acme")
    changed = await api.patch(
        "/orgs/acme", "root", json={"public": True, "paper_size": "Letter", "name": "Acme"}
    )
    assert changed.status_code == 200
    assert changed.json()["settings"] == {"public": True, "paper_size": "Letter"}
    bad = await api.patch("/orgs/acme", "root", json={"paper_size": "A3"})
    assert bad.status_code == 400 and bad.json()["field"] == "paper_size"


async def test_adding_members_creates_accounts_and_lists_them(api: Api) -> None:
    await api.platform_admin()
    await api.org("acme")
    added = await api.post(
        "/orgs/acme/members",
        "root",
        json={
            "email": "Ada@Acme.Example",
            "display_name": "Ada",
            "roles": ["admin", "secretary"],
            "password": PASSWORD,
        },
    )
    assert added.status_code == 201
    member = added.json()
    assert member["email"] == "ada@acme.example"
    assert member["roles"] == ["admin", "secretary"]
    assert member["lived_experience"] is False
    await api.add_member("acme", "bo", by="root")
    listed = await api.get("/orgs/acme/members", "bo")
    assert [m["display_name"] for m in listed.json()["members"]] == ["Ada", "Bo"]
    me = await api.get("/orgs/acme/members/me", "bo")
    assert me.json()["id"] == api.people["bo"].member_id
    assert (await api.get("/orgs/acme/members/me", "root")).status_code == 404
    for bad, field in (
        ({"email": "not-an-email", "display_name": "X"}, "email"),
        ({"email": "x@acme.example", "display_name": "  "}, "display_name"),
        ({"email": "x@acme.example", "display_name": "X", "roles": ["owner"]}, "roles"),
    ):
        response = await api.post("/orgs/acme/members", "root", json=bad)
        assert response.status_code == 400 and response.json()["field"] == field
    dup = await api.post(
        "/orgs/acme/members", "root", json={"email": "ADA@acme.example", "display_name": "Ada 2"}
    )
    assert dup.status_code == 409
    assert "already a member" in dup.json()["detail"]
