"""Certifying a counted election: the admin seats the elected for the term, all or nothing.

One transaction seats every elected candidate as a director from `term_starts_on` to
`term_ends_on` (`members.bodies.seat_in_transaction`, each with its `member.seated` entry
naming the election), marks the election certified and appends `election.certified`. Any
refusal (a seat taken meanwhile, an elected member already seated) seats nobody.

Lived-experience candidates are seated first, so the quota check sees the reservation filled
before the other seats. When too few of them stood to meet the reservation, the members'
choice stands: the quota is not applied to those seatings (only that a seat is free), and the
result already says the reservation could not be met.
"""

from __future__ import annotations

import json
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import lock_row, transaction
from governance.elections.context import election_phase, load_election
from governance.elections.counting import ensure_counted
from governance.elections.reading import election_view
from governance.elections.rules.lifecycle import Phase, require_phase
from governance.elections.tables import Candidate, Election
from governance.members.access import Actor, admin_access
from governance.members.bodies import seat_in_transaction
from governance.members.tables import Body
from governance.runtime import Runtime

ROLE = "director"


def seating_order(elected: list[str], lived_experience: set[str]) -> list[str]:
    """Elected candidate ids, lived-experience candidates first, each group in election order."""
    return [c for c in elected if c in lived_experience] + [
        c for c in elected if c not in lived_experience
    ]


async def certify(
    runtime: Runtime, actor: Actor | None, slug: str, election_id: str
) -> dict[str, Any]:
    """Certify the count and seat the elected (org admin); return the election's view.

    Raises:
        Forbidden, NotFound, Conflict (not counted yet, already certified, or a seat refused).
    """
    access = await admin_access(slug, actor)
    await load_election(access, election_id)
    await ensure_counted(runtime, election_id)
    now = utcnow()
    async with transaction(runtime.engine):
        await lock_row(Election, election_id)
        election = await load_election(access, election_id)
        require_phase(election_phase(election, now), Phase.counted, doing="certify the election")
        result = json.loads(election["result"] or "{}")
        candidates = {
            c["id"]: c
            for c in await Candidate.select(
                Candidate.id, Candidate.membership, Candidate.lived_experience_candidate
            ).where(Candidate.election == election_id)
        }
        elected = list(result.get("elected", []))
        group = {c for c in elected if candidates[c]["lived_experience_candidate"]}
        body = await Body.select().where(Body.id == election["body"]).first()
        assert body is not None
        seated = []
        for candidate_id in seating_order(elected, group):
            member_id = candidates[candidate_id]["membership"]
            seat = await seat_in_transaction(
                org_id=access.org_id,
                actor_label=access.actor_label,
                body=body,
                member_id=member_id,
                role=ROLE,
                starts_on=election["term_starts_on"],
                ends_on=election["term_ends_on"],
                now=now,
                because={"election": election_id},
                enforce_quota=bool(result.get("reservation_met", True)),
            )
            seated.append({"candidate": candidate_id, "member_id": member_id, "seat": seat.id})
        await Election.update({Election.status: "certified", Election.certified_at: now}).where(
            Election.id == election_id
        )
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.ELECTION_CERTIFIED,
            subject=f"election:{election_id}",
            data={
                "election": election_id,
                "elected": elected,
                "seated": seated,
                "reservation_met": bool(result.get("reservation_met", True)),
            },
            now=now,
        )
    return await election_view(access, await load_election(access, election_id))
