"""Bodies, seats and the lived-experience quota over HTTP, as an administrator would use them."""

from __future__ import annotations

from tests.helpers import Api


async def org_with_people(api: Api, lived: int, other: int) -> tuple[list[str], list[str]]:
    await api.platform_admin()
    await api.org("acme")
    await api.add_member("acme", "ada", by="root", roles=["admin"])
    with_le = [f"le{i}" for i in range(lived)]
    without = [f"no{i}" for i in range(other)]
    for name in with_le:
        await api.add_member("acme", name, by="ada", lived_experience=True)
    for name in without:
        await api.add_member("acme", name, by="ada")
    return with_le, without


async def seat(api: Api, name: str, body: str = "board", role: str = "director", **kw: str):  # type: ignore[no-untyped-def]
    return await api.post(
        f"/orgs/acme/bodies/{body}/seats",
        "ada",
        json={
            "member_id": api.people[name].member_id,
            "role": role,
            "starts_on": "2026-01-01",
            **kw,
        },
    )


async def test_a_board_defaults_to_quota_051_and_a_committee_to_none(api: Api) -> None:
    await org_with_people(api, 0, 0)
    board = await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 9},
    )
    assert board.status_code == 201
    assert board.json()["lived_experience_quota"] == 0.51
    assert board.json()["quorum"] == 0.5
    assert board.json()["composition"] == {
        "seats": 9,
        "filled": 0,
        "lived_experience": 0,
        "share": 0.0,
        "quota": 0.51,
        "reserved": 5,
        "compliant": True,
    }
    committee = await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "finance", "name": "Finance", "kind": "committee", "seats": 3},
    )
    assert committee.json()["lived_experience_quota"] == 0.0
    assert committee.json()["composition"]["reserved"] == 0
    again = await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "board", "name": "Again", "kind": "board", "seats": 3},
    )
    assert again.status_code == 409


async def test_bad_body_settings_name_their_field(api: Api) -> None:
    await org_with_people(api, 0, 0)
    for change, field in (
        ({"kind": "club"}, "kind"),
        ({"seats": 0}, "seats"),
        ({"lived_experience_quota": 1.5}, "lived_experience_quota"),
        ({"quorum": 1}, "quorum"),
        ({"slug": "Not A Slug"}, "slug"),
        ({"seats": "nine"}, "seats"),
    ):
        response = await api.post(
            "/orgs/acme/bodies",
            "ada",
            json={"slug": "board", "name": "Board", "kind": "board", "seats": 9} | change,
        )
        assert response.status_code == 400, change
        assert response.json()["field"] == field, response.json()
    listed = await api.get("/orgs/acme/bodies", "ada")
    assert listed.json()["bodies"] == []


async def test_the_quota_refuses_the_seat_that_would_break_it_with_the_reason(api: Api) -> None:
    with_le, without = await org_with_people(api, 2, 3)
    await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 3},
    )
    first = await seat(api, without[0])  # 3 seats, 2 reserved, 1 open to anyone
    assert first.status_code == 201, first.text
    assert first.json()["composition"]["filled"] == 1
    assert first.json()["composition"]["compliant"] is False
    refused = await seat(api, without[1])
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["type"].endswith("/quota")
    assert "2 of 3 seats are reserved" in refused.json()["detail"]
    assert "lived experience" in refused.json()["detail"]
    body = await api.get("/orgs/acme/bodies/board", "ada")
    assert body.json()["composition"]["filled"] == 1
    for name in with_le:
        assert (await seat(api, name)).status_code == 201
    full = await api.get("/orgs/acme/bodies/board", "ada")
    assert full.json()["composition"] | {} == {
        "seats": 3,
        "filled": 3,
        "lived_experience": 2,
        "share": 0.6667,
        "quota": 0.51,
        "reserved": 2,
        "compliant": True,
    }
    overfull = await seat(api, without[2])
    assert overfull.status_code == 409
    assert overfull.json()["type"].endswith("/body-full")


async def test_a_member_cannot_hold_two_seats_and_terms_must_make_sense(api: Api) -> None:
    with_le, _ = await org_with_people(api, 1, 0)
    await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 3},
    )
    assert (await seat(api, with_le[0])).status_code == 201
    twice = await seat(api, with_le[0], role="chair")
    assert twice.status_code == 409
    bad_role = await seat(api, "ada", role="king")
    assert bad_role.status_code == 400 and bad_role.json()["field"] == "role"
    backwards = await seat(api, "ada", ends_on="2025-01-01")
    assert backwards.status_code == 400 and backwards.json()["field"] == "ends_on"
    unknown = await api.post(
        "/orgs/acme/bodies/board/seats",
        "ada",
        json={"member_id": "nope", "role": "director", "starts_on": "2026-01-01"},
    )
    assert unknown.status_code == 400 and unknown.json()["field"] == "member_id"
    no_body = await seat(api, "ada", body="nowhere")
    assert no_body.status_code == 404


async def test_ending_a_seat_is_always_allowed_and_shows_the_new_composition(api: Api) -> None:
    with_le, without = await org_with_people(api, 2, 1)
    await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 3},
    )
    seats = {}
    for name in [*with_le, *without]:
        response = await seat(api, name)
        seats[name] = response.json()["id"]
    # Ending a lived-experience seat breaks the quota: allowed all the same.
    ended = await api.post(
        f"/orgs/acme/seats/{seats[with_le[0]]}/end",
        with_le[0],
        json={"ends_on": "2026-02-01", "reason": "Moving away"},
    )
    assert ended.status_code == 200, ended.text
    assert ended.json()["ends_on"] == "2026-02-01"
    # The holder is not an admin: a verdict, no count (a count would say what they were).
    assert ended.json()["composition"] == {
        "seats": 3, "filled": 2, "reserved": 2, "compliant": False,
    }  # fmt: skip
    admin = (await api.get("/orgs/acme/bodies/board", "ada")).json()["composition"]
    assert (admin["filled"], admin["lived_experience"], admin["compliant"]) == (2, 1, False)
    again = await api.post(
        f"/orgs/acme/seats/{seats[with_le[0]]}/end",
        "ada",
        json={"ends_on": "2026-03-01", "reason": "Again"},
    )
    assert again.status_code == 409
    no_reason = await api.post(
        f"/orgs/acme/seats/{seats[without[0]]}/end",
        "ada",
        json={"ends_on": "2026-03-01", "reason": " "},
    )
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    before_start = await api.post(
        f"/orgs/acme/seats/{seats[without[0]]}/end",
        "ada",
        json={"ends_on": "2025-03-01", "reason": "x"},
    )
    assert before_start.status_code == 400
    # The vacated seat may be refilled, by someone with lived experience only.
    refill = await api.post(
        "/orgs/acme/bodies/board/seats",
        "ada",
        json={
            "member_id": api.people[with_le[0]].member_id,
            "role": "director",
            "starts_on": "2026-02-01",
        },
    )
    assert refill.status_code == 201, refill.text


async def test_withdrawing_an_attestation_drops_compliance_and_is_never_blocked(api: Api) -> None:
    with_le, without = await org_with_people(api, 2, 1)
    await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 3},
    )
    for name in [*with_le, *without]:
        assert (await seat(api, name)).status_code == 201
    before = (await api.get("/orgs/acme/bodies/board", "ada")).json()["composition"]
    assert before["compliant"] is True and before["lived_experience"] == 2
    withdrawn = await api.put(
        "/orgs/acme/members/me/lived-experience", with_le[1], json={"lived_experience": False}
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json()["lived_experience"] is False
    after = (await api.get("/orgs/acme/bodies/board", with_le[0])).json()["composition"]
    assert after == {"seats": 3, "filled": 3, "reserved": 2, "compliant": False}
    admin = (await api.get("/orgs/acme/bodies/board", "ada")).json()["composition"]
    assert (admin["lived_experience"], admin["share"], admin["compliant"]) == (1, 0.3333, False)


async def test_future_seats_count_toward_the_quota(api: Api) -> None:
    _, without = await org_with_people(api, 0, 2)
    await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 3},
    )
    assert (await seat(api, without[0], starts_on="2030-01-01")).status_code == 201
    assert (await seat(api, without[1])).status_code == 409


async def test_the_body_view_lists_who_is_seated_without_attestations(api: Api) -> None:
    with_le, without = await org_with_people(api, 1, 1)
    await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 3},
    )
    await seat(api, with_le[0], role="chair")
    await seat(api, without[0])
    view = (await api.get("/orgs/acme/bodies/board", without[0])).json()
    assert sorted(s["role"] for s in view["seated"]) == ["chair", "director"]
    assert {s["member_id"] for s in view["seated"]} == {
        api.people[with_le[0]].member_id,
        api.people[without[0]].member_id,
    }
    assert all("lived_experience" not in s for s in view["seated"])


async def test_roles_can_be_changed_by_an_admin(api: Api) -> None:
    _, without = await org_with_people(api, 0, 1)
    member_id = api.people[without[0]].member_id
    changed = await api.put(
        f"/orgs/acme/members/{member_id}/roles", "ada", json={"roles": ["secretary", "admin"]}
    )
    assert changed.status_code == 200
    assert changed.json()["roles"] == ["admin", "secretary"]
    bad = await api.put(f"/orgs/acme/members/{member_id}/roles", "ada", json={"roles": ["king"]})
    assert bad.status_code == 400 and bad.json()["field"] == "roles"
    # Now an admin, the member can add people.
    added = await api.post(
        "/orgs/acme/members", without[0], json={"email": "z@acme.example", "display_name": "Zed"}
    )
    assert added.status_code == 201
