"""The election's pure rules: its phases by the clock, and the reserved seats."""

from datetime import UTC, datetime, timedelta

import pytest

from governance.elections.rules.lifecycle import Phase, Timetable, phase, public_status
from governance.elections.rules.reserved import check_room, reserved_seats
from governance.errors import Conflict, InvalidInput

T0 = datetime(2027, 3, 1, 12, tzinfo=UTC)
TIMES = Timetable(T0, T0 + timedelta(days=1), T0 + timedelta(days=2))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (T0 - timedelta(seconds=1), Phase.nominating),
        (T0, Phase.waiting),
        (T0 + timedelta(days=1), Phase.open),
        (T0 + timedelta(days=2), Phase.closed),
    ],
)
def test_the_phase_follows_the_clock(now: datetime, expected: Phase) -> None:
    assert phase("scheduled", TIMES, now) is expected


def test_counted_and_certified_are_stored_not_timed() -> None:
    assert public_status(phase("counted", TIMES, T0)) == "closed"
    assert public_status(phase("certified", TIMES, T0)) == "certified"
    assert public_status(Phase.waiting) == "nominating"


def test_a_timetable_out_of_order_names_the_field_to_change() -> None:
    with pytest.raises(InvalidInput) as past:
        TIMES.check(T0)
    assert past.value.field == "nominations_close"
    with pytest.raises(InvalidInput) as early:
        Timetable(T0, T0 - timedelta(hours=1), T0 + timedelta(days=1)).check(T0 - timedelta(1))
    assert early.value.field == "opens_at"
    with pytest.raises(InvalidInput) as backwards:
        Timetable(T0, T0 + timedelta(days=1), T0 + timedelta(days=1)).check(T0 - timedelta(1))
    assert backwards.value.field == "closes_at"


def test_reserved_counts_the_lived_experience_seats_not_up() -> None:
    # 9 seats at 0.51: 5 must be held by members with lived experience. Four seats stay
    # filled (two of them by such members); five are filled: 5 - 2 = 3 are reserved.
    assert (
        reserved_seats(quota=0.51, seats_filling=5, continuing=4, continuing_lived_experience=2)
        == 3
    )
    # The continuing members already meet the quota: nothing is reserved.
    assert (
        reserved_seats(quota=0.51, seats_filling=4, continuing=5, continuing_lived_experience=5)
        == 0
    )
    # A whole new board: ceil(0.51 x 9) = 5.
    assert (
        reserved_seats(quota=0.51, seats_filling=9, continuing=0, continuing_lived_experience=0)
        == 5
    )
    # Never more than the seats being filled.
    assert (
        reserved_seats(quota=1.0, seats_filling=2, continuing=3, continuing_lived_experience=0) == 2
    )


def test_an_election_cannot_fill_more_seats_than_are_free() -> None:
    check_room(body_seats=9, continuing=4, seats_filling=5)
    with pytest.raises(Conflict, match="at most 5"):
        check_room(body_seats=9, continuing=4, seats_filling=6)
