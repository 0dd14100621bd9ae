"""Closing a vote: the tally and outcome, written once, with the audit entry.

`close_motion` runs inside the caller's write transaction with the motion's row locked. For
a secret ballot it checks that the box holds exactly one ballot and one tracker per name on
the roll, then rewrites both box tables in a fresh random order with fresh random ids, so
nothing left in the database (SQLite's page order, PostgreSQL's physical order) follows the
order in which ballots were cast. A carried amendment changes the text of the motion it
amends, keeping every version.

Written consents close by themselves: carried as soon as every seated member has said yes
(see `governance.voting.cast`), failed once `closes_at` passes (`governance.motions.expiry`,
which calls `close_motion` through `motions.voting_port`). Every close decides the motion
through `governance.motions.decided.record_decided`, which also tells the decision log and
the minutes.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.audit.rules import canonical_json
from governance.audit.tables import AuditEntry
from governance.db import lock_row
from governance.errors import Conflict
from governance.motions.acting import carry_refusal
from governance.motions.context import attendance_of, seat_roles
from governance.motions.decided import record_decided
from governance.motions.rules.amendments import apply_amendment
from governance.motions.rules.business import no_quorum_tally
from governance.motions.rules.eligibility import eligible_voters
from governance.motions.rules.procedure import VoteMethod
from governance.motions.rules.thresholds import carries, hands_tally
from governance.motions.rules.transitions import (
    BEFORE_VOTE,
    MotionAction,
    MotionStatus,
    next_status,
)
from governance.motions.tables import Motion, MotionText, Recusal
from governance.voting.box import Ballot, BallotTracker
from governance.voting.rules.ballots import check_box_matches_roll, count_ballots
from governance.voting.rules.box_digest import box_digest
from governance.voting.shuffle import reshuffle
from governance.voting.tables import BallotRoll, Vote
from governance.voting.verifiable_close import shut_verifiable_box


async def eligible_voter_ids(motion: dict[str, Any], day: Any) -> set[str]:
    """Members who may vote on `motion` right now (seated, not recused, present if in a
    meeting)."""
    seats = await seat_roles(motion["body"], day)
    recused = {
        r["membership"]
        for r in await Recusal.select(Recusal.membership).where(Recusal.motion == motion["id"])
    }
    attendance = await attendance_of(motion["meeting"]) if motion["meeting"] else None
    return eligible_voters(set(seats), recused, attendance)


async def _shuffle_box(motion_id: str) -> tuple[list[str], list[str]]:
    """Rewrite the box in random order with new random ids; return (choices, trackers)."""
    choices = await reshuffle(Ballot, "motion", motion_id, "choice")
    trackers = await reshuffle(BallotTracker, "motion", motion_id, "tracker")
    return choices, trackers


async def _choices_and_voters(
    motion: dict[str, Any], sealed: dict[str, Any], *, hands_optional: bool = False
) -> tuple[list[str], int, set[str]]:
    """(choices, number who voted, ids of those who voted where known by name); a secret
    box's digest goes into `sealed` (for the close entry)."""
    method = motion["method"]
    if method == "roll_call":
        votes = await Vote.select(Vote.membership, Vote.choice).where(Vote.motion == motion["id"])
        return [v["choice"] for v in votes], len(votes), {v["membership"] for v in votes}
    if method == "secret":
        roll = {
            r["membership"]
            for r in await BallotRoll.select(BallotRoll.membership).where(
                BallotRoll.motion == motion["id"]
            )
        }
        choices, trackers = await _shuffle_box(motion["id"])
        check_box_matches_roll(ballots=len(choices), trackers=len(trackers), roll=len(roll))
        sealed["box_digest"] = box_digest(choices, trackers)
        return choices, len(roll), roll
    entered = json.loads(motion["hands"] or "null")
    if entered is None and hands_optional:
        return [], 0, set()  # failed without quorum before the hands were counted
    hands = hands_tally(entered)
    choices = ["yes"] * hands.yes + ["no"] * hands.no + ["abstain"] * hands.abstain
    return choices, len(choices), set()


async def _roll_call_openings(org_id: str, motion_id: str) -> list[dict[str, Any]]:
    """The openings of every choice committed in this roll call's `vote.cast` entries, for
    its close entry: from now on anyone can check each commitment (and verify does)."""
    opened = await audit.service.opened_field(
        org_id, subject=f"motion:{motion_id}", action=Action.VOTE_CAST, field="choice"
    )
    earlier = await AuditEntry.select(AuditEntry.seq).where(
        (AuditEntry.chain == org_id)
        & (AuditEntry.subject == f"motion:{motion_id}")
        & AuditEntry.action.is_in([Action.MOTION_CARRIED, Action.MOTION_FAILED])
    )
    # A reconsidered vote was closed before: those casts were opened by that close.
    since = max((int(e["seq"]) for e in earlier), default=0)
    return [
        {"seq": seq, "member_id": data.get("member_id"), "choice": choice, "salt": salt}
        for seq, data, salt, choice in opened
        if seq > since
    ]


async def close_motion(
    *,
    org_id: str,
    actor_label: str,
    motion: dict[str, Any],
    now: datetime,
    reason: str,
    no_quorum: bool = False,
) -> dict[str, Any]:
    """Tally and decide `motion` (locked, status `voting`); returns the tally.

    With `no_quorum` (the meeting adjourned without quorum) the box is closed exactly as
    always, but the vote fails whatever its counts: the tally records `reason: "no quorum"`.
    """
    if motion["method"] == VoteMethod.verifiable and motion["status"] == MotionStatus.voting:
        return await shut_verifiable_box(
            org_id=org_id,
            actor_label=actor_label,
            motion=motion,
            now=now,
            reason=reason,
            no_quorum=no_quorum,
        )
    sealed: dict[str, Any] = {}
    choices, voted, voter_ids = await _choices_and_voters(motion, sealed, hands_optional=no_quorum)
    return await decide_counted(
        org_id=org_id,
        actor_label=actor_label,
        motion=motion,
        now=now,
        reason=reason,
        choices=choices,
        voted=voted,
        voter_ids=voter_ids,
        sealed=sealed,
        no_quorum=no_quorum,
    )


async def decide_counted(
    *,
    org_id: str,
    actor_label: str,
    motion: dict[str, Any],
    now: datetime,
    reason: str,
    choices: list[str],
    voted: int,
    voter_ids: set[str],
    sealed: dict[str, Any],
    no_quorum: bool = False,
) -> dict[str, Any]:
    """The tally and outcome from counted `choices`, decided through `record_decided`.

    Every method ends here: the others from `close_motion`, a verifiable motion once its
    tally is decrypted (`verifiable_decrypt.py`).
    """
    day = now.date()
    eligible_ids = await eligible_voter_ids(motion, day)
    seated = set(await seat_roles(motion["body"], day))
    recused = {
        r["membership"]
        for r in await Recusal.select(Recusal.membership).where(Recusal.motion == motion["id"])
    }
    eligible = len(eligible_ids | voter_ids) if motion["method"] != "show_of_hands" else None
    if eligible is None:
        eligible = max(len(eligible_ids), voted)
    counted = count_ballots(choices)
    tally = counted.record(eligible=eligible, voted=voted)
    carried = not no_quorum and carries(
        motion["threshold"],
        counted,
        filled_seats=len(seated),
        eligible_seated=len(seated - recused),
    )
    if no_quorum:
        tally = no_quorum_tally(tally)
    data: dict[str, Any] = {
        "number": motion["number"],
        "tally": tally,
        "closed_by": reason,
        **sealed,
    }
    if carried:
        refusal = await carry_refusal(motion, day)
        # A meeting's open vote waits (409) until it may carry; a verifiable vote's count is
        # already decrypted and cannot be run again, so, as by written consent, it fails.
        waits = motion["meeting"] is not None and motion["status"] != MotionStatus.decrypting
        if refusal is not None and waits and not refusal.fails:
            raise Conflict(refusal.sentence, code=refusal.code)
        if refusal is not None:  # it fails, and the record says why
            carried = False
            data["reason"] = refusal.reason
    if motion["status"] == MotionStatus.decrypting:  # a verifiable vote, its tally decrypted
        action = MotionAction.carry_decrypted if carried else MotionAction.fail_decrypted
        status = next_status(motion["status"], action)
    else:
        status = next_status(motion["status"], MotionAction.close_vote, carried=carried)
    if motion["method"] == "roll_call":
        data["openings"] = await _roll_call_openings(org_id, motion["id"])
    await record_decided(
        org_id=org_id,
        actor_label=actor_label,
        motion=motion,
        status=status,
        now=now,
        tally_json=canonical_json(tally),
        data=data,
    )
    if carried and motion["kind"] == "amendment" and motion["amends"]:
        await _apply_amendment(org_id, actor_label, motion, now)
    return tally


async def _apply_amendment(
    org_id: str, actor_label: str, amendment: dict[str, Any], now: datetime
) -> None:
    target_id = amendment["amends"]
    await lock_row(Motion, target_id)
    target = await Motion.select(Motion.text, Motion.status).where(Motion.id == target_id).first()
    if target is None or target["status"] not in BEFORE_VOTE:
        return  # the motion was decided or withdrawn meanwhile; nothing left to amend
    versions = await MotionText.select(MotionText.version).where(MotionText.motion == target_id)
    version = max((v["version"] for v in versions), default=0) + 1
    text = apply_amendment(target["text"], amendment["text"])
    await MotionText.insert(
        MotionText(
            motion=target_id, version=version, text=text, amendment=amendment["id"], created_at=now
        )
    )
    await Motion.update({Motion.text: text}).where(Motion.id == target_id)
    await audit.service.append(
        chain=org_id,
        actor=actor_label,
        action=Action.MOTION_AMENDED,
        subject=f"motion:{target_id}",
        data={"amendment": amendment["id"], "version": version, "text": text},
        now=now,
    )
