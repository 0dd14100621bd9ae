"""Rescheduling and cancelling a meeting before it opens, each with a reason.

Who may: as for scheduling it (the body's chair or secretary, or the organisation's
secretary). One write transaction under the meeting's row lock: check it is still
`scheduled`, write, append the audit entry with the reason. The reason is kept on the
meeting and shown with it; the audit log keeps every one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import as_utc, today, utcnow
from governance.db import lock_row, transaction
from governance.members.access import Actor, member_access
from governance.motions.context import load_meeting, require_record_keeper
from governance.motions.meetings import get_meeting
from governance.motions.rules.agenda import REASON_MAX, cancel_check, schedule_change_check
from governance.motions.rules.procedure import MeetingStatus
from governance.motions.rules.transitions import MotionStatus
from governance.motions.tables import Meeting, Motion
from governance.runtime import Runtime
from governance.text import clean_text


async def reschedule_meeting(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    meeting_id: str,
    *,
    scheduled_for: datetime,
    reason: str,
    location: str | None = None,
) -> dict[str, Any]:
    """Move a scheduled meeting to `scheduled_for` (and `location`, when given)."""
    access = await member_access(slug, actor)
    meeting = await load_meeting(access, meeting_id)
    await require_record_keeper(access, meeting["body"], today())
    reason = clean_text(reason, field="reason", max_len=REASON_MAX)
    place = None
    if location is not None:
        place = clean_text(location, field="location", max_len=300, required=False)
    scheduled_for = as_utc(scheduled_for)
    now = utcnow()
    async with transaction(runtime.engine):
        await lock_row(Meeting, meeting_id)
        current = (
            await Meeting.select(Meeting.status, Meeting.scheduled_for, Meeting.location)
            .where(Meeting.id == meeting_id)
            .first()
        )
        assert current is not None
        schedule_change_check(current["status"], cancelling=False)
        changes: dict[Any, Any] = {
            Meeting.scheduled_for: scheduled_for,
            Meeting.rescheduled_at: now,
            Meeting.rescheduled_from: current["scheduled_for"],
            Meeting.reschedule_reason: reason,
        }
        if place is not None:
            changes[Meeting.location] = place
        await Meeting.update(changes).where(Meeting.id == meeting_id)
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.MEETING_RESCHEDULED,
            subject=f"meeting:{meeting_id}",
            data={
                "scheduled_for": scheduled_for.isoformat(),
                "was_scheduled_for": current["scheduled_for"].isoformat(),
                "location": current["location"] if place is None else place,
                "reason": reason,
            },
            now=now,
        )
    return await get_meeting(actor, slug, meeting_id)


async def cancel_meeting(
    runtime: Runtime, actor: Actor | None, slug: str, meeting_id: str, *, reason: str
) -> dict[str, Any]:
    """Cancel a scheduled meeting for `reason`; refused while motions await it."""
    access = await member_access(slug, actor)
    meeting = await load_meeting(access, meeting_id)
    await require_record_keeper(access, meeting["body"], today())
    reason = clean_text(reason, field="reason", max_len=REASON_MAX)
    now = utcnow()
    async with transaction(runtime.engine):
        await lock_row(Meeting, meeting_id)
        current = await Meeting.select(Meeting.status).where(Meeting.id == meeting_id).first()
        assert current is not None
        schedule_change_check(current["status"], cancelling=True)
        cancel_check(
            await Motion.count().where(
                (Motion.meeting == meeting_id) & (Motion.status != MotionStatus.withdrawn)
            )
        )
        await Meeting.update(
            {
                Meeting.status: MeetingStatus.cancelled,
                Meeting.cancelled_at: now,
                Meeting.cancel_reason: reason,
            }
        ).where(Meeting.id == meeting_id)
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.MEETING_CANCELLED,
            subject=f"meeting:{meeting_id}",
            data={"reason": reason},
            now=now,
        )
    return await get_meeting(actor, slug, meeting_id)
