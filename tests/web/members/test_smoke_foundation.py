"""A first walk through the foundation over HTTP, on every engine."""

from tests.helpers import Api


async def test_platform_admin_builds_an_org_with_a_board(api: Api) -> None:
    await api.platform_admin()
    await api.org("acme")
    await api.add_member("acme", "ada", by="root", roles=["admin"], lived_experience=True)
    board = await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 3},
    )
    assert board.status_code == 201, board.text
    assert board.json()["composition"]["reserved"] == 2
    seat = await api.post(
        "/orgs/acme/bodies/board/seats",
        "ada",
        json={"member_id": api.people["ada"].member_id, "role": "chair", "starts_on": "2026-01-01"},
    )
    assert seat.status_code == 201, seat.text
    assert seat.json()["composition"]["filled"] == 1
    verify = await api.get("/orgs/acme/audit/verify", "ada")
    assert verify.json()["ok"] is True
