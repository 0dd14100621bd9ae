"""Quorum (CONTRACT "Quorum"): more than `quorum` of filled seats present, and with a
lived-experience quorum, more than half of those present with lived experience."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError, asdict
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.motions.rules.quorum import (
    LIVED_EXPERIENCE_REASON,
    QuorumState,
    compute_quorum,
    required_present,
)

# (filled seats, quorum share, required present), worked out by hand: the least whole
# number strictly greater than share * seats.
BOUNDARIES = [
    (1, 0.5, 1),
    (2, 0.5, 2),
    (3, 0.5, 2),
    (9, 0.5, 5),
    (10, 0.5, 6),
    (15, 0.5, 8),
    (21, 0.5, 11),
    (1, 0.66, 1),
    (2, 0.66, 2),
    (3, 0.66, 2),
    (9, 0.66, 6),
    (10, 0.66, 7),
    (15, 0.66, 10),
    (21, 0.66, 14),
    (1, 2 / 3, 1),
    (2, 2 / 3, 2),
    (3, 2 / 3, 3),
    (9, 2 / 3, 7),
    (10, 2 / 3, 7),
    (15, 2 / 3, 11),
    (21, 2 / 3, 15),
]


@pytest.mark.parametrize(("seats", "share", "required"), BOUNDARIES)
def test_quorum_is_met_exactly_from_the_required_number(
    seats: int, share: float, required: int
) -> None:
    at = compute_quorum(
        filled_seats=seats, present=required, lived_experience_present=0, quorum=share
    )
    assert at.required == required
    assert at.met
    assert at.reasons == ()
    if required > 0:
        below = compute_quorum(
            filled_seats=seats, present=required - 1, lived_experience_present=0, quorum=share
        )
        assert below.required == required
        assert not below.met
        assert len(below.reasons) == 1


def test_default_is_more_than_half() -> None:
    assert compute_quorum(filled_seats=10, present=6, lived_experience_present=0).met
    assert not compute_quorum(filled_seats=10, present=5, lived_experience_present=0).met


@pytest.mark.parametrize(
    ("seats", "share", "required"),
    [
        (100, 0.29, 30),  # 0.29 * 100 == 28.999999999999996 in floats
        (100, 0.58, 59),  # 0.58 * 100 == 57.99999999999999 in floats
        (3, 2 / 3, 3),  # more than two of three, not two
        (300, 2 / 3, 201),
        (9, Fraction(2, 3), 7),
        (9, Decimal("0.5"), 5),
        (7, 0.0, 1),
    ],
)
def test_float_shares_do_not_shift_the_boundary(seats: int, share: float, required: int) -> None:
    assert required_present(seats, share) == required


@given(
    denominator=st.integers(min_value=2, max_value=100),
    numerator=st.integers(min_value=0, max_value=99),
    seats=st.integers(min_value=0, max_value=500),
)
def test_required_is_the_least_count_above_the_share(
    denominator: int, numerator: int, seats: int
) -> None:
    numerator %= denominator
    required = required_present(seats, numerator / denominator)
    # required / seats > share, and required - 1 is not: checked in exact integers.
    assert required * denominator > numerator * seats
    assert (required - 1) * denominator <= numerator * seats


@given(
    seats=st.integers(min_value=1, max_value=60),
    data=st.data(),
)
def test_met_exactly_when_enough_are_present(seats: int, data: st.DataObject) -> None:
    present = data.draw(st.integers(min_value=0, max_value=seats))
    state = compute_quorum(filled_seats=seats, present=present, lived_experience_present=0)
    assert state.met == (2 * present > seats)
    assert state.met == (state.reasons == ())


def test_reason_names_the_counts() -> None:
    state = compute_quorum(filled_seats=9, present=5, lived_experience_present=0, quorum=0.6)
    assert state.reasons == ("5 of 9 seated members are present; 6 are needed.",)


def test_reason_grammar_for_one() -> None:
    state = compute_quorum(filled_seats=3, present=1, lived_experience_present=0)
    assert state.reasons == ("1 of 3 seated members is present; 2 are needed.",)
    state = compute_quorum(filled_seats=1, present=0, lived_experience_present=0)
    assert state.reasons == ("0 of 1 seated member are present; 1 is needed.",)


def test_no_filled_seats_never_has_quorum() -> None:
    state = compute_quorum(filled_seats=0, present=0, lived_experience_present=0)
    assert not state.met
    assert state.required == 1
    assert state.reasons == ("No seats on this body are filled, so it cannot reach quorum.",)


class TestLivedExperienceQuorum:
    def test_more_than_half_of_those_present(self) -> None:
        state = compute_quorum(
            filled_seats=9, present=5, lived_experience_present=3, lived_experience_quorum=True
        )
        assert state.met
        assert state.lived_experience_present == 3

    def test_exactly_half_is_not_enough(self) -> None:
        state = compute_quorum(
            filled_seats=9, present=6, lived_experience_present=3, lived_experience_quorum=True
        )
        assert not state.met and state.lived_experience_met is False
        assert state.reasons == (LIVED_EXPERIENCE_REASON,)

    def test_reason_from_the_contract(self) -> None:
        state = compute_quorum(
            filled_seats=9, present=5, lived_experience_present=2, lived_experience_quorum=True
        )
        # In words that give no count: a count next to the attendance names people.
        assert state.reasons == (
            "Members with lived experience are not more than half of those present; "
            "more than half must be.",
        )

    def test_ignored_unless_the_body_asks_for_it(self) -> None:
        state = compute_quorum(filled_seats=9, present=5, lived_experience_present=0)
        assert state.met

    def test_short_of_the_headcount_nothing_is_said_of_lived_experience(self) -> None:
        state = compute_quorum(
            filled_seats=9, present=4, lived_experience_present=1, lived_experience_quorum=True
        )
        assert not state.met and state.lived_experience_met is None
        assert state.reasons == ("4 of 9 seated members are present; 5 are needed.",)

    def test_verdict_for_everyone_count_for_admins(self) -> None:
        state = compute_quorum(
            filled_seats=9, present=6, lived_experience_present=4, lived_experience_quorum=True
        )
        assert state.verdict() == {
            "required": 5, "present": 6, "met": True, "lived_experience_met": True,
            "reasons": [],
        }  # fmt: skip
        assert state.view(counts=False) == state.verdict()
        assert state.view(counts=True) == {**state.verdict(), "lived_experience_present": 4}
        without = compute_quorum(filled_seats=9, present=6, lived_experience_present=0)
        assert without.met and without.lived_experience_met is None

    def test_nobody_present_gives_only_the_headcount_reason(self) -> None:
        state = compute_quorum(
            filled_seats=9, present=0, lived_experience_present=0, lived_experience_quorum=True
        )
        assert state.reasons == ("0 of 9 seated members are present; 5 are needed.",)

    @given(
        seats=st.integers(min_value=1, max_value=40),
        data=st.data(),
    )
    def test_met_exactly_when_both_rules_hold(self, seats: int, data: st.DataObject) -> None:
        present = data.draw(st.integers(min_value=0, max_value=seats))
        lived = data.draw(st.integers(min_value=0, max_value=present))
        state = compute_quorum(
            filled_seats=seats,
            present=present,
            lived_experience_present=lived,
            lived_experience_quorum=True,
        )
        assert state.met == (2 * present > seats and 2 * lived > present)


def test_state_is_frozen_and_json_friendly() -> None:
    state = compute_quorum(filled_seats=9, present=4, lived_experience_present=1)
    with pytest.raises(FrozenInstanceError):
        state.met = True  # type: ignore[misc]
    assert json.loads(json.dumps(asdict(state))) == {
        "required": 5,
        "present": 4,
        "lived_experience_present": 1,
        "met": False,
        "lived_experience_met": None,
        "reasons": ["4 of 9 seated members are present; 5 are needed."],
    }
    assert state.as_dict() == json.loads(json.dumps(asdict(state)))
    assert isinstance(state, QuorumState)


@pytest.mark.parametrize(
    ("seats", "present", "lived", "message"),
    [
        (9, -1, 0, "cannot be negative"),
        (9, 3, -1, "cannot be negative"),
        (9, 10, 0, "10 present but only 9 seats"),
        (9, 3, 4, "4 with lived experience but only 3 present"),
    ],
)
def test_impossible_counts_are_a_bug_not_a_quorum(
    seats: int, present: int, lived: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        compute_quorum(filled_seats=seats, present=present, lived_experience_present=lived)


@pytest.mark.parametrize("share", [1.0, 1.5, -0.1, float("nan"), float("inf")])
def test_impossible_shares_are_refused(share: float) -> None:
    with pytest.raises(ValueError, match="quorum must"):
        required_present(9, share)
