"""When quorum was reached or lost while a meeting sat, replayed from its audit entries.

Attendance keeps only each member's latest status, but every change is in the audit chain
(`meeting.attendance_recorded`), in order, with its time. Replaying them against the seats
held on the day gives the moments quorum changed: the state when the meeting opened, then
each change while it was in session: headcounts and `met`, never a lived-experience count.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from governance.audit.tables import AuditEntry
from governance.members.access import Actor, member_access
from governance.members.electorate import electorate
from governance.motions.context import load_meeting, nested
from governance.motions.rules.procedure import is_present
from governance.motions.rules.quorum import compute_quorum

ACTIONS = ("meeting.attendance_recorded", "meeting.opened", "meeting.adjourned")


def replay(
    entries: Iterable[tuple[str, str, dict[str, Any]]],
    seats: dict[str, bool],
    body: dict[str, Any],
) -> list[dict[str, Any]]:
    """`[{at, met, present, required}]`: the state at opening, then each change of `met`.

    `entries` are (at, action, data) in chain order; `seats` maps each seated member to
    whether they attested lived experience. Pure: no database, no clock.
    """
    statuses: dict[str, str] = {}
    events: list[dict[str, Any]] = []
    in_session = False
    for at, action, data in entries:
        if action == "meeting.attendance_recorded":
            statuses[str(data.get("member_id"))] = str(data.get("status"))
        elif action == "meeting.opened":
            in_session = True
        elif action == "meeting.adjourned":
            break
        if not in_session:
            continue
        here = [m for m, status in statuses.items() if is_present(status) and m in seats]
        state = compute_quorum(
            filled_seats=len(seats),
            present=len(here),
            lived_experience_present=sum(1 for m in here if seats[m]),
            quorum=body["quorum"],
            lived_experience_quorum=bool(body["lived_experience_quorum"]),
        ).verdict()
        if not events or events[-1]["met"] != state["met"]:
            events.append(
                {
                    "at": at,
                    "met": state["met"],
                    "present": state["present"],
                    "required": state["required"],
                }
            )
    return events


async def quorum_events(
    org_id: str, meeting_id: str, body: dict[str, Any], day: date
) -> list[dict[str, Any]]:
    """The quorum changes of one meeting (see `replay`)."""
    rows = (
        await AuditEntry.select(AuditEntry.at, AuditEntry.action, AuditEntry.data)
        .where(
            (AuditEntry.chain == org_id)
            & (AuditEntry.subject == f"meeting:{meeting_id}")
            & AuditEntry.action.is_in(list(ACTIONS))
        )
        .order_by(AuditEntry.seq)
    )
    seats = {
        s["membership"]: bool(s["membership.lived_experience"])
        for s in await electorate(body["id"], day)
    }
    entries = [(r["at"], r["action"], json.loads(r["data"] or "{}")) for r in rows]
    return replay(entries, seats, body)


async def meeting_quorum_history(
    actor: Actor | None, slug: str, meeting_id: str
) -> list[dict[str, Any]]:
    """When quorum was reached and lost at a meeting, for any member (headcounts and
    verdicts only, as in the published minutes)."""
    access = await member_access(slug, actor)
    meeting = await load_meeting(access, meeting_id)
    when = meeting["opened_at"] or meeting["scheduled_for"]
    return await quorum_events(access.org_id, meeting_id, nested(meeting, "body"), when.date())
