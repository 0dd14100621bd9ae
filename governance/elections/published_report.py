"""The count report of a counted election, and the facts its printed copy is headed with.

Any member may read it, once voting has closed and the box has been counted (the first read
after the close counts it). The report names the candidates who stood for the reserved
seats: standing for one is a candidate's own public choice (`Candidate`), so nothing private
about lived experience is shown.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from governance.elections.counting import ensure_counted
from governance.elections.tables import Election
from governance.errors import Conflict, NotFound
from governance.members.access import Actor, member_access
from governance.members.tables import Body
from governance.runtime import Runtime

NOT_YET = "The report is published once voting has closed and been counted."


def _iso(moment: datetime) -> str:
    """ISO 8601 with its zone (a driver that drops the zone gave UTC)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


async def published_report(
    runtime: Runtime, actor: Actor | None, slug: str, election_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the count report, its heading facts) of a counted election, for any member.

    The facts: `organisation`, `body`, `title`, `closes_at` and `counted_at` (ISO 8601),
    `ballots`, `box_digest`, `time_zone` and `page_size` (the organisation's paper).
    Raises NotFound for an election of another organisation, Conflict before the count or
    when nobody stood (there is no count to report).
    """
    access = await member_access(slug, actor)
    found = await Election.exists().where(
        (Election.id == election_id) & (Election.organisation == access.org_id)
    )
    if not found:
        raise NotFound("There is no such election in this organisation.")
    await ensure_counted(runtime, election_id)
    row = await Election.select().where(Election.id == election_id).first()
    assert row is not None
    if row["status"] == "scheduled" or not row["result"]:
        raise Conflict(NOT_YET)
    report = json.loads(row["result"]).get("report")
    if report is None:
        raise Conflict("Nobody stood in this election, so there was no count to report.")
    body = await Body.select(Body.name).where(Body.id == row["body"]).first()
    meta = {
        "organisation": access.org["name"],
        "body": body["name"] if body else "",
        "title": row["title"],
        "closes_at": _iso(row["closes_at"]),
        "counted_at": _iso(row["counted_at"]) if row["counted_at"] else None,
        "ballots": int(row["ballots"] or 0),
        "box_digest": row["box_digest"] or "",
        "time_zone": runtime.settings.time_zone,
        "page_size": access.org["paper_size"] or "A4",
    }
    return report, meta
