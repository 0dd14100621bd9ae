"""Suspending a member, and reinstating them.

A suspended member keeps their record (and their seats, which an admin ends separately if
they should) but is not in good standing (`members.standing`): they leave the electorate of
every assembly, so they cannot move, second or vote there, until an admin reinstates them.
Each change and its audit entry are one transaction, under a lock on the membership row, so
two admins acting at once see one of them refused with a 409.
"""

from __future__ import annotations

from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import transaction
from governance.errors import Conflict, Forbidden, NotFound
from governance.members.access import Actor, admin_access
from governance.members.organisations import get_member
from governance.members.rules import check_text
from governance.members.tables import Membership, SuspensionPeriod
from governance.runtime import Runtime

REASON_SENTENCE = "Say briefly why the member is suspended (for the record)."


async def _locked_member(org_id: str, member_id: str) -> dict[str, Any]:
    # NO KEY UPDATE, not `lock_row`'s FOR UPDATE: a vote or ballot being written holds the
    # chain and takes KEY SHARE on the voter's membership (the foreign key); FOR UPDATE here
    # would wait for it while holding what it waits for, a deadlock (found by the race test).
    if Membership._meta.db.engine_type == "postgres":
        await Membership.raw("SELECT 1 FROM membership WHERE id = {} FOR NO KEY UPDATE", member_id)
    row = (
        await Membership.select(Membership.id, Membership.suspended_at)
        .where((Membership.id == member_id) & (Membership.organisation == org_id))
        .first()
    )
    if row is None:
        raise NotFound("There is no such member in this organisation.")
    return row


async def suspend_member(
    runtime: Runtime, actor: Actor | None, slug: str, member_id: str, *, reason: str
) -> dict[str, Any]:
    """Suspend a member (org admin; never oneself): audited `member.suspended`."""
    access = await admin_access(slug, actor)
    reason = check_text(reason, field="reason", max_len=2000, sentence=REASON_SENTENCE)
    if member_id == access.member_id:
        raise Forbidden("You cannot suspend yourself; ask another administrator.")
    now = utcnow()
    async with transaction(runtime.engine):
        row = await _locked_member(access.org_id, member_id)
        if row["suspended_at"] is not None:
            raise Conflict("This member is already suspended.", code="already-suspended")
        await Membership.update(
            {Membership.suspended_at: now, Membership.suspension_reason: reason}
        ).where(Membership.id == member_id)
        await SuspensionPeriod.insert(SuspensionPeriod(membership=member_id, started_at=now))
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.MEMBER_SUSPENDED,
            subject=f"member:{member_id}",
            data={"reason": reason},
            now=now,
        )
    return await get_member(actor, slug, member_id)


async def reinstate_member(
    runtime: Runtime, actor: Actor | None, slug: str, member_id: str
) -> dict[str, Any]:
    """End a member's suspension (org admin): audited `member.reinstated`."""
    access = await admin_access(slug, actor)
    now = utcnow()
    async with transaction(runtime.engine):
        row = await _locked_member(access.org_id, member_id)
        if row["suspended_at"] is None:
            raise Conflict("This member is not suspended.", code="not-suspended")
        await Membership.update(
            {Membership.suspended_at: None, Membership.suspension_reason: None}
        ).where(Membership.id == member_id)
        await SuspensionPeriod.update({SuspensionPeriod.ended_at: now}).where(
            (SuspensionPeriod.membership == member_id) & SuspensionPeriod.ended_at.is_null()
        )
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.MEMBER_REINSTATED,
            subject=f"member:{member_id}",
            data={},
            now=now,
        )
    return await get_member(actor, slug, member_id)
