"""The one step every decision of a motion goes through: `record_decided`.

Four paths decide a motion: the chair closing a vote, the last yes of a written consent (both
`governance.voting.closing.close_motion`), a written consent's closing time passing
(`governance.motions.expiry`), and withdrawal (`governance.motions.motions`). Each calls
`record_decided` inside its own write transaction, with the motion's row locked. It writes
the outcome, appends the audit entry, makes a carried motion's effect (`acting.apply_carried`:
an appointment's seat, a rescission, a postponement, a referral, a reopened vote), then runs
every subscriber in the same transaction, so
the decision, the decision log and the minutes approval commit together or not at all.

Subscribers live above this package (the decision log, the minutes) and are registered in
one place, `governance.wiring.wire()`, at start-up. This package imports neither of them.
`REQUIRED` names the subscribers a decision needs: `check_subscribed()` (run by `wire()`,
and again by the first decision) raises if one is missing, so a process that forgot to wire
fails loudly rather than deciding motions that never reach the log.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.motions.acting import apply_carried
from governance.motions.not_wired import NotWired
from governance.motions.rules.transitions import MotionStatus
from governance.motions.tables import Motion

#: Every subscriber a decision must reach, by name.
REQUIRED: frozenset[str] = frozenset({"decision_log", "minutes"})

_ACTIONS = {
    MotionStatus.carried: Action.MOTION_CARRIED,
    MotionStatus.failed: Action.MOTION_FAILED,
    MotionStatus.withdrawn: Action.MOTION_WITHDRAWN,
}


@dataclass(frozen=True)
class Decided:
    """A motion just decided, as its subscribers see it (inside the deciding transaction).

    `motion` is the motion's row as it was read before the decision (its `status` is the
    old one); `status` is the new one.
    """

    org_id: str
    actor_label: str
    motion: dict[str, Any]
    status: MotionStatus
    now: datetime


Subscriber = Callable[[Decided], Awaitable[None]]

_subscribers: dict[str, Subscriber] = {}

__all__ = ["REQUIRED", "Decided", "NotWired", "check_subscribed", "record_decided", "subscribe"]


def subscribe(name: str, subscriber: Subscriber) -> None:
    """Register `subscriber` under `name` (again: replaces it, so wiring twice is harmless)."""
    _subscribers[name] = subscriber


def check_subscribed() -> None:
    """Raise `NotWired` unless every subscriber in `REQUIRED` is registered."""
    missing = REQUIRED - _subscribers.keys()
    if missing:
        raise NotWired(
            "Deciding a motion needs these subscribers, which are not registered: "
            f"{', '.join(sorted(missing))}. Call governance.wiring.wire() at start-up."
        )


async def record_decided(
    *,
    org_id: str,
    actor_label: str,
    motion: dict[str, Any],
    status: MotionStatus | str,
    now: datetime,
    data: dict[str, Any],
    tally_json: str | None = None,
) -> None:
    """Decide `motion` (locked, inside the caller's transaction): write `status`, the tally
    (if any) and `decided_at`, append `motion.<status>` with `data`, then tell every
    subscriber."""
    check_subscribed()
    status = MotionStatus(status)
    changes: dict[Any, Any] = {Motion.status: status, Motion.decided_at: now}
    if tally_json is not None:
        changes[Motion.tally] = tally_json
    await Motion.update(changes).where(Motion.id == motion["id"])
    await audit.service.append(
        chain=org_id,
        actor=actor_label,
        action=_ACTIONS[status],
        subject=f"motion:{motion['id']}",
        data=data,
        now=now,
    )
    if status is MotionStatus.carried:
        await apply_carried(org_id=org_id, actor_label=actor_label, motion=motion, now=now)
    decided = Decided(org_id, actor_label, motion, status, now)
    for name in sorted(_subscribers):
        await _subscribers[name](decided)
