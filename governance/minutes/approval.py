"""Approving minutes: called when an `approve_minutes` motion carries.

`on_decided` is the minutes' subscriber to `governance.motions.decided` (registered by
`governance.wiring.wire()`). It runs inside the transaction that decides the motion,
so the motion's outcome, the approval and both audit entries commit together or not at all.
The newest draft of the named meeting's minutes is approved (an empty first draft is made
if the secretary never saved notes) and its record is frozen: from then on the version never
changes. If there is no draft (the minutes were already approved and no correction was
started), the carried motion approves nothing new; an audit entry says so.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.db import lock_row
from governance.errors import Conflict
from governance.members.tables import Organisation
from governance.minutes import rules
from governance.minutes.document import canonical_json
from governance.minutes.record import build_record
from governance.minutes.rules import MinutesAction
from governance.minutes.tables import Minutes
from governance.minutes.versions import DRAFT, latest_version
from governance.motions.decided import Decided
from governance.motions.rules.transitions import MotionStatus
from governance.motions.tables import Meeting


async def _meeting_and_org(meeting_id: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    meeting = (
        await Meeting.select(*Meeting.all_columns(), *Meeting.body.all_columns())
        .where(Meeting.id == meeting_id)
        .first()
    )
    if meeting is None:
        return None
    org = await Organisation.select().where(Organisation.id == meeting["organisation"]).first()
    assert org is not None
    return meeting, org


async def on_decided(decided: Decided) -> None:
    """A carried `approve_minutes` motion approves the minutes it names; nothing else does."""
    motion = decided.motion
    if (
        decided.status is MotionStatus.carried
        and motion["kind"] == "approve_minutes"
        and motion["minutes_of"]
    ):
        await approve_by_motion(
            org_id=decided.org_id, actor_label=decided.actor_label, motion=motion, now=decided.now
        )


async def approve_by_motion(
    *, org_id: str, actor_label: str, motion: dict[str, Any], now: datetime
) -> int | None:
    """Approve the minutes `motion` names; returns the version approved, if any."""
    meeting_id = motion["minutes_of"]
    await lock_row(Meeting, meeting_id)
    loaded = await _meeting_and_org(meeting_id)
    if loaded is None or loaded[0]["organisation"] != org_id:
        return None  # checked when the motion was made; nothing to approve
    if loaded[0]["body"] != motion["body"]:
        return None  # only the body's own motion approves its minutes (refer cannot move it)
    meeting, org = loaded
    subject = f"meeting:{meeting_id}"
    latest = await latest_version(meeting_id)
    try:
        step = rules.move_version(latest, MinutesAction.approve)
    except Conflict:  # approved already, and no correction started: nothing new to approve
        await audit.service.append(
            chain=org_id,
            actor=actor_label,
            action=Action.MINUTES_APPROVAL_WITHOUT_DRAFT,
            subject=subject,
            data={"motion": motion["number"], "latest_version": latest["version"]},
            now=now,
        )
        return None
    if step.new_version:  # the secretary never saved notes: approve an empty first draft
        version = rules.new_version_number(None)
        row = Minutes(
            organisation=org_id,
            meeting=meeting_id,
            version=version,
            status=DRAFT,
            notes="",
            created_at=now,
            updated_at=now,
        )
        await Minutes.insert(row)
        minutes_id = row.id
    else:
        assert latest is not None
        minutes_id, version = latest["id"], latest["version"]
    approving_meeting = (
        await Meeting.select(Meeting.title).where(Meeting.id == motion["meeting"]).first()
        if motion["meeting"]
        else None
    )
    approval = {
        "motion_number": motion["number"],
        "meeting_title": approving_meeting["title"] if approving_meeting else "Written consent",
        "approved_on": now.date().isoformat(),
    }
    record = await build_record(org, meeting)
    await Minutes.update(
        {
            Minutes.status: step.status,
            Minutes.record: canonical_json(record),
            Minutes.approval: canonical_json(approval),
            Minutes.approved_by_motion: motion["id"],
            Minutes.approved_at: now,
            Minutes.updated_at: now,
        }
    ).where(Minutes.id == minutes_id)
    await audit.service.append(
        chain=org_id,
        actor=actor_label,
        action=Action.MINUTES_APPROVED,
        subject=subject,
        data={"version": version, "motion": motion["number"]},
        now=now,
    )
    return version
