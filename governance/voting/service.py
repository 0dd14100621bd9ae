"""Entering a show of hands, closing votes, and the published trackers; casting a vote is
`cast.py` (re-exported here as `cast_vote`).
"""

from __future__ import annotations

import json
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import lock_row, transaction
from governance.errors import Conflict
from governance.members.access import Actor, member_access
from governance.motions.context import load_motion, nested
from governance.motions.expiry import expire_if_due
from governance.motions.presiding_state import require_presiding_officer
from governance.motions.quorum_state import meeting_quorum
from governance.motions.reading import get_motion
from governance.motions.rules.business import close_quorum_check
from governance.motions.rules.procedure import close_vote_check
from governance.motions.rules.thresholds import show_of_hands_check, validate_show_of_hands
from governance.motions.tables import Meeting, Motion
from governance.runtime import Runtime
from governance.voting.box import BallotTracker
from governance.voting.cast import cast_vote
from governance.voting.closing import close_motion, eligible_voter_ids
from governance.voting.tables import BallotRoll, Vote

__all__ = ["cast_vote", "close_vote", "enter_show_of_hands", "published_ballots", "turnout"]


async def enter_show_of_hands(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    motion_id: str,
    *,
    yes: int,
    no: int,
    abstain: int,
) -> dict[str, Any]:
    """The presiding officer enters the counts of a show of hands (correctable until the
    close)."""
    access = await member_access(slug, actor)
    access.require_member()
    now = utcnow()
    async with transaction(runtime.engine):
        await lock_row(Motion, motion_id)
        motion = await load_motion(access, motion_id)
        if motion["meeting"] is not None:
            await lock_row(Meeting, motion["meeting"])
            await require_presiding_officer(access, motion, doing="enter a show of hands")
        present = await eligible_voter_ids(motion, now.date())
        show_of_hands_check(status=motion["status"], method=motion["method"])
        validate_show_of_hands(yes=yes, no=no, abstain=abstain, eligible_present=len(present))
        hands = {"yes": yes, "no": no, "abstain": abstain}
        await Motion.update({Motion.hands: json.dumps(hands)}).where(Motion.id == motion_id)
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.HANDS_COUNTED,
            subject=f"motion:{motion_id}",
            data={},  # the counts are recorded with the tally when the chair closes the vote
            now=now,
        )
    return {"motion_id": motion_id, "entered": True}


async def close_vote(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str
) -> dict[str, Any]:
    """The presiding officer closes the vote: tally and outcome, once, and only while the
    meeting has quorum (a vote without quorum cannot carry; it stays open until quorum
    returns)."""
    access = await member_access(slug, actor)
    access.require_member()
    now = utcnow()
    async with transaction(runtime.engine):
        await lock_row(Motion, motion_id)
        motion = await load_motion(access, motion_id)
        if motion["meeting"] is not None:
            # Motion before meeting, as everywhere; attendance is read under the lock.
            await lock_row(Meeting, motion["meeting"])
            await require_presiding_officer(access, motion, doing="close the vote")
        close_vote_check(status=motion["status"], in_meeting=motion["meeting"] is not None)
        close_quorum_check(await meeting_quorum(nested(motion, "body"), motion["meeting"]))
        await close_motion(
            org_id=access.org_id,
            actor_label=access.actor_label,
            motion=motion,
            now=now,
            reason="chair",
        )
    return await get_motion(runtime, actor, slug, motion_id)


async def turnout(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str
) -> dict[str, Any]:
    """For the chair before closing: how many of the eligible have voted so far.

    Numbers only, never who voted or how: `{voted, eligible, hands}`. For a show of hands
    `voted` is None (nobody votes through the service) and `hands` holds the counts the
    chair entered, if any. Refused (`Conflict`) when the vote is not open.
    """
    access = await member_access(slug, actor)
    motion = await load_motion(access, motion_id)
    now = utcnow()
    close_vote_check(status=motion["status"], in_meeting=motion["meeting"] is not None)
    await require_presiding_officer(access, motion, doing="close the vote")
    eligible = await eligible_voter_ids(motion, now.date())
    if motion["method"] == "show_of_hands":
        hands = json.loads(motion["hands"]) if motion["hands"] else None
        return {"voted": None, "eligible": len(eligible), "hands": hands}
    table = Vote if motion["method"] == "roll_call" else BallotRoll
    voters = {
        r["membership"]
        for r in await table.select(table.membership).where(table.motion == motion_id)
    }
    return {"voted": len(voters), "eligible": len(eligible | voters), "hands": None}


async def published_ballots(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str
) -> dict[str, Any]:
    """After a secret vote closes: the sorted trackers, the tally, and how many voted."""
    access = await member_access(slug, actor)
    motion = await load_motion(access, motion_id)
    if await expire_if_due(runtime, access.org_id, motion, utcnow()):
        motion = await load_motion(access, motion_id)
    if motion["method"] != "secret":
        raise Conflict("Only secret ballots publish trackers; this motion was not secret.")
    if motion["status"] not in ("carried", "failed") or not motion["tally"]:
        raise Conflict("The trackers are published when the vote closes.")
    trackers = sorted(
        r["tracker"]
        for r in await BallotTracker.select(BallotTracker.tracker).where(
            BallotTracker.motion == motion_id
        )
    )
    voted = await BallotRoll.count().where(BallotRoll.motion == motion_id)
    return {
        "motion_id": motion_id,
        "number": motion["number"],
        "trackers": trackers,
        "tally": json.loads(motion["tally"]),
        "voted": voted,
    }
