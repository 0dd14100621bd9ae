"""Closing a verifiable motion's box: the encrypted tally, stored; the trustees decrypt it.

Called by `closing.close_motion` (inside the caller's transaction, the motion locked) when a
verifiable vote closes. The box must hold one ballot per name on the roll; it is rewritten in
random order with fresh ids (as the secret box is); the tally is the option-by-option product
of every ballot (docs/VERIFY.md 8.1) and goes into `verifiable_motion.tally`. The motion moves
to `decrypting`: it is decided once `t` trustees have posted valid partial decryptions
(`verifiable_decrypt.py`), through the same `motions.decided` path as every other vote.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.motions.rules.transitions import MotionAction, next_status
from governance.motions.tables import Motion
from governance.motions.verifiable_tables import VerifiableMotion
from governance.verifiable.ballot import MOTION_CHOICES, Ballot, encrypted_tally, parse_ballot
from governance.voting.rules.ballots import check_box_matches_roll
from governance.voting.shuffle import reshuffle_rows
from governance.voting.tables import BallotRoll
from governance.voting.verifiable_box import VerifiableBallot

BALLOT_COLUMNS = ("ballot", "tracker", "server_encrypted")


async def box_ballots(motion_id: str) -> list[dict[str, Any]]:
    """The box's rows (ballot JSON text, tracker, server_encrypted), in stored order."""
    return list(
        await VerifiableBallot.select(
            VerifiableBallot.ballot, VerifiableBallot.tracker, VerifiableBallot.server_encrypted
        ).where(VerifiableBallot.motion == motion_id)
    )


def parsed(rows: list[dict[str, Any]]) -> list[Ballot]:
    """The stored ballots (each was verified when it was cast)."""
    out = []
    for row in rows:
        ballot, _ = parse_ballot(json.loads(row["ballot"]))
        assert ballot is not None  # only verified ballots are stored
        out.append(ballot)
    return out


async def _reshuffle(motion_id: str) -> list[dict[str, Any]]:
    return await reshuffle_rows(VerifiableBallot, "motion", motion_id, BALLOT_COLUMNS)


async def shut_verifiable_box(
    *,
    org_id: str,
    actor_label: str,
    motion: dict[str, Any],
    now: datetime,
    reason: str,
    no_quorum: bool,
) -> dict[str, Any]:
    """Store the encrypted tally and move the motion to `decrypting`; return its state."""
    status = next_status(motion["status"], MotionAction.await_decryption)
    motion_id = motion["id"]
    rows = await _reshuffle(motion_id)
    roll = await BallotRoll.count().where(BallotRoll.motion == motion_id)
    check_box_matches_roll(ballots=len(rows), trackers=len(rows), roll=roll)
    tally = encrypted_tally(parsed(rows), len(MOTION_CHOICES))
    lines = [
        {"label": label, **ct.to_json()} for label, ct in zip(MOTION_CHOICES, tally, strict=True)
    ]
    await VerifiableMotion.update(
        {VerifiableMotion.tally: json.dumps(lines), VerifiableMotion.no_quorum: int(no_quorum)}
    ).where(VerifiableMotion.motion == motion_id)
    await Motion.update({Motion.status: status}).where(Motion.id == motion_id)
    await audit.service.append(
        chain=org_id,
        actor=actor_label,
        action=Action.VERIFIABLE_VOTE_CLOSED,
        subject=f"motion:{motion_id}",
        data={
            "number": motion["number"],
            "closed_by": reason,
            "ballots": len(rows),
            "trackers": sorted(r["tracker"] for r in rows),
            "tally": lines,
            "no_quorum": no_quorum,
        },
        now=now,
    )
    return {"status": status.value, "ballots": len(rows), "tally": lines}
