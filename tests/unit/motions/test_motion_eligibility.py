"""Who may vote (CONTRACT "Eligibility") and which casts are accepted."""

from __future__ import annotations

import itertools

import pytest

from governance.errors import Conflict, Forbidden
from governance.motions.rules.eligibility import (
    ALREADY_VOTED,
    NOT_OPEN,
    NOT_PRESENT,
    SHOW_OF_HANDS,
    cannot_vote_reason,
    check_can_cast,
    eligible_voters,
    ineligibility_reason,
    is_eligible,
)
from governance.motions.rules.procedure import AttendanceStatus, VoteMethod
from governance.motions.rules.transitions import MotionStatus

ATTENDANCE: list[AttendanceStatus | None] = [*AttendanceStatus, None]


@pytest.mark.parametrize(
    ("seated", "recused", "in_meeting", "attendance"),
    list(itertools.product([True, False], [True, False], [True, False], ATTENDANCE)),
)
def test_eligible_exactly_when_seated_not_recused_and_there(
    seated: bool, recused: bool, in_meeting: bool, attendance: AttendanceStatus | None
) -> None:
    there = attendance in (AttendanceStatus.present, AttendanceStatus.remote)
    expected = seated and not recused and (there or not in_meeting)
    reason = ineligibility_reason(
        seated_on_day=seated, recused=recused, in_meeting=in_meeting, attendance=attendance
    )
    assert (reason is None) == expected
    assert (
        is_eligible(
            seated_on_day=seated, recused=recused, in_meeting=in_meeting, attendance=attendance
        )
        == expected
    )


def reason(**overrides: object) -> str | None:
    facts: dict[str, object] = {
        "seated_on_day": True,
        "recused": False,
        "in_meeting": True,
        "attendance": AttendanceStatus.present,
    }
    facts.update(overrides)
    return ineligibility_reason(**facts)  # type: ignore[arg-type]


def test_remote_members_vote() -> None:
    assert reason(attendance=AttendanceStatus.remote) is None
    assert reason(attendance="remote") is None


def test_not_seated() -> None:
    assert reason(seated_on_day=False) == "You are not seated on this body."


def test_recused_counts_for_quorum_but_does_not_vote() -> None:
    assert reason(recused=True) == "You have recused yourself from this motion."


@pytest.mark.parametrize("attendance", [AttendanceStatus.absent, AttendanceStatus.excused, None])
def test_absent_members_do_not_vote_in_a_meeting(attendance: AttendanceStatus | None) -> None:
    assert reason(attendance=attendance) == "Only members present or attending remotely may vote."


def test_written_consent_ignores_attendance() -> None:
    assert reason(in_meeting=False, attendance=None) is None


def test_not_seated_is_said_before_recused() -> None:
    assert reason(seated_on_day=False, recused=True) == "You are not seated on this body."


class TestCast:
    def test_an_eligible_member_in_an_open_vote(self) -> None:
        check_can_cast(status=MotionStatus.voting, reason=None, already_voted=False)
        check_can_cast(
            status=MotionStatus.voting, reason=None, already_voted=False, method=VoteMethod.secret
        )

    @pytest.mark.parametrize("status", [s for s in MotionStatus if s is not MotionStatus.voting])
    def test_voting_not_open(self, status: MotionStatus) -> None:
        with pytest.raises(Conflict) as refused:
            check_can_cast(status=status, reason=None, already_voted=False)
        assert refused.value.detail == "Voting on this motion is not open."

    def test_ineligible_is_forbidden_with_the_reason(self) -> None:
        with pytest.raises(Forbidden) as refused:
            check_can_cast(
                status=MotionStatus.voting,
                reason="You have recused yourself from this motion.",
                already_voted=False,
            )
        assert refused.value.detail == "You have recused yourself from this motion."
        assert refused.value.status == 403

    def test_only_once(self) -> None:
        with pytest.raises(Conflict) as refused:
            check_can_cast(status=MotionStatus.voting, reason=None, already_voted=True)
        assert refused.value.detail == "You have already voted on this motion."
        assert refused.value.code == "already-voted"

    def test_a_voter_who_then_left_is_told_they_already_voted(self) -> None:
        with pytest.raises(Conflict, match="already voted"):
            check_can_cast(
                status=MotionStatus.voting,
                reason="Only members present or attending remotely may vote.",
                already_voted=True,
            )

    def test_a_closed_vote_is_closed_for_everyone(self) -> None:
        with pytest.raises(Conflict, match="not open"):
            check_can_cast(
                status=MotionStatus.carried,
                reason="You are not seated on this body.",
                already_voted=True,
            )

    def test_a_show_of_hands_takes_no_individual_votes(self) -> None:
        with pytest.raises(Conflict, match="show of hands"):
            check_can_cast(
                status=MotionStatus.voting,
                reason=None,
                already_voted=False,
                method=VoteMethod.show_of_hands,
            )


def test_eligible_voters_in_a_meeting() -> None:
    seated = {"a", "b", "c", "d", "e"}
    attendance = {"a": "present", "b": "remote", "c": "absent", "d": "present"}
    assert eligible_voters(seated, {"d"}, attendance) == {"a", "b"}


def test_eligible_voters_by_written_consent_ignore_attendance() -> None:
    assert eligible_voters({"a", "b", "c"}, {"c"}, None) == {"a", "b"}


@pytest.mark.parametrize(
    ("status", "method", "reason", "voted", "expected"),
    [
        (MotionStatus.voting, VoteMethod.roll_call, None, False, None),
        (MotionStatus.seconded, VoteMethod.roll_call, None, False, NOT_OPEN),
        (MotionStatus.voting, VoteMethod.show_of_hands, None, False, SHOW_OF_HANDS),
        (MotionStatus.voting, VoteMethod.secret, NOT_PRESENT, True, ALREADY_VOTED),
        (MotionStatus.voting, VoteMethod.secret, NOT_PRESENT, False, NOT_PRESENT),
    ],
)
def test_cannot_vote_reason_is_what_a_cast_would_be_refused_with(
    status: MotionStatus, method: VoteMethod, reason: str | None, voted: bool, expected: str | None
) -> None:
    assert (
        cannot_vote_reason(status=status, method=method, reason=reason, already_voted=voted)
        == expected
    )
