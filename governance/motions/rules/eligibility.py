"""Who may vote on a motion, and whether a cast may be accepted.

CONTRACT, "Eligibility": only members seated on the body on the day, not recused, and (for a
motion made in a meeting) present or remote at it, may vote; each exactly once. "Exactly once
under concurrent requests" is enforced by the database (a unique index on the roll); these
rules give the plain answer for the ordinary case.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from governance.errors import Conflict, DomainError, Forbidden
from governance.motions.rules.procedure import AttendanceStatus, VoteMethod, is_present
from governance.motions.rules.transitions import MotionStatus

NOT_SEATED = "You are not seated on this body."
SUSPENDED = "Your membership is suspended, so you cannot vote at this assembly."
RECUSED = "You have recused yourself from this motion."
NOT_PRESENT = "Only members present or attending remotely may vote."
NOT_OPEN = "Voting on this motion is not open."
ALREADY_VOTED = "You have already voted on this motion."
SHOW_OF_HANDS = "This is a show of hands: the chair counts the votes in the room."


def ineligibility_reason(
    *,
    seated_on_day: bool,
    recused: bool,
    in_meeting: bool,
    attendance: AttendanceStatus | str | None,
    suspended: bool = False,
) -> str | None:
    """Why this member may not vote on the motion, or None when they may.

    Args:
        seated_on_day: Whether they are in the body's electorate today: hold a seat on it,
            or for an assembly are a member in good standing (`members.rules.electorate_roles`).
        recused: Whether they recused themselves from this motion.
        in_meeting: False for a written consent, where attendance does not apply.
        attendance: Their attendance at the motion's meeting (None if not recorded).
        suspended: The body is an assembly and they are suspended from the organisation
            (then they are not in its electorate: `seated_on_day` is False too).
    """
    if suspended:
        return SUSPENDED
    if not seated_on_day:
        return NOT_SEATED
    if recused:
        return RECUSED
    if in_meeting and not is_present(attendance):
        return NOT_PRESENT
    return None


def is_eligible(
    *,
    seated_on_day: bool,
    recused: bool,
    in_meeting: bool,
    attendance: AttendanceStatus | str | None,
) -> bool:
    """Whether this member may vote on the motion (see `ineligibility_reason`)."""
    return (
        ineligibility_reason(
            seated_on_day=seated_on_day,
            recused=recused,
            in_meeting=in_meeting,
            attendance=attendance,
        )
        is None
    )


def check_can_cast(
    *,
    status: MotionStatus | str,
    reason: str | None,
    already_voted: bool,
    method: VoteMethod | str | None = None,
) -> None:
    """Refuse a cast unless the vote is open, the member is eligible and has not voted.

    Checked in that order: a closed vote is closed for everyone; someone who has voted is told
    so even if they have since left the meeting.

    Args:
        status: The motion's status.
        reason: `ineligibility_reason(...)` for this member; None when eligible.
        already_voted: Whether they are already on the roll for this motion.
        method: The vote method; a show of hands takes no individual casts.

    Raises:
        Conflict: voting is not open, it is a show of hands, or they already voted
            (code `already-voted`).
        Forbidden: `reason` is set.
    """
    if MotionStatus(status) is not MotionStatus.voting:
        raise Conflict(NOT_OPEN)
    if method is not None and VoteMethod(method) is VoteMethod.show_of_hands:
        raise Conflict(SHOW_OF_HANDS)
    if already_voted:
        raise Conflict(ALREADY_VOTED, code="already-voted")
    if reason is not None:
        raise Forbidden(reason)


def eligible_voters(
    seated: Set[str], recused: Set[str], attendance: Mapping[str, str] | None
) -> set[str]:
    """The members who may vote: seated, not recused, and present or remote in a meeting.

    Args:
        seated: Members seated on the body on the day.
        recused: Members who recused themselves from the motion.
        attendance: member -> attendance at the motion's meeting; None for a written
            consent, where attendance does not apply.
    """
    return {
        member
        for member in seated
        if is_eligible(
            seated_on_day=True,
            recused=member in recused,
            in_meeting=attendance is not None,
            attendance=(attendance or {}).get(member),
        )
    }


def cannot_vote_reason(
    *,
    status: MotionStatus | str,
    reason: str | None,
    already_voted: bool,
    method: VoteMethod | str | None = None,
) -> str | None:
    """Why this member cannot cast a vote now, in words, or None when they can.

    The same answer `check_can_cast` gives, as a sentence rather than a refusal (for pages
    that show what a member may do).
    """
    try:
        check_can_cast(status=status, reason=reason, already_voted=already_voted, method=method)
    except DomainError as refused:
        return refused.detail
    return None
