"""Checks that decided motions still match the chain's record of their close, for verify.

For every decided motion: its row's outcome and tally are the ones the chain recorded; for a
secret vote, the box holds exactly one ballot and one tracker per name on the roll, hashes to
the digest recorded at close and counts to the recorded tally. A ballot slipped in, taken
out or flipped after the close, or an outcome rewritten in the motion's row, shows up here;
for a verifiable vote, its public record is rebuilt and hashed against the decision's
`record_digest`.
The comparisons are the pure `rules.close_check`; this module only reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from governance.audit.actions import Action
from governance.audit.tables import AuditEntry
from governance.motions.tables import Motion
from governance.verifiable.record import record_digest
from governance.voting.box import Ballot, BallotTracker
from governance.voting.rules.close_check import BoxContents, RebuiltRecord, close_disagreement
from governance.voting.tables import BallotRoll
from governance.voting.verifiable_record import stored_record

_DECIDED = {
    str(Action.MOTION_CARRIED): "carried",
    str(Action.MOTION_FAILED): "failed",
    str(Action.MOTION_WITHDRAWN): "withdrawn",
    # a carried reconsider puts a decided motion back to `seconded` for a fresh vote
    str(Action.MOTION_REOPENED): "seconded",
}
_OUTCOMES = frozenset({"carried", "failed", "withdrawn"})


@dataclass(frozen=True)
class BoxMismatch:
    """A decided motion whose row or box disagrees with the chain; `seq` is the entry that
    recorded its decision (None when there is none)."""

    motion_id: str
    number: str
    problem: str
    seq: int | None = None


async def _recorded_decisions(org_id: str) -> dict[str, tuple[int, str, dict[str, Any]]]:
    """motion id -> (seq, outcome, data) of the chain's latest decision entry for it."""
    rows = (
        await AuditEntry.select(
            AuditEntry.seq, AuditEntry.subject, AuditEntry.action, AuditEntry.data
        )
        .where((AuditEntry.chain == org_id) & AuditEntry.action.is_in(list(_DECIDED)))
        .order_by(AuditEntry.seq)
    )
    found: dict[str, tuple[int, str, dict[str, Any]]] = {}
    for row in rows:
        subject = str(row["subject"])
        if not subject.startswith("motion:"):
            continue
        try:
            data = json.loads(row["data"])
        except ValueError:
            data = {}
        found[subject.removeprefix("motion:")] = (
            int(row["seq"]),
            _DECIDED[row["action"]],
            data if isinstance(data, dict) else {},
        )
    return found


async def _box(motion_id: str) -> BoxContents:
    ballots = await Ballot.select(Ballot.choice).where(Ballot.motion == motion_id)
    trackers = await BallotTracker.select(BallotTracker.tracker).where(
        BallotTracker.motion == motion_id
    )
    return BoxContents(
        choices=[str(b["choice"]) for b in ballots],
        trackers=[str(t["tracker"]) for t in trackers],
        roll=await BallotRoll.count().where(BallotRoll.motion == motion_id),
    )


async def _rebuilt(motion_id: str, tally: dict[str, Any] | None) -> RebuiltRecord:
    try:
        return RebuiltRecord(record_digest(await stored_record(motion_id, tally or {})))
    except (AssertionError, ValueError, KeyError, TypeError) as error:
        return RebuiltRecord(None, str(error) or type(error).__name__)


async def box_mismatches(org_id: str) -> list[BoxMismatch]:
    """Every decided motion of the organisation that disagrees with the chain, in the order
    the chain recorded them (motions the chain knows nothing of last)."""
    recorded = await _recorded_decisions(org_id)
    motions = await Motion.select(
        Motion.id, Motion.number, Motion.status, Motion.method, Motion.tally
    ).where(Motion.organisation == org_id)
    found = []
    for motion in motions:
        entry = recorded.get(motion["id"])
        decided = motion["status"] in _OUTCOMES
        if entry is None and not decided:
            continue
        row_status = str(motion["status"])
        box = record = None
        row_tally = json.loads(motion["tally"]) if motion["tally"] else None
        if motion["method"] == "secret" and row_status in ("carried", "failed"):
            box = await _box(motion["id"])
        if motion["method"] == "verifiable" and row_status in ("carried", "failed"):
            record = await _rebuilt(motion["id"], row_tally)
        problem = close_disagreement(
            row_status=row_status,
            row_tally=row_tally,
            recorded_status=entry[1] if entry else None,
            recorded=entry[2] if entry else {},
            box=box,
            record=record,
        )
        if problem is not None:
            seq = entry[0] if entry else None
            found.append(BoxMismatch(motion["id"], motion["number"], problem, seq))
    found.sort(key=lambda m: (m.seq is None, m.seq or 0))
    return found
