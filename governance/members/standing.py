"""Members in good standing: a member record and no suspension.

The electorate of an `assembly` (every member in good standing may move, second and vote at
it) and the roll of a members' election are read here, so the rule is written once. A
roll can be frozen at a moment (`joined_by`): members who joined after an election opened
are not on its roll, so nobody can add voters once voting has begun; nor are members who
were suspended at that moment (`suspended_at_moment`), even if reinstated since.
"""

from __future__ import annotations

from datetime import datetime

from governance.members.tables import Membership, SuspensionPeriod


def in_good_standing(suspended_at: datetime | None) -> bool:
    """Whether a membership with this suspension state is in good standing."""
    return suspended_at is None


async def members_in_good_standing(org_id: str, *, joined_by: datetime | None = None) -> set[str]:
    """Ids of the organisation's members in good standing (joined by `joined_by`, if given)."""
    query = Membership.select(Membership.id).where(
        (Membership.organisation == org_id) & Membership.suspended_at.is_null()
    )
    if joined_by is not None:
        query = query.where(Membership.joined_at <= joined_by)
    return {row["id"] for row in await query}


async def is_in_good_standing(member_id: str, *, joined_by: datetime | None = None) -> bool:
    """Whether this one membership is in good standing (and joined by `joined_by`)."""
    query = Membership.select(Membership.id).where(
        (Membership.id == member_id) & Membership.suspended_at.is_null()
    )
    if joined_by is not None:
        query = query.where(Membership.joined_at <= joined_by)
    return bool(await query.first())


async def suspended_at_moment(member_ids: set[str], moment: datetime) -> set[str]:
    """Which of these memberships were suspended at `moment` (from the suspension history)."""
    if not member_ids:
        return set()
    rows = await SuspensionPeriod.select(SuspensionPeriod.membership).where(
        SuspensionPeriod.membership.is_in(list(member_ids))
        & (SuspensionPeriod.started_at <= moment)
        & (SuspensionPeriod.ended_at.is_null() | (SuspensionPeriod.ended_at > moment))
    )
    return {row["membership"] for row in rows}
