"""Reading minutes versions and deciding who may see which.

A draft is seen only by the meeting's record keepers (the body's chair or secretary, the
organisation's secretary or admins). Members see approved and published versions; a
signed-out reader of a public organisation sees published versions only.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from governance.errors import Forbidden, NotFound
from governance.members.access import OrgAccess
from governance.minutes.tables import Minutes
from governance.motions.context import require_record_keeper

DRAFT: Final = "draft"
APPROVED: Final = "approved"
PUBLISHED: Final = "published"


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
    if keeper:
        return frozenset({DRAFT, APPROVED, PUBLISHED})
    if access.is_member or access.is_platform_admin:
        return frozenset({APPROVED, PUBLISHED})
    return frozenset({PUBLISHED})


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


def pick_version(
    versions: list[dict[str, Any]], statuses: frozenset[str], version: int | None
) -> dict[str, Any]:
    """The requested version (or the newest the caller may see); 404 otherwise.

    A version the caller may not see is "not found", like one that does not exist, so a
    draft's existence does not leak either.
    """
    visible = [v for v in versions if v["status"] in statuses]
    if version is not None:
        visible = [v for v in visible if v["version"] == version]
    if not visible:
        if version is not None:
            raise NotFound(f"There is no version {version} of these minutes that you can read.")
        raise NotFound(
            "The minutes of this meeting have not been approved yet, so they cannot be shown."
        )
    return visible[-1]
