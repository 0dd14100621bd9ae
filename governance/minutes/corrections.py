"""Corrections to an adjourned meeting's attendance, made by its record keeper while the
minutes are still a draft (the notes are corrected in `service.save_notes`).

While a meeting sits, attendance is recorded on the meeting (`motions.meetings`), and
adjourning closes it. A secretary who finds a mistake afterwards (someone marked absent who
was there) corrects it here: the meeting's attendance row changes, the draft record (built
live from the meeting) shows it, and `minutes.attendance_corrected` records who changed
what from what, in the same transaction, under the meeting's row lock. Once a version is
approved it never changes: correcting it takes a new version first (`start_correction`), and
the approved version keeps its frozen record. The live quorum history (`quorum_history`,
replayed from `meeting.attendance_recorded`) stays what happened in the room.
"""

from __future__ import annotations

from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import lock_row, transaction
from governance.errors import InvalidInput
from governance.members.access import Actor
from governance.members.tables import Membership
from governance.minutes.rules import attendance_correction_check
from governance.minutes.service import get_minutes, keeper_access
from governance.minutes.versions import latest_version
from governance.motions.rules._parse import one_of
from governance.motions.rules.procedure import AttendanceStatus
from governance.motions.tables import Attendance, Meeting
from governance.runtime import Runtime


async def correct_attendance(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    meeting_id: str,
    *,
    member_id: str,
    status: str,
) -> dict[str, Any]:
    """Correct one member's attendance in an adjourned meeting's draft record."""
    access, _meeting = await keeper_access(actor, slug, meeting_id)
    status = one_of(AttendanceStatus, status, field="status")
    member = (
        await Membership.select(Membership.id)
        .where((Membership.id == member_id) & (Membership.organisation == access.org_id))
        .first()
    )
    if member is None:
        raise InvalidInput("Choose a member of this organisation.", field="member_id")
    now = utcnow()
    async with transaction(runtime.engine):
        await lock_row(Meeting, meeting_id)
        current = await Meeting.select(Meeting.status).where(Meeting.id == meeting_id).first()
        assert current is not None
        latest = await latest_version(meeting_id)
        attendance_correction_check(current["status"], latest["status"] if latest else None)
        existing = (
            await Attendance.select(Attendance.id, Attendance.status)
            .where((Attendance.meeting == meeting_id) & (Attendance.membership == member_id))
            .first()
        )
        was = existing["status"] if existing else None
        if was != status:
            if existing is None:
                await Attendance.insert(
                    Attendance(
                        meeting=meeting_id, membership=member_id, status=status, updated_at=now
                    )
                )
            else:
                await Attendance.update(
                    {Attendance.status: status, Attendance.updated_at: now}
                ).where(Attendance.id == existing["id"])
            await audit.service.append(
                chain=access.org_id,
                actor=access.actor_label,
                action=Action.MINUTES_ATTENDANCE_CORRECTED,
                subject=f"meeting:{meeting_id}",
                data={
                    "member_id": member_id,
                    "status": status,
                    "was": was,
                    "version": latest["version"] if latest else 1,
                },
                now=now,
            )
    return await get_minutes(actor, slug, meeting_id)
