"""Who presides over a meeting, or over one motion in it (DESIGN, "The presiding officer").

The presiding officer holds the chair's procedural powers: opening and closing votes and
entering a show of hands. It is the chair; when the chair cannot preside (no chair is seated,
the chair is not present or remote, or, for a motion, the chair recused from it), the next
officer in the body's order of succession (by default the vice chair); when none of them can,
the chair pro tem the meeting elected, if they can. Otherwise nobody presides, and the reason
says what would let someone.

Pure: the caller passes the seats held on the day (in seat order), the attendance, who
recused from the motion at hand and the chair pro tem recorded for the meeting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from governance.errors import Forbidden, InvalidInput
from governance.motions.rules.procedure import is_present

#: The officers who preside, in order, unless the body's rules name others.
DEFAULT_SUCCESSION: tuple[str, ...] = ("chair", "vice_chair")

#: The `role` a chair pro tem presides in (not a seat role).
PRO_TEM = "chair_pro_tem"

_ROLE_WORDS = {
    "chair": "chair",
    "vice_chair": "vice chair",
    "secretary": "secretary",
    "treasurer": "treasurer",
    "director": "director",
    PRO_TEM: "chair pro tem",
}


def role_words(role: str) -> str:
    """`vice_chair` -> `vice chair`."""
    return _ROLE_WORDS.get(role, role.replace("_", " "))


@dataclass(frozen=True)
class SeatHolder:
    """A seat held on the day: who holds it, their name, and its role."""

    member_id: str
    display_name: str
    role: str


@dataclass(frozen=True)
class Presiding:
    """Who presides, and why, in a sentence a member can read.

    Attributes:
        member_id: The presiding officer's membership id; None when nobody can preside.
        display_name: Their name.
        role: `chair`, `vice_chair` (or another officer the body's succession names), or
            `chair_pro_tem`.
        reason: "The vice chair, Sam Lee, presides while the chair is absent.", or why
            nobody can.
    """

    member_id: str | None
    display_name: str | None
    role: str | None
    reason: str
    #: Why each officer before them could not preside ("the chair is absent").
    instead: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, str | None]:
        """`{member_id, display_name, role, reason}`, or None-valued when nobody presides."""
        return {
            "member_id": self.member_id,
            "display_name": self.display_name,
            "role": self.role,
            "reason": self.reason,
        }


def _why_not(
    role: str,
    holders: list[SeatHolder],
    attendance: Mapping[str, str],
    recused: frozenset[str],
) -> str | None:
    """Why no holder of `role` can preside ("absent", ...), or None if one can."""
    if not holders:
        return f"no {role_words(role)} is seated"
    if any(h.member_id in recused and is_present(attendance.get(h.member_id)) for h in holders):
        return f"the {role_words(role)} is recused from this motion"
    return f"the {role_words(role)} is absent"


def presiding_officer(
    *,
    seats: Sequence[SeatHolder],
    attendance: Mapping[str, str],
    recused: frozenset[str] | set[str] = frozenset(),
    pro_tem: str | None = None,
    succession: Sequence[str] = DEFAULT_SUCCESSION,
) -> Presiding:
    """Who presides now (see the module notes).

    Args:
        seats: Seats held on the day, in seat order (the first holder of a role comes first).
        attendance: member id -> attendance status at the meeting.
        recused: Members recused from the motion at hand (empty for the meeting as a whole).
        pro_tem: The member the meeting elected chair pro tem, if it recorded one.
        succession: The officers who preside, in order.
    """
    recused = frozenset(recused)
    by_role: dict[str, list[SeatHolder]] = {}
    for seat in seats:
        by_role.setdefault(seat.role, []).append(seat)
    passed: list[str] = []
    for role in succession:
        holders = by_role.get(role, [])
        for holder in holders:
            if is_present(attendance.get(holder.member_id)) and holder.member_id not in recused:
                words = f"The {role_words(role)}, {holder.display_name}, presides"
                reason = f"{words}." if not passed else f"{words} while {_and(passed)}."
                return Presiding(holder.member_id, holder.display_name, role, reason, tuple(passed))
        passed.append(_why_not(role, holders, attendance, recused) or "")
    nobody = _and(passed) if passed else "the body names no presiding officer"
    if pro_tem is not None:
        seated = {s.member_id: s for s in seats}
        holder = seated.get(pro_tem)
        if holder is not None and is_present(attendance.get(pro_tem)) and pro_tem not in recused:
            return Presiding(
                holder.member_id,
                holder.display_name,
                PRO_TEM,
                f"{holder.display_name}, elected chair pro tem by the meeting, presides while "
                f"{nobody}.",
                tuple(passed),
            )
        if holder is None:
            pro_tem_why = "the chair pro tem the meeting elected no longer holds a seat"
        elif pro_tem in recused and is_present(attendance.get(pro_tem)):
            pro_tem_why = "the chair pro tem is recused from this motion"
        else:
            pro_tem_why = "the chair pro tem is absent"
        return Presiding(
            None,
            None,
            None,
            f"Nobody can preside: {nobody}, and {pro_tem_why}. The meeting can elect "
            "another chair pro tem, and the secretary records it.",
        )
    return Presiding(
        None,
        None,
        None,
        f"Nobody can preside: {nobody}. The meeting can elect a chair pro tem from the "
        "members present, and the secretary records it.",
    )


def presided_words(presiding: Presiding) -> str | None:
    """Who presided, for the minutes: "Sam Lee (vice chair, the chair was absent)"; None
    when nobody could."""
    if presiding.member_id is None or presiding.role is None:
        return None
    why = [part.replace(" is ", " was ", 1) for part in presiding.instead if part]
    if presiding.role == PRO_TEM:
        why = ["elected by the meeting", *why]
    role = role_words(presiding.role)
    return f"{presiding.display_name} ({', '.join([role, *why])})"


def _and(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def require_presiding(presiding: Presiding, member_id: str | None, *, doing: str) -> None:
    """Only the presiding officer may `doing` ("open the vote"); say who presides now.

    Raises:
        Forbidden: the caller is not the presiding officer; the detail names who is.
    """
    if member_id is not None and presiding.member_id == member_id:
        return
    raise Forbidden(
        f"Only the presiding officer can {doing}. {presiding.reason}",
        presiding=presiding.as_dict(),
    )


def pro_tem_check(*, seated: bool, present: bool, records_self: bool = False) -> None:
    """Only a seated member recorded present or remote may be elected chair pro tem, and
    the person recording the election may not record themself: they also record who is
    present, so they could otherwise mark the chair and vice chair absent and take the
    chair's powers alone.

    Raises:
        Forbidden: the recorder named themself.
        InvalidInput: on `member_id`, saying which condition fails.
    """
    if not seated:
        raise InvalidInput(
            "A chair pro tem must be a member seated on this body.", field="member_id"
        )
    if not present:
        raise InvalidInput(
            "A chair pro tem must be at the meeting: record them present or remote first.",
            field="member_id",
        )
    if records_self:
        raise Forbidden(
            "You cannot record yourself as chair pro tem: ask another officer (the body's "
            "secretary, the organisation's secretary or an administrator) to record the "
            "meeting's choice."
        )
