"""Quorum: whether enough seated members are at a meeting for it to decide anything.

The rule (CONTRACT, "Quorum"): present (including remote) seated members must be MORE THAN
`quorum` of the filled seats, so `required = floor(quorum * filled_seats) + 1`. With a
lived-experience quorum, members with lived experience must also be more than half of those
present. A recused member still counts toward quorum (recusal only affects voting), so callers
count them in `present`.

The arithmetic is exact. Quorum fractions are stored as floats, and float multiplication
gets boundaries wrong (`0.29 * 100 == 28.999999999999996`, and `2/3` is stored as
`0.6666...6`, so `2/3 * 3` can land just below 2). We therefore read a float as the
simplest fraction within a tiny distance of it (`0.29 -> 29/100`, `0.6666666666666666 ->
2/3`) and compute with integers.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from governance.motions.rules._parse import plural

#: A float quorum is read as the nearest fraction with at most this denominator. Four
#: decimal places or any simple fraction (2/3, 3/4, 3/5 ...) survive exactly.
MAX_QUORUM_DENOMINATOR = 10_000

DEFAULT_QUORUM = 0.5


#: The reason given when the lived-experience part of quorum fails: a verdict, no count.
LIVED_EXPERIENCE_REASON = (
    "Members with lived experience are not more than half of those present; more than half must be."
)


@dataclass(frozen=True)
class QuorumState:
    """Quorum at a moment (never who has lived experience).

    The verdict (`verdict()`) is what members and the public read; the lived-experience count
    is an admin's detail (`detail()`), because a count read after each arrival names people
    (DESIGN, "Verdicts, not counts").

    Attributes:
        required: How many seated members must be present.
        present: Seated members present in person or remotely (recused members included).
        lived_experience_present: How many of those present have attested lived experience.
        met: Whether the meeting may decide anything.
        lived_experience_met: Whether members with lived experience are more than half of
            those present; None when the body has no lived-experience quorum or fewer than
            `required` are present (then the meeting cannot decide anyway, and the verdict
            about a handful of people would all but name them).
        reasons: Why quorum is not met, one plain sentence each, no lived-experience count;
            empty when it is met.
    """

    required: int
    present: int
    lived_experience_present: int
    met: bool
    lived_experience_met: bool | None = None
    reasons: tuple[str, ...] = field(default=())

    def verdict(self) -> dict[str, Any]:
        """`{required, present, met, lived_experience_met, reasons}`: for everyone."""
        return {
            "required": self.required,
            "present": self.present,
            "met": self.met,
            "lived_experience_met": self.lived_experience_met,
            "reasons": list(self.reasons),
        }

    def detail(self) -> dict[str, Any]:
        """The verdict and `lived_experience_present`: for org admins only."""
        return {**self.verdict(), "lived_experience_present": self.lived_experience_present}

    def view(self, *, counts: bool) -> dict[str, Any]:
        """`detail()` when the reader may see counts, else `verdict()`."""
        return self.detail() if counts else self.verdict()

    def as_dict(self) -> dict[str, Any]:
        """Every field, JSON-ready (the admin's detail)."""
        data = asdict(self)
        data["reasons"] = list(self.reasons)
        return data


def quorum_fraction(quorum: float | Fraction | Decimal) -> Fraction:
    """The quorum share as an exact fraction (see the module notes on floats).

    Raises:
        ValueError: the share is not a finite number in [0, 1). Body settings are validated
            when the body is created, so this is a programming error, not a user's.
    """
    if isinstance(quorum, bool):
        raise ValueError("quorum must be a number, not a bool")
    if isinstance(quorum, float):
        if not math.isfinite(quorum):
            raise ValueError(f"quorum must be finite, got {quorum!r}")
        share = Fraction(quorum).limit_denominator(MAX_QUORUM_DENOMINATOR)
    else:
        share = Fraction(quorum)
    if not 0 <= share < 1:
        raise ValueError(f"quorum must be at least 0 and below 1, got {quorum!r}")
    return share


def required_present(filled_seats: int, quorum: float | Fraction | Decimal = DEFAULT_QUORUM) -> int:
    """The fewest present members that is more than `quorum` of `filled_seats`.

    Examples: half of 9 seats needs 5, half of 10 needs 6, two thirds of 9 needs 7.
    """
    if filled_seats < 0:
        raise ValueError(f"filled_seats cannot be negative, got {filled_seats}")
    share = quorum_fraction(quorum)
    return (share.numerator * filled_seats) // share.denominator + 1


def compute_quorum(
    *,
    filled_seats: int,
    present: int,
    lived_experience_present: int,
    quorum: float | Fraction | Decimal = DEFAULT_QUORUM,
    lived_experience_quorum: bool = False,
) -> QuorumState:
    """Whether a meeting has quorum, and if not, every reason in words.

    Args:
        filled_seats: Seats on the body held on the day.
        present: Seated members marked present or remote (recused members included).
        lived_experience_present: How many of `present` have attested lived experience.
        quorum: The body's quorum share; present must be more than this share of seats.
        lived_experience_quorum: Whether members with lived experience must also be more
            than half of those present.

    Raises:
        ValueError: the counts are impossible (negative, more present than seated, more with
            lived experience than present). Callers compute them, so this is a bug.
    """
    if present < 0 or lived_experience_present < 0:
        raise ValueError("attendance counts cannot be negative")
    if present > filled_seats:
        raise ValueError(f"{present} present but only {filled_seats} seats are filled")
    if lived_experience_present > present:
        raise ValueError(
            f"{lived_experience_present} with lived experience but only {present} present"
        )
    required = required_present(filled_seats, quorum)
    reasons: list[str] = []
    if filled_seats == 0:
        reasons.append("No seats on this body are filled, so it cannot reach quorum.")
    elif present < required:
        verb = "is" if present == 1 else "are"
        needed = "is" if required == 1 else "are"
        reasons.append(
            f"{present} of {plural(filled_seats, 'seated member')} {verb} present; "
            f"{required} {needed} needed."
        )
    lived_ok = 2 * lived_experience_present > present
    # Short of the headcount the meeting cannot decide anyway: say nothing of lived
    # experience then, so a verdict is never about one or two people.
    assessed = lived_experience_quorum and present >= required and filled_seats > 0
    if assessed and not lived_ok:
        reasons.append(LIVED_EXPERIENCE_REASON)
    headcount_ok = filled_seats > 0 and present >= required
    return QuorumState(
        required=required,
        present=present,
        lived_experience_present=lived_experience_present,
        met=headcount_ok and (lived_ok or not lived_experience_quorum),
        lived_experience_met=lived_ok if assessed else None,
        reasons=tuple(reasons),
    )
