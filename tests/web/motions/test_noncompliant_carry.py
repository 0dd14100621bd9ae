"""A body below its lived-experience quota can carry only appointments: the rule holds at
the carry, not just when the vote opens (CONTRACT, Procedure: "A body out of compliance can
vote (in a meeting or by written consent) only on appointments").

The attack: the vote opens while the body is compliant, then two members withdraw their
attestations (always allowed), then the yes votes arrive.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.helpers import Api
from tests.web.motions.board import Board, seat_board


async def _go_non_compliant(board: Board) -> None:
    for name in ("d1", "d2"):
        withdrawn = await board.api.put(
            f"/orgs/{board.org}/members/me/lived-experience",
            name,
            json={"lived_experience": False},
        )
        assert withdrawn.status_code == 200, withdrawn.text
    body = await board.get("/bodies/board", "d1")
    assert body["composition"]["compliant"] is False


async def test_a_written_consent_cannot_carry_once_the_body_is_out_of_compliance(
    api: Api,
) -> None:
    board = await seat_board(api, directors=2)
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    made = await api.post(
        "/orgs/acme/bodies/board/motions",
        "d1",
        json={"title": "Lease", "text": "Sign the lease.", "closes_at": soon},
    )
    assert made.status_code == 201, made.text
    motion_id = str(made.json()["id"])
    assert (await board.do(motion_id, "second", "d2")).json()["status"] == "voting"
    await _go_non_compliant(board)
    for name in board.members:
        cast = await board.vote(motion_id, name, "yes")
        assert cast.status_code == 201, cast.text
    shown = await board.get(f"/motions/{motion_id}", "d1")
    assert shown["status"] == "failed"
    assert shown["tally"]["yes"] == len(board.members)
    entries = (await board.get("/audit?limit=1000", "ada"))["entries"]
    [failed] = [
        e
        for e in entries
        if e["subject"] == f"motion:{motion_id}" and e["action"] == "motion.failed"
    ]
    assert failed["data"]["reason"] == "body out of compliance"
    assert not [
        e
        for e in entries
        if e["subject"] == f"motion:{motion_id}" and e["action"] == "motion.carried"
    ]
    await board.audit_head()  # the chain, and every decision against its close, verify


async def test_a_meeting_vote_cannot_close_carried_once_the_body_is_out_of_compliance(
    api: Api,
) -> None:
    board = await seat_board(api, directors=2)
    meeting_id = await board.meeting()
    motion_id = await board.motion(meeting_id)
    await board.seconded_and_open(motion_id)
    for name in board.members:
        assert (await board.vote(motion_id, name, "yes")).status_code == 201
    await _go_non_compliant(board)
    before = await board.audit_head()
    refused = await board.do(motion_id, "close-vote", "chair")
    assert refused.status_code == 409, refused.text
    assert "lived-experience quota" in refused.json()["detail"]
    assert (await board.get(f"/motions/{motion_id}"))["status"] == "voting"
    assert await board.audit_head() == before


async def test_a_written_consent_appointment_carries_on_a_non_compliant_body_and_seats(
    api: Api,
) -> None:
    board = await seat_board(api, directors=3)
    seats = (await board.get("/bodies/board"))["seated"]
    d3_seat = next(s for s in seats if s["member_id"] == board.id("d3"))
    ended = await api.post(
        f"/orgs/acme/seats/{d3_seat['id']}/end",
        "ada",
        json={"ends_on": "2026-01-02", "reason": "Moved away"},
    )
    assert ended.status_code == 200, ended.text
    board.members.remove("d3")
    await _go_non_compliant(board)
    await api.add_member("acme", "kim", by="ada", lived_experience=True)
    admin = await api.put(
        f"/orgs/acme/members/{board.id('chair')}/roles", "ada", json={"roles": ["admin"]}
    )
    assert admin.status_code == 200, admin.text
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    made = await api.post(
        "/orgs/acme/bodies/board/motions",
        "chair",
        json={
            "title": "Appoint Kim",
            "text": "That Kim joins the board.",
            "closes_at": soon,
            "kind": "appointment",
            "appoints": {
                "member_id": board.id("kim"),
                "role": "director",
                "starts_on": datetime.now(UTC).date().isoformat(),
            },
        },
    )
    assert made.status_code == 201, made.text
    motion_id = str(made.json()["id"])
    assert (await board.do(motion_id, "second", "d1")).json()["status"] == "voting"
    for name in board.members:
        assert (await board.vote(motion_id, name, "yes")).status_code == 201
    assert (await board.get(f"/motions/{motion_id}"))["status"] == "carried"
    body = await board.get("/bodies/board", "d1")
    assert board.id("kim") in {s["member_id"] for s in body["seated"]}
    assert body["composition"]["compliant"] is True
    await board.audit_head()
