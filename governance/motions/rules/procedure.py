"""Procedure checks for moving, seconding, withdrawing, recusing and opening a vote.

Each `*_check` returns None or raises a domain error whose detail a board member can act on.
`open_vote_problems` lists every obstacle at once (so the chair sees them all, not one per
try), and `check_open_vote` raises them together.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from governance.errors import Conflict, Forbidden, InvalidInput
from governance.motions.rules._parse import one_of, plural
from governance.motions.rules.quorum import QuorumState
from governance.motions.rules.transitions import (
    BEFORE_VOTE,
    MotionAction,
    MotionStatus,
    check_allowed,
    refusal_reason,
)


class MotionKind(StrEnum):
    main = "main"
    amendment = "amendment"
    approve_minutes = "approve_minutes"
    appointment = "appointment"
    # Motions that act on another (the rules of each: `kinds.py`).
    rescind = "rescind"
    postpone = "postpone"
    refer = "refer"
    reconsider = "reconsider"


class Threshold(StrEnum):
    majority = "majority"
    two_thirds = "two_thirds"
    majority_of_seats = "majority_of_seats"
    unanimous = "unanimous"


class VoteMethod(StrEnum):
    roll_call = "roll_call"
    secret = "secret"  # noqa: S105 - the ballot method, not a password
    show_of_hands = "show_of_hands"
    #: Encrypted ballots a threshold of the body's trustees decrypt in total (issue 15).
    verifiable = "verifiable"


class Choice(StrEnum):
    yes = "yes"
    no = "no"
    abstain = "abstain"


class AttendanceStatus(StrEnum):
    present = "present"
    remote = "remote"
    absent = "absent"
    excused = "excused"


class MeetingStatus(StrEnum):
    scheduled = "scheduled"
    in_session = "in_session"
    adjourned = "adjourned"
    cancelled = "cancelled"  # before it opened, with a reason (see rules.agenda)


#: Attendance that counts toward quorum and allows voting.
PRESENT: frozenset[AttendanceStatus] = frozenset(
    {AttendanceStatus.present, AttendanceStatus.remote}
)


def is_present(attendance: AttendanceStatus | str | None) -> bool:
    """Whether this attendance counts as being at the meeting (in person or remote)."""
    return attendance in PRESENT


def parse_choice(choice: Choice | str) -> Choice:
    """A voter's choice, or InvalidInput naming the `choice` field."""
    return one_of(Choice, choice, field="choice")


def validate_new_motion(
    *,
    kind: MotionKind | str | None,
    amends: str | None,
    minutes_of: str | None,
    threshold: Threshold | str | None,
    method: VoteMethod | str | None,
    in_meeting: bool,
) -> tuple[MotionKind, Threshold, VoteMethod]:
    """Check a new motion's settings fit together; return them with defaults filled in.

    Defaults: kind `main`, method `roll_call`, threshold `majority` (`unanimous` for a written
    consent). An amendment names the motion it amends and a motion to approve minutes names
    the meeting; no other kind carries either. A written consent (`in_meeting=False`) is
    decided without a meeting, so it must be unanimous and by roll call: every seated
    member's named yes.

    Raises:
        InvalidInput: with `field` set to the setting to fix.
    """
    if threshold is None:
        threshold = Threshold.majority if in_meeting else Threshold.unanimous
    kind = one_of(MotionKind, kind or MotionKind.main, field="kind")
    threshold = one_of(Threshold, threshold, field="threshold")
    method = one_of(VoteMethod, method or VoteMethod.roll_call, field="method")
    if kind is MotionKind.amendment and not (amends or "").strip():
        raise InvalidInput("Name the motion this amendment changes (amends).", field="amends")
    if kind is not MotionKind.amendment and amends is not None:
        raise InvalidInput(
            "Only an amendment names a motion it amends; leave amends out or make the kind "
            "amendment.",
            field="amends",
        )
    if kind is MotionKind.approve_minutes and not (minutes_of or "").strip():
        raise InvalidInput(
            "Name the meeting whose minutes this motion approves (minutes_of).",
            field="minutes_of",
        )
    if kind is not MotionKind.approve_minutes and minutes_of is not None:
        raise InvalidInput(
            "Only a motion to approve minutes names a meeting (minutes_of); leave it out or make "
            "the kind approve_minutes.",
            field="minutes_of",
        )
    if not in_meeting and threshold is not Threshold.unanimous:
        raise InvalidInput(
            "A written consent needs every seated member's yes, so its threshold must be "
            "unanimous.",
            field="threshold",
        )
    if not in_meeting and method is not VoteMethod.roll_call:
        raise InvalidInput(
            "A written consent is decided by named votes, so its method must be roll_call.",
            field="method",
        )
    return kind, threshold, method


def second_check(*, mover_id: str, seconder_id: str, seconder_seated: bool) -> None:
    """Whether this member may second the motion (its status is checked by `next_status`).

    Raises:
        Forbidden: the would-be seconder is not seated on the body.
        Conflict: the mover tried to second their own motion.
    """
    if not seconder_seated:
        raise Forbidden("Only members seated on this body can second a motion.")
    if seconder_id == mover_id:
        raise Conflict("A motion must be seconded by someone other than its mover.")


def minutes_approval_check(
    *, minutes_meeting_status: MeetingStatus | str, same_meeting: bool
) -> None:
    """A motion to approve minutes names a meeting that has ended.

    Approval freezes the record; a meeting still sitting (or not yet held) has no final
    record to freeze, and a meeting cannot approve its own minutes while it is making them.
    """
    if same_meeting:
        raise InvalidInput(
            "A meeting cannot approve its own minutes; approve them at a later meeting.",
            field="minutes_of",
        )
    if MeetingStatus(minutes_meeting_status) is MeetingStatus.cancelled:
        raise Conflict("That meeting was cancelled, so it has no minutes to approve.")
    if MeetingStatus(minutes_meeting_status) is not MeetingStatus.adjourned:
        raise Conflict(
            "Those minutes cannot be approved yet: that meeting has not been adjourned, "
            "so its record is not final."
        )


def withdraw_check(*, status: MotionStatus | str, actor_id: str, mover_id: str) -> None:
    """Only the mover may withdraw, and only before the vote opens.

    Raises:
        Forbidden: someone other than the mover asked.
        Conflict: the motion is being voted on or already decided.
    """
    status = MotionStatus(status)
    if actor_id != mover_id:
        raise Forbidden("Only the member who moved this motion can withdraw it.")
    if status not in BEFORE_VOTE:
        raise Conflict(refusal_reason(status, MotionAction.withdraw), motion_status=status.value)


def recuse_check(*, status: MotionStatus | str, seated: bool, already_recused: bool) -> None:
    """A seated member may recuse once, and only before the vote opens.

    Recusal after the vote opens is refused so that nobody can recuse after seeing how the
    vote is going (and so a cast vote can never become a recused one).

    Raises:
        Forbidden: the member is not seated on the body.
        Conflict: the vote has opened, the motion is decided, or they already recused.
    """
    status = MotionStatus(status)
    if not seated:
        raise Forbidden("Only members seated on this body can recuse themselves from a motion.")
    if status not in BEFORE_VOTE:
        raise Conflict(
            "Recusals must be declared before the vote opens; this motion is "
            f"{_status_words(status)}.",
            motion_status=status.value,
        )
    if already_recused:
        raise Conflict("You have already recused yourself from this motion.")


def close_vote_check(*, status: MotionStatus | str, in_meeting: bool) -> None:
    """The chair may close a meeting motion's open vote; a written consent closes itself.

    Raises:
        Conflict: the motion is a written consent, or its vote is not open.
    """
    if not in_meeting:
        raise Conflict(
            "A written consent closes by itself: when every seated member has said yes, or "
            "at its closing time.",
            code="written-consent",
        )
    if MotionStatus(status) is MotionStatus.decrypting:
        raise Conflict(
            "This verifiable vote is already closed; its tally waits for the trustees.",
            code="awaiting-decryption",
        )
    check_allowed(status, MotionAction.close_vote)


def _status_words(status: MotionStatus) -> str:
    return {
        MotionStatus.voting: "being voted on",
        MotionStatus.carried: "already decided (it carried)",
        MotionStatus.failed: "already decided (it failed)",
        MotionStatus.withdrawn: "withdrawn",
    }.get(status, status.value)


def _quorum_parts(quorum: QuorumState | Mapping[str, Any]) -> tuple[bool, list[str]]:
    if isinstance(quorum, QuorumState):
        return quorum.met, list(quorum.reasons)
    return bool(quorum["met"]), list(quorum["reasons"])


def open_vote_problems(
    *,
    status: MotionStatus | str,
    in_meeting: bool,
    meeting_status: MeetingStatus | str | None,
    quorum: QuorumState | Mapping[str, Any] | None,
    body_compliant: bool,
    kind: MotionKind | str,
    pending_amendments: int,
) -> list[str]:
    """Every reason the vote on this motion cannot open now; empty when it may.

    Args:
        status: The motion's status.
        in_meeting: False for a written consent, which has no meeting or quorum to check.
        meeting_status: The meeting's status (ignored for a written consent).
        quorum: The meeting's live quorum (ignored for a written consent). A mapping with
            `met` and `reasons` is accepted as well as a `QuorumState`.
        body_compliant: Whether the body meets its lived-experience quota; a body that does
            not may only vote on appointments (which is how it becomes compliant again).
        kind: The motion's kind.
        pending_amendments: Amendments to this motion not yet decided.

    Raises:
        ValueError: a meeting motion was given no quorum (a bug in the caller).
    """
    status, kind = MotionStatus(status), MotionKind(kind)
    problems: list[str] = []
    if status is not MotionStatus.seconded:
        problems.append(refusal_reason(status, MotionAction.open_vote))
    if in_meeting:
        meeting = MeetingStatus(meeting_status) if meeting_status is not None else None
        if meeting is MeetingStatus.scheduled:
            problems.append("The meeting has not been opened yet; open the meeting first.")
        elif meeting is MeetingStatus.adjourned:
            problems.append("The meeting has been adjourned, so no vote can open in it.")
        elif meeting is MeetingStatus.cancelled:
            problems.append("The meeting was cancelled, so no vote can open in it.")
        elif meeting is None:
            problems.append("The meeting is not in session.")
        if quorum is None:
            raise ValueError("a motion in a meeting needs the meeting's quorum")
        met, reasons = _quorum_parts(quorum)
        if not met:
            problems.append(" ".join(["There is no quorum.", *reasons]))
    if not body_compliant and kind is not MotionKind.appointment:
        problems.append(
            "This body is below its lived-experience quota, so it can only vote on "
            "appointments until it is compliant again."
        )
    if pending_amendments > 0:
        it_them = "it" if pending_amendments == 1 else "them"
        problems.append(
            f"{plural(pending_amendments, 'amendment')} to this motion "
            f"{'is' if pending_amendments == 1 else 'are'} still pending; decide {it_them} "
            "first."
        )
    return problems


def check_open_vote(
    *,
    status: MotionStatus | str,
    in_meeting: bool,
    meeting_status: MeetingStatus | str | None,
    quorum: QuorumState | Mapping[str, Any] | None,
    body_compliant: bool,
    kind: MotionKind | str,
    pending_amendments: int,
) -> None:
    """Raise every obstacle from `open_vote_problems` at once.

    Raises:
        Conflict: the detail joins every reason; `extra["reasons"]` lists them.
    """
    problems = open_vote_problems(
        status=status,
        in_meeting=in_meeting,
        meeting_status=meeting_status,
        quorum=quorum,
        body_compliant=body_compliant,
        kind=kind,
        pending_amendments=pending_amendments,
    )
    if problems:
        raise Conflict(" ".join(problems), reasons=problems)


def format_motion_number(year: int, seq: int) -> str:
    """A motion's public number: the year and its sequence in that year, `2026-014`."""
    if not 1 <= year <= 9999:
        raise ValueError(f"year must be 1..9999, got {year}")
    if seq < 1:
        raise ValueError(f"motion sequence starts at 1, got {seq}")
    return f"{year:04d}-{seq:03d}"
