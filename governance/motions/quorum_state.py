"""Quorum, live from a meeting's attendance and the body's seats (never who)."""

from __future__ import annotations

from datetime import date
from typing import Any

from governance.clock import today
from governance.members.electorate import electorate
from governance.motions.rules.procedure import is_present
from governance.motions.rules.quorum import QuorumState, compute_quorum
from governance.motions.tables import Attendance


async def meeting_quorum(
    body: dict[str, Any],
    meeting_id: str,
    *,
    attendance_rows: list[dict[str, Any]] | None = None,
    day: date | None = None,
) -> QuorumState:
    """The quorum now; never who has lived experience. Callers choose what a reader sees
    (`QuorumState.view(counts=sees_counts(access))`). Seats are those held on `day`
    (default today; the minutes pass the day the meeting sat): an assembly's "seats" are its
    electorate, every member in good standing."""
    if attendance_rows is None:
        attendance_rows = await Attendance.select(Attendance.membership, Attendance.status).where(
            Attendance.meeting == meeting_id
        )
    here = {a["membership"] for a in attendance_rows if is_present(a["status"])}
    seats = await electorate(body["id"], day or today())
    present = [s for s in seats if s["membership"] in here]
    return compute_quorum(
        filled_seats=len(seats),
        present=len(present),
        lived_experience_present=sum(1 for s in present if s["membership.lived_experience"]),
        quorum=body["quorum"],
        lived_experience_quorum=bool(body["lived_experience_quorum"]),
    )
