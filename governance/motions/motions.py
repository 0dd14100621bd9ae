"""Motions: moving (in a meeting or by written consent), seconding, withdrawing, recusal,
and opening the vote.

Each change locks the motion's row (or, for a new motion, the meeting's or the counter's)
before checking, then writes and appends its audit entry in the same transaction. Every
refusal raises before anything is written, so it changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from governance import audit
from governance.clock import today, utcnow
from governance.db import lock_row, transaction
from governance.decisions.search import index_decision
from governance.errors import Conflict, Forbidden, InvalidInput
from governance.members.access import Actor, OrgAccess, org_access, require_actor
from governance.members.bodies import body_composition, load_body
from governance.motions.context import (
    load_meeting,
    load_motion,
    nested,
    require_chair,
    seat_roles,
)
from governance.motions.numbering import next_number
from governance.motions.quorum_state import meeting_quorum
from governance.motions.rules.amendments import amendable_check
from governance.motions.rules.consent import check_consent_open
from governance.motions.rules.procedure import (
    MeetingStatus,
    check_open_vote,
    format_motion_number,
    minutes_approval_check,
    recuse_check,
    second_check,
    validate_new_motion,
    withdraw_check,
)
from governance.motions.rules.transitions import (
    BEFORE_VOTE,
    MotionAction,
    MotionStatus,
    next_status,
)
from governance.motions.tables import Meeting, Motion, MotionText, Recusal
from governance.motions.views import motion_view, motion_views
from governance.runtime import Runtime
from governance.voting.closing import close_expired_consents, expire_if_due


def _clean(value: str | None, *, field: str, max_len: int) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(f"Enter the motion's {field}.", field=field)
    if len(text) > max_len:
        raise InvalidInput(f"Keep the {field} to {max_len:,} characters or fewer.", field=field)
    return text


async def _require_seated(access: OrgAccess, body_id: str, doing: str) -> str:
    access.require_member()
    member_id = access.member_id
    if member_id is None or member_id not in await seat_roles(body_id, today()):
        raise Forbidden(f"Only members seated on this body can {doing}.")
    return member_id


async def _insert_motion(access: OrgAccess, motion: Motion, now: datetime) -> None:
    """Number, insert and record a new motion; call inside the write transaction."""
    seq = await next_number(access.org_id, now.year)
    motion.number = format_motion_number(now.year, seq)
    await Motion.insert(motion)
    await MotionText.insert(
        MotionText(motion=motion.id, version=1, text=motion.text, amendment=None, created_at=now)
    )
    await audit.service.append(
        chain=access.org_id,
        actor=access.actor_label,
        action="motion.moved",
        subject=f"motion:{motion.id}",
        data={
            "number": motion.number,
            "meeting_id": motion.meeting,
            "kind": motion.kind,
            "title": motion.title,
            "text": motion.text,
            "amends": motion.amends,
            "minutes_of": motion.minutes_of,
            "threshold": motion.threshold,
            "method": motion.method,
            "mover": motion.mover,
            "closes_at": motion.closes_at.isoformat() if motion.closes_at else None,
        },
        now=now,
    )


async def move_motion(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    meeting_id: str,
    *,
    title: str,
    text: str,
    kind: str | None = None,
    amends: str | None = None,
    minutes_of: str | None = None,
    threshold: str | None = None,
    method: str | None = None,
) -> dict[str, Any]:
    """A seated member moves a motion in a meeting that has not been adjourned."""
    access = await org_access(slug, require_actor(actor))
    access.require_member()
    meeting = await load_meeting(access, meeting_id)
    mover = await _require_seated(access, meeting["body"], "move motions")
    title = _clean(title, field="title", max_len=200)
    text = _clean(text, field="text", max_len=20_000)
    kind, threshold, method = validate_new_motion(
        kind=kind,
        amends=amends,
        minutes_of=minutes_of,
        threshold=threshold,
        method=method,
        in_meeting=True,
    )
    now = utcnow()
    motion = Motion(
        organisation=access.org_id,
        body=meeting["body"],
        meeting=meeting_id,
        kind=kind,
        title=title,
        text=text,
        amends=amends,
        minutes_of=minutes_of,
        threshold=threshold,
        method=method,
        status=MotionStatus.moved,
        mover=mover,
        created_at=now,
    )
    async with transaction(runtime.engine):
        # Motion before meeting: the order every transaction takes these locks in.
        if amends is not None:
            await lock_row(Motion, amends)
        await lock_row(Meeting, meeting_id)
        current = await Meeting.select(Meeting.status).where(Meeting.id == meeting_id).first()
        assert current is not None
        if current["status"] == MeetingStatus.adjourned:
            raise Conflict("This meeting has been adjourned; motions can no longer be made in it.")
        if amends is not None:
            target = (
                await Motion.select(Motion.meeting, Motion.status, Motion.kind)
                .where((Motion.id == amends) & (Motion.organisation == access.org_id))
                .first()
            )
            if target is None or target["meeting"] != meeting_id:
                raise InvalidInput(
                    "An amendment must amend a motion made in the same meeting.", field="amends"
                )
            amendable_check(target_status=target["status"])
        if minutes_of is not None:
            minutes_meeting = (
                await Meeting.select(Meeting.body, Meeting.status)
                .where((Meeting.id == minutes_of) & (Meeting.organisation == access.org_id))
                .first()
            )
            if minutes_meeting is None or minutes_meeting["body"] != meeting["body"]:
                raise InvalidInput(
                    "Name a meeting of this body whose minutes are to be approved.",
                    field="minutes_of",
                )
            minutes_approval_check(
                minutes_meeting_status=minutes_meeting["status"],
                same_meeting=minutes_of == meeting_id,
            )
        await _insert_motion(access, motion, now)
    return await get_motion(runtime, actor, slug, motion.id)


async def move_consent_motion(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    body_slug: str,
    *,
    title: str,
    text: str,
    closes_at: datetime,
) -> dict[str, Any]:
    """Action without a meeting: open once seconded, carried only by every seated member."""
    access = await org_access(slug, require_actor(actor))
    access.require_member()
    body = await load_body(access, body_slug)
    mover = await _require_seated(access, body["id"], "propose written consents")
    title = _clean(title, field="title", max_len=200)
    text = _clean(text, field="text", max_len=20_000)
    if closes_at.tzinfo is None:
        closes_at = closes_at.replace(tzinfo=UTC)
    now = utcnow()
    if closes_at <= now:
        raise InvalidInput("The closing time must be in the future.", field="closes_at")
    kind, threshold, method = validate_new_motion(
        kind=None, amends=None, minutes_of=None, threshold=None, method=None, in_meeting=False
    )
    motion = Motion(
        organisation=access.org_id,
        body=body["id"],
        meeting=None,
        kind=kind,
        title=title,
        text=text,
        threshold=threshold,
        method=method,
        status=MotionStatus.moved,
        mover=mover,
        closes_at=closes_at,
        created_at=now,
    )
    async with transaction(runtime.engine):
        await _insert_motion(access, motion, now)
    return await get_motion(runtime, actor, slug, motion.id)


async def _locked_motion(access: OrgAccess, motion_id: str) -> dict[str, Any]:
    """Lock, then re-read the motion inside the transaction."""
    await lock_row(Motion, motion_id)
    return await load_motion(access, motion_id)


async def second_motion(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str
) -> dict[str, Any]:
    """Another seated member seconds; a written consent opens for votes at once."""
    access = await org_access(slug, require_actor(actor))
    access.require_member()
    motion = await load_motion(access, motion_id)
    seconder = await _require_seated(access, motion["body"], "second motions")
    now = utcnow()
    async with transaction(runtime.engine):
        motion = await _locked_motion(access, motion_id)
        second_check(mover_id=motion["mover"], seconder_id=seconder, seconder_seated=True)
        status = next_status(motion["status"], MotionAction.second)
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
            action="motion.seconded",
            subject=f"motion:{motion_id}",
            data={"seconder": seconder},
            now=now,
        )
        if consent:
            await audit.service.append(
                chain=access.org_id,
                actor=access.actor_label,
                action="motion.vote_opened",
                subject=f"motion:{motion_id}",
                data={"written_consent": True, "closes_at": motion["closes_at"].isoformat()},
                now=now,
            )
    return await get_motion(runtime, actor, slug, motion_id)


async def withdraw_motion(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str
) -> dict[str, Any]:
    """The mover withdraws before the vote; amendments pending on it fall with it."""
    access = await org_access(slug, require_actor(actor))
    access.require_member()
    now = utcnow()
    async with transaction(runtime.engine):
        motion = await _locked_motion(access, motion_id)
        withdraw_check(
            status=motion["status"], actor_id=access.member_id or "", mover_id=motion["mover"]
        )
        pending = await Motion.select(Motion.id, Motion.status).where(
            (Motion.amends == motion_id) & Motion.status.is_in(list(BEFORE_VOTE))
        )
        for target, status in [
            (motion_id, motion["status"]),
            *((p["id"], p["status"]) for p in pending),
        ]:
            withdrawn = next_status(status, MotionAction.withdraw)
            await Motion.update({Motion.status: withdrawn, Motion.decided_at: now}).where(
                Motion.id == target
            )
            await index_decision(target)
            await audit.service.append(
                chain=access.org_id,
                actor=access.actor_label,
                action="motion.withdrawn",
                subject=f"motion:{target}",
                data={} if target == motion_id else {"because_withdrawn": motion_id},
                now=now,
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
    access = await org_access(slug, require_actor(actor))
    access.require_member()
    motion = await load_motion(access, motion_id)
    member_id = await _require_seated(access, motion["body"], "recuse themselves")
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
            action="motion.recused",
            subject=f"motion:{motion_id}",
            # The reason stays private unless the member chose to make it public.
            data={"member_id": member_id, "reason": reason if public else None},
            now=now,
        )
    return await get_motion(runtime, actor, slug, motion_id)


async def open_vote(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str
) -> dict[str, Any]:
    """The chair opens the vote, if the motion is seconded, the meeting in session and
    quorate, the body compliant (or the motion an appointment), and no amendment pending."""
    access = await org_access(slug, require_actor(actor))
    access.require_member()
    motion = await load_motion(access, motion_id)
    await require_chair(access, motion["body"], today())
    now = utcnow()
    async with transaction(runtime.engine):
        motion = await _locked_motion(access, motion_id)
        if motion["meeting"] is None:
            raise Conflict(
                "A written consent opens for votes by itself once it is seconded.",
                code="written-consent",
            )
        await lock_row(Meeting, motion["meeting"])
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
            action="motion.vote_opened",
            subject=f"motion:{motion_id}",
            data={"method": motion["method"], "threshold": motion["threshold"]},
            now=now,
        )
    return await get_motion(runtime, actor, slug, motion_id)


async def get_motion(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str
) -> dict[str, Any]:
    access = await org_access(slug, require_actor(actor))
    access.require_member()
    motion = await load_motion(access, motion_id)
    if await expire_if_due(runtime, access.org_id, motion, utcnow()):
        motion = await load_motion(access, motion_id)
    return await motion_view(access, motion)


async def list_meeting_motions(
    runtime: Runtime, actor: Actor | None, slug: str, meeting_id: str
) -> list[dict[str, Any]]:
    """A meeting's motions in the order they were made (a meeting has no written consents)."""
    access = await org_access(slug, require_actor(actor))
    access.require_member()
    await load_meeting(access, meeting_id)
    rows = (
        await Motion.select(*Motion.all_columns(), *Motion.body.all_columns())
        .where(Motion.meeting == meeting_id)
        .order_by(Motion.created_at)
    )
    return await motion_views(access, rows)


async def list_motions(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    *,
    open_for_me: bool = False,
    body_slug: str | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    """Motions of the organisation, newest first; `open_for_me`: votes the caller can cast now.

    Written consents past their closing time are failed first, so the list never shows one
    as still open.
    """
    access = await org_access(slug, require_actor(actor))
    access.require_member()
    query = Motion.select(*Motion.all_columns(), *Motion.body.all_columns()).where(
        Motion.organisation == access.org_id
    )
    if body_slug is not None:
        body = await load_body(access, body_slug)
        query = query.where(Motion.body == body["id"])
    if open_for_me:
        query = query.where(Motion.status == MotionStatus.voting)
    elif status is not None:
        query = query.where(Motion.status == status)
    await close_expired_consents(runtime, utcnow(), org_id=access.org_id)
    rows = await query.order_by(Motion.created_at, ascending=False).limit(200)
    views = await motion_views(access, rows)
    if open_for_me:
        views = [v for v in views if v["you"]["can_vote"]]
    return views
