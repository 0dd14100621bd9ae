"""Tallies and whether a motion carries.

CONTRACT, "Thresholds": `majority`: yes > no. `two_thirds`: yes >= 2 * no and yes > 0.
Abstentions are not votes cast. `majority_of_seats`: yes > filled seats / 2. `unanimous`:
every seated member who is not recused voted yes. All arithmetic is on integers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from governance.errors import Conflict, InvalidInput
from governance.motions.rules._parse import plural
from governance.motions.rules.business import NO_QUORUM, NO_QUORUM_WORDS
from governance.motions.rules.procedure import Threshold, VoteMethod
from governance.motions.rules.transitions import MotionStatus


@dataclass(frozen=True)
class Tally:
    """Counts of a closed (or counted) vote."""

    yes: int
    no: int
    abstain: int

    def __post_init__(self) -> None:
        for name in ("yes", "no", "abstain"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a whole number of at least 0, got {value!r}")

    @property
    def cast(self) -> int:
        """Votes cast: yes and no. Abstentions are not votes cast."""
        return self.yes + self.no

    @property
    def voted(self) -> int:
        """Members who took part, abstentions included."""
        return self.yes + self.no + self.abstain

    def record(self, *, eligible: int, voted: int) -> dict[str, int]:
        """The published tally: `{yes, no, abstain, eligible, voted}`.

        Args:
            eligible: Members who could vote when it closed (and any who voted before
                becoming ineligible).
            voted: Members who took part (abstentions included).
        """
        return {
            "yes": self.yes,
            "no": self.no,
            "abstain": self.abstain,
            "eligible": eligible,
            "voted": voted,
        }


def carries(
    threshold: Threshold | str, tally: Tally, *, filled_seats: int, eligible_seated: int
) -> bool:
    """Whether a vote with this tally carries under `threshold`.

    Args:
        threshold: The motion's threshold.
        tally: The counted votes.
        filled_seats: Seats on the body held on the day (for `majority_of_seats`).
        eligible_seated: Seated members who are not recused (for `unanimous`). For a meeting
            motion, absent seated members are still counted: unanimity means all of them.
    """
    threshold = Threshold(threshold)
    if filled_seats < 0 or eligible_seated < 0:
        raise ValueError("seat counts cannot be negative")
    if threshold is Threshold.majority:
        return tally.yes > tally.no
    if threshold is Threshold.two_thirds:
        return tally.yes >= 2 * tally.no and tally.yes > 0
    if threshold is Threshold.majority_of_seats:
        return 2 * tally.yes > filled_seats
    return (
        eligible_seated > 0
        and tally.yes == eligible_seated
        and tally.no == 0
        and tally.abstain == 0
    )


def outcome(
    threshold: Threshold | str, tally: Tally, *, filled_seats: int, eligible_seated: int
) -> MotionStatus:
    """`carried` or `failed` for this tally (see `carries`)."""
    won = carries(threshold, tally, filled_seats=filled_seats, eligible_seated=eligible_seated)
    return MotionStatus.carried if won else MotionStatus.failed


def validate_show_of_hands(*, yes: int, no: int, abstain: int, eligible_present: int) -> Tally:
    """The chair's counted hands as a tally, or a refusal naming the count to fix.

    Raises:
        InvalidInput: a count is not a whole number of at least 0 (`field` names it), or the
            hands add up to more than the members present who may vote (`fields` lists all
            three, since any of them may be the miscount).
    """
    counts = {"yes": yes, "no": no, "abstain": abstain}
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(f"The {name} count must be a whole number.", field=name)
        if value < 0:
            raise InvalidInput(f"The {name} count cannot be negative.", field=name)
    total = yes + no + abstain
    if total > eligible_present:
        raise InvalidInput(
            f"{plural(total, 'hand')} {'was' if total == 1 else 'were'} counted ({yes} yes, "
            f"{no} no, {abstain} abstain) but only {eligible_present} "
            f"{'member' if eligible_present == 1 else 'members'} present may vote. "
            "Count again.",
            fields=["yes", "no", "abstain"],
        )
    return Tally(yes=yes, no=no, abstain=abstain)


def show_of_hands_check(*, status: MotionStatus | str, method: VoteMethod | str) -> None:
    """The chair may enter counted hands only for an open show-of-hands vote.

    Raises:
        Conflict: the motion is not decided by a show of hands, or its vote is not open.
    """
    if VoteMethod(method) is not VoteMethod.show_of_hands:
        raise Conflict("This motion is not decided by a show of hands.")
    if MotionStatus(status) is not MotionStatus.voting:
        raise Conflict("Voting on this motion is not open.")


def hands_tally(hands: Mapping[str, int] | None) -> Tally:
    """The entered show-of-hands counts as a tally, for closing the vote.

    Raises:
        Conflict: the chair has not entered the counts yet.
    """
    if hands is None:
        raise Conflict("Enter the show-of-hands counts before closing the vote.")
    return Tally(yes=hands["yes"], no=hands["no"], abstain=hands["abstain"])


NEEDED_WORDS: dict[str, str] = {
    "majority": "more yes than no votes (majority)",
    "two_thirds": "at least twice as many yes as no votes (two thirds)",
    "majority_of_seats": "yes from more than half of the filled seats (majority of seats)",
    "unanimous": "every member's yes (unanimous)",
}


def outcome_sentence(
    status: str | None, threshold: str | None, tally: Mapping[str, int] | None
) -> str | None:
    """A decided motion's outcome with what it needed and the count, in one sentence:
    `Failed: needed every member's yes (unanimous); 7 yes, 1 no, 1 abstained.`

    None for a motion with no count (withdrawn, lapsed without a vote, still open)."""
    if status not in ("carried", "failed") or not tally:
        return None
    if tally.get("reason") == NO_QUORUM:  # its counts did not decide it
        return f"{NO_QUORUM_WORDS}; the votes cast did not count."
    return f"{status.capitalize()}: {needed_sentence(threshold, tally)}"


def needed_sentence(threshold: str | None, tally: Mapping[str, int]) -> str:
    """What the motion needed and the count: `needed every member's yes (unanimous); 7 yes,
    1 no.` (the tail of `outcome_sentence`, for a page that states the outcome itself)."""
    counts = f"{tally.get('yes', 0)} yes, {tally.get('no', 0)} no"
    if tally.get("abstain"):
        counts += f", {tally['abstain']} abstained"
    needed = NEEDED_WORDS.get(threshold or "", str(threshold))
    return f"needed {needed}; {counts}."
