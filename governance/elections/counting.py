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
from governance.elections.count import (
    Election as CountElection,
)
from governance.elections.count import (
    count_approval,
    count_stv,
    make_election,
    write_blt,
)
from governance.elections.reservation import continuing_on
from governance.elections.tables import Candidate, Election, ElectionRoll
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


async def _candidates(election_id: str) -> list[dict[str, Any]]:
    """Standing candidates in order of nomination, each with a unique display name."""
    rows = await Candidate.select(
        Candidate.id,
        Candidate.lived_experience_candidate,
        Candidate.created_at,
        Candidate.membership.account.display_name.as_alias("display_name"),
    ).where((Candidate.election == election_id) & Candidate.withdrawn_at.is_null())
    rows.sort(key=lambda r: (r["created_at"], r["id"]))
    names = [str(r["display_name"] or "Candidate").strip() or "Candidate" for r in rows]
    for i, row in enumerate(rows):
        name = names[i]
        row["name"] = name if names.count(name) == 1 else f"{name} ({i + 1})"
    return rows


async def _reserved_at_close(election: dict[str, Any]) -> int:
    """The reservation recomputed from the body as it stands at the close."""
    seats = await continuing_on(election["body"], election["term_starts_on"])
    return seats.reserved(int(election["seats"]))


def count_input(
    election: dict[str, Any], candidates: list[dict[str, Any]], marks: list[str], *, reserved: int
) -> CountElection:
    """The pure count's election: candidates numbered 1..n in nomination order, the LE
    candidates as the reserved group (blank approval ballots carry no marks to count)."""
    seats = min(int(election["seats"]), len(candidates))
    number = {c["id"]: i for i, c in enumerate(candidates, start=1)}
    ballots = [tuple(number[c] for c in m.split() if c in number) for m in marks]
    group = [number[c["id"]] for c in candidates if c["lived_experience_candidate"]]
    return make_election(
        [c["name"] for c in candidates],
        seats,
        [b for b in ballots if b],
        title=str(election["title"]),
        group=group if reserved else (),
        # Fewer of the group standing than reserved: the count elects them all and its
        # report says the reservation could not be met.
        reserved=min(reserved, seats) if group else 0,
    )


def count_election(
    election: dict[str, Any],
    candidates: list[dict[str, Any]],
    marks: list[str],
    *,
    reserved: int,
    seed: str,
) -> tuple[CountElection, dict[str, Any]]:
    """The pure count of a box: the count's Election and the stored result JSON."""
    counted = count_input(election, candidates, marks, reserved=reserved)
    is_stv = election["method"] == "stv"
    report = (count_stv if is_stv else count_approval)(counted, seed=seed)
    by_name = {c["name"]: c["id"] for c in candidates}
    data = report.to_dict()
    reservation = report.reservation
    filled = reservation.elected_from_group if reservation else 0
    result = {
        "elected": [by_name[n] for n in report.elected],
        "rounds": data.get("stages", []),
        "quota": report.quota,
        "reserved": reserved,
        "reserved_filled": filled,
        "reservation_met": filled >= reserved,
        "ties": data.get("ties", []),
        "seed": seed,
        "report": data,
    }
    return counted, result


async def ensure_counted(runtime: Runtime, election_id: str) -> dict[str, Any] | None:
    """Count the election if it has closed and is not counted yet; return its result.

    Returns None while voting has not closed. Idempotent: the row lock and a re-read of
    the status inside the transaction let only the first caller count.
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
        roll = await ElectionRoll.count().where(ElectionRoll.election == election_id)
        marks, trackers = await _shuffle(election_id)
        try:
            check_box_matches_roll(ballots=len(marks), trackers=len(trackers), roll=roll)
        except ValueError as error:
            raise Conflict(str(error)) from error
        digest = box_digest(marks, trackers)
        candidates = await _candidates(election_id)
        reserved = await _reserved_at_close(election)
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
    if row["status"] == "scheduled":
        raise Conflict("The ballots are published once voting has closed and been counted.")
    return row


async def published_trackers(
    runtime: Runtime, actor: Actor | None, slug: str, election_id: str
) -> dict[str, Any]:
    """{election_id, trackers: sorted, ballots: n}, after the count (any member)."""
    row = await _counted_election(runtime, actor, slug, election_id)
    trackers = await ElectionTracker.select(ElectionTracker.tracker).where(
        ElectionTracker.election == election_id
    )
    return {
        "election_id": election_id,
        "trackers": sorted_trackers(t["tracker"] for t in trackers),
        "ballots": int(row["ballots"] or 0),
    }


async def ballots_blt(runtime: Runtime, actor: Actor | None, slug: str, election_id: str) -> str:
    """The counted box as a BLT file (candidate names, standing candidates only)."""
    row = await _counted_election(runtime, actor, slug, election_id)
    candidates = await _candidates(election_id)
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
