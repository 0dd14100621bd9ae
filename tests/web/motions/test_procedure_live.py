"""Procedure that holds up, over HTTP on every engine: quorum checked live for moving,
seconding and closing; only members present may move or second; the presiding officer (the
chair, the vice chair when the chair is absent or recused, a chair pro tem the meeting
elected) alone opens and closes votes; every refusal changes nothing."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from typing import Any

import pytest

from governance.voting import service as voting_service
from tests.helpers import Api
from tests.web.motions.board import seat_board
from tests.web.motions.test_refusals_change_nothing import refused


async def test_quorum_lost_then_close(api: Api) -> None:
    board = await seat_board(api, directors=3)  # five seats; three make quorum
    meeting = await board.meeting()
    motion = await board.motion(meeting, "d1")
    await board.seconded_and_open(motion)
    for name in ("chair", "secretary", "d1"):
        assert (await board.vote(motion, name, "yes")).status_code == 201
    for name in ("d1", "d2", "d3"):
        await board.attend(meeting, name, "absent")
    assert (await board.get(f"/meetings/{meeting}"))["quorum"]["met"] is False

    detail = await refused(
        board,
        board.do(motion, "close-vote", "chair"),
        409,
        f"/motions/{motion}",
        f"/meetings/{meeting}",
    )
    assert detail.startswith("Quorum was lost, so the vote cannot be closed")
    assert "2 of 5 seated members are present; 3 are needed." in detail
    assert (await board.get(f"/motions/{motion}"))["status"] == "voting"

    await board.attend(meeting, "d2", "present")  # quorum regained
    closed = await board.do(motion, "close-vote", "chair")
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "carried"
    # The minutes' record says when quorum was lost and regained (headcounts, no names).
    minutes = await board.get(f"/meetings/{meeting}/minutes", "secretary")
    events = minutes["record"]["quorum"]["events"]
    assert [(e["met"], e["present"]) for e in events] == [(True, 5), (False, 2), (True, 3)]


async def test_no_business_without_quorum(api: Api) -> None:
    board = await seat_board(api, directors=3)
    meeting = await board.meeting()
    motion = await board.motion(meeting, "d1")
    for name in ("d2", "d3", "secretary"):
        await board.attend(meeting, name, "absent")
    at, watched = f"/meetings/{meeting}", f"/motions/{motion}"
    move = api.post(f"/orgs/acme{at}/motions", "d1", json={"title": "T", "text": "That."})
    detail = await refused(board, move, 409, at)
    assert detail.startswith("There is no quorum, so the meeting cannot take up a motion now.")
    detail = await refused(board, board.do(motion, "second", "chair"), 409, watched, at)
    assert detail.startswith("There is no quorum, so the meeting cannot second a motion now.")


async def test_absent_mover_or_seconder_refused(api: Api) -> None:
    board = await seat_board(api, directors=3)
    meeting = await board.meeting(present=["chair", "secretary", "d1", "d2"])
    await board.attend(meeting, "d2", "excused")
    await board.attend(meeting, "d1", "remote")  # remote counts as present
    at = f"/meetings/{meeting}"
    move = f"/orgs/acme{at}/motions"
    plain = {"title": "Paint", "text": "Paint the hall."}
    detail = await refused(board, api.post(move, "d3", json=plain), 403, at)
    assert "recorded present or remote" in detail and "not recorded as present" in detail
    detail = await refused(board, api.post(move, "d2", json=plain), 403, at)
    assert "recorded as excused" in detail
    motion = await board.motion(meeting, "d1")
    watched = f"/motions/{motion}"
    detail = await refused(board, board.do(motion, "second", "d3"), 403, watched, at)
    assert "Ask the secretary to record you present" in detail
    await refused(board, board.do(motion, "second", "d2"), 403, watched, at)
    assert (await board.do(motion, "second", "secretary")).status_code == 200


async def test_absent_chair_vice_chair_presides(api: Api) -> None:
    board = await seat_board(api, directors=3, vice_chair=True)
    meeting = await board.meeting(present=[m for m in board.members if m != "chair"])
    shown = await board.get(f"/meetings/{meeting}", "d1")
    assert shown["presiding"] == {
        "member_id": board.id("vice_chair"),
        "display_name": "Vice Chair",
        "role": "vice_chair",
        "reason": "The vice chair, Vice Chair, presides while the chair is absent.",
    }
    motion = await board.motion(meeting, "d1")
    assert (await board.do(motion, "second", "d2")).status_code == 200
    watched = f"/motions/{motion}"
    detail = await refused(board, board.do(motion, "open-vote", "chair"), 403, watched)
    assert detail == (
        "Only the presiding officer can open the vote. The vice chair, Vice Chair, presides "
        "while the chair is absent."
    )
    await refused(board, board.do(motion, "open-vote", "d1"), 403, watched)
    assert (await board.do(motion, "open-vote", "vice_chair")).status_code == 200
    assert (await board.vote(motion, "d1", "yes")).status_code == 201
    await refused(board, board.do(motion, "close-vote", "chair"), 403, watched)
    assert (await board.get(watched, "vice_chair"))["you"]["presides"] is True
    assert (await board.get(watched, "chair"))["you"]["presides"] is False
    closed = await board.do(motion, "close-vote", "vice_chair")
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "carried"

    hands = await board.motion(meeting, "d1", method="show_of_hands")
    assert (await board.do(hands, "second", "d2")).status_code == 200
    assert (await board.do(hands, "open-vote", "vice_chair")).status_code == 200
    counts = {"yes": 3, "no": 1, "abstain": 0}
    await refused(
        board, board.do(hands, "show-of-hands", "chair", **counts), 403, f"/motions/{hands}"
    )
    assert (await board.do(hands, "show-of-hands", "vice_chair", **counts)).status_code == 200

    # The chair arrives: from now on the chair presides, and the vice chair no longer does.
    await board.attend(meeting, "chair", "present")
    assert (await board.get(f"/meetings/{meeting}"))["presiding"]["role"] == "chair"
    await refused(board, board.do(hands, "close-vote", "vice_chair"), 403, f"/motions/{hands}")
    assert (await board.do(hands, "close-vote", "chair")).status_code == 200


async def test_recused_chair_refused_for_that_motion(api: Api) -> None:
    board = await seat_board(api, directors=3, vice_chair=True)
    meeting = await board.meeting()
    motion = await board.motion(meeting, "d1", title="Hire the chair's firm")
    other = await board.motion(meeting, "d1", title="Paint")
    assert (await board.do(motion, "recuse", "chair", reason="My firm.")).status_code == 200
    for m in (motion, other):
        assert (await board.do(m, "second", "d2")).status_code == 200
    watched = f"/motions/{motion}"
    detail = await refused(board, board.do(motion, "open-vote", "chair"), 403, watched)
    assert detail == (
        "Only the presiding officer can open the vote. The vice chair, Vice Chair, presides "
        "while the chair is recused from this motion."
    )
    assert (await board.do(motion, "open-vote", "vice_chair")).status_code == 200
    await refused(board, board.do(motion, "close-vote", "chair"), 403, watched)
    # On every other motion, and for the meeting, the chair presides.
    assert (await board.get(f"/meetings/{meeting}"))["presiding"]["role"] == "chair"
    await refused(board, board.do(other, "open-vote", "vice_chair"), 403, f"/motions/{other}")
    assert (await board.do(other, "open-vote", "chair")).status_code == 200
    assert (await board.do(motion, "close-vote", "vice_chair")).status_code == 200


async def test_chair_pro_tem_when_chair_and_vice_chair_cannot(api: Api) -> None:
    board = await seat_board(api, directors=3)  # no vice chair
    meeting = await board.meeting(present=["secretary", "d1", "d2", "d3"])
    at = f"/meetings/{meeting}"
    shown = await board.get(at, "d1")
    assert shown["presiding"] is None
    assert shown["presiding_reason"].startswith(
        "Nobody can preside: the chair is absent and no vice chair is seated."
    )
    motion = await board.motion(meeting, "d1")
    assert (await board.do(motion, "second", "d2")).status_code == 200
    watched = f"/motions/{motion}"
    detail = await refused(board, board.do(motion, "open-vote", "chair"), 403, watched)
    assert "Nobody can preside" in detail

    record = f"/orgs/acme{at}/chair-pro-tem"
    await refused(board, api.post(record, "d1", json={"member_id": board.id("d3")}), 403, at)
    await refused(board, api.post(record, "chair", json={"member_id": board.id("d3")}), 403, at)
    not_here = api.post(record, "secretary", json={"member_id": board.id("chair")})
    assert "present or remote" in await refused(board, not_here, 400, at)
    unseated = api.post(record, "ada", json={"member_id": board.id("ada")})
    assert "seated" in await refused(board, unseated, 400, at)
    # The attack: the secretary, who records attendance, records themself as the chair.
    selfish = api.post(record, "secretary", json={"member_id": board.id("secretary")})
    assert "cannot record yourself" in await refused(board, selfish, 403, at)

    entries, _ = await board.audit_head()
    recorded = await api.post(record, "secretary", json={"member_id": board.id("d3")})
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["presiding"]["member_id"] == board.id("d3")
    assert recorded.json()["presiding"]["role"] == "chair_pro_tem"
    audit = await board.get(f"/audit?after={entries}", "d1")
    assert [e["action"] for e in audit["entries"]] == ["meeting.chair_pro_tem_recorded"]
    assert (await board.do(motion, "open-vote", "d3")).status_code == 200
    assert (await board.vote(motion, "d1", "yes")).status_code == 201
    assert (await board.do(motion, "close-vote", "d3")).status_code == 200


async def test_a_departure_during_the_close_waits_for_it(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Members leave just after the close checked quorum, and the close gives them a second
    to get in first: their departure waits for the close to commit (the meeting's row is
    locked), so the chain records the close with the quorum it checked, then the departures;
    never a close after quorum was lost."""
    board = await seat_board(api, directors=3)
    meeting = await board.meeting()
    motion = await board.motion(meeting, "d1")
    await board.seconded_and_open(motion)
    assert (await board.vote(motion, "d1", "yes")).status_code == 201
    entries, _ = await board.audit_head()
    real = voting_service.close_motion
    leaving: list[asyncio.Task[Any]] = []

    async def members_leave() -> None:
        for name in ("d1", "d2", "d3"):
            await board.attend(meeting, name, "absent")

    async def members_leave_first(**kwargs: Any) -> Any:
        # Another request, in its own context (not inside the close's transaction).
        loop = asyncio.get_running_loop()
        leaving.append(loop.create_task(members_leave(), context=contextvars.Context()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(leaving[0]), timeout=1.0)
        return await real(**kwargs)

    monkeypatch.setattr(voting_service, "close_motion", members_leave_first)
    closed = await board.do(motion, "close-vote", "chair")
    await asyncio.gather(*leaving)
    assert closed.status_code == 200, closed.text
    audit = await board.get(f"/audit?after={entries}&limit=100", "d1")
    actions = [e["action"] for e in audit["entries"]]
    assert actions == ["motion.carried", *["meeting.attendance_recorded"] * 3], actions
