"""Moving a motion: in a meeting that has not been adjourned, or by written consent.

Each locks what the new motion depends on (the motion it amends, then the meeting) before
checking, then numbers it, inserts it with its first text version and appends
`motion.moved`, in one transaction. Every refusal raises before anything is written.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import as_utc, today, utcnow
from governance.db import lock_row, transaction
from governance.errors import InvalidInput
from governance.members.access import Actor, OrgAccess, member_access
from governance.members.bodies import load_body
from governance.motions.acting import check_acts_on
from governance.motions.agenda_rows import agenda_items
from governance.motions.context import attendance_of, load_meeting, nested, require_seated
from governance.motions.numbering import next_number
from governance.motions.quorum_state import meeting_quorum
from governance.motions.reading import get_motion
from governance.motions.rules.agenda import motion_item_check
from governance.motions.rules.amendments import amendable_check
from governance.motions.rules.business import presence_check, quorum_check
from governance.motions.rules.kinds import (
    Appointment,
    check_appointment_starts,
    check_kind_fields,
    kind_threshold,
    parse_appoints,
)
from governance.motions.rules.meetings import moving_check
from governance.motions.rules.procedure import (
    MotionKind,
    VoteMethod,
    format_motion_number,
    minutes_approval_check,
    validate_new_motion,
)
from governance.motions.rules.transitions import MotionStatus
from governance.motions.tables import Meeting, Motion, MotionText
from governance.motions.verifiable_binding import bind_to_ceremony
from governance.runtime import Runtime
from governance.text import clean_text, iso

TITLE_MAX = 200
TEXT_MAX = 20_000


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
        action=Action.MOTION_MOVED,
        subject=f"motion:{motion.id}",
        data={
            "number": motion.number,
            "meeting_id": motion.meeting,
            "kind": motion.kind,
            "title": motion.title,
            "text": motion.text,
            "amends": motion.amends,
            "minutes_of": motion.minutes_of,
            "agenda_item": motion.agenda_item,
            "threshold": motion.threshold,
            "method": motion.method,
            "mover": motion.mover,
            "closes_at": iso(motion.closes_at),
            **{
                name: getattr(motion, name)
                for name in ("appoints", "target", "to_meeting", "to_body")
                if getattr(motion, name) is not None
            },
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
    agenda_item: str | None = None,
    appoints: dict[str, Any] | None = None,
    rescinds: str | None = None,
    postpones: str | None = None,
    refers: str | None = None,
    reconsiders: str | None = None,
    to_meeting: str | None = None,
    to_body: str | None = None,
) -> dict[str, Any]:
    """A seated member moves a motion in a meeting that has not been adjourned nor cancelled.

    It goes under one of the meeting's agenda items (`rules.agenda.motion_item_check`); a
    kind that acts on something names it (`rules/kinds.py`, checked by
    `acting.check_acts_on`)."""
    access = await member_access(slug, actor)
    meeting = await load_meeting(access, meeting_id)
    mover = await require_seated(access, meeting["body"], "move motions")
    title = clean_text(title, field="title", max_len=TITLE_MAX)
    text = clean_text(text, field="text", max_len=TEXT_MAX)
    target_field, acts_on = _one_target(
        rescinds=rescinds, postpones=postpones, refers=refers, reconsiders=reconsiders
    )
    kind, threshold, method = validate_new_motion(
        kind=kind,
        amends=amends,
        minutes_of=minutes_of,
        threshold=kind_threshold(kind, threshold),
        method=method,
        in_meeting=True,
    )
    check_kind_fields(
        kind,
        appoints=appoints,
        target=acts_on,
        target_field=target_field,
        to_meeting=to_meeting,
        to_body=to_body,
        in_meeting=True,
    )
    appointment = _appointment(appoints) if kind is MotionKind.appointment else None
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
        for locked in (amends, acts_on):
            if locked is not None:
                await lock_row(Motion, locked)
        await lock_row(Meeting, meeting_id)
        current = await Meeting.select(Meeting.status).where(Meeting.id == meeting_id).first()
        assert current is not None
        moving_check(current["status"])
        # Business needs the mover present and the meeting quorate, read under the lock.
        attendance = await attendance_of(meeting_id)
        presence_check(attendance=attendance.get(mover), doing="move motions")
        quorum_check(
            await meeting_quorum(nested(meeting, "body"), meeting_id), doing="take up a motion"
        )
        target = None
        if amends is not None:
            target = (
                await Motion.select(Motion.meeting, Motion.status, Motion.kind, Motion.agenda_item)
                .where((Motion.id == amends) & (Motion.organisation == access.org_id))
                .first()
            )
            if target is None or target["meeting"] != meeting_id:
                raise InvalidInput(
                    "An amendment must amend a motion made in the same meeting.", field="amends"
                )
            amendable_check(target_status=target["status"])
        motion.agenda_item = motion_item_check(
            meeting_items=[i["id"] for i in await agenda_items(meeting_id)],
            given=agenda_item,
            main_motion_item=target["agenda_item"] if target is not None else None,
            is_amendment=amends is not None,
        )
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
        for column, value in (
            await check_acts_on(
                access,
                kind,
                meeting=meeting,
                mover=mover,
                target_id=acts_on,
                to_meeting=to_meeting,
                to_body=to_body,
                appointment=appointment,
            )
        ).items():
            setattr(motion, column, value)
        await _insert_motion(access, motion, now)
        if method is VoteMethod.verifiable:
            await bind_to_ceremony(access, motion.id, meeting["body"])
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
    kind: str | None = None,
    appoints: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Action without a meeting: open once seconded, carried only by every seated member.
    It may be an appointment (`kind: appointment` with `appoints`)."""
    access = await member_access(slug, actor)
    body = await load_body(access, body_slug)
    mover = await require_seated(access, body["id"], "propose written consents")
    title = clean_text(title, field="title", max_len=TITLE_MAX)
    text = clean_text(text, field="text", max_len=TEXT_MAX)
    closes_at = as_utc(closes_at)
    now = utcnow()
    if closes_at <= now:
        raise InvalidInput("The closing time must be in the future.", field="closes_at")
    kind, threshold, method = validate_new_motion(
        kind=kind, amends=None, minutes_of=None, threshold=None, method=None, in_meeting=False
    )
    check_kind_fields(
        kind,
        appoints=appoints,
        target=None,
        target_field=None,
        to_meeting=None,
        to_body=None,
        in_meeting=False,
    )
    appointment = _appointment(appoints) if kind is MotionKind.appointment else None
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
        if appointment is not None:
            stored = await check_acts_on(
                access,
                kind,
                meeting={"id": None, "body": body["id"]},
                mover=mover,
                target_id=None,
                to_meeting=None,
                to_body=None,
                appointment=appointment,
            )
            motion.appoints = stored["appoints"]
        await _insert_motion(access, motion, now)
    return await get_motion(runtime, actor, slug, motion.id)


def _appointment(appoints: Any) -> Appointment:
    """A new appointment's terms: well formed (`parse_appoints`), starting today or later."""
    appointment = parse_appoints(appoints)
    check_appointment_starts(appointment, today=today())
    return appointment


def _one_target(**named: str | None) -> tuple[str | None, str | None]:
    """(field, motion id) of the one motion named by rescinds/postpones/refers/reconsiders."""
    given = [(field, value) for field, value in named.items() if value is not None]
    if len(given) > 1:
        raise InvalidInput(
            "A motion acts on one other motion: give only one of rescinds, postpones, refers "
            "and reconsiders.",
            field=given[1][0],
        )
    return given[0] if given else (None, None)
