"""Procedure checks: a new motion's settings, seconding, withdrawing, recusing, and every
reason a vote may not open."""

from __future__ import annotations

import pytest

from governance.errors import Conflict, Forbidden, InvalidInput
from governance.motions.rules.procedure import (
    MeetingStatus,
    MotionKind,
    Threshold,
    VoteMethod,
    check_open_vote,
    close_vote_check,
    format_motion_number,
    open_vote_problems,
    parse_choice,
    recuse_check,
    second_check,
    validate_new_motion,
    withdraw_check,
)
from governance.motions.rules.quorum import compute_quorum
from governance.motions.rules.transitions import MotionStatus

S = MotionStatus


def new(**overrides: object) -> None:
    settings: dict[str, object] = {
        "kind": MotionKind.main,
        "amends": None,
        "minutes_of": None,
        "threshold": Threshold.majority,
        "method": VoteMethod.roll_call,
        "in_meeting": True,
    }
    settings.update(overrides)
    validate_new_motion(**settings)  # type: ignore[arg-type]


def refused_field(**overrides: object) -> str | None:
    with pytest.raises(InvalidInput) as refused:
        new(**overrides)
    assert refused.value.status == 400
    return refused.value.field


class TestNewMotion:
    @pytest.mark.parametrize("threshold", list(Threshold))
    @pytest.mark.parametrize("method", list(VoteMethod))
    def test_any_threshold_and_method_in_a_meeting(
        self, threshold: Threshold, method: VoteMethod
    ) -> None:
        new(threshold=threshold, method=method)

    def test_amendment_names_what_it_amends(self) -> None:
        new(kind=MotionKind.amendment, amends="m1")
        assert refused_field(kind=MotionKind.amendment) == "amends"
        assert refused_field(kind=MotionKind.amendment, amends="  ") == "amends"

    def test_approve_minutes_names_the_meeting(self) -> None:
        new(kind=MotionKind.approve_minutes, minutes_of="mt1")
        assert refused_field(kind=MotionKind.approve_minutes) == "minutes_of"

    @pytest.mark.parametrize("kind", [MotionKind.main, MotionKind.appointment])
    def test_other_kinds_carry_neither(self, kind: MotionKind) -> None:
        new(kind=kind)
        assert refused_field(kind=kind, amends="m1") == "amends"
        assert refused_field(kind=kind, minutes_of="mt1") == "minutes_of"

    def test_an_amendment_does_not_name_minutes(self) -> None:
        assert refused_field(kind=MotionKind.amendment, amends="m1", minutes_of="x") == (
            "minutes_of"
        )

    def test_written_consent_is_unanimous_roll_call(self) -> None:
        new(in_meeting=False, threshold=Threshold.unanimous, method=VoteMethod.roll_call)
        for threshold in (Threshold.majority, Threshold.two_thirds, Threshold.majority_of_seats):
            assert (
                refused_field(in_meeting=False, threshold=threshold, method=VoteMethod.roll_call)
                == "threshold"
            )
        for method in (VoteMethod.secret, VoteMethod.show_of_hands):
            assert (
                refused_field(in_meeting=False, threshold=Threshold.unanimous, method=method)
                == "method"
            )

    @pytest.mark.parametrize(
        ("field", "value"), [("kind", "motion"), ("threshold", "most"), ("method", "email")]
    )
    def test_unknown_values_name_the_field_and_the_choices(self, field: str, value: str) -> None:
        with pytest.raises(InvalidInput) as refused:
            new(**{field: value})
        assert refused.value.field == field
        assert repr(value) in refused.value.detail
        assert " or " in refused.value.detail

    def test_plain_strings_are_accepted(self) -> None:
        new(kind="appointment", threshold="two_thirds", method="secret")


def test_defaults_are_filled_in() -> None:
    unset = {"kind": None, "amends": None, "minutes_of": None, "threshold": None, "method": None}
    assert validate_new_motion(**unset, in_meeting=True) == (
        MotionKind.main,
        Threshold.majority,
        VoteMethod.roll_call,
    )
    assert validate_new_motion(**unset, in_meeting=False) == (
        MotionKind.main,
        Threshold.unanimous,
        VoteMethod.roll_call,
    )


class TestCloseVote:
    def test_the_chair_closes_an_open_vote(self) -> None:
        close_vote_check(status=S.voting, in_meeting=True)

    @pytest.mark.parametrize("status", [s for s in MotionStatus if s is not S.voting])
    def test_only_an_open_vote(self, status: MotionStatus) -> None:
        with pytest.raises(Conflict):
            close_vote_check(status=status, in_meeting=True)

    def test_a_written_consent_closes_itself(self) -> None:
        with pytest.raises(Conflict, match="closes by itself") as refused:
            close_vote_check(status=S.voting, in_meeting=False)
        assert refused.value.code == "written-consent"


def test_choices() -> None:
    assert parse_choice("abstain") == "abstain"
    with pytest.raises(InvalidInput) as refused:
        parse_choice("maybe")
    assert refused.value.field == "choice"
    assert refused.value.detail == "Choice must be yes, no or abstain, not 'maybe'."


class TestSecond:
    def test_another_seated_member_may_second(self) -> None:
        second_check(mover_id="a", seconder_id="b", seconder_seated=True)

    def test_not_the_mover(self) -> None:
        with pytest.raises(Conflict) as refused:
            second_check(mover_id="a", seconder_id="a", seconder_seated=True)
        assert "someone other than its mover" in refused.value.detail

    def test_only_seated_members(self) -> None:
        with pytest.raises(Forbidden) as refused:
            second_check(mover_id="a", seconder_id="b", seconder_seated=False)
        assert "seated" in refused.value.detail


class TestWithdraw:
    @pytest.mark.parametrize("status", [S.moved, S.seconded])
    def test_mover_before_the_vote(self, status: MotionStatus) -> None:
        withdraw_check(status=status, actor_id="a", mover_id="a")

    def test_only_the_mover(self) -> None:
        with pytest.raises(Forbidden) as refused:
            withdraw_check(status=S.moved, actor_id="b", mover_id="a")
        assert refused.value.detail == "Only the member who moved this motion can withdraw it."

    @pytest.mark.parametrize("status", [S.voting, S.carried, S.failed, S.withdrawn])
    def test_not_once_voting_has_started(self, status: MotionStatus) -> None:
        with pytest.raises(Conflict):
            withdraw_check(status=status, actor_id="a", mover_id="a")


class TestRecuse:
    @pytest.mark.parametrize("status", [S.moved, S.seconded])
    def test_seated_member_before_the_vote(self, status: MotionStatus) -> None:
        recuse_check(status=status, seated=True, already_recused=False)

    @pytest.mark.parametrize("status", [S.voting, S.carried, S.failed, S.withdrawn])
    def test_not_once_the_vote_opens(self, status: MotionStatus) -> None:
        with pytest.raises(Conflict) as refused:
            recuse_check(status=status, seated=True, already_recused=False)
        assert refused.value.detail.startswith("Recusals must be declared before the vote opens")

    def test_only_seated_members(self) -> None:
        with pytest.raises(Forbidden):
            recuse_check(status=S.moved, seated=False, already_recused=False)

    def test_only_once(self) -> None:
        with pytest.raises(Conflict) as refused:
            recuse_check(status=S.moved, seated=True, already_recused=True)
        assert refused.value.detail == "You have already recused yourself from this motion."


QUORATE = compute_quorum(filled_seats=9, present=6, lived_experience_present=4)
INQUORATE = compute_quorum(filled_seats=9, present=4, lived_experience_present=1)


def problems(**overrides: object) -> list[str]:
    settings: dict[str, object] = {
        "status": S.seconded,
        "in_meeting": True,
        "meeting_status": MeetingStatus.in_session,
        "quorum": QUORATE,
        "body_compliant": True,
        "kind": MotionKind.main,
        "pending_amendments": 0,
    }
    settings.update(overrides)
    return open_vote_problems(**settings)  # type: ignore[arg-type]


class TestOpenVote:
    def test_a_seconded_motion_in_a_quorate_session_may_open(self) -> None:
        assert problems() == []
        check_open_vote(
            status=S.seconded,
            in_meeting=True,
            meeting_status=MeetingStatus.in_session,
            quorum=QUORATE,
            body_compliant=True,
            kind=MotionKind.main,
            pending_amendments=0,
        )

    def test_not_seconded(self) -> None:
        assert problems(status=S.moved) == ["A motion needs a seconder before the vote can open."]

    @pytest.mark.parametrize("status", [S.voting, S.carried, S.failed, S.withdrawn])
    def test_not_from_any_other_status(self, status: MotionStatus) -> None:
        assert len(problems(status=status)) == 1

    def test_meeting_not_yet_open(self) -> None:
        assert problems(meeting_status=MeetingStatus.scheduled) == [
            "The meeting has not been opened yet; open the meeting first."
        ]

    def test_meeting_adjourned(self) -> None:
        assert problems(meeting_status=MeetingStatus.adjourned) == [
            "The meeting has been adjourned, so no vote can open in it."
        ]

    def test_no_quorum_gives_the_quorum_reasons(self) -> None:
        assert problems(quorum=INQUORATE) == [
            "There is no quorum. 4 of 9 seated members are present; 5 are needed."
        ]

    def test_quorum_as_a_plain_mapping(self) -> None:
        assert problems(quorum=INQUORATE.as_dict()) == problems(quorum=INQUORATE)
        assert problems(quorum=QUORATE.as_dict()) == []

    def test_out_of_compliance_only_appointments(self) -> None:
        assert problems(body_compliant=False) == [
            "This body is below its lived-experience quota, so it can only vote on "
            "appointments until it is compliant again."
        ]
        assert problems(body_compliant=False, kind=MotionKind.appointment) == []

    def test_pending_amendments_first(self) -> None:
        assert problems(pending_amendments=1) == [
            "1 amendment to this motion is still pending; decide it first."
        ]
        assert problems(pending_amendments=2) == [
            "2 amendments to this motion are still pending; decide them first."
        ]

    def test_written_consent_has_no_meeting_or_quorum(self) -> None:
        assert problems(in_meeting=False, meeting_status=None, quorum=None) == []
        assert problems(in_meeting=False, meeting_status=None, quorum=INQUORATE) == []

    def test_written_consent_still_needs_a_seconder_and_compliance(self) -> None:
        assert len(problems(in_meeting=False, quorum=None, status=S.moved)) == 1
        assert len(problems(in_meeting=False, quorum=None, body_compliant=False)) == 1

    def test_a_meeting_motion_without_quorum_data_is_a_bug(self) -> None:
        with pytest.raises(ValueError, match="quorum"):
            problems(quorum=None)

    def test_every_reason_at_once(self) -> None:
        reasons = problems(
            status=S.moved,
            meeting_status=MeetingStatus.scheduled,
            quorum=INQUORATE,
            body_compliant=False,
            pending_amendments=1,
        )
        assert len(reasons) == 5
        with pytest.raises(Conflict) as refused:
            check_open_vote(
                status=S.moved,
                in_meeting=True,
                meeting_status=MeetingStatus.scheduled,
                quorum=INQUORATE,
                body_compliant=False,
                kind=MotionKind.main,
                pending_amendments=1,
            )
        assert refused.value.extra["reasons"] == reasons
        assert refused.value.detail == " ".join(reasons)
        assert refused.value.status == 409


@pytest.mark.parametrize(
    ("year", "seq", "number"),
    [
        (2026, 14, "2026-014"),
        (2026, 1, "2026-001"),
        (2026, 999, "2026-999"),
        (2027, 1234, "2027-1234"),
    ],
)
def test_motion_numbers(year: int, seq: int, number: str) -> None:
    assert format_motion_number(year, seq) == number


def test_motion_numbers_start_at_one() -> None:
    with pytest.raises(ValueError, match="starts at 1"):
        format_motion_number(2026, 0)


@pytest.mark.parametrize("status", ["scheduled", "in_session"])
def test_minutes_of_a_meeting_not_yet_adjourned_cannot_be_approved(status: str) -> None:
    from governance.motions.rules.procedure import minutes_approval_check

    with pytest.raises(Conflict, match="not been adjourned"):
        minutes_approval_check(minutes_meeting_status=status, same_meeting=False)


def test_a_meeting_cannot_approve_its_own_minutes() -> None:
    from governance.motions.rules.procedure import minutes_approval_check

    with pytest.raises(InvalidInput, match="its own minutes") as refused:
        minutes_approval_check(minutes_meeting_status="in_session", same_meeting=True)
    assert refused.value.field == "minutes_of"


def test_minutes_of_an_adjourned_meeting_may_be_approved() -> None:
    from governance.motions.rules.procedure import minutes_approval_check

    minutes_approval_check(minutes_meeting_status="adjourned", same_meeting=False)
