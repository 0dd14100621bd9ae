"""Who presides, live, and the meeting's record of the chair pro tem it elected.

`presiding_now` reads the seats on the day, the meeting's attendance, the recusals on the
motion at hand and the recorded chair pro tem, and asks the pure rule
(`rules/presiding.py`). Write paths call `require_presiding_officer` inside their
transaction, after locking the meeting's row, so an attendance change cannot slip between
the check and the write.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from governance.clock import today
from governance.members.access import OrgAccess
from governance.members.bodies import active_seats
from governance.motions.context import attendance_of
from governance.motions.rules.presiding import (
    Presiding,
    SeatHolder,
    presiding_officer,
    require_presiding,
)
from governance.motions.tables import Meeting, Recusal


def seat_holders(seats: list[dict[str, Any]]) -> list[SeatHolder]:
    """Rows from `active_seats` as the rule's seat holders."""
    return [
        SeatHolder(s["membership"], s["membership.account.display_name"], s["role"]) for s in seats
    ]


async def presiding_now(
    meeting_id: str,
    body_id: str,
    *,
    motion_id: str | None = None,
    attendance: dict[str, str] | None = None,
    day: date | None = None,
) -> Presiding:
    """Who presides over the meeting now, or over `motion_id` (its recusals count)."""
    row = await Meeting.select(Meeting.chair_pro_tem).where(Meeting.id == meeting_id).first()
    recused: set[str] = set()
    if motion_id is not None:
        recused = {
            r["membership"]
            for r in await Recusal.select(Recusal.membership).where(Recusal.motion == motion_id)
        }
    return presiding_officer(
        seats=seat_holders(await active_seats(body_id, day or today())),
        attendance=attendance if attendance is not None else await attendance_of(meeting_id),
        recused=recused,
        pro_tem=row["chair_pro_tem"] if row else None,
    )


async def require_presiding_officer(
    access: OrgAccess, motion: dict[str, Any], *, doing: str
) -> Presiding:
    """The caller presides over `motion` (a meeting motion) now, or Forbidden naming who
    does. Call inside the transaction, with the meeting's row locked."""
    access.require_member()
    presiding = await presiding_now(motion["meeting"], motion["body"], motion_id=motion["id"])
    require_presiding(presiding, access.member_id, doing=doing)
    return presiding
