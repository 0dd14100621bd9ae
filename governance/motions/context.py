"""Loading meetings and motions for a caller, and who holds which office on a body (who
presides is `presiding_state.py`).

Everything here reads; nothing writes. A meeting or motion of another organisation is "not
found", exactly like one that does not exist.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from governance.clock import today
from governance.errors import Forbidden, NotFound
from governance.members.access import OrgAccess
from governance.members.electorate import electorate, suspended_from_assembly
from governance.motions.tables import Attendance, Meeting, Motion

RECORD_KEEPER_ROLES = frozenset({"chair", "secretary"})


async def load_meeting(access: OrgAccess, meeting_id: str) -> dict[str, Any]:
    """The meeting with its body's columns under `body.*`."""
    row = (
        await Meeting.select(*Meeting.all_columns(), *Meeting.body.all_columns())
        .where((Meeting.id == meeting_id) & (Meeting.organisation == access.org_id))
        .first()
    )
    if row is None:
        raise NotFound("There is no such meeting in this organisation.")
    return row


async def load_motion(access: OrgAccess, motion_id: str) -> dict[str, Any]:
    """The motion with its body's columns under `body.*`."""
    row = (
        await Motion.select(*Motion.all_columns(), *Motion.body.all_columns())
        .where((Motion.id == motion_id) & (Motion.organisation == access.org_id))
        .first()
    )
    if row is None:
        raise NotFound("There is no such motion in this organisation.")
    return row


def nested(row: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The `prefix.*` columns of a joined row, as their own dict."""
    start = prefix + "."
    return {k[len(start) :]: v for k, v in row.items() if k.startswith(start)}


async def seat_roles(body_id: str, day: date) -> dict[str, str]:
    """member id -> role, for the body's electorate on `day`: the seats held on it, or for
    an assembly every member in good standing (`members.electorate`)."""
    return {s["membership"]: s["role"] for s in await electorate(body_id, day)}


async def attendance_of(meeting_id: str) -> dict[str, str]:
    """member id -> attendance status at a meeting."""
    rows = await Attendance.select(Attendance.membership, Attendance.status).where(
        Attendance.meeting == meeting_id
    )
    return {r["membership"]: r["status"] for r in rows}


async def require_record_keeper(access: OrgAccess, body_id: str, day: date) -> None:
    """The org's secretary (or an admin), or the body's chair or secretary."""
    access.require_member()
    if access.is_secretary:
        return
    role = (await seat_roles(body_id, day)).get(access.member_id or "")
    if role not in RECORD_KEEPER_ROLES:
        raise Forbidden(
            "Only the body's chair or secretary, or the organisation's secretary, can do this."
        )


async def require_seated(access: OrgAccess, body_id: str, doing: str) -> str:
    """The caller's member id, if they are in the body's electorate today (seated; for an
    assembly, in good standing); `doing` completes "Only members seated on this body can ..."."""
    access.require_member()
    member_id = access.member_id
    if member_id is None or member_id not in await seat_roles(body_id, today()):
        if await suspended_from_assembly(body_id, member_id):
            raise Forbidden(f"Your membership is suspended, so you cannot {doing} here.")
        raise Forbidden(f"Only members seated on this body can {doing}.")
    return member_id
