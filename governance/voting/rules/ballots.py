"""Secret ballots: receipts, trackers, counting and the box-versus-roll check.

A secret vote keeps who voted (the roll) apart from what was voted (the box). The voter holds
a random receipt (`receipts.py`: made by the client or here, and its canonical form); the box
stores only the SHA-256 tracker of it, in a table apart from the choices.
After close, the sorted trackers are published, so each voter can find theirs and see their
ballot was counted, while nobody can tell which tracker is whose.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from governance.motions.rules.procedure import Choice
from governance.motions.rules.thresholds import Tally
from governance.voting.rules.receipts import new_receipt as new_receipt  # re-exported


def tracker_for(receipt: str) -> str:
    """The public tracker of a receipt: SHA-256 of its UTF-8 bytes, as 64 hex characters.

    Give it the receipt's canonical form (`receipts.canonical_receipt`); for a canonical
    receipt this is `receipts.receipt_tracker`."""
    return hashlib.sha256(receipt.encode("utf-8")).hexdigest()


def count_ballots(choices: Iterable[Choice | str]) -> Tally:
    """Count the choices in a ballot box.

    Raises:
        ValueError: a ballot holds something other than yes, no or abstain. The box is only
            written through `Choice`, so this means it was tampered with; refuse to count.
    """
    counts: Counter[Choice] = Counter()
    for choice in choices:
        try:
            counts[Choice(choice)] += 1
        except ValueError:
            raise ValueError(
                f"Refusing to count: a ballot holds {choice!r}, which is not yes, no or abstain."
            ) from None
    return Tally(yes=counts[Choice.yes], no=counts[Choice.no], abstain=counts[Choice.abstain])


def ballots_match_roll(ballots: int, roll: int) -> bool:
    """Whether the box holds exactly one ballot per member recorded as having voted."""
    return ballots == roll


def box_mismatch(*, ballots: int, trackers: int, roll: int) -> str | None:
    """A sentence when the box does not hold one ballot and one tracker per voter, else None."""
    if ballots == trackers == roll:
        return None
    return (
        f"The ballot box does not match the roll: {ballots} ballots and {trackers} trackers "
        f"for {roll} voters."
    )


def check_box_matches_roll(*, ballots: int, trackers: int, roll: int) -> None:
    """Refuse to count a box that does not hold one ballot and one tracker per voter.

    Raises:
        ValueError: the counts differ; the box was tampered with, so nothing is counted.
    """
    problem = box_mismatch(ballots=ballots, trackers=trackers, roll=roll)
    if problem is not None:
        raise ValueError(f"Refusing to count: {problem}")


def published_trackers(trackers: Iterable[str]) -> list[str]:
    """Trackers in the order they are published: sorted, so the order reveals nothing."""
    return sorted(trackers)
