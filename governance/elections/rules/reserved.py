"""How many of the seats being filled the body's quota reserves for lived experience.

    reserved = ceil(quota x filled seats after the election)
               - seats held by members with lived experience that are not up for election

at least 0, and at most the seats being filled. "Filled after" is the seats not up for
election plus the seats being filled. A seat is up for election when its term has ended by
the day the new term starts.
"""

from __future__ import annotations

from governance.errors import Conflict
from governance.members.rules import reserved_seats as quota_reserved


def reserved_seats(
    *, quota: float, seats_filling: int, continuing: int, continuing_lived_experience: int
) -> int:
    """The reserved seats of an election (see the module docstring)."""
    needed = quota_reserved(quota, continuing + seats_filling)  # the one ceil(quota x seats)
    return max(0, min(seats_filling, needed - continuing_lived_experience))


def check_room(*, body_seats: int, continuing: int, seats_filling: int) -> None:
    """Refuse an election for more seats than the body has free on the day the term starts.

    Raises:
        Conflict: naming how many seats are free then.
    """
    free = body_seats - continuing
    if seats_filling > free:
        raise Conflict(
            f"The body has {body_seats} seats and {continuing} stay filled when the new term "
            f"starts, so an election can fill at most {max(free, 0)}."
        )
