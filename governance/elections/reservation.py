"""The seats that stay filled through an election, and the reservation they leave.

One reading of the body for the call (which states the reservation and refuses an election
for more seats than will be free) and for the count (which recomputes it at the close).
A seat stays filled when its term has not ended by the day the new term starts (a seat
starting later counts too, as `members.bodies.check_new_seat` counts it when seating).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from governance.elections.rules.reserved import reserved_seats
from governance.members.tables import Body, Seat


@dataclass(frozen=True)
class Continuing:
    """The body's seats on the day the term starts."""

    body_seats: int
    continuing: int
    continuing_lived_experience: int
    quota: float

    def reserved(self, seats_filling: int) -> int:
        return reserved_seats(
            quota=self.quota,
            seats_filling=seats_filling,
            continuing=self.continuing,
            continuing_lived_experience=self.continuing_lived_experience,
        )


async def continuing_on(body_id: str, day: date) -> Continuing:
    """Seats of `body_id` not ended by `day`, and how many of their holders attest lived
    experience (a count for the rule only; never shown per person)."""
    body = (
        await Body.select(Body.seats, Body.lived_experience_quota).where(Body.id == body_id).first()
    )
    assert body is not None
    seats = await Seat.select(Seat.membership.lived_experience.as_alias("le")).where(
        (Seat.body == body_id) & (Seat.ends_on.is_null() | (Seat.ends_on > day))
    )
    return Continuing(
        body_seats=int(body["seats"]),
        continuing=len(seats),
        continuing_lived_experience=sum(1 for s in seats if s["le"]),
        quota=float(body["lived_experience_quota"] or 0.0),
    )
