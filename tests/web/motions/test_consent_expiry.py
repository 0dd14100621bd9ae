"""A written consent past its closing time reads as failed, with its audit entry, whether
someone reads it, votes on it, lists motions, or nobody looks at all (the app's periodic
task). CONTRACT: a written consent "fails at `closes_at`" without every seated yes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from governance.motions.tables import Motion
from governance.voting.expiry import consent_expiry
from tests.helpers import Api
from tests.web.motions.board import Board, seat_board

PATH = "/orgs/acme/bodies/board/motions"


async def _consent(api: Api, *, second: bool) -> str:
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    made = await api.post(PATH, "d1", json={"title": "Lease", "text": "Sign.", "closes_at": soon})
    assert made.status_code == 201, made.text
    motion_id = str(made.json()["id"])
    if second:
        seconded = await api.post(f"/orgs/acme/motions/{motion_id}/second", "d2")
        assert seconded.json()["status"] == "voting"
    return motion_id


async def _time_passes(motion_id: str) -> None:
    """The test moves the closing time into the past instead of waiting for it."""
    past = datetime.now(UTC) - timedelta(seconds=1)
    await Motion.update({Motion.closes_at: past}).where(Motion.id == motion_id)


async def _failures(board: Board, motion_id: str) -> list[dict[str, Any]]:
    entries = (await board.get("/audit?limit=1000", "ada"))["entries"]
    return [
        e
        for e in entries
        if e["subject"] == f"motion:{motion_id}" and e["action"] == "motion.failed"
    ]


async def test_an_open_consent_past_its_closing_time_reads_as_failed(api: Api) -> None:
    board = await seat_board(api, directors=2)
    motion_id = await _consent(api, second=True)
    assert (await board.vote(motion_id, "d1", "yes")).status_code == 201
    await _time_passes(motion_id)

    shown = await board.get(f"/motions/{motion_id}", "d2")
    assert shown["status"] == "failed"
    assert shown["decided_at"] is not None
    assert shown["tally"] == {"yes": 1, "no": 0, "abstain": 0, "eligible": 4, "voted": 1}
    [entry] = await _failures(board, motion_id)
    assert entry["actor"] == "system"
    assert entry["data"]["closed_by"] == "closes_at"
    assert entry["data"]["tally"] == shown["tally"]
    # Reading again changes nothing more.
    assert (await board.get(f"/motions/{motion_id}", "d1"))["status"] == "failed"
    assert len(await _failures(board, motion_id)) == 1
    assert (await board.audit_head())[0] > 0  # the chain still verifies


async def test_a_vote_after_the_closing_time_is_refused_and_the_consent_fails(api: Api) -> None:
    board = await seat_board(api, directors=2)
    motion_id = await _consent(api, second=True)
    await _time_passes(motion_id)
    refused = await board.vote(motion_id, "d2", "yes")
    assert refused.status_code == 409
    assert (await board.get(f"/motions/{motion_id}"))["status"] == "failed"
    assert len(await _failures(board, motion_id)) == 1


async def test_a_consent_never_seconded_lapses_in_the_motion_list(api: Api) -> None:
    board = await seat_board(api, directors=2)
    motion_id = await _consent(api, second=False)
    await _time_passes(motion_id)
    listed = {m["id"]: m for m in (await board.get("/motions?body=board"))["motions"]}
    assert listed[motion_id]["status"] == "failed"
    assert listed[motion_id]["tally"] == {
        "yes": 0,
        "no": 0,
        "abstain": 0,
        "eligible": 0,
        "voted": 0,
    }
    [entry] = await _failures(board, motion_id)
    assert entry["actor"] == "system"


async def test_the_periodic_task_fails_a_consent_nobody_reads(api: Api) -> None:
    board = await seat_board(api, directors=2)
    motion_id = await _consent(api, second=True)
    await _time_passes(motion_id)
    async with consent_expiry(api.runtime, interval=0.05):
        for _ in range(100):
            row = await Motion.select(Motion.status).where(Motion.id == motion_id).first()
            if row is not None and row["status"] == "failed":
                break
            await asyncio.sleep(0.05)
    row = await Motion.select(Motion.status).where(Motion.id == motion_id).first()
    assert row is not None and row["status"] == "failed"
    assert len(await _failures(board, motion_id)) == 1
