"""Pure rules for bodies and seats: the lived-experience quota and the board's composition.

Quotas are fractions such as 0.51; arithmetic goes through `Decimal(str(quota))` because
`0.51 * 100` in binary floating point is 51.00000000000001 and `ceil` would reserve 52.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from governance.errors import Conflict, InvalidInput
from governance.text import clean_text

SLUG_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")  # used with fullmatch


class BodyKind(StrEnum):
    """What kind of body this is."""

    board = "board"
    committee = "committee"
    assembly = "assembly"


class SeatRole(StrEnum):
    """The role a seat holder has on a body."""

    chair = "chair"
    vice_chair = "vice_chair"
    secretary = "secretary"
    treasurer = "treasurer"
    director = "director"


class OrgRole(StrEnum):
    """Roles a member can hold in an organisation (besides being a member)."""

    admin = "admin"
    secretary = "secretary"


DEFAULT_BOARD_QUOTA = 0.51


def check_slug(slug: str, *, field: str = "slug") -> str:
    """Slugs are lower-case letters, digits and hyphens, 1-64 characters."""
    if not SLUG_RE.fullmatch(slug or ""):  # `$` would let a final newline through
        raise InvalidInput(
            "Use 1 to 64 lower-case letters, digits and hyphens (no spaces), "
            "starting and ending with a letter or digit.",
            field=field,
        )
    return slug


def _fraction(value: float) -> Decimal:
    return Decimal(str(value))


def reserved_seats(quota: float, seats: int) -> int:
    """Seats reserved for members with lived experience: ceil(quota x seats)."""
    return math.ceil(_fraction(quota) * seats)


def check_body_settings(*, kind: str, seats: int, quota: float, quorum: float) -> None:
    """Validate a body's numbers before it is created."""
    if kind not in BodyKind.__members__:
        raise InvalidInput("Kind must be board, committee or assembly.", field="kind")
    if not 1 <= seats <= 10_000:
        raise InvalidInput("A body needs between 1 and 10,000 seats.", field="seats")
    if not 0 <= quota <= 1:
        raise InvalidInput(
            "The lived-experience quota is a share between 0 and 1, such as 0.51.",
            field="lived_experience_quota",
        )
    if not 0 <= quorum < 1:
        raise InvalidInput(
            "Quorum is the share of filled seats that must be exceeded, "
            "from 0 up to (not including) 1; 0.5 means more than half.",
            field="quorum",
        )


@dataclass(frozen=True)
class Composition:
    """How a body's seats are held. Never names or per-member status.

    `verdict()` is what members and the public read; the lived-experience count and share are
    an admin's detail (`detail()`): read before and after each seating, a count names the
    member just seated (DESIGN, "Verdicts, not counts").
    """

    seats: int
    filled: int
    lived_experience: int
    share: float
    quota: float
    reserved: int
    compliant: bool

    def verdict(self) -> dict[str, Any]:
        """`{seats, filled, reserved, compliant}`: for everyone."""
        return {
            "seats": self.seats,
            "filled": self.filled,
            "reserved": self.reserved,
            "compliant": self.compliant,
        }

    def detail(self) -> dict[str, Any]:
        """The verdict with `lived_experience`, `share` and `quota`: for org admins only."""
        return {
            **self.verdict(),
            "lived_experience": self.lived_experience,
            "share": self.share,
            "quota": self.quota,
        }

    def view(self, *, counts: bool) -> dict[str, Any]:
        """`detail()` when the reader may see counts, else `verdict()`."""
        return self.detail() if counts else self.verdict()


def composition(*, seats: int, quota: float, filled_lived: int, filled_other: int) -> Composition:
    """The body's composition, and whether it meets its quota."""
    filled = filled_lived + filled_other
    share = filled_lived / filled if filled else 0.0
    compliant = Decimal(filled_lived) >= _fraction(quota) * filled
    return Composition(
        seats=seats,
        filled=filled,
        lived_experience=filled_lived,
        share=round(share, 4),
        quota=quota,
        reserved=reserved_seats(quota, seats),
        compliant=compliant,
    )


def check_free_seat(*, seats: int, filled: int) -> None:
    """Refuse a seating when every seat is taken."""
    if filled >= seats:
        raise Conflict(
            f"All {seats} seats are filled. End a seat first, then seat the new member.",
            code="body-full",
        )


def check_seating(
    *, seats: int, quota: float, filled_lived: int, filled_other: int, has_lived_experience: bool
) -> None:
    """Refuse a seating that would overfill the body or break its lived-experience quota."""
    check_free_seat(seats=seats, filled=filled_lived + filled_other)
    if has_lived_experience:
        return
    open_to_anyone = seats - reserved_seats(quota, seats)
    if filled_other + 1 > open_to_anyone:
        raise Conflict(
            f"This would break the lived-experience quota: {reserved_seats(quota, seats)} of "
            f"{seats} seats are reserved for members with lived experience, and the "
            f"{open_to_anyone} other seats are already held. Seat a member with lived "
            "experience instead, or end one of the other seats first.",
            code="quota",
        )


def check_appointment_seating(
    *,
    seats: int,
    quota: float,
    filled_lived: int,
    filled_other: int,
    has_lived_experience: bool,
    sees_counts: bool,
) -> None:
    """`check_seating` for an appointment moved by a member, worded for who is asking.

    A mover who may see lived-experience counts (an org admin, `counts.sees_counts`) gets
    `check_seating` exactly. Anyone else is answered only from what they may see: whether a
    seat is free (`filled` of `seats`, in the body's public verdict). Whether the quota allows
    this appointee depends on the hidden counts and on the appointee's attestation, so it is
    not asked at the move: the carry applies `check_seating` and, if it refuses, gives a
    reason that names nobody (`motions.acting.carry_refusal`). Any answer that depended on
    `filled_lived`, `filled_other` apart or `has_lived_experience` would let a member read a
    count, or one person's attestation, from two moves (tests/security/test_appointment_probe).
    """
    if sees_counts:
        check_seating(
            seats=seats,
            quota=quota,
            filled_lived=filled_lived,
            filled_other=filled_other,
            has_lived_experience=has_lived_experience,
        )
        return
    if filled_lived + filled_other >= seats:
        raise Conflict(
            f"All {seats} seats are filled. End a seat first, then appoint the new member.",
            code="body-full",
        )


NAME_SENTENCE = "Enter a name of 1 to 200 characters."


def check_text(value: str | None, *, field: str, max_len: int = 200, sentence: str) -> str:
    """`clean_text` (the one length check), answered with the members' own sentence."""
    try:
        return clean_text(value, field=field, max_len=max_len)
    except InvalidInput:
        raise InvalidInput(sentence, field=field) from None


#: The role an assembly's electorate gives a member in good standing who holds no seat on it.
ASSEMBLY_MEMBER_ROLE = "member"


def electorate_roles(
    kind: str, *, seat_roles: Mapping[str, str], in_good_standing: AbstractSet[str]
) -> dict[str, str]:
    """Who is in a body's electorate on a day (may move, second, vote, counts for quorum),
    and in which role: member id -> role.

    A board or committee: the members seated on it that day. An assembly: every member of
    the organisation in good standing (`members.standing`), so nobody seats 500 people by
    hand; a real seat on the assembly (its chair, its secretary) keeps its role, for
    presiding and record keeping, and a suspended member is out whatever seat they hold.
    """
    if kind != BodyKind.assembly:
        return dict(seat_roles)
    return {m: seat_roles.get(m, ASSEMBLY_MEMBER_ROLE) for m in in_good_standing}
