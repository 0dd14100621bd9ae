"""Reading motions as the caller sees them: one, a meeting's, or the organisation's.

A written consent past its closing time is failed before it is read
(`expiry.expire_if_due`), so no reader ever sees one still open.
"""

from __future__ import annotations

from typing import Any

from governance.clock import utcnow
from governance.members.access import Actor, member_access
from governance.members.bodies import load_body
from governance.motions.context import load_meeting, load_motion
from governance.motions.expiry import close_expired_consents, expire_if_due
from governance.motions.rules.procedure import VoteMethod
from governance.motions.rules.transitions import MotionStatus
from governance.motions.tables import Motion
from governance.motions.verifiable_binding import trustee_number, verifiable_view
from governance.motions.views import motion_view, motion_views
from governance.runtime import Runtime


async def get_motion(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str
) -> dict[str, Any]:
    """One motion as the caller sees it."""
    access = await member_access(slug, actor)
    motion = await load_motion(access, motion_id)
    if await expire_if_due(runtime, access.org_id, motion, utcnow()):
        motion = await load_motion(access, motion_id)
    view = await motion_view(access, motion)
    if motion["method"] == VoteMethod.verifiable:
        view["verifiable"] = await verifiable_view(motion_id)
        view["you"]["trustee"] = await trustee_number(motion_id, access.member_id)
    return view


async def list_meeting_motions(
    runtime: Runtime, actor: Actor | None, slug: str, meeting_id: str
) -> list[dict[str, Any]]:
    """A meeting's motions in the order they were made (a meeting has no written consents)."""
    access = await member_access(slug, actor)
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
    access = await member_access(slug, actor)
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
