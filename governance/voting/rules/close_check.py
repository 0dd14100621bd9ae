"""Does a decided motion's row, its ballot box and the chain's record of its close agree? Pure.

When a vote closes, the chain records the outcome (`motion.carried` / `motion.failed`), the
tally, and for a secret ballot the box's digest. Verification compares, for each decided
motion, what the chain recorded with what the database says now:

1. the motion's row has the outcome the chain recorded (a row flipped from carried to
   failed is named);
2. the row's tally is the tally the chain recorded;
3. for a secret ballot: the box holds one ballot and one tracker per name on the roll, its
   digest is the recorded one (a flipped, added or removed ballot is named), and counting
   the box gives the recorded yes, no and abstain;
4. for a verifiable vote: the public record rebuilt from the database today hashes to the
   `record_digest` the decision recorded (a ballot, a partial decryption or a commitment
   edited after the decision is named), or cannot be rebuilt at all.

The first disagreement found is returned as a sentence; None when all agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from governance.voting.rules.ballots import box_mismatch, count_ballots
from governance.voting.rules.box_digest import box_digest


@dataclass(frozen=True)
class BoxContents:
    """What a secret vote's box and roll hold today."""

    choices: list[str]
    trackers: list[str]
    roll: int


@dataclass(frozen=True)
class RebuiltRecord:
    """A verifiable vote's public record rebuilt from the database today: its digest, or why
    it could not be rebuilt."""

    digest: str | None
    error: str | None = None


def close_disagreement(
    *,
    row_status: str,
    row_tally: dict[str, Any] | None,
    recorded_status: str | None,
    recorded: dict[str, Any],
    box: BoxContents | None,
    record: RebuiltRecord | None = None,
) -> str | None:
    """The first way the motion's row or box disagrees with its recorded close, or None.

    `recorded_status` is the outcome of the chain's latest decision entry for the motion
    (None when the chain has none); `recorded` is that entry's data.
    """
    if recorded_status is None:
        return f"the motion is {row_status}, but the audit log records no decision for it"
    if recorded_status != row_status:
        return (
            f"the audit log records that it {recorded_status}, "
            f"but the motion's row says {row_status}"
        )
    tally = recorded.get("tally")
    if tally is not None and row_tally is not None and row_tally != tally:
        return "the motion's tally differs from the tally the audit log recorded at close"
    if record is not None and recorded.get("record_digest") is not None:
        if record.error is not None:
            return f"the verifiable vote's public record cannot be rebuilt: {record.error}"
        if record.digest != recorded["record_digest"]:
            return (
                "the verifiable vote's public record differs from the one whose digest was "
                "recorded at the decision: a ballot, partial decryption or key was changed"
            )
    if box is None:
        return None
    problem = box_mismatch(ballots=len(box.choices), trackers=len(box.trackers), roll=box.roll)
    if problem is not None:
        return problem
    digest = recorded.get("box_digest")
    if digest is not None and box_digest(box.choices, box.trackers) != digest:
        return (
            "the ballot box's digest differs from the one recorded at close: "
            "a ballot or tracker was changed"
        )
    if tally is not None:
        try:
            counted = count_ballots(box.choices)
        except ValueError as error:
            return str(error)
        recount = {"yes": counted.yes, "no": counted.no, "abstain": counted.abstain}
        if any(tally.get(k) != v for k, v in recount.items()):
            return "counting the ballot box gives a different tally from the one recorded"
    return None
