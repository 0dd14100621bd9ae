"""Quorum and presence as conditions of business in a meeting (CONTRACT, "Procedure").

A meeting does business only while it has quorum: moving, seconding, opening and closing a
vote each need it, checked live against the attendance read in the same transaction as the
write (after the meeting's row is locked, so an attendance change cannot slip between the
check and the write). A vote open when quorum is lost cannot be closed (so cannot carry)
until quorum returns. Only seated members recorded present or remote may move or second.
Written consents have no meeting, so none of this applies to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from governance.errors import Conflict, Forbidden
from governance.motions.rules._parse import plural
from governance.motions.rules.procedure import is_present
from governance.motions.rules.quorum import QuorumState
from governance.motions.rules.transitions import MotionStatus


def _parts(quorum: QuorumState | Mapping[str, Any]) -> tuple[bool, list[str]]:
    if isinstance(quorum, QuorumState):
        return quorum.met, list(quorum.reasons)
    return bool(quorum["met"]), list(quorum["reasons"])


def quorum_check(quorum: QuorumState | Mapping[str, Any], *, doing: str) -> None:
    """The meeting must have quorum to `doing` ("second a motion", "close the vote").

    Raises:
        Conflict: code `no-quorum`; the detail says what is missing, `reasons` lists it.
    """
    met, reasons = _parts(quorum)
    if met:
        return
    raise Conflict(
        " ".join([f"There is no quorum, so the meeting cannot {doing} now.", *reasons]),
        code="no-quorum",
        reasons=reasons,
    )


def close_quorum_check(quorum: QuorumState | Mapping[str, Any]) -> None:
    """A vote cannot be closed (so cannot carry) while the meeting has no quorum; it stays
    open until quorum returns.

    Raises:
        Conflict: code `no-quorum`, saying the vote stays open.
    """
    met, reasons = _parts(quorum)
    if met:
        return
    raise Conflict(
        " ".join(
            [
                "Quorum was lost, so the vote cannot be closed: a vote without quorum "
                "cannot carry. The vote stays open; close it when quorum returns.",
                *reasons,
            ]
        ),
        code="no-quorum",
        reasons=reasons,
    )


def presence_check(*, attendance: str | None, doing: str) -> None:
    """Only a member recorded present or remote at the meeting may `doing` ("move motions").

    The caller has already checked that the member is seated.

    Raises:
        Forbidden: code `not-present`, saying how to be recorded present.
    """
    if is_present(attendance):
        return
    recorded = {
        None: "not recorded as present",
        "absent": "recorded as absent",
        "excused": "recorded as excused",
    }.get(attendance, f"recorded as {attendance}")
    raise Forbidden(
        f"Only seated members recorded present or remote at this meeting can {doing}; you are "
        f"{recorded}. Ask the secretary to record you present.",
        code="not-present",
    )


#: The reason a vote still open fails when the meeting adjourns without quorum (in its tally).
NO_QUORUM = "no quorum"
#: How the decision log, the motion page and the minutes say so.
NO_QUORUM_WORDS = "Failed: no quorum when the meeting adjourned"


def adjourn_without_quorum_outcome(
    quorum: QuorumState | Mapping[str, Any], *, votes_open: int
) -> MotionStatus | None:
    """What adjourning does to the votes still open in the meeting.

    A meeting that has lost quorum can do no business but adjourn; business without a quorum
    is void, so every vote still open then ends `failed` (reason `NO_QUORUM`; its cast votes
    are recorded but decide nothing). Returns `failed` then, and None when no vote is open.

    Raises:
        Conflict: a vote is open and the meeting has quorum: the presiding officer closes
            it first (as before; `next_meeting_status` says so).
    """
    if votes_open <= 0:
        return None
    met, _reasons = _parts(quorum)
    if met:
        it = "it" if votes_open == 1 else "them"
        raise Conflict(
            f"{plural(votes_open, 'vote')} {'is' if votes_open == 1 else 'are'} still open in "
            f"this meeting. Close {it} before adjourning."
        )
    return MotionStatus.failed


def adjourn_permission_check(
    *,
    record_keeper: bool,
    presiding_id: str | None,
    presiding_name: str | None,
    actor_id: str | None,
    voids_votes: bool,
) -> None:
    """Who may adjourn. Normally a record keeper (the body's chair or secretary, or the
    organisation's secretary). When adjourning would void open votes (no quorum), the
    presiding officer decides it, so that the person who records attendance cannot both
    mark members absent and end a vote that was going to carry; when nobody can preside,
    a record keeper may, or the meeting could never end.

    Raises:
        Forbidden: saying who may adjourn now.
    """
    presides = presiding_id is not None and actor_id == presiding_id
    if voids_votes and presiding_id is not None:
        if not presides:
            raise Forbidden(
                "Votes are still open and there is no quorum, so adjourning would end them "
                f"as failed: only the presiding officer, {presiding_name}, can decide that."
            )
        return
    if not record_keeper:
        raise Forbidden(
            "Only the body's chair or secretary, or the organisation's secretary, can do this."
        )


def no_quorum_tally(tally: Mapping[str, Any]) -> dict[str, Any]:
    """The published tally of a vote failed for want of quorum: the counts as cast, with
    `reason: "no quorum"` (the counts did not decide it)."""
    return {**tally, "reason": NO_QUORUM}
