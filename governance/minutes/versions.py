"""Reading minutes versions, and whether the caller is a record keeper (who reads drafts).

Who reads which version is the lifecycle's rule, in `governance.minutes.rules`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from governance.errors import Forbidden, NotFound
from governance.members.access import OrgAccess
from governance.minutes import rules
from governance.minutes.rules import MinutesStatus, pick_version
from governance.minutes.tables import Minutes
from governance.motions.context import require_record_keeper

__all__ = [
    "APPROVED",
    "DRAFT",
    "PUBLISHED",
    "all_versions",
    "is_record_keeper",
    "latest_version",
    "pick_version",
    "visible_statuses",
]

DRAFT: Final = MinutesStatus.draft
APPROVED: Final = MinutesStatus.approved
PUBLISHED: Final = MinutesStatus.published


async def is_record_keeper(access: OrgAccess, body_id: str, day: date) -> bool:
    """Whether the caller may see drafts and edit notes (the meeting code's own rule)."""
    if access.membership is None and not access.is_platform_admin:
        return False
    try:
        await require_record_keeper(access, body_id, day)
    except (Forbidden, NotFound):
        return False
    return True


def visible_statuses(access: OrgAccess, keeper: bool) -> frozenset[str]:
    """The statuses this caller reads (`rules.visible_statuses`)."""
    member = access.is_member or access.is_platform_admin
    return frozenset(rules.visible_statuses(keeper=keeper, member=member))


async def all_versions(meeting_id: str) -> list[dict[str, Any]]:
    """Every version of a meeting's minutes, oldest first."""
    return list(
        await Minutes.select(*Minutes.all_columns())
        .where(Minutes.meeting == meeting_id)
        .order_by(Minutes.version)
    )


async def latest_version(meeting_id: str) -> dict[str, Any] | None:
    versions = await all_versions(meeting_id)
    return versions[-1] if versions else None
