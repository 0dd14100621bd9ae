"""Counting a closed election, once, and what anyone may read of its box afterwards.

`ensure_counted` runs on the first action or read after `closes_at`: under the election's
row lock it rewrites the box in random order with fresh ids (so nothing left follows cast
order), checks one ballot and one tracker per roll entry, digests the box, numbers the
standing candidates 1..n in order of nomination, counts (STV or approval, seeded by the
digest, with the lived-experience reservation recomputed at the close) and stores the
result with an `election.counted` audit entry. Counting twice does nothing.
"""

from __future__ import annotations

import json
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import lock_row, transaction
from governance.elections.box import ElectionBallot, ElectionTracker
from governance.elections.context import standing_candidates
from governance.elections.count import (
    write_blt,
)
from governance.elections.results import (
    count_election,
    count_input,
    named_candidates,
    reserved_at_close,
)
from governance.elections.tables import Election, ElectionRoll
from governance.elections.verifiable import binding_of
from governance.elections.verifiable_close import shut_verifiable_box
from governance.elections.verifiable_tables import VerifiableElectionBallot
from governance.errors import Conflict, NotFound
from governance.members.access import Actor, member_access
from governance.runtime import Runtime
from governance.voting.rules.ballots import (
    check_box_matches_roll,
)
from governance.voting.rules.ballots import (
    published_trackers as sorted_trackers,
)
from governance.voting.rules.box_digest import box_digest
from governance.voting.shuffle import reshuffle


async def _shuffle(election_id: str) -> tuple[list[str], list[str]]:
    """Rewrite the election's box in random order with new ids; return (marks, trackers)."""
    marks = await reshuffle(ElectionBallot, "election", election_id, "marks")
    trackers = await reshuffle(ElectionTracker, "election", election_id, "tracker")
    return marks, trackers


async def ensure_counted(runtime: Runtime, election_id: str) -> dict[str, Any] | None:
    """Count the election if it has closed and is not counted yet; return its result.

    Returns None while voting has not closed, and while a verifiable election's trustees
    decrypt (its close stores the encrypted tally instead, `verifiable_close.py`; with nobody
    standing there is nothing to decrypt and it is counted as any other). Idempotent: the
    row lock and a re-read of the status inside the transaction let only the first caller
    count.
    """
    row = await Election.select().where(Election.id == election_id).first()
    if row is None:
        raise NotFound("There is no such election in this organisation.")
    if row["status"] != "scheduled":
        return json.loads(row["result"]) if row["result"] else None
    now = utcnow()
    if now < row["closes_at"]:
        return None
    async with transaction(runtime.engine):
        await lock_row(Election, election_id)
        election = await Election.select().where(Election.id == election_id).first()
        assert election is not None
        if election["status"] != "scheduled":
            return json.loads(election["result"]) if election["result"] else None
        if await binding_of(election_id) is not None and await standing_candidates(election_id):
            await shut_verifiable_box(election, now)  # counted once t trustees decrypt
            return None
        roll = await ElectionRoll.count().where(ElectionRoll.election == election_id)
        marks, trackers = await _shuffle(election_id)
        try:
            check_box_matches_roll(ballots=len(marks), trackers=len(trackers), roll=roll)
        except ValueError as error:
            raise Conflict(str(error)) from error
        digest = box_digest(marks, trackers)
        candidates = await named_candidates(election_id)
        reserved = await reserved_at_close(election)
        if candidates:
            _, result = count_election(election, candidates, marks, reserved=reserved, seed=digest)
        else:
            result = {"elected": [], "rounds": [], "quota": None, "reserved": reserved,
                      "reserved_filled": 0, "reservation_met": reserved == 0, "ties": [],
                      "seed": digest, "report": None}  # fmt: skip
        await Election.update(
            {
                Election.status: "counted",
                Election.ballots: len(marks),
                Election.box_digest: digest,
                Election.result: json.dumps(result),
                Election.counted_at: now,
            }
        ).where(Election.id == election_id)
        await audit.service.append(
            chain=election["organisation"],
            actor="system",
            action=Action.ELECTION_COUNTED,
            subject=f"election:{election_id}",
            data={
                "election": election_id,
                "ballots": len(marks),
                "box_digest": digest,
                "elected": result["elected"],
                "reserved": reserved,
            },
            now=now,
        )
    return json.loads(json.dumps(result))  # as every later read returns it


async def _counted_election(
    runtime: Runtime, actor: Actor | None, slug: str, election_id: str
) -> dict[str, Any]:
    access = await member_access(slug, actor)
    row = (
        await Election.select()
        .where((Election.id == election_id) & (Election.organisation == access.org_id))
        .first()
    )
    if row is None:
        raise NotFound("There is no such election in this organisation.")
    await ensure_counted(runtime, election_id)
    row = await Election.select().where(Election.id == election_id).first()
    assert row is not None
    if row["status"] in ("scheduled", "decrypting"):
        raise Conflict("The ballots are published once voting has closed and been counted.")
    return row


async def published_trackers(
    runtime: Runtime, actor: Actor | None, slug: str, election_id: str
) -> dict[str, Any]:
    """{election_id, trackers: sorted, ballots: n}, after the count (any member)."""
    row = await _counted_election(runtime, actor, slug, election_id)
    box: Any = ElectionTracker
    if await binding_of(election_id) is not None:  # a ballot's tracker is its hash
        box = VerifiableElectionBallot
    trackers = await box.select(box.tracker).where(box.election == election_id)
    return {
        "election_id": election_id,
        "trackers": sorted_trackers(t["tracker"] for t in trackers),
        "ballots": int(row["ballots"] or 0),
    }


async def ballots_blt(runtime: Runtime, actor: Actor | None, slug: str, election_id: str) -> str:
    """The counted box as a BLT file (candidate names, standing candidates only)."""
    row = await _counted_election(runtime, actor, slug, election_id)
    if await binding_of(election_id) is not None:
        raise Conflict(
            "A verifiable election's ballots stay encrypted, so there is no ballot file: its "
            "public record (GET .../record) holds every ballot and proves the count.",
            code="verifiable",
        )
    candidates = await named_candidates(election_id)
    if not candidates:
        raise Conflict("Nobody stood in this election, so there is no ballot file.")
    marks = [
        b["marks"]
        for b in await ElectionBallot.select(ElectionBallot.marks).where(
            ElectionBallot.election == election_id
        )
    ]
    result = json.loads(row["result"]) if row["result"] else {}
    counted = count_input(row, candidates, sorted(marks), reserved=int(result.get("reserved", 0)))
    return write_blt(counted)
