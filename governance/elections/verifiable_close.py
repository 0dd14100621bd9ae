"""Closing a verifiable election's box: the encrypted tally, stored; the trustees decrypt it.

Called by `counting.ensure_counted` (inside its transaction, the election's row locked) at
the first read or action after `closes_at`, in place of the count. The box must hold one
ballot per roll entry; it is rewritten in random order with fresh ids, as every box is at its
close; the tally is the candidate-by-candidate product of every ballot (docs/VERIFY.md 8.1).
The election moves to `decrypting` (`verifiable_count.py` counts it once t trustees have
decrypted). Its `box_digest` is the SHA-256 of the tally's canonical JSON, public from now
and unknowable before the close: the count's seed for any lots, as a box's digest is.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.elections.tables import Election, ElectionRoll
from governance.elections.verifiable import question_of
from governance.elections.verifiable_tables import VerifiableElection, VerifiableElectionBallot
from governance.errors import Conflict
from governance.verifiable.ballot import canonical_json, encrypted_tally
from governance.voting.rules.ballots import check_box_matches_roll
from governance.voting.shuffle import reshuffle_rows
from governance.voting.verifiable_close import BALLOT_COLUMNS, parsed


async def shut_verifiable_box(election: dict[str, Any], now: datetime) -> None:
    """Store the encrypted tally and move the election to `decrypting`."""
    election_id = election["id"]
    rows = await reshuffle_rows(VerifiableElectionBallot, "election", election_id, BALLOT_COLUMNS)
    roll = await ElectionRoll.count().where(ElectionRoll.election == election_id)
    try:
        check_box_matches_roll(ballots=len(rows), trackers=len(rows), roll=roll)
    except ValueError as error:
        raise Conflict(str(error)) from error
    question = await question_of(election_id)
    tally = encrypted_tally(parsed(rows), len(question.options))
    lines: list[dict[str, Any]] = [
        {"label": label, **ct.to_json()} for label, ct in zip(question.labels, tally, strict=True)
    ]
    digest = hashlib.sha256(canonical_json(lines)).hexdigest()
    await VerifiableElection.update({VerifiableElection.tally: json.dumps(lines)}).where(
        VerifiableElection.id == election_id
    )
    await Election.update(
        {Election.status: "decrypting", Election.ballots: len(rows), Election.box_digest: digest}
    ).where(Election.id == election_id)
    await audit.service.append(
        chain=election["organisation"],
        actor="system",
        action=Action.ELECTION_VERIFIABLE_CLOSED,
        subject=f"election:{election_id}",
        data={
            "election": election_id,
            "ballots": len(rows),
            "trackers": sorted(r["tracker"] for r in rows),
            "tally": lines,
            "tally_digest": digest,
        },
        now=now,
    )
