"""Who runs an election: the organisation's admins and secretary, and the body's secretary.

They call elections and see turnout (counts only). Certifying is for admins alone
(`certifying.py`).
"""

from __future__ import annotations

from governance.clock import utcnow
from governance.errors import Forbidden
from governance.members.access import OrgAccess
from governance.members.bodies import active_seats


async def is_officer(access: OrgAccess, body_id: str) -> bool:
    """Org admin, org secretary, or the body's secretary today."""
    if not (access.is_member or access.is_platform_admin):
        return False
    if access.is_admin or access.is_secretary:
        return True
    seats = await active_seats(body_id, utcnow().date())
    return any(s["membership"] == access.member_id and s["role"] == "secretary" for s in seats)


async def require_officer(access: OrgAccess, body_id: str, *, doing: str) -> None:
    """Raises Forbidden (naming who may) unless `is_officer`."""
    access.require_member()
    if not await is_officer(access, body_id):
        raise Forbidden(f"Only an admin or a secretary can {doing}.")
