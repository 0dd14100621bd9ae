"""The election a request is about: its row, its phase, its candidates and its roll.

Shared by calling, standing, casting (plain and verifiable), counting and reading.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from governance.elections.rules.lifecycle import Phase, Timetable, phase
from governance.elections.tables import Candidate, Election
from governance.errors import NotFound
from governance.members.access import OrgAccess
from governance.members.bodies import active_seats
from governance.members.standing import is_in_good_standing, suspended_at_moment
from governance.members.tables import Seat

ALREADY_VOTED = "You have already cast your ballot in this election."
#: The roll entry every cast writes (unique per election and member: a second cast fails).
ROLL_SQL = (
    "INSERT INTO election_roll (id, election, membership, receipt_check) VALUES ($1, $2, $3, $4)"
)


async def load_election(access: OrgAccess, election_id: str) -> dict[str, Any]:
    """The election's row, if it belongs to the caller's organisation."""
    row = (
        await Election.select()
        .where((Election.id == election_id) & (Election.organisation == access.org_id))
        .first()
    )
    if row is None:
        raise NotFound("There is no such election in this organisation.")
    return row


def election_phase(election: dict[str, Any], now: datetime) -> Phase:
    """The phase of an election row now."""
    timetable = Timetable(
        election["nominations_close"], election["opens_at"], election["closes_at"]
    )
    return phase(election["status"], timetable, now)


async def standing_candidates(election_id: str) -> list[dict[str, Any]]:
    """Candidates not withdrawn, in order of nomination (created_at, id)."""
    rows = await Candidate.select().where(
        (Candidate.election == election_id) & Candidate.withdrawn_at.is_null()
    )
    return sorted(rows, key=lambda r: (r["created_at"], r["id"]))


async def seated_at_opening(election: dict[str, Any]) -> set[str]:
    """Members holding a seat of the body on the opening day whose seat was made by the
    opening: a seat made afterwards, even one dated earlier, adds nobody to the roll."""
    seats = await active_seats(election["body"], election["opens_at"].date())
    if not seats:
        return set()
    made = await Seat.select(Seat.membership).where(
        Seat.id.is_in([s["id"] for s in seats]) & (Seat.created_at <= election["opens_at"])
    )
    return {s["membership"] for s in made}


async def may_cast(election: dict[str, Any], member_id: str) -> bool:
    """Whether this member is on the election's roll (see the spec's "Roll")."""
    opening = election["opens_at"]
    if await suspended_at_moment({member_id}, opening):
        return False  # suspended when voting opened: off the roll, even if reinstated since
    if election["electorate"] == "body":
        if member_id not in await seated_at_opening(election):
            return False
        return await is_in_good_standing(member_id)
    return await is_in_good_standing(member_id, joined_by=opening)
