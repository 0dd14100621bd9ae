"""Whether a motion carries (CONTRACT "Thresholds"), as examples and as properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.errors import Conflict, InvalidInput
from governance.motions.rules.procedure import Threshold
from governance.motions.rules.thresholds import (
    Tally,
    carries,
    hands_tally,
    outcome,
    show_of_hands_check,
    validate_show_of_hands,
)
from governance.motions.rules.transitions import MotionStatus

counts = st.integers(min_value=0, max_value=400)
seats = st.integers(min_value=0, max_value=400)
T = Threshold


def wins(
    threshold: Threshold, yes: int, no: int, abstain: int = 0, *, seats: int = 9, eligible: int = 9
) -> bool:
    return carries(threshold, Tally(yes, no, abstain), filled_seats=seats, eligible_seated=eligible)


def test_tally_counts_abstentions_as_voting_but_not_cast() -> None:
    tally = Tally(yes=4, no=3, abstain=2)
    assert tally.cast == 7
    assert tally.voted == 9


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
def test_a_tally_holds_whole_counts(bad: object) -> None:
    with pytest.raises(ValueError, match="whole number"):
        Tally(yes=bad, no=0, abstain=0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("threshold", "yes", "no", "abstain", "carried"),
    [
        (T.majority, 5, 4, 0, True),
        (T.majority, 4, 4, 1, False),  # a tie fails
        (T.majority, 1, 0, 8, True),  # abstentions are not votes cast
        (T.majority, 0, 0, 9, False),
        (T.two_thirds, 6, 3, 0, True),  # exactly two thirds
        (T.two_thirds, 5, 3, 1, False),
        (T.two_thirds, 2, 1, 6, True),
        (T.two_thirds, 1, 0, 0, True),
        (T.two_thirds, 0, 0, 9, False),  # nobody for it
        (T.majority_of_seats, 5, 0, 0, True),  # 5 of 9 seats
        (T.majority_of_seats, 4, 0, 5, False),
        (T.unanimous, 9, 0, 0, True),
        (T.unanimous, 8, 0, 1, False),
        (T.unanimous, 8, 1, 0, False),
        (T.unanimous, 8, 0, 0, False),  # one did not vote
    ],
)
def test_examples(threshold: Threshold, yes: int, no: int, abstain: int, carried: bool) -> None:
    assert wins(threshold, yes, no, abstain) is carried
    expected = MotionStatus.carried if carried else MotionStatus.failed
    assert (
        outcome(threshold, Tally(yes, no, abstain), filled_seats=9, eligible_seated=9) is expected
    )


def test_majority_of_seats_on_an_even_board() -> None:
    assert not wins(T.majority_of_seats, 5, 0, seats=10)  # half is not more than half
    assert wins(T.majority_of_seats, 6, 0, seats=10)


def test_unanimous_counts_recused_members_out() -> None:
    # 9 seated, 1 recused: the other 8 all saying yes is unanimous.
    assert wins(T.unanimous, 8, 0, eligible=8)


def test_unanimous_with_nobody_eligible_never_carries() -> None:
    assert not wins(T.unanimous, 0, 0, eligible=0)


def test_thresholds_given_as_strings() -> None:
    assert carries("two_thirds", Tally(2, 1, 0), filled_seats=9, eligible_seated=9)


@given(counts, counts, counts, seats)
def test_never_carries_with_yes_at_most_no(yes: int, no: int, abstain: int, filled: int) -> None:
    if yes <= no:
        for threshold in (T.majority, T.two_thirds):
            assert not wins(threshold, yes, no, abstain, seats=filled)


@given(counts, counts, counts)
def test_two_thirds_exactly_when_yes_at_least_twice_no(yes: int, no: int, abstain: int) -> None:
    assert wins(T.two_thirds, yes, no, abstain) == (yes >= 2 * no and yes > 0)


@given(counts, counts, counts)
def test_majority_exactly_when_yes_beats_no(yes: int, no: int, abstain: int) -> None:
    assert wins(T.majority, yes, no, abstain) == (yes > no)


@given(counts, counts, counts, st.sampled_from([T.majority, T.two_thirds]))
def test_an_abstention_never_changes_an_outcome_of_votes_cast(
    yes: int, no: int, abstain: int, threshold: Threshold
) -> None:
    assert wins(threshold, yes, no, abstain) == wins(threshold, yes, no, abstain + 1)


@given(counts, counts, counts, st.integers(min_value=0, max_value=400))
def test_unanimous_never_carries_with_any_no_or_abstention(
    yes: int, no: int, abstain: int, eligible: int
) -> None:
    if no > 0 or abstain > 0:
        assert not wins(T.unanimous, yes, no, abstain, eligible=eligible)
        # Not even when the yes count alone reaches everyone eligible.
        assert not wins(T.unanimous, eligible, no, abstain, eligible=eligible)


@given(st.integers(min_value=1, max_value=400))
def test_unanimous_carries_when_everyone_eligible_says_yes(eligible: int) -> None:
    assert wins(T.unanimous, eligible, 0, 0, eligible=eligible)
    assert not wins(T.unanimous, eligible - 1, 0, 0, eligible=eligible)


@given(counts, counts, counts, counts, counts, seats)
def test_majority_of_seats_depends_only_on_yes_and_seats(
    yes: int, no: int, abstain: int, other_no: int, other_abstain: int, filled: int
) -> None:
    result = wins(T.majority_of_seats, yes, no, abstain, seats=filled)
    assert result == wins(T.majority_of_seats, yes, other_no, other_abstain, seats=filled)
    assert result == (yes > filled / 2)


class TestShowOfHands:
    def test_counts_within_those_present(self) -> None:
        assert validate_show_of_hands(yes=5, no=2, abstain=1, eligible_present=8) == Tally(5, 2, 1)
        assert validate_show_of_hands(yes=0, no=0, abstain=0, eligible_present=0) == Tally(0, 0, 0)

    @pytest.mark.parametrize("field", ["yes", "no", "abstain"])
    def test_negative_counts_name_the_field(self, field: str) -> None:
        hands = {"yes": 1, "no": 1, "abstain": 1, field: -1}
        with pytest.raises(InvalidInput) as refused:
            validate_show_of_hands(**hands, eligible_present=9)
        assert refused.value.field == field
        assert refused.value.detail == f"The {field} count cannot be negative."

    @pytest.mark.parametrize("value", [1.5, True, "3"])
    def test_counts_are_whole_numbers(self, value: object) -> None:
        with pytest.raises(InvalidInput) as refused:
            validate_show_of_hands(yes=value, no=0, abstain=0, eligible_present=9)  # type: ignore[arg-type]
        assert refused.value.field == "yes"

    def test_more_hands_than_voters(self) -> None:
        with pytest.raises(InvalidInput) as refused:
            validate_show_of_hands(yes=7, no=3, abstain=2, eligible_present=9)
        assert refused.value.detail == (
            "12 hands were counted (7 yes, 3 no, 2 abstain) but only 9 members present may "
            "vote. Count again."
        )
        assert refused.value.extra["fields"] == ["yes", "no", "abstain"]

    @given(counts, counts, counts, counts)
    def test_accepted_exactly_when_hands_fit(
        self, yes: int, no: int, abstain: int, present: int
    ) -> None:
        if yes + no + abstain <= present:
            tally = validate_show_of_hands(
                yes=yes, no=no, abstain=abstain, eligible_present=present
            )
            assert (tally.yes, tally.no, tally.abstain) == (yes, no, abstain)
        else:
            with pytest.raises(InvalidInput):
                validate_show_of_hands(yes=yes, no=no, abstain=abstain, eligible_present=present)


def test_the_published_tally() -> None:
    assert Tally(yes=4, no=2, abstain=1).record(eligible=9, voted=7) == {
        "yes": 4,
        "no": 2,
        "abstain": 1,
        "eligible": 9,
        "voted": 7,
    }


def test_hands_are_entered_only_for_an_open_show_of_hands() -> None:
    show_of_hands_check(status=MotionStatus.voting, method="show_of_hands")
    with pytest.raises(Conflict, match="not decided by a show of hands"):
        show_of_hands_check(status=MotionStatus.voting, method="roll_call")
    with pytest.raises(Conflict, match="not open"):
        show_of_hands_check(status=MotionStatus.seconded, method="show_of_hands")


def test_a_show_of_hands_closes_only_once_counted() -> None:
    assert hands_tally({"yes": 3, "no": 1, "abstain": 0}) == Tally(3, 1, 0)
    with pytest.raises(Conflict, match="Enter the show-of-hands counts"):
        hands_tally(None)
