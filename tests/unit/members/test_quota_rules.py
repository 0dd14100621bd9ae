"""The lived-experience quota and a body's composition, as pure rules (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.errors import Conflict, InvalidInput
from governance.members.rules import (
    check_body_settings,
    check_seating,
    check_slug,
    composition,
    reserved_seats,
)


@pytest.mark.parametrize(
    ("seats", "reserved"),
    [(1, 1), (2, 2), (3, 2), (9, 5), (15, 8), (21, 11)],
)
def test_quota_051_reserves_the_ceiling_of_the_share(seats: int, reserved: int) -> None:
    assert reserved_seats(0.51, seats) == reserved


def test_quota_051_on_100_seats_is_51_not_52() -> None:
    # 0.51 * 100 is 51.00000000000001 in binary floating point.
    assert reserved_seats(0.51, 100) == 51


@pytest.mark.parametrize("seats", [1, 2, 3, 9, 15, 21])
def test_quota_zero_reserves_nothing_and_quota_one_reserves_everything(seats: int) -> None:
    assert reserved_seats(0, seats) == 0
    assert reserved_seats(1, seats) == seats


@pytest.mark.parametrize(
    ("seats", "open_to_anyone"),
    [(1, 0), (2, 0), (3, 1), (9, 4), (15, 7), (21, 10)],
)
def test_seating_without_lived_experience_stops_at_the_non_reserved_seats(
    seats: int, open_to_anyone: int
) -> None:
    for other in range(open_to_anyone):
        check_seating(
            seats=seats,
            quota=0.51,
            filled_lived=0,
            filled_other=other,
            has_lived_experience=False,
        )
    with pytest.raises(Conflict) as refused:
        check_seating(
            seats=seats,
            quota=0.51,
            filled_lived=0,
            filled_other=open_to_anyone,
            has_lived_experience=False,
        )
    assert refused.value.code == "quota"
    assert "lived-experience quota" in refused.value.detail


def test_members_with_lived_experience_may_fill_every_seat() -> None:
    for lived in range(9):
        check_seating(
            seats=9, quota=0.51, filled_lived=lived, filled_other=0, has_lived_experience=True
        )
    with pytest.raises(Conflict) as full:
        check_seating(
            seats=9, quota=0.51, filled_lived=9, filled_other=0, has_lived_experience=True
        )
    assert full.value.code == "body-full"


def test_quota_zero_lets_anyone_sit_until_full() -> None:
    for other in range(5):
        check_seating(
            seats=5, quota=0, filled_lived=0, filled_other=other, has_lived_experience=False
        )
    with pytest.raises(Conflict) as full:
        check_seating(seats=5, quota=0, filled_lived=0, filled_other=5, has_lived_experience=False)
    assert full.value.code == "body-full"


def test_quota_one_refuses_anyone_without_lived_experience() -> None:
    with pytest.raises(Conflict) as refused:
        check_seating(seats=5, quota=1, filled_lived=0, filled_other=0, has_lived_experience=False)
    assert refused.value.code == "quota"


def test_composition_counts_and_compliance() -> None:
    comp = composition(seats=9, quota=0.51, filled_lived=5, filled_other=4)
    assert (comp.seats, comp.filled, comp.lived_experience, comp.reserved) == (9, 9, 5, 5)
    assert comp.share == pytest.approx(0.5556)
    assert comp.compliant is True
    # One attestation withdrawn: 4 of 9 is below 0.51.
    assert composition(seats=9, quota=0.51, filled_lived=4, filled_other=5).compliant is False


def test_compliance_is_measured_on_filled_seats_not_on_all_seats() -> None:
    # 2 of 3 filled seats held with lived experience: 0.667 >= 0.51, although 2 < 5 reserved.
    comp = composition(seats=9, quota=0.51, filled_lived=2, filled_other=1)
    assert comp.compliant is True
    assert comp.filled == 3
    # Exactly half is below 0.51.
    assert composition(seats=9, quota=0.51, filled_lived=1, filled_other=1).compliant is False
    # Exactly at the quota counts as compliant (0.5 quota, 1 of 2).
    assert composition(seats=4, quota=0.5, filled_lived=1, filled_other=1).compliant is True


def test_an_empty_body_is_compliant_and_has_share_zero() -> None:
    comp = composition(seats=9, quota=0.51, filled_lived=0, filled_other=0)
    assert comp.filled == 0
    assert comp.share == 0.0
    assert comp.compliant is True


def test_quota_zero_is_always_compliant_and_quota_one_needs_everyone() -> None:
    assert composition(seats=3, quota=0, filled_lived=0, filled_other=3).compliant is True
    assert composition(seats=3, quota=1, filled_lived=2, filled_other=1).compliant is False
    assert composition(seats=3, quota=1, filled_lived=3, filled_other=0).compliant is True


@pytest.mark.parametrize(
    ("kind", "seats", "quota", "quorum", "field"),
    [
        ("club", 9, 0.51, 0.5, "kind"),
        ("board", 0, 0.51, 0.5, "seats"),
        ("board", 9, 1.01, 0.5, "lived_experience_quota"),
        ("board", 9, -0.1, 0.5, "lived_experience_quota"),
        ("board", 9, 0.51, 1.0, "quorum"),
        ("board", 9, 0.51, -0.5, "quorum"),
    ],
)
def test_body_settings_name_the_bad_field(
    kind: str, seats: int, quota: float, quorum: float, field: str
) -> None:
    with pytest.raises(InvalidInput) as bad:
        check_body_settings(kind=kind, seats=seats, quota=quota, quorum=quorum)
    assert bad.value.field == field


@pytest.mark.parametrize("slug", ["", "Board", "-board", "board-", "a b", "x" * 65])
def test_bad_slugs_are_refused(slug: str) -> None:
    with pytest.raises(InvalidInput):
        check_slug(slug)


@settings(max_examples=300, deadline=None)
@given(
    seats=st.integers(min_value=1, max_value=25),
    quota=st.sampled_from([0.0, 0.25, 0.5, 0.51, 0.6, 2 / 3, 0.75, 1.0]),
    flags=st.lists(st.booleans(), max_size=40),
)
def test_no_accepted_sequence_of_seatings_exceeds_the_non_reserved_seats(
    seats: int, quota: float, flags: list[bool]
) -> None:
    lived = other = 0
    open_to_anyone = seats - reserved_seats(quota, seats)
    for has_lived in flags:
        try:
            check_seating(
                seats=seats,
                quota=quota,
                filled_lived=lived,
                filled_other=other,
                has_lived_experience=has_lived,
            )
        except Conflict:
            continue
        if has_lived:
            lived += 1
        else:
            other += 1
        assert other <= open_to_anyone
        assert lived + other <= seats
    # A body filled only through accepted seatings always meets its quota once full.
    if lived + other == seats:
        assert composition(
            seats=seats, quota=quota, filled_lived=lived, filled_other=other
        ).compliant


@settings(max_examples=200, deadline=None)
@given(
    seats=st.integers(min_value=1, max_value=25),
    quota=st.sampled_from([0.0, 0.5, 0.51, 0.75, 1.0]),
    lived=st.integers(min_value=0, max_value=25),
    other=st.integers(min_value=0, max_value=25),
)
def test_seating_refuses_exactly_when_the_rule_says(
    seats: int, quota: float, lived: int, other: int
) -> None:
    open_to_anyone = seats - reserved_seats(quota, seats)
    full = lived + other >= seats
    for has_lived in (True, False):
        should_refuse = full or (not has_lived and other + 1 > open_to_anyone)
        try:
            check_seating(
                seats=seats,
                quota=quota,
                filled_lived=lived,
                filled_other=other,
                has_lived_experience=has_lived,
            )
        except Conflict:
            assert should_refuse
        else:
            assert not should_refuse
