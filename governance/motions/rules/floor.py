"""What is on the floor of a meeting, and the presiding officer's next step, in words.

Pure: takes the meeting's status, its live quorum verdict and its motions (`number`,
`status`, `kind`, in the order they were made) and says what the presiding officer can do
next, so the meeting page can put it in front of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from governance.motions.rules.procedure import MeetingStatus
from governance.motions.rules.transitions import MotionStatus

#: Statuses of a motion still before the meeting.
ON_THE_FLOOR = (MotionStatus.moved, MotionStatus.seconded, MotionStatus.voting)


@dataclass(frozen=True)
class NextStep:
    """The next step: a sentence, and the motion it is about (if any)."""

    text: str
    motion_id: str | None = None


def on_the_floor(motions: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Motions not yet decided or withdrawn, in the order they were made."""
    return [m for m in motions if m["status"] in ON_THE_FLOOR]


def _numbers(motions: Sequence[Mapping[str, Any]]) -> str:
    numbers = [str(m["number"]) for m in motions]
    return numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]


def next_step(
    *,
    meeting_status: MeetingStatus | str,
    quorum_met: bool,
    motions: Sequence[Mapping[str, Any]],
) -> NextStep:
    """The presiding officer's next step (see the module notes)."""
    status = MeetingStatus(meeting_status)
    if status is MeetingStatus.scheduled:
        return NextStep("Open the meeting once members have arrived and attendance is recorded.")
    if status is MeetingStatus.adjourned:
        return NextStep("The meeting is adjourned; nothing more can be decided in it.")
    if status is MeetingStatus.cancelled:
        return NextStep("The meeting was cancelled; nothing can be decided in it.")
    floor = on_the_floor(motions)
    voting = [m for m in floor if m["status"] == MotionStatus.voting]
    if not quorum_met:
        if voting:
            return NextStep(
                f"Quorum lost: the vote on {_numbers(voting)} cannot be closed until quorum "
                "returns. Wait for members to return, or adjourn: a vote still open then "
                "fails for want of a quorum.",
                str(voting[0]["id"]),
            )
        return NextStep("Quorum lost: wait for members to return, or adjourn.")
    if voting:
        return NextStep(
            f"Close the vote on {voting[0]['number']} when everyone present has voted.",
            str(voting[0]["id"]),
        )
    seconded = [m for m in floor if m["status"] == MotionStatus.seconded]
    # An amendment is decided before the motion it amends.
    seconded.sort(key=lambda m: m["kind"] != "amendment")
    if seconded:
        return NextStep(f"Open the vote on {seconded[0]['number']}.", str(seconded[0]["id"]))
    moved = [m for m in floor if m["status"] == MotionStatus.moved]
    if moved:
        return NextStep(
            f"{moved[0]['number']} needs a seconder: ask whether anyone seconds it.",
            str(moved[0]["id"]),
        )
    return NextStep("Nothing is on the floor: invite the next motion, or adjourn.")
