"""A decided verifiable motion's public record (docs/VERIFY.md 10), as `record.py` builds it.

Members read it once the motion is decided; anyone may when the organisation is public. It is
built from what is stored (the ceremony's commitments, the box, the partial decryptions) and
recomputes the key, trackers and tally itself, so `governance verify` checks the server's
work rather than repeating its claims. The decision's audit entry carries its digest
(`record_digest`, SHA-256 of its canonical JSON): `stored_record` is what the last trustee's
post hashes into the chain and what verify rebuilds and hashes again (`integrity.py`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from governance.errors import Conflict
from governance.members.access import Actor, org_access
from governance.motions.context import load_motion
from governance.motions.rules.transitions import TALLIED
from governance.runtime import Runtime
from governance.verifiable.ballot import MOTION_CHOICES
from governance.verifiable.record import CastBallot, Question, build_record
from governance.voting.verifiable_close import box_ballots, parsed
from governance.voting.verifiable_election import Election, load_election, stored_partials


async def stored_record(
    motion_id: str, counts: Mapping[str, int], election: Election | None = None
) -> dict[str, object]:
    """The record of `motion_id` from what is stored now, with its decrypted `counts`."""
    election = election or await load_election(motion_id)
    rows = await box_ballots(motion_id)
    ballots = [
        CastBallot(ballot, bool(row["server_encrypted"]))
        for ballot, row in zip(parsed(rows), rows, strict=True)
    ]
    return build_record(
        election_id=election.election,
        question=Question.motion(),
        threshold=election.keys.threshold,
        commitments=election.commitments,
        ballots=ballots,
        partials=await stored_partials(motion_id),
        result={label: int(counts[label]) for label in MOTION_CHOICES},
        ceremony=election.ceremony["context"],
    )


async def motion_record(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str
) -> dict[str, Any]:
    """The whole record; 409 before the motion is decided."""
    access = await org_access(slug, actor, public_ok=True)
    motion = await load_motion(access, motion_id)
    if motion["method"] != "verifiable":
        raise Conflict("Only a verifiable vote has a public record.", code="not-verifiable")
    if motion["status"] not in TALLIED or not motion["tally"]:
        raise Conflict(
            "The record is published once the trustees have decrypted the tally.",
            code="not-decided",
        )
    return await stored_record(motion_id, json.loads(motion["tally"]))
