"""What a count is given: candidates, seats, ballots, and a reserved minimum for a group.

Candidates are numbered from 1 as in a BLT file. A ballot is a ranking (candidate numbers,
most preferred first) with a weight (how many voters cast that ranking). Withdrawn
candidates are named and left out: a ballot's preferences for them are passed over.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from governance.errors import InvalidInput


@dataclass(frozen=True)
class Ballot:
    """One ranking and how many voters cast it."""

    ranking: tuple[int, ...]
    weight: int = 1


@dataclass(frozen=True)
class Reservation:
    """At least `reserved` of those elected must come from `group` (candidate numbers)."""

    group: frozenset[int]
    reserved: int


@dataclass(frozen=True)
class Election:
    """A checked election: every number refers to a candidate, no ranking repeats one."""

    candidates: tuple[str, ...]
    seats: int
    ballots: tuple[Ballot, ...]
    withdrawn: frozenset[int] = frozenset()
    title: str = ""
    reservation: Reservation | None = None

    @property
    def standing(self) -> list[int]:
        """Candidate numbers still standing (not withdrawn), in number order."""
        return [c for c in range(1, len(self.candidates) + 1) if c not in self.withdrawn]

    def name(self, candidate: int) -> str:
        """The name of candidate number `candidate`."""
        return self.candidates[candidate - 1]


def make_election(
    candidates: Sequence[str],
    seats: int,
    ballots: Iterable[Ballot | tuple[Sequence[int], int] | Sequence[int]],
    *,
    withdrawn: Iterable[int] = (),
    title: str = "",
    group: Iterable[int] = (),
    reserved: int = 0,
) -> Election:
    """Check the parts of an election and put them together.

    `ballots` may hold `Ballot`s, `(ranking, weight)` pairs or bare rankings (weight 1).

    Raises:
        InvalidInput: a seat count below 1, a blank or repeated name, a candidate number
            that is not on the list, a ranking naming a candidate twice, a weight below 1,
            or a reservation larger than the seats or naming no group.
    """
    names = tuple(str(n).strip() for n in candidates)
    if not names:
        raise InvalidInput("An election needs at least one candidate.", field="candidates")
    if any(not n for n in names):
        raise InvalidInput("Every candidate needs a name.", field="candidates")
    if len(set(names)) != len(names):
        repeated = sorted({n for n in names if names.count(n) > 1})
        raise InvalidInput(
            f"Two candidates have the same name ({', '.join(repeated)}); "
            "give each a name the result can tell apart.",
            field="candidates",
        )
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise InvalidInput(f"Seats must be a whole number of at least 1, not {seats!r}.",
                           field="seats")  # fmt: skip
    count = len(names)

    def check_number(c: object, what: str) -> int:
        if isinstance(c, bool) or not isinstance(c, int) or not 1 <= c <= count:
            raise InvalidInput(
                f"{what} names candidate {c!r}, but candidates are numbered 1 to {count}.",
                field="ballots" if what.startswith("Ballot") else "candidates",
            )
        return c

    withdrawn_set = frozenset(check_number(c, "The withdrawn list") for c in withdrawn)
    checked: list[Ballot] = []
    for i, raw in enumerate(ballots, start=1):
        if isinstance(raw, Ballot):
            ranking, weight = raw.ranking, raw.weight
        elif len(raw) == 2 and not isinstance(raw[0], int):
            ranking, weight = raw  # type: ignore[misc]
        else:
            ranking, weight = raw, 1  # type: ignore[assignment]
        ranking = tuple(check_number(c, f"Ballot {i}") for c in ranking)
        if len(set(ranking)) != len(ranking):
            raise InvalidInput(f"Ballot {i} ranks a candidate twice.", field="ballots")
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
            raise InvalidInput(
                f"Ballot {i} has weight {weight!r}; a weight is a whole number of voters, "
                "at least 1.",
                field="ballots",
            )
        checked.append(Ballot(ranking, weight))
    reservation = None
    group_set = frozenset(check_number(c, "The group") for c in group)
    if reserved:
        if isinstance(reserved, bool) or not isinstance(reserved, int) or reserved < 0:
            raise InvalidInput("Reserved seats must be a whole number of at least 0.",
                               field="reserved")  # fmt: skip
        if reserved > seats:
            raise InvalidInput(
                f"{reserved} seats cannot be reserved when only {seats} are to be filled.",
                field="reserved",
            )
        if not group_set:
            raise InvalidInput("Reserved seats need the group of candidates they are for.",
                               field="group")  # fmt: skip
        reservation = Reservation(group_set, reserved)
    return Election(names, seats, tuple(checked), withdrawn_set, title.strip(), reservation)
