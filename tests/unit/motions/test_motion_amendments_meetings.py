"""Amendments replace a motion's wording; meetings open once and adjourn once."""

from __future__ import annotations

import pytest

from governance.errors import Conflict, InvalidInput
from governance.motions.rules.amendments import amendable_check, apply_amendment
from governance.motions.rules.meetings import (
    MEETING_TRANSITIONS,
    MeetingAction,
    attendance_check,
    next_meeting_status,
)
from governance.motions.rules.procedure import MeetingStatus
from governance.motions.rules.transitions import MotionStatus


def test_a_carried_amendment_is_the_new_wording() -> None:
    assert (
        apply_amendment("Paint the hall blue.", "Paint the hall green by June.")
        == "Paint the hall green by June."
    )


def test_a_motion_cannot_be_amended_to_nothing() -> None:
    with pytest.raises(InvalidInput) as refused:
        apply_amendment("Paint the hall blue.", "  \n")
    assert refused.value.field == "text"


@pytest.mark.parametrize("status", [MotionStatus.moved, MotionStatus.seconded])
def test_amendable_before_the_vote(status: MotionStatus) -> None:
    amendable_check(target_status=status)


@pytest.mark.parametrize(
    "status",
    [MotionStatus.voting, MotionStatus.carried, MotionStatus.failed, MotionStatus.withdrawn],
)
def test_not_amendable_once_voting_starts(status: MotionStatus) -> None:
    with pytest.raises(Conflict, match="not yet gone to a vote"):
        amendable_check(target_status=status)


class TestMeetings:
    def test_open_then_adjourn(self) -> None:
        assert next_meeting_status("scheduled", "open") is MeetingStatus.in_session
        assert (
            next_meeting_status(MeetingStatus.in_session, MeetingAction.adjourn)
            is MeetingStatus.adjourned
        )

    @pytest.mark.parametrize(
        ("current", "action"),
        [
            (current, action)
            for current in MeetingStatus
            for action in MeetingAction
            if (current, action) not in MEETING_TRANSITIONS
        ],
    )
    def test_every_other_pair_is_refused_in_words(
        self, current: MeetingStatus, action: MeetingAction
    ) -> None:
        with pytest.raises(Conflict) as refused:
            next_meeting_status(current, action)
        assert refused.value.detail.startswith("The meeting")

    def test_only_two_moves_exist(self) -> None:
        assert len(MEETING_TRANSITIONS) == 2

    def test_not_adjourned_over_an_open_vote(self) -> None:
        with pytest.raises(Conflict) as refused:
            next_meeting_status(MeetingStatus.in_session, MeetingAction.adjourn, votes_open=1)
        assert refused.value.detail == (
            "1 vote is still open in this meeting. Close it before adjourning."
        )
        with pytest.raises(Conflict, match="2 votes are still open"):
            next_meeting_status(MeetingStatus.in_session, MeetingAction.adjourn, votes_open=2)

    @pytest.mark.parametrize("status", [MeetingStatus.scheduled, MeetingStatus.in_session])
    def test_attendance_until_adjourned(self, status: MeetingStatus) -> None:
        attendance_check(status)

    def test_attendance_closed_after_adjournment(self) -> None:
        with pytest.raises(Conflict, match="adjourned"):
            attendance_check(MeetingStatus.adjourned)
