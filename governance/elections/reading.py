"""What a member reads of an election: its timetable, candidates, result, and their own part.

The view is the contract's `GET /orgs/{org}/elections/{id}`. A closed election is counted on
this first read (`counting.ensure_counted`), so its result is there as soon as voting closes.
A candidate's `lived_experience_candidate` is shown because they chose to make it public for
this election; nobody else's attestation appears anywhere in the view.
"""

from __future__ import annotations

import json
from typing import Any

from governance.clock import utcnow
from governance.elections.context import election_phase, load_election, may_cast
from governance.elections.counting import ensure_counted
from governance.elections.officers import is_officer
from governance.elections.rules.lifecycle import Phase, public_status
from governance.elections.tables import Candidate, Election, ElectionRoll
from governance.elections.verifiable import trustee_number, verifiable_view
from governance.members.access import Actor, OrgAccess, member_access
from governance.members.bodies import load_body
from governance.members.standing import is_in_good_standing
from governance.members.tables import Body
from governance.runtime import Runtime
from governance.text import iso


async def candidate_rows(election_id: str) -> list[dict[str, Any]]:
    """Standing candidates in nomination order (the ballot's order), with their names."""
    rows = await Candidate.select(
        Candidate.id,
        Candidate.membership,
        Candidate.statement,
        Candidate.lived_experience_candidate,
        Candidate.created_at,
        Candidate.membership.account.display_name.as_alias("display_name"),
    ).where((Candidate.election == election_id) & Candidate.withdrawn_at.is_null())
    return sorted(rows, key=lambda r: (r["created_at"], r["id"]))


def candidate_view(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "member_id": row["membership"],
        "display_name": row["display_name"],
        "statement": row["statement"] or "",
        "lived_experience_candidate": bool(row["lived_experience_candidate"]),
    }


def summary_view(election: dict[str, Any], body: dict[str, Any], current: Phase) -> dict[str, Any]:
    """An election in a list."""
    return {
        "id": election["id"],
        "title": election["title"],
        "body": {"slug": body["slug"], "name": body["name"], "kind": body["kind"]},
        "seats": election["seats"],
        "method": election["method"],
        "status": public_status(current),
        "phase": str(current),
        "nominations_close": iso(election["nominations_close"]),
        "opens_at": iso(election["opens_at"]),
        "closes_at": iso(election["closes_at"]),
    }


async def _you(
    access: OrgAccess, election: dict[str, Any], current: Phase, candidates: list[dict[str, Any]]
) -> dict[str, Any]:
    """The caller's own part: nothing here is about anyone else."""
    member_id = access.member_id
    mine = next((c["id"] for c in candidates if c["membership"] == member_id), None)
    good = member_id is not None and await is_in_good_standing(member_id)
    voted = False
    on_roll = False
    if member_id is not None and current not in (Phase.nominating, Phase.waiting):
        voted = (
            await ElectionRoll.count().where(
                (ElectionRoll.election == election["id"]) & (ElectionRoll.membership == member_id)
            )
        ) > 0
    if member_id is not None:
        on_roll = await may_cast(election, member_id)
    return {
        "member_id": member_id,
        "candidate_id": mine,
        "may_stand": current is Phase.nominating and good and mine is None,
        "on_roll": on_roll,
        "voted": voted,
        "may_certify": access.is_admin and current is Phase.counted,
        "sees_turnout": await is_officer(access, election["body"]),
        "trustee": await trustee_number(election["id"], member_id),
    }


async def election_view(access: OrgAccess, election: dict[str, Any]) -> dict[str, Any]:
    """The whole view of one election for this caller (see the module docstring)."""
    body = await Body.select().where(Body.id == election["body"]).first()
    assert body is not None
    current = election_phase(election, utcnow())
    rows = await candidate_rows(election["id"])
    counted = current in (Phase.counted, Phase.certified)
    return {
        **summary_view(election, body, current),
        "electorate": election["electorate"],
        "term_starts_on": iso(election["term_starts_on"]),
        "term_ends_on": iso(election["term_ends_on"]),
        "nominations_open": current is Phase.nominating,
        "voting_open": current is Phase.open,
        "reserved": int(election["reserved"]),
        "candidates": [candidate_view(r) for r in rows],
        "ballots": election["ballots"] if counted else None,
        "result": json.loads(election["result"]) if counted and election["result"] else None,
        "certified_at": iso(election["certified_at"]),
        "verifiable": await verifiable_view(election["id"]),
        "you": await _you(access, election, current, rows),
    }


async def get_election(
    runtime: Runtime, actor: Actor | None, slug: str, election_id: str
) -> dict[str, Any]:
    """An election as a member reads it; counted first if voting has closed."""
    access = await member_access(slug, actor)
    await load_election(access, election_id)  # NotFound for another organisation's
    await ensure_counted(runtime, election_id)
    return await election_view(access, await load_election(access, election_id))


async def list_elections(
    runtime: Runtime, actor: Actor | None, slug: str, body_slug: str | None = None
) -> list[dict[str, Any]]:
    """The organisation's elections (or one body's), the latest to close first."""
    access = await member_access(slug, actor)
    query = Election.select().where(Election.organisation == access.org_id)
    bodies = {b["id"]: b for b in await Body.select().where(Body.organisation == access.org_id)}
    if body_slug is not None:
        body = await load_body(access, body_slug)
        query = query.where(Election.body == body["id"])
    now = utcnow()
    rows = sorted(await query, key=lambda r: (r["closes_at"], r["id"]), reverse=True)
    return [summary_view(r, bodies[r["body"]], election_phase(r, now)) for r in rows]
