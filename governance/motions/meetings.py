"""Meetings: scheduling, attendance, opening and adjourning, and live quorum.

Every change runs in one write transaction with its audit entry, under a lock on the
meeting's row, so attendance and the meeting's status change one at a time.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import as_utc, today, utcnow
from governance.db import lock_row, transaction
from governance.errors import Conflict, Forbidden, InvalidInput
from governance.members.access import Actor, OrgAccess, member_access, org_access
from governance.members.bodies import load_body
from governance.members.counts import sees_counts
from governance.members.tables import Membership
from governance.motions.agenda_rows import agenda_items, clean_titles, insert_items
from governance.motions.context import load_meeting, nested, require_record_keeper
from governance.motions.presiding_state import presiding_now
from governance.motions.quorum_state import meeting_quorum
from governance.motions.rules._parse import one_of
from governance.motions.rules.business import (
    adjourn_permission_check,
    adjourn_without_quorum_outcome,
)
from governance.motions.rules.meetings import MeetingAction, attendance_check, next_meeting_status
from governance.motions.rules.presiding import presided_words
from governance.motions.rules.procedure import AttendanceStatus, MeetingStatus
from governance.motions.rules.transitions import MotionStatus
from governance.motions.tables import Attendance, Meeting, Motion
from governance.motions.voting_port import voting
from governance.runtime import Runtime
from governance.text import clean_text, iso


async def create_meeting(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    body_slug: str,
    *,
    title: str,
    scheduled_for: datetime,
    location: str | None = None,
    agenda: list[str] | None = None,
) -> dict[str, Any]:
    access = await member_access(slug, actor)
    body = await load_body(access, body_slug)
    await require_record_keeper(access, body["id"], today())
    title = clean_text(title, field="title", max_len=200, required=True)
    place = clean_text(location, field="location", max_len=300, required=False)
    items = clean_titles(agenda)
    scheduled_for = as_utc(scheduled_for)
    now = utcnow()
    row = Meeting(
        organisation=access.org_id,
        body=body["id"],
        title=title,
        scheduled_for=scheduled_for,
        location=place,
        agenda=json.dumps(items),
        status=MeetingStatus.scheduled,
        created_at=now,
    )
    async with transaction(runtime.engine):
        await Meeting.insert(row)
        await insert_items(row.id, items, now)
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.MEETING_CREATED,
            subject=f"meeting:{row.id}",
            data={
                "body": body_slug,
                "title": title,
                "scheduled_for": scheduled_for.isoformat(),
                "location": place,
                "agenda": items,
            },
            now=now,
        )
    return await get_meeting(actor, slug, row.id)


async def set_attendance(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    meeting_id: str,
    *,
    member_id: str,
    status: str,
) -> dict[str, Any]:
    """Record (or change) a member's attendance; arrivals and departures change quorum."""
    access = await member_access(slug, actor)
    meeting = await load_meeting(access, meeting_id)
    await require_record_keeper(access, meeting["body"], today())
    status = one_of(AttendanceStatus, status, field="status")
    member = (
        await Membership.select(Membership.id)
        .where((Membership.id == member_id) & (Membership.organisation == access.org_id))
        .first()
    )
    if member is None:
        raise InvalidInput("There is no such member in this organisation.", field="member_id")
    now = utcnow()
    async with transaction(runtime.engine):
        await lock_row(Meeting, meeting_id)
        current = await Meeting.select(Meeting.status).where(Meeting.id == meeting_id).first()
        assert current is not None
        attendance_check(current["status"])
        existing = (
            await Attendance.select(Attendance.id, Attendance.status)
            .where((Attendance.meeting == meeting_id) & (Attendance.membership == member_id))
            .first()
        )
        if existing is not None and existing["status"] == status:
            pass  # nothing changes, nothing to record
        else:
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
                action=Action.ATTENDANCE_RECORDED,
                subject=f"meeting:{meeting_id}",
                data={"member_id": member_id, "status": status},
                now=now,
            )
    return await get_meeting(actor, slug, meeting_id)


async def open_meeting(
    runtime: Runtime, actor: Actor | None, slug: str, meeting_id: str
) -> dict[str, Any]:
    access = await member_access(slug, actor)
    meeting = await load_meeting(access, meeting_id)
    await require_record_keeper(access, meeting["body"], today())
    now = utcnow()
    async with transaction(runtime.engine):
        await lock_row(Meeting, meeting_id)
        current = await Meeting.select(Meeting.status).where(Meeting.id == meeting_id).first()
        assert current is not None
        status = next_meeting_status(current["status"], MeetingAction.open)
        await Meeting.update({Meeting.status: status, Meeting.opened_at: now}).where(
            Meeting.id == meeting_id
        )
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.MEETING_OPENED,
            subject=f"meeting:{meeting_id}",
            data={},
            now=now,
        )
    return await get_meeting(actor, slug, meeting_id)


def _open_votes() -> Any:
    return Motion.select(*Motion.all_columns()).order_by(Motion.created_at).order_by(Motion.id)


async def adjourn_meeting(
    runtime: Runtime, actor: Actor | None, slug: str, meeting_id: str
) -> dict[str, Any]:
    """Adjourn the meeting. With quorum, a vote still open refuses it (the presiding
    officer closes it first). Without quorum the meeting can do nothing but adjourn, and
    business without a quorum is void: every vote still open fails (`reason: "no quorum"`,
    its box closed as any close does) in this same transaction, through `close_motion` and
    so `decided.record_decided`."""
    access = await member_access(slug, actor)
    access.require_member()
    meeting = await load_meeting(access, meeting_id)
    try:
        await require_record_keeper(access, meeting["body"], today())
        record_keeper = True
    except Forbidden:
        record_keeper = False  # the presiding officer may still adjourn without quorum
    body = nested(meeting, "body")
    now = utcnow()
    async with transaction(runtime.engine):
        # Motion before meeting, the order every transaction uses: lock the open votes
        # first, then the meeting, then read again under the meeting's lock.
        voting_now = await _open_votes().where(
            (Motion.meeting == meeting_id) & (Motion.status == MotionStatus.voting)
        )
        for motion in voting_now:
            await lock_row(Motion, motion["id"])
        await lock_row(Meeting, meeting_id)
        current = await Meeting.select(Meeting.status).where(Meeting.id == meeting_id).first()
        assert current is not None
        status = next_meeting_status(current["status"], MeetingAction.adjourn)
        locked = {m["id"] for m in voting_now}
        still_open = await _open_votes().where(
            (Motion.meeting == meeting_id) & (Motion.status == MotionStatus.voting)
        )
        quorum = await meeting_quorum(body, meeting_id)
        fails = adjourn_without_quorum_outcome(quorum, votes_open=len(still_open))
        if any(m["id"] not in locked for m in still_open):
            raise Conflict("A vote opened while the meeting was adjourning. Try again.")
        presiding = await presiding_now(meeting_id, body["id"])
        adjourn_permission_check(
            record_keeper=record_keeper,
            presiding_id=presiding.member_id,
            presiding_name=presiding.display_name,
            actor_id=access.member_id,
            voids_votes=fails is not None,
        )
        failed: list[str] = []
        for motion in still_open if fails is not None else []:
            await voting().close_motion(
                org_id=access.org_id,
                actor_label=access.actor_label,
                motion=motion,
                now=now,
                reason="adjourned_without_quorum",
                no_quorum=True,
            )
            failed.append(motion["number"])
        await Meeting.update({Meeting.status: status, Meeting.adjourned_at: now}).where(
            Meeting.id == meeting_id
        )
        # Who presided as the meeting adjourned, for the minutes' header.
        data: dict[str, Any] = {"presiding": presided_words(presiding)}
        if failed:
            data["failed_without_quorum"] = failed
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.MEETING_ADJOURNED,
            subject=f"meeting:{meeting_id}",
            data=data,
            now=now,
        )
    return await get_meeting(actor, slug, meeting_id)


async def meeting_view(access: OrgAccess, meeting: dict[str, Any]) -> dict[str, Any]:
    """A meeting as `access` sees it: quorum as a verdict, with the count for admins."""
    body = nested(meeting, "body")
    attendance = await Attendance.select(
        Attendance.membership,
        Attendance.status,
        Attendance.membership.account.display_name,
    ).where(Attendance.meeting == meeting["id"])
    quorum = (await meeting_quorum(body, meeting["id"], attendance_rows=attendance)).view(
        counts=sees_counts(access)
    )
    motions = (
        await Motion.select(
            Motion.id, Motion.number, Motion.title, Motion.kind, Motion.status, Motion.agenda_item
        )
        .where(Motion.meeting == meeting["id"])
        .order_by(Motion.created_at)
    )
    items = await agenda_items(meeting["id"])
    presiding = await presiding_now(
        meeting["id"],
        body["id"],
        attendance={a["membership"]: a["status"] for a in attendance},
    )
    return {
        "id": meeting["id"],
        "body": body["slug"],
        "body_name": body["name"],
        "title": meeting["title"],
        "scheduled_for": iso(meeting["scheduled_for"]),
        "location": meeting["location"],
        "agenda": [i["title"] for i in items],
        "agenda_items": items,
        "status": meeting["status"],
        "cancelled": (
            {"at": iso(meeting["cancelled_at"]), "reason": meeting["cancel_reason"]}
            if meeting["status"] == MeetingStatus.cancelled
            else None
        ),
        "rescheduled": (
            {
                "at": iso(meeting["rescheduled_at"]),
                "from": iso(meeting["rescheduled_from"]),
                "reason": meeting["reschedule_reason"],
            }
            if meeting["rescheduled_at"]
            else None
        ),
        "opened_at": iso(meeting["opened_at"]),
        "adjourned_at": iso(meeting["adjourned_at"]),
        "attendance": sorted(
            (
                {
                    "member_id": a["membership"],
                    "display_name": a["membership.account.display_name"],
                    "status": a["status"],
                }
                for a in attendance
            ),
            key=lambda a: a["display_name"],
        ),
        "quorum": quorum,
        # Who presides over the meeting now (a motion's recusals may hand it to the next
        # officer for that motion); null, with `presiding_reason`, when nobody can.
        "presiding": presiding.as_dict() if presiding.member_id else None,
        "presiding_reason": presiding.reason,
        "chair_pro_tem": meeting["chair_pro_tem"],
        "motions": motions,
    }


async def get_meeting(
    actor: Actor | None, slug: str, meeting_id: str, *, public_ok: bool = False
) -> dict[str, Any]:
    """The meeting for a member; with `public_ok` (the pages), also for anyone when the
    organisation's record is public (quorum as a verdict only, as for every non-admin)."""
    access = await (
        org_access(slug, actor, public_ok=True) if public_ok else member_access(slug, actor)
    )
    return await meeting_view(access, await load_meeting(access, meeting_id))


async def list_org_meetings(
    actor: Actor | None, slug: str, *, limit: int, public_ok: bool = False
) -> list[dict[str, Any]]:
    """Every body's meetings, the most recently scheduled first (summaries with the body's
    name); with `public_ok`, also for anyone when the organisation's record is public."""
    access = await (
        org_access(slug, actor, public_ok=True) if public_ok else member_access(slug, actor)
    )
    rows = (
        await Meeting.select(
            Meeting.id,
            Meeting.title,
            Meeting.scheduled_for,
            Meeting.location,
            Meeting.status,
            Meeting.cancel_reason,
            Meeting.body.slug,
            Meeting.body.name,
        )
        .where(Meeting.organisation == access.org_id)
        .order_by(Meeting.scheduled_for, ascending=False)
        .limit(limit)
    )
    return [
        {
            "id": r["id"],
            "title": r["title"],
            "scheduled_for": iso(r["scheduled_for"]),
            "location": r["location"],
            "status": r["status"],
            "cancel_reason": r["cancel_reason"],
            "body": r["body.slug"],
            "body_name": r["body.name"],
        }
        for r in rows
    ]


async def list_meetings(actor: Actor | None, slug: str, body_slug: str) -> list[dict[str, Any]]:
    """A body's meetings, the most recently scheduled first (summaries, no attendance)."""
    access = await member_access(slug, actor)
    body = await load_body(access, body_slug)
    rows = (
        await Meeting.select(
            Meeting.id,
            Meeting.title,
            Meeting.scheduled_for,
            Meeting.location,
            Meeting.status,
            Meeting.cancel_reason,
        )
        .where(Meeting.body == body["id"])
        .order_by(Meeting.scheduled_for, ascending=False)
    )
    return [{**r, "scheduled_for": iso(r["scheduled_for"]), "body": body_slug} for r in rows]
