"""Recording the chair pro tem a meeting elected (who presides when neither the chair nor
the vice chair can; `rules/presiding.py`), audit-logged in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import today, utcnow
from governance.db import lock_row, transaction
from governance.errors import Conflict, Forbidden, InvalidInput
from governance.members.access import Actor, OrgAccess, member_access
from governance.motions.context import attendance_of, load_meeting, seat_roles
from governance.motions.meetings import get_meeting
from governance.motions.rules.presiding import pro_tem_check
from governance.motions.rules.procedure import MeetingStatus, is_present
from governance.motions.tables import Meeting
from governance.runtime import Runtime


async def require_pro_tem_recorder(access: OrgAccess, body_id: str, day: date) -> None:
    """The body's secretary, or the organisation's secretary or an admin."""
    access.require_member()
    if access.is_secretary:
        return
    if (await seat_roles(body_id, day)).get(access.member_id or "") != "secretary":
        raise Forbidden(
            "Only the body's secretary, or the organisation's secretary or an administrator, "
            "can record the chair pro tem the meeting elected."
        )


async def record_chair_pro_tem(
    runtime: Runtime, actor: Actor | None, slug: str, meeting_id: str, *, member_id: str
) -> dict[str, Any]:
    """Record the member the meeting elected chair pro tem (a seated member present or
    remote); they preside when neither the chair nor the vice chair can."""
    access = await member_access(slug, actor)
    meeting = await load_meeting(access, meeting_id)
    await require_pro_tem_recorder(access, meeting["body"], today())
    member_id = (member_id or "").strip()
    if not member_id:
        raise InvalidInput("Choose the member the meeting elected.", field="member_id")
    now = utcnow()
    async with transaction(runtime.engine):
        await lock_row(Meeting, meeting_id)
        current = (
            await Meeting.select(Meeting.status, Meeting.chair_pro_tem)
            .where(Meeting.id == meeting_id)
            .first()
        )
        assert current is not None
        if current["status"] != MeetingStatus.in_session:
            raise Conflict(
                "A chair pro tem is elected by the meeting while it is in session; "
                + (
                    "open the meeting first."
                    if current["status"] == MeetingStatus.scheduled
                    else "this meeting has been adjourned."
                )
            )
        seated = member_id in await seat_roles(meeting["body"], now.date())
        attendance = await attendance_of(meeting_id)
        pro_tem_check(
            seated=seated,
            present=is_present(attendance.get(member_id)),
            records_self=member_id == access.member_id,
        )
        if current["chair_pro_tem"] != member_id:
            await Meeting.update({Meeting.chair_pro_tem: member_id}).where(Meeting.id == meeting_id)
            await audit.service.append(
                chain=access.org_id,
                actor=access.actor_label,
                action=Action.CHAIR_PRO_TEM_RECORDED,
                subject=f"meeting:{meeting_id}",
                data={"member_id": member_id},
                now=now,
            )
    return await get_meeting(actor, slug, meeting_id)
