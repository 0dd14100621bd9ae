"""Written consents failing at their closing time.

That close is lazy (`expire_if_due` runs whenever such a motion is read or voted on) and can
also be run for every organisation at once (`close_expired_consents`, for the app's timer in
`governance.voting.expiry` or the CLI). A consent whose vote is open is closed by voting
(through `voting_port`, with its tally); one never seconded lapses without a vote. Either
way the decision goes through `decided.record_decided`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from governance.audit.rules import canonical_json
from governance.clock import utcnow
from governance.db import lock_row, transaction
from governance.motions.decided import record_decided
from governance.motions.rules.consent import consent_expired as _consent_expired
from governance.motions.rules.thresholds import Tally
from governance.motions.rules.transitions import DECIDED, MotionAction, MotionStatus, next_status
from governance.motions.tables import Motion
from governance.motions.voting_port import voting
from governance.runtime import Runtime

SYSTEM_ACTOR = "system"


def consent_expired(motion: dict[str, Any], now: datetime) -> bool:
    """Whether `motion` (a row) is an undecided written consent past its closing time."""
    return _consent_expired(
        in_meeting=motion["meeting"] is not None,
        status=motion["status"],
        closes_at=motion["closes_at"],
        now=now,
    )


async def expire_if_due(
    runtime: Runtime, org_id: str, motion: dict[str, Any], now: datetime
) -> bool:
    """Fail a written consent whose closing time has passed; True if it was closed now."""
    if not consent_expired(motion, now):
        return False
    async with transaction(runtime.engine):
        await lock_row(Motion, motion["id"])
        current = await Motion.select().where(Motion.id == motion["id"]).first()
        if current is None or not consent_expired(current, now):
            return False
        if current["status"] == MotionStatus.voting:
            await voting().close_motion(
                org_id=org_id, actor_label=SYSTEM_ACTOR, motion=current, now=now, reason="closes_at"
            )
        else:
            # Never seconded, so never opened: it lapses without a vote.
            tally = Tally(yes=0, no=0, abstain=0).record(eligible=0, voted=0)
            await record_decided(
                org_id=org_id,
                actor_label=SYSTEM_ACTOR,
                motion=current,
                status=next_status(current["status"], MotionAction.lapse),
                now=now,
                tally_json=canonical_json(tally),
                data={"number": current["number"], "tally": tally, "closed_by": "closes_at"},
            )
    return True


async def close_expired_consents(
    runtime: Runtime, now: datetime | None = None, *, org_id: str | None = None
) -> Sequence[str]:
    """Close every written consent past its closing time (of one organisation, or of all);
    returns their ids. Run by a periodic task in the app and before listing motions."""
    now = now or utcnow()
    query = Motion.select(*Motion.all_columns()).where(
        Motion.meeting.is_null() & Motion.status.not_in(list(DECIDED)) & (Motion.closes_at <= now)
    )
    if org_id is not None:
        query = query.where(Motion.organisation == org_id)
    rows = await query
    closed = []
    for row in rows:
        if await expire_if_due(runtime, row["organisation"], row, now):
            closed.append(row["id"])
    return closed
