"""The minutes lifecycle: one explicit table of every allowed move, and who reads which version.

    (none) --save_notes--> draft --save_notes--> draft
    (none) --approve-----> approved      (an empty first draft, approved at once)
    draft  --approve-----> approved      (its record frozen from then on)
    approved --publish---> published
    approved / published --correct--> draft, as a NEW version (the old one stays as it is)

Every move is on the newest version, except `publish`, which takes the newest approved
version (`version_to_publish`), so a correction being drafted does not hold back publishing
what was approved. Drafts are read only by the meeting's record keepers (the body's chair or
secretary, the organisation's secretary or admins); members read approved and published
versions; a signed-out reader of a public organisation reads published versions only.

Pure: plain values in (statuses, version numbers, rows as dicts), values or `Conflict` /
`NotFound` out. The services (`service.py`, `approval.py`, `publishing.py`) load the rows,
ask here, and write.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any, NamedTuple

from governance.errors import Conflict, NotFound


class MinutesStatus(StrEnum):
    draft = "draft"
    approved = "approved"
    published = "published"


class MinutesAction(StrEnum):
    save_notes = "save_notes"
    approve = "approve"
    publish = "publish"
    correct = "correct"


class Move(NamedTuple):
    """Where a move leaves the minutes: the version's status, and whether it is a new version."""

    status: MinutesStatus
    new_version: bool


#: (status of the version moved, or None when there is none yet, action) -> the move.
TRANSITIONS: dict[tuple[MinutesStatus | None, MinutesAction], Move] = {
    (None, MinutesAction.save_notes): Move(MinutesStatus.draft, new_version=True),
    (MinutesStatus.draft, MinutesAction.save_notes): Move(MinutesStatus.draft, new_version=False),
    (None, MinutesAction.approve): Move(MinutesStatus.approved, new_version=True),
    (MinutesStatus.draft, MinutesAction.approve): Move(MinutesStatus.approved, new_version=False),
    (MinutesStatus.approved, MinutesAction.publish): Move(
        MinutesStatus.published, new_version=False
    ),
    (MinutesStatus.approved, MinutesAction.correct): Move(MinutesStatus.draft, new_version=True),
    (MinutesStatus.published, MinutesAction.correct): Move(MinutesStatus.draft, new_version=True),
}

ALL_STATUSES: frozenset[MinutesStatus] = frozenset(MinutesStatus)
#: Approved or published: frozen, never changing again.
FROZEN: frozenset[MinutesStatus] = frozenset({MinutesStatus.approved, MinutesStatus.published})


def refusal_reason(current: MinutesStatus | None, action: MinutesAction, version: int) -> str:
    """Why `action` cannot be taken on version `version` in `current` status, in words.

    Only meaningful for pairs that are not in `TRANSITIONS`.
    """
    if action is MinutesAction.save_notes:
        return (
            f"Version {version} of these minutes has been approved and can no "
            "longer change. To correct it, start a correction (a new version), which a "
            "new motion must approve."
        )
    if action is MinutesAction.correct:
        if current is None:
            return (
                "These minutes have not been approved yet, so there is nothing to correct: "
                "edit the draft instead."
            )
        return (
            f"Version {version} is already a draft; edit it instead of starting another correction."
        )
    if action is MinutesAction.publish:
        return (
            "These minutes have not been approved yet. A motion to approve them must carry "
            "before they can be published."
        )
    return f"Version {version} of these minutes is already {current}; there is no draft to approve."


def move(current: str | None, action: MinutesAction, *, version: int = 0) -> Move:
    """The move `action` makes from `current` (None: no version yet), or `Conflict` with why.

    `version` is the number of the version in `current`, for the refusal's sentence.
    """
    status = MinutesStatus(current) if current is not None else None
    found = TRANSITIONS.get((status, MinutesAction(action)))
    if found is None:
        raise Conflict(refusal_reason(status, MinutesAction(action), version))
    return found


def move_version(row: Mapping[str, Any] | None, action: MinutesAction) -> Move:
    """`move` for a version row (`status`, `version`), or None when there is no version."""
    if row is None:
        return move(None, action)
    return move(row["status"], action, version=row["version"])


def new_version_number(latest_version: int | None) -> int:
    """The number a new version takes: 1 for the first, then one more than the newest."""
    return 1 if latest_version is None else latest_version + 1


def version_to_publish(versions: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The newest approved version, or the newest published one when nothing is pending.

    `versions` are oldest first; a published answer means there is nothing new to publish.
    """
    for row in reversed(versions):
        if row["status"] in FROZEN:
            return row
    raise Conflict(refusal_reason(None, MinutesAction.publish, 0))


def visible_statuses(*, keeper: bool, member: bool) -> frozenset[MinutesStatus]:
    """Which versions a reader sees: keepers all, members frozen ones, the public published."""
    if keeper:
        return ALL_STATUSES
    if member:
        return FROZEN
    return frozenset({MinutesStatus.published})


def pick_version(
    versions: Sequence[dict[str, Any]], statuses: frozenset[str], version: int | None
) -> dict[str, Any]:
    """The requested version (or the newest the caller may see); 404 otherwise.

    A version the caller may not see is "not found", like one that does not exist, so a
    draft's existence does not leak either.
    """
    visible = [v for v in versions if v["status"] in statuses]
    if version is not None:
        visible = [v for v in visible if v["version"] == version]
    if not visible:
        if version is not None:
            raise NotFound(f"There is no version {version} of these minutes that you can read.")
        raise NotFound(
            "The minutes of this meeting have not been approved yet, so they cannot be shown."
        )
    return visible[-1]


def attendance_correction_check(meeting_status: str, minutes_status: str | None) -> None:
    """Whether the secretary may correct the attendance in a meeting's record now.

    Only after the meeting is adjourned (while it runs, attendance is recorded on the meeting
    itself) and only while the newest version of the minutes is a draft, or there is none
    yet: approved minutes never change, so a correction after approval starts a new version.
    """
    if meeting_status != "adjourned":
        raise Conflict(
            "This meeting has not been adjourned yet. Record attendance on the meeting's own "
            "page while it runs; corrections to the record come after it ends."
        )
    if minutes_status is not None and MinutesStatus(minutes_status) in FROZEN:
        raise Conflict(
            "These minutes have been approved, so their attendance can no longer change. "
            "Start a correction (a new version) first; a new motion must approve it."
        )
