"""Written consent (action without a meeting): its closing time.

CONTRACT: a written consent is open for votes once seconded, carries only with every seated
member's yes, and fails at `closes_at` without it. The service fails it at that time (lazily
when it is read or voted on, and from a periodic task); these rules say when.
"""

from __future__ import annotations

from datetime import datetime

from governance.errors import Conflict
from governance.motions.rules.transitions import DECIDED, MotionStatus

PAST_CLOSING = "This written consent has passed its closing time."


def consent_expired(
    *, in_meeting: bool, status: MotionStatus | str, closes_at: datetime | None, now: datetime
) -> bool:
    """Whether this is an undecided written consent whose closing time has come."""
    return (
        not in_meeting
        and MotionStatus(status) not in DECIDED
        and closes_at is not None
        and closes_at <= now
    )


def check_consent_open(*, closes_at: datetime | None, now: datetime) -> None:
    """Refuse acting on a written consent once its closing time has come.

    Raises:
        Conflict: `now` is at or past `closes_at`.
    """
    if closes_at is not None and closes_at <= now:
        raise Conflict(PAST_CLOSING)
