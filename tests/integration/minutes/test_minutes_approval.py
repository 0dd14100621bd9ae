"""Approval by motion, in the transaction that closes the vote: what it approves, what it
freezes, and what a failed or redundant motion leaves alone."""

from __future__ import annotations

import json

from governance.audit.tables import AuditEntry
from governance.minutes.tables import Minutes
from tests.helpers import Api
from tests.web.minutes.flow import minuted_meeting


async def _actions(meeting_id: str) -> list[str]:
    rows = (
        await AuditEntry.select(AuditEntry.action)
        .where(AuditEntry.subject == f"meeting:{meeting_id}")
        .order_by(AuditEntry.seq)
    )
    return [r["action"] for r in rows if r["action"].startswith("minutes.")]


async def test_approval_without_saved_notes_freezes_a_first_version(api: Api) -> None:
    m = await minuted_meeting(api)
    motion = await m.approve()
    [row] = await Minutes.select().where(Minutes.meeting == m.first)
    assert (row["version"], row["status"], row["notes"]) == (1, "approved", "")
    assert row["approved_by_motion"] == motion
    approval = json.loads(row["approval"])
    assert approval["motion_number"] == (await m.board.get(f"/motions/{motion}"))["number"]
    assert approval["meeting_title"] == "Board meeting"
    assert json.loads(row["record"])["meeting"]["id"] == m.first
    assert await _actions(m.first) == ["minutes.approved"]


async def test_a_failed_motion_approves_nothing(api: Api) -> None:
    m = await minuted_meeting(api)
    await api.put(m.path(), "secretary", json={"notes": "Draft."})
    second = await m.board.meeting(present=["chair", "secretary", "d1", "d2"])
    motion = await m.board.motion(
        second, "secretary", title="Approve", text="Approve.", kind="approve_minutes",
        minutes_of=m.first,
    )  # fmt: skip
    await m.board.seconded_and_open(motion, seconder="d1")
    for name in ("chair", "secretary", "d1", "d2"):
        await m.board.vote(motion, name, "no")
    assert (await m.board.do(motion, "close-vote", "chair")).json()["status"] == "failed"
    assert (await api.get(m.path(), "secretary")).json()["status"] == "draft"
    assert await _actions(m.first) == ["minutes.notes_saved"]


async def test_a_second_approval_without_a_correction_changes_nothing(api: Api) -> None:
    m = await minuted_meeting(api)
    await m.approve()
    [before] = await Minutes.select().where(Minutes.meeting == m.first)
    await m.approve()
    [after] = await Minutes.select().where(Minutes.meeting == m.first)
    assert after == before
    assert await _actions(m.first) == ["minutes.approved", "minutes.approval_without_draft"]
    verify = await m.board.get("/audit/verify", "ada")
    assert verify["ok"] is True
