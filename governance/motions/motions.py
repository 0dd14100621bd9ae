"""Motions: seconding, withdrawing, recusal, opening the vote, and reading them (moving
one is in `moving.py`, re-exported here).

Each change locks the motion's row (or, for a new motion, the meeting's or the counter's)
before checking, then writes and appends its audit entry in the same transaction. Every
refusal raises before anything is written, so it changes nothing.
"""

from __future__ import annotations

from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import lock_row, transaction
from governance.errors import Conflict, InvalidInput
from governance.members.access import Actor, OrgAccess, member_access
from governance.members.bodies import body_composition
from governance.motions.context import (
    attendance_of,
    load_motion,
    nested,
    require_seated,
)
from governance.motions.decided import record_decided
from governance.motions.moving import move_consent_motion, move_motion
from governance.motions.presiding_state import require_presiding_officer
from governance.motions.quorum_state import meeting_quorum
from governance.motions.reading import get_motion, list_meeting_motions, list_motions
from governance.motions.rules.business import presence_check, quorum_check
from governance.motions.rules.consent import check_consent_open
from governance.motions.rules.procedure import (
    check_open_vote,
    recuse_check,
    second_check,
    withdraw_check,
)
from governance.motions.rules.transitions import (
    BEFORE_VOTE,
    MotionAction,
    MotionStatus,
    next_status,
)
from governance.motions.tables import Meeting, Motion, Recusal
from governance.runtime import Runtime

__all__ = [
    "get_motion",
    "list_meeting_motions",
    "list_motions",
    "move_consent_motion",
    "move_motion",
    "open_vote",
    "recuse",
    "second_motion",
    "withdraw_motion",
]


async def _locked_motion(access: OrgAccess, motion_id: str) -> dict[str, Any]:
    """Lock, then re-read the motion inside the transaction."""
    await lock_row(Motion, motion_id)
    return await load_motion(access, motion_id)


async def second_motion(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str
) -> dict[str, Any]:
    """Another seated member seconds; a written consent opens for votes at once."""
    access = await member_access(slug, actor)
    motion = await load_motion(access, motion_id)
    seconder = await require_seated(access, motion["body"], "second motions")
    now = utcnow()
    async with transaction(runtime.engine):
        motion = await _locked_motion(access, motion_id)
        second_check(mover_id=motion["mover"], seconder_id=seconder, seconder_seated=True)
        status = next_status(motion["status"], MotionAction.second)
        if motion["meeting"] is not None:
            # In a meeting: the seconder present and the meeting quorate, read under the
            # meeting's lock (motion before meeting, as everywhere).
            await lock_row(Meeting, motion["meeting"])
            attendance = await attendance_of(motion["meeting"])
            presence_check(attendance=attendance.get(seconder), doing="second motions")
            quorum_check(
                await meeting_quorum(nested(motion, "body"), motion["meeting"]),
                doing="second a motion",
            )
        changes: dict[Any, Any] = {
            Motion.status: status,
            Motion.seconder: seconder,
            Motion.seconded_at: now,
        }
        consent = motion["meeting"] is None
        if consent:
            check_consent_open(closes_at=motion["closes_at"], now=now)
            status = next_status(status, MotionAction.open_vote)
            changes.update({Motion.status: status, Motion.vote_opened_at: now})
        await Motion.update(changes).where(Motion.id == motion_id)
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.MOTION_SECONDED,
            subject=f"motion:{motion_id}",
            data={"seconder": seconder},
            now=now,
        )
        if consent:
            await audit.service.append(
                chain=access.org_id,
                actor=access.actor_label,
                action=Action.VOTE_OPENED,
                subject=f"motion:{motion_id}",
                data={"written_consent": True, "closes_at": motion["closes_at"].isoformat()},
                now=now,
            )
    return await get_motion(runtime, actor, slug, motion_id)


async def withdraw_motion(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str
) -> dict[str, Any]:
    """The mover withdraws before the vote; amendments pending on it fall with it."""
    access = await member_access(slug, actor)
    now = utcnow()
    async with transaction(runtime.engine):
        motion = await _locked_motion(access, motion_id)
        withdraw_check(
            status=motion["status"], actor_id=access.member_id or "", mover_id=motion["mover"]
        )
        pending = await Motion.select(*Motion.all_columns()).where(
            (Motion.amends == motion_id) & Motion.status.is_in(list(BEFORE_VOTE))
        )
        for row in [motion, *pending]:
            await record_decided(
                org_id=access.org_id,
                actor_label=access.actor_label,
                motion=row,
                status=next_status(row["status"], MotionAction.withdraw),
                now=now,
                data={} if row["id"] == motion_id else {"because_withdrawn": motion_id},
            )
    return await get_motion(runtime, actor, slug, motion_id)


async def recuse(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    motion_id: str,
    *,
    reason: str,
    public: bool = False,
) -> dict[str, Any]:
    """A seated member declares a conflict before the vote opens; they may not vote."""
    access = await member_access(slug, actor)
    motion = await load_motion(access, motion_id)
    member_id = await require_seated(access, motion["body"], "recuse themselves")
    reason = (reason or "").strip()
    if not 1 <= len(reason) <= 2000:
        raise InvalidInput("Say briefly what the conflict is (for the record).", field="reason")
    now = utcnow()
    async with transaction(runtime.engine):
        motion = await _locked_motion(access, motion_id)
        already = await Recusal.exists().where(
            (Recusal.motion == motion_id) & (Recusal.membership == member_id)
        )
        recuse_check(status=motion["status"], seated=True, already_recused=already)
        await Recusal.insert(
            Recusal(
                motion=motion_id,
                membership=member_id,
                reason=reason,
                public=public,
                created_at=now,
            )
        )
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.MOTION_RECUSED,
            subject=f"motion:{motion_id}",
            # The reason stays private unless the member chose to make it public.
            data={"member_id": member_id, "reason": reason if public else None},
            now=now,
        )
    return await get_motion(runtime, actor, slug, motion_id)


async def open_vote(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str
) -> dict[str, Any]:
    """The presiding officer opens the vote, if the motion is seconded, the meeting in
    session and quorate, the body compliant (or the motion an appointment), and no amendment
    pending."""
    access = await member_access(slug, actor)
    access.require_member()
    now = utcnow()
    async with transaction(runtime.engine):
        motion = await _locked_motion(access, motion_id)
        if motion["meeting"] is None:
            raise Conflict(
                "A written consent opens for votes by itself once it is seconded.",
                code="written-consent",
            )
        await lock_row(Meeting, motion["meeting"])
        await require_presiding_officer(access, motion, doing="open the vote")
        body = nested(motion, "body")
        meeting = (
            await Meeting.select(Meeting.status).where(Meeting.id == motion["meeting"]).first()
        )
        assert meeting is not None
        quorum = await meeting_quorum(body, motion["meeting"])
        composition = await body_composition(body)
        pending = await Motion.count().where(
            (Motion.amends == motion_id) & Motion.status.is_in([*BEFORE_VOTE, MotionStatus.voting])
        )
        check_open_vote(
            status=motion["status"],
            in_meeting=True,
            meeting_status=meeting["status"],
            quorum=quorum,
            body_compliant=composition.compliant,
            kind=motion["kind"],
            pending_amendments=pending,
        )
        status = next_status(motion["status"], MotionAction.open_vote)
        await Motion.update({Motion.status: status, Motion.vote_opened_at: now}).where(
            Motion.id == motion_id
        )
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.VOTE_OPENED,
            subject=f"motion:{motion_id}",
            data={"method": motion["method"], "threshold": motion["threshold"]},
            now=now,
        )
    return await get_motion(runtime, actor, slug, motion_id)
