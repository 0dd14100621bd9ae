"""Who may call each foundation endpoint: signed out, a member of another organisation, a
plain member, the secretary, an org admin, a platform admin. A refused call changes nothing."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from tests.helpers import PASSWORD, Api

WHO = ["anon", "outsider", "member", "secretary", "admin", "root"]
counter = itertools.count()


async def world(api: Api) -> dict[str, str]:
    """acme (private) with admin ada, secretary sam, members bo and cy, a board seating bo;
    other (private) with its own admin olga, the outsider."""
    await api.platform_admin()
    await api.org("acme")
    await api.org("other")
    await api.add_member("acme", "admin", by="root", roles=["admin"])
    await api.add_member("acme", "secretary", by="root", roles=["secretary"])
    await api.add_member("acme", "member", by="root", lived_experience=True)
    await api.add_member("acme", "cy", by="root")
    await api.add_member("other", "outsider", by="root", roles=["admin"])
    body = await api.post(
        "/orgs/acme/bodies",
        "admin",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 9},
    )
    assert body.status_code == 201
    seat = await api.post(
        "/orgs/acme/bodies/board/seats",
        "admin",
        json={
            "member_id": api.people["member"].member_id,
            "role": "director",
            "starts_on": "2026-01-01",
        },
    )
    assert seat.status_code == 201
    return {"seat": seat.json()["id"]}


async def audit_count(api: Api, org: str = "acme") -> int:
    verify = await api.get(f"/orgs/{org}/audit/verify", "root")
    assert verify.json()["ok"] is True
    return int(verify.json()["entries"])


async def check(
    api: Api,
    method: str,
    path: str,
    expected: dict[str, int],
    body: Callable[[str], Any] | None = None,
) -> None:
    for who in WHO:
        before = await audit_count(api)
        kwargs = {"json": body(who)} if body else {}
        response = await api.request(method, path, None if who == "anon" else who, **kwargs)
        want = expected[who]
        assert response.status_code == want, (method, path, who, response.text)
        if want >= 400:
            assert response.headers["content-type"].startswith("application/problem+json")
            assert await audit_count(api) == before, (method, path, who, "changed state")


def everyone(
    anon: int, outsider: int, member: int, secretary: int, admin: int, root: int
) -> dict[str, int]:
    return dict(zip(WHO, (anon, outsider, member, secretary, admin, root), strict=True))


ADMIN_ONLY_CREATE = everyone(401, 404, 403, 403, 201, 201)
ADMIN_ONLY = everyone(401, 404, 403, 403, 200, 200)
MEMBERS_READ = everyone(401, 404, 200, 200, 200, 200)


async def test_creating_organisations_is_for_platform_admins(api: Api) -> None:
    await world(api)
    for who, want in zip(WHO, (401, 403, 403, 403, 403, 201), strict=True):
        response = await api.post(
            "/orgs", None if who == "anon" else who, json={"slug": f"new-{who}", "name": "New"}
        )
        assert response.status_code == want, (who, response.text)
    taken = await api.post("/orgs", "root", json={"slug": "acme", "name": "Again"})
    assert taken.status_code == 409


async def test_organisation_reads_and_settings(api: Api) -> None:
    await world(api)
    await check(api, "GET", "/orgs/acme", MEMBERS_READ)
    await check(api, "PATCH", "/orgs/acme", ADMIN_ONLY, body=lambda who: {"name": f"Acme {who}"})
    shown = await api.get("/orgs/acme", "member")
    assert shown.json()["name"] == "Acme root"
    assert shown.json()["settings"] == {"public": False, "paper_size": "A4"}
    assert shown.json()["you"]["admin"] is False
    assert (await api.get("/orgs/acme", "admin")).json()["you"]["admin"] is True


async def test_a_public_organisation_is_readable_signed_out_but_its_members_are_not(
    api: Api,
) -> None:
    await world(api)
    assert (await api.patch("/orgs/acme", "admin", json={"public": True})).status_code == 200
    public = await api.get("/orgs/acme")
    assert public.status_code == 200
    assert public.json()["you"] is None
    assert (await api.get("/orgs/acme", "outsider")).status_code == 200
    assert (await api.get("/orgs/acme/members")).status_code == 401
    assert (await api.get("/orgs/acme/members", "outsider")).status_code == 404
    assert (await api.get("/orgs/acme/bodies/board", "outsider")).status_code == 404
    assert (await api.get("/orgs/acme/audit", "outsider")).status_code == 404


async def test_unknown_organisation_is_404_for_members_and_401_signed_out(api: Api) -> None:
    await world(api)
    assert (await api.get("/orgs/nowhere", "member")).status_code == 404
    assert (await api.get("/orgs/nowhere")).status_code == 401
    # A private organisation looks exactly like a missing one to an outsider.
    missing = await api.get("/orgs/nowhere", "outsider")
    private = await api.get("/orgs/acme", "outsider")
    assert missing.json()["detail"] == private.json()["detail"]


async def test_members_endpoints(api: Api) -> None:
    await world(api)
    await check(
        api,
        "POST",
        "/orgs/acme/members",
        ADMIN_ONLY_CREATE,
        body=lambda who: {"email": f"new-{who}-{next(counter)}@x.example", "display_name": "New"},
    )
    await check(api, "GET", "/orgs/acme/members", MEMBERS_READ)
    cy = api.people["cy"].member_id
    await check(api, "GET", f"/orgs/acme/members/{cy}", MEMBERS_READ)
    await check(
        api, "PUT", f"/orgs/acme/members/{cy}/roles", ADMIN_ONLY, body=lambda w: {"roles": []}
    )
    assert (await api.get("/orgs/acme/members/nope", "member")).status_code == 404


async def test_lived_experience_is_set_by_the_member_alone(api: Api) -> None:
    await world(api)
    path = "/orgs/acme/members/me/lived-experience"
    expected = everyone(401, 404, 200, 200, 200, 404)  # root is not a member of acme
    await check(api, "PUT", path, expected, body=lambda who: {"lived_experience": True})
    # There is no way to set someone else's: the path names "me" only.
    cy = api.people["cy"].member_id
    other = await api.put(
        f"/orgs/acme/members/{cy}/lived-experience", "admin", json={"lived_experience": True}
    )
    assert other.status_code in (404, 405)
    seen = await api.get(f"/orgs/acme/members/{cy}", "admin")
    assert seen.json()["lived_experience"] is False


async def test_bodies_and_seats(api: Api) -> None:
    await world(api)
    await check(
        api,
        "POST",
        "/orgs/acme/bodies",
        ADMIN_ONLY_CREATE,
        body=lambda who: {"slug": f"c-{who}", "name": "Committee", "kind": "committee", "seats": 3},
    )
    await check(api, "GET", "/orgs/acme/bodies/board", MEMBERS_READ)
    await check(api, "GET", "/orgs/acme/bodies", MEMBERS_READ)
    people = iter(["cy", "secretary"])
    await check(
        api,
        "POST",
        "/orgs/acme/bodies/board/seats",
        ADMIN_ONLY_CREATE,
        body=lambda who: {
            "member_id": api.people[next(people)].member_id
            if who in ("admin", "root")
            else api.people["cy"].member_id,
            "role": "director",
            "starts_on": "2026-01-01",
        },
    )


async def test_ending_a_seat_is_for_its_holder_or_an_admin(api: Api) -> None:
    ids = await world(api)
    seat = ids["seat"]
    end = {"ends_on": "2026-06-01", "reason": "Stepping down"}
    for who, want in (("anon", 401), ("outsider", 404), ("cy", 403), ("secretary", 403)):
        response = await api.post(
            f"/orgs/acme/seats/{seat}/end", None if who == "anon" else who, json=end
        )
        assert response.status_code == want, (who, response.text)
    holder = await api.post(f"/orgs/acme/seats/{seat}/end", "member", json=end)
    assert holder.status_code == 200, holder.text
    terms = {"admin": ("2026-07-01", "2026-08-01"), "root": ("2026-09-01", "2026-10-01")}
    for who, (start, stop) in terms.items():
        seated = await api.post(
            "/orgs/acme/bodies/board/seats",
            "admin",
            json={"member_id": api.people["cy"].member_id, "role": "director", "starts_on": start},
        )
        assert seated.status_code == 201, seated.text
        ended = await api.post(
            f"/orgs/acme/seats/{seated.json()['id']}/end", who, json=end | {"ends_on": stop}
        )
        assert ended.status_code == 200, (who, ended.text)


async def test_audit_is_for_members(api: Api) -> None:
    await world(api)
    await check(api, "GET", "/orgs/acme/audit", MEMBERS_READ)
    await check(api, "GET", "/orgs/acme/audit/verify", MEMBERS_READ)


async def test_an_admin_of_another_organisation_cannot_reach_in_by_identifier(api: Api) -> None:
    ids = await world(api)
    acme_member = api.people["cy"].member_id
    # olga is an admin of "other": acme's identifiers do not work under her organisation.
    assert (await api.get(f"/orgs/other/members/{acme_member}", "outsider")).status_code == 404
    ended = await api.post(
        f"/orgs/other/seats/{ids['seat']}/end",
        "outsider",
        json={"ends_on": "2026-06-01", "reason": "hostile"},
    )
    assert ended.status_code == 404
    await api.post(
        "/orgs/other/bodies",
        "outsider",
        json={
            "slug": "board",
            "name": "Board",
            "kind": "board",
            "seats": 3,
            "lived_experience_quota": 0,
        },
    )
    seated = await api.post(
        "/orgs/other/bodies/board/seats",
        "outsider",
        json={"member_id": acme_member, "role": "director", "starts_on": "2026-01-01"},
    )
    assert seated.status_code in (400, 404)
    roles = await api.put(
        f"/orgs/other/members/{acme_member}/roles", "outsider", json={"roles": ["admin"]}
    )
    assert roles.status_code == 404
    assert (await api.get(f"/orgs/acme/members/{acme_member}", "admin")).json()["roles"] == []
    assert (await api.get("/orgs/acme/bodies/board", "admin")).json()["composition"]["filled"] == 1


async def test_a_member_of_two_organisations_sees_both(api: Api) -> None:
    await world(api)
    added = await api.post(
        "/orgs/other/members",
        "outsider",
        json={"email": "cy@acme.example", "display_name": "Someone", "password": "ignored-anyway"},
    )
    assert added.status_code == 201, added.text
    me = await api.get("/me", "cy")
    assert sorted(o["slug"] for o in me.json()["organisations"]) == ["acme", "other"]
    # An existing account keeps its own name and password; the reply shows only the name
    # the caller gave (issue 11: never echo what the caller did not give).
    assert added.json()["display_name"] == "Someone"
    assert "invite_token" not in added.json()
    api.client.cookies.clear()
    login = await api.client.post(
        "/api/v1/auth/login", json={"email": "cy@acme.example", "password": PASSWORD}
    )
    assert login.status_code == 200
    twice = await api.post(
        "/orgs/other/members", "outsider", json={"email": "cy@acme.example", "display_name": "Cy"}
    )
    assert twice.status_code == 409
