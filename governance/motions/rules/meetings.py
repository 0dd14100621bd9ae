"""The meeting state machine: scheduled -> in_session -> adjourned (or scheduled ->
cancelled), and what each allows. Rescheduling and cancelling are in `rules.agenda`."""

from __future__ import annotations

from enum import StrEnum

from governance.errors import Conflict
from governance.motions.rules._parse import plural
from governance.motions.rules.procedure import MeetingStatus


class MeetingAction(StrEnum):
    open = "open"
    adjourn = "adjourn"


MEETING_TRANSITIONS: dict[tuple[MeetingStatus, MeetingAction], MeetingStatus] = {
    (MeetingStatus.scheduled, MeetingAction.open): MeetingStatus.in_session,
    (MeetingStatus.in_session, MeetingAction.adjourn): MeetingStatus.adjourned,
}

_REFUSALS: dict[tuple[MeetingStatus, MeetingAction], str] = {
    (MeetingStatus.scheduled, MeetingAction.adjourn): "The meeting has not been opened, so it "
    "cannot be adjourned.",
    (MeetingStatus.in_session, MeetingAction.open): "The meeting is already in session.",
    (MeetingStatus.adjourned, MeetingAction.open): "The meeting has been adjourned and cannot be "
    "opened again.",
    (MeetingStatus.adjourned, MeetingAction.adjourn): "The meeting has already been adjourned.",
    (MeetingStatus.cancelled, MeetingAction.open): "The meeting was cancelled, so it cannot be "
    "opened. Schedule a new meeting instead.",
    (MeetingStatus.cancelled, MeetingAction.adjourn): "The meeting was cancelled; it never sat, "
    "so it cannot be adjourned.",
}


def next_meeting_status(
    current: MeetingStatus | str, action: MeetingAction | str, *, votes_open: int = 0
) -> MeetingStatus:
    """The meeting's status after `action`, or a refusal.

    Args:
        current: The meeting's status now.
        action: `open` or `adjourn`.
        votes_open: Motions of this meeting whose vote is still open; a meeting cannot be
            adjourned over an open vote (it would leave the vote with nobody to close it).
            The adjourning service passes 0 and asks
            `business.adjourn_without_quorum_outcome`, which refuses the same way while
            there is quorum and fails the open votes when there is none.

    Raises:
        Conflict: the status does not allow the action, or a vote is still open.
    """
    current, action = MeetingStatus(current), MeetingAction(action)
    if (current, action) not in MEETING_TRANSITIONS:
        raise Conflict(_REFUSALS[(current, action)])
    if action is MeetingAction.adjourn and votes_open > 0:
        it = "it" if votes_open == 1 else "them"
        raise Conflict(
            f"{plural(votes_open, 'vote')} {'is' if votes_open == 1 else 'are'} still open in "
            f"this meeting. Close {it} before adjourning."
        )
    return MEETING_TRANSITIONS[(current, action)]


def attendance_check(meeting_status: MeetingStatus | str) -> None:
    """Attendance can be recorded until the meeting is adjourned.

    Raises:
        Conflict: the meeting has been adjourned; its record is closed.
    """
    if MeetingStatus(meeting_status) is MeetingStatus.adjourned:
        raise Conflict("The meeting has been adjourned; its attendance can no longer change.")
    if MeetingStatus(meeting_status) is MeetingStatus.cancelled:
        raise Conflict("The meeting was cancelled, so there is no attendance to record.")


def moving_check(meeting_status: MeetingStatus | str) -> None:
    """Motions can be moved in a meeting until it is adjourned, and never in a cancelled one.

    Raises:
        Conflict: the meeting has been adjourned or was cancelled.
    """
    status = MeetingStatus(meeting_status)
    if status is MeetingStatus.adjourned:
        raise Conflict("This meeting has been adjourned; motions can no longer be made in it.")
    if status is MeetingStatus.cancelled:
        raise Conflict("This meeting was cancelled; motions cannot be made in it.")
