"""Checks that the secret ballot box still matches the roll, for `governance audit verify`.

For every closed secret vote, the box must hold exactly one ballot and one tracker for each
member on the roll. A ballot slipped in or taken out after the close shows up here.
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.motions.tables import Motion
from governance.voting.box import Ballot, BallotTracker
from governance.voting.rules.ballots import box_mismatch
from governance.voting.tables import BallotRoll


@dataclass(frozen=True)
class BoxMismatch:
    """A closed secret vote whose box does not match its roll."""

    motion_id: str
    number: str
    problem: str


async def box_mismatches(org_id: str) -> list[BoxMismatch]:
    """Every closed secret vote of the organisation whose box and roll differ."""
    closed = (
        await Motion.select(Motion.id, Motion.number)
        .where(
            (Motion.organisation == org_id)
            & (Motion.method == "secret")
            & Motion.status.is_in(["carried", "failed"])
        )
        .order_by(Motion.decided_at)
    )
    found = []
    for motion in closed:
        problem = box_mismatch(
            ballots=await Ballot.count().where(Ballot.motion == motion["id"]),
            trackers=await BallotTracker.count().where(BallotTracker.motion == motion["id"]),
            roll=await BallotRoll.count().where(BallotRoll.motion == motion["id"]),
        )
        if problem is not None:
            found.append(BoxMismatch(motion["id"], motion["number"], problem))
    return found
