"""What each kind of motion names, needs and may act on (CONTRACT, Procedure).

* `appointment` names whom it appoints (`appoints {member_id, role, starts_on, ends_on?}`);
  carrying it seats them (the quota rule applies, `members.rules`).
* `rescind` names a carried motion of the same body (`rescinds`) and needs `two_thirds` or
  `majority_of_seats` (the default is `two_thirds`; anything weaker is refused).
* `postpone` names a motion still pending in this meeting (`postpones`) and a later
  meeting of the same body that has not been held yet (`to_meeting`).
* `refer` names a motion still pending in this meeting (`refers`) and a committee of the
  organisation (`to_body`), and the committee's meeting that takes it up (`to_meeting`; by
  default its next meeting not yet adjourned, which must exist).
* `reconsider` names a roll-call vote decided earlier in this meeting, still in session
  (`reconsiders`); only a member who voted on the prevailing side may move it, once.

A body below its lived-experience quota may carry only appointments (`carry_problem`),
whenever the vote opened. Everything here is pure: the services read the facts and pass them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from governance.errors import Conflict, Forbidden, InvalidInput
from governance.members.rules import SeatRole
from governance.motions.rules.procedure import MeetingStatus, MotionKind, Threshold
from governance.motions.rules.transitions import BEFORE_VOTE, TALLIED, MotionStatus


class TargetKind(StrEnum):
    """The kinds that act on another motion, by the field that names it."""

    rescind = "rescinds"
    postpone = "postpones"
    refer = "refers"
    reconsider = "reconsiders"


#: kind -> the request field naming the motion it acts on.
TARGET_FIELD: dict[str, str] = {k.name: k.value for k in TargetKind}

#: The kinds whose carrying acts on something (`effect_sentence` says what).
ACTING: frozenset[str] = frozenset({"appointment", *TARGET_FIELD})

#: What a body below its quota may still carry.
WHILE_NON_COMPLIANT: frozenset[str] = frozenset({"appointment"})

NON_COMPLIANT_REASON = "body out of compliance"
NON_COMPLIANT_SENTENCE = (
    "This body is below its lived-experience quota, so it can only carry appointments until "
    "it is compliant again."
)

#: Kinds whose carrying changed something else: undone, if at all, by their own procedure.
_EFFECTIVE = frozenset(
    {"amendment", "approve_minutes", "appointment", "rescind", "postpone", "refer", "reconsider"}
)


@dataclass(frozen=True)
class Appointment:
    """The seat an appointment motion would create."""

    member_id: str
    role: str
    starts_on: date
    ends_on: date | None

    def as_json(self) -> dict[str, Any]:
        return {
            "member_id": self.member_id,
            "role": self.role,
            "starts_on": self.starts_on.isoformat(),
            "ends_on": self.ends_on.isoformat() if self.ends_on else None,
        }


def _day(value: Any, field: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"Give {field} as a date, such as 2027-01-31.", field=field) from None


def parse_appoints(appoints: Mapping[str, Any] | None) -> Appointment:
    """The `appoints` of an appointment motion, checked like a seat's terms.

    Raises:
        InvalidInput: naming the part to fix (`appoints.member_id`, ...).
    """
    if not isinstance(appoints, Mapping):
        raise InvalidInput(
            "Say whom this appointment appoints: appoints {member_id, role, starts_on, ends_on?}.",
            field="appoints",
        )
    member_id = appoints.get("member_id")
    if not isinstance(member_id, str) or not member_id.strip():
        raise InvalidInput("Name the member to appoint.", field="appoints.member_id")
    role = appoints.get("role")
    if role not in SeatRole.__members__:
        raise InvalidInput(
            "Role must be chair, vice_chair, secretary, treasurer or director.",
            field="appoints.role",
        )
    if appoints.get("starts_on") is None:
        raise InvalidInput("Say when the term starts.", field="appoints.starts_on")
    starts_on = _day(appoints["starts_on"], "appoints.starts_on")
    ends_on = None
    if appoints.get("ends_on") is not None:
        ends_on = _day(appoints["ends_on"], "appoints.ends_on")
        if ends_on <= starts_on:
            raise InvalidInput("The term must end after it starts.", field="appoints.ends_on")
    unknown = set(appoints) - {"member_id", "role", "starts_on", "ends_on"}
    if unknown:
        raise InvalidInput(
            f"appoints takes member_id, role, starts_on and ends_on, not {sorted(unknown)[0]}.",
            field="appoints",
        )
    return Appointment(str(member_id), str(role), starts_on, ends_on)


def check_appointment_starts(appointment: Appointment, *, today: date) -> None:
    """A newly moved appointment's term starts today or later (`parse_appoints` has checked
    that it ends after it starts). A past start would count the seats held on a chosen day,
    and two days either side of a seat's end would tell its holder's attestation.

    Raises:
        InvalidInput: on `appoints.starts_on`.
    """
    if appointment.starts_on < today:
        raise InvalidInput(
            "An appointment's term starts today or later: give a starts_on from "
            f"{today.isoformat()} on.",
            field="appoints.starts_on",
        )


def check_kind_fields(
    kind: MotionKind,
    *,
    appoints: Any,
    target: str | None,
    target_field: str | None,
    to_meeting: str | None,
    to_body: str | None,
    in_meeting: bool,
) -> None:
    """Each kind carries exactly the fields it needs (`target_field` is the request field
    that gave `target`).

    Raises:
        InvalidInput: with `field` set to the field to add or leave out.
    """
    wanted = TARGET_FIELD.get(kind.value)
    if kind is MotionKind.appointment and appoints is None:
        raise InvalidInput(
            "Say whom this appointment appoints: appoints {member_id, role, starts_on, ends_on?}.",
            field="appoints",
        )
    if kind is not MotionKind.appointment and appoints is not None:
        raise InvalidInput(
            "Only an appointment names whom it appoints; leave appoints out or make the kind "
            "appointment.",
            field="appoints",
        )
    if wanted is not None and not (target or "").strip():
        raise InvalidInput(f"Name the motion this {kind.value} acts on ({wanted}).", field=wanted)
    if target is not None and target_field != wanted:
        field = target_field or "target"
        raise InvalidInput(
            f"Only a motion of kind {field.removesuffix('s')} names {field}; leave it out or "
            "change the kind.",
            field=field,
        )
    if kind is MotionKind.postpone and to_meeting is None:
        raise InvalidInput(
            "A motion to postpone names the later meeting (to_meeting).", field="to_meeting"
        )
    if kind not in (MotionKind.postpone, MotionKind.refer) and to_meeting is not None:
        raise InvalidInput(
            "Only a motion to postpone (or to refer, for a committee's meeting) names "
            "to_meeting; leave it out or change the kind.",
            field="to_meeting",
        )
    if (kind is MotionKind.refer) != (to_body is not None):
        raise InvalidInput(
            "A motion to refer names the committee it goes to (to_body); no other kind does.",
            field="to_body",
        )
    if not in_meeting and kind not in (MotionKind.main, MotionKind.appointment):
        raise InvalidInput(
            "A written consent can be a main motion or an appointment; move the others in a "
            "meeting.",
            field="kind",
        )


def kind_threshold(kind: str | None, threshold: str | None) -> str | None:
    """The threshold a kind needs: a rescind defaults to two-thirds and refuses a simple
    majority (two-thirds, a majority of seats or unanimity will do); other kinds keep what
    they were given. Unknown values pass through, for `validate_new_motion` to refuse."""
    if kind != MotionKind.rescind:
        return threshold
    if threshold is None:
        return Threshold.two_thirds.value
    if threshold == Threshold.majority:
        raise InvalidInput(
            "Rescinding a decision needs two_thirds of votes cast or a majority_of_seats "
            "(or unanimous), not a simple majority.",
            field="threshold",
        )
    return threshold


def rescind_check(
    *,
    target_status: MotionStatus | str,
    target_kind: str,
    rescinded_by: str | None,
    same_body: bool,
) -> None:
    """A rescind names a carried decision of the same body that still stands."""
    if not same_body:
        raise InvalidInput("A body can rescind only its own decisions.", field="rescinds")
    if MotionStatus(target_status) is not MotionStatus.carried:
        raise Conflict("Only a carried motion can be rescinded; that one did not carry.")
    if rescinded_by is not None:
        raise Conflict("That decision has already been rescinded.")
    if target_kind in ("approve_minutes", "appointment", "rescind"):
        raise Conflict(
            {
                "approve_minutes": "Approved minutes never change; start a correction instead.",
                "appointment": "An appointment is undone by ending the seat, not by rescinding.",
                "rescind": "A rescission cannot itself be rescinded; move the decision again.",
            }[target_kind]
        )


def _pending_here(target_status: MotionStatus | str, same_meeting: bool, what: str) -> None:
    if not same_meeting:
        raise InvalidInput(f"Only a motion made in this meeting can be {what}.", field="target")
    if MotionStatus(target_status) not in BEFORE_VOTE:
        raise Conflict(
            f"Only a motion still waiting for its vote can be {what}; that one is "
            f"{MotionStatus(target_status).value}."
        )


def postpone_check(
    *,
    target_status: MotionStatus | str,
    target_kind: str,
    same_meeting: bool,
    to_meeting_status: MeetingStatus | str,
    to_meeting_same_body: bool,
    to_meeting_at: datetime,
    this_meeting_at: datetime,
) -> None:
    """A postpone names a pending motion of this meeting and a later meeting of the body,
    not yet held."""
    _pending_here(target_status, same_meeting, "postponed")
    if target_kind == "amendment":
        raise Conflict("An amendment goes with its motion; postpone the motion it amends.")
    if not to_meeting_same_body:
        raise InvalidInput("Postpone to a meeting of the same body.", field="to_meeting")
    if MeetingStatus(to_meeting_status) is not MeetingStatus.scheduled or not (
        to_meeting_at > this_meeting_at
    ):
        raise InvalidInput(
            "Postpone to a later meeting of this body that has not been held yet.",
            field="to_meeting",
        )


def refer_check(
    *,
    target_status: MotionStatus | str,
    target_kind: str,
    same_meeting: bool,
    to_body_kind: str,
    to_body_is_this_body: bool,
    to_meeting_status: MeetingStatus | str | None = None,
    to_meeting_of_committee: bool = True,
) -> None:
    """A refer names a pending motion of this meeting and a committee of the organisation,
    and a meeting of that committee not yet adjourned (`to_meeting_status` None: it has
    none)."""
    _pending_here(target_status, same_meeting, "referred")
    if target_kind == "amendment":
        raise Conflict("An amendment goes with its motion; refer the motion it amends.")
    if target_kind != "main":
        # A rescind, reconsider, approval of minutes or appointment acts on this body's own
        # record; in a committee it would act on the board's record by the committee's vote.
        raise Conflict(
            "Only an ordinary motion can be referred to a committee; a "
            f"{target_kind.replace('_', ' ')} motion stays with the body whose record it acts on."
        )
    if to_body_kind != "committee" or to_body_is_this_body:
        raise InvalidInput("Refer the motion to a committee of this organisation.", field="to_body")
    if to_meeting_status is None:
        raise InvalidInput(
            "That committee has no meeting to take the motion up; ask its chair or secretary "
            "to schedule one, then refer it.",
            field="to_body",
        )
    if not to_meeting_of_committee or MeetingStatus(to_meeting_status) is MeetingStatus.adjourned:
        raise InvalidInput(
            "Name a meeting of that committee that has not been adjourned.", field="to_meeting"
        )


def prevailing_choice(target_status: MotionStatus | str) -> str:
    """The side that won a decided vote: `yes` if it carried, `no` if it failed."""
    return "yes" if MotionStatus(target_status) is MotionStatus.carried else "no"


def reconsider_check(
    *,
    target_status: MotionStatus | str,
    target_kind: str,
    target_method: str,
    same_meeting: bool,
    meeting_status: MeetingStatus | str,
    mover_choice: str | None,
    already_reconsidered: bool,
    target_rescinded: bool = False,
) -> None:
    """A reconsider names a roll-call vote decided in this meeting, still in session, moved
    by a member who voted on the prevailing side, and only once."""
    status = MotionStatus(target_status)
    if not same_meeting or MeetingStatus(meeting_status) is not MeetingStatus.in_session:
        raise Conflict(
            "A vote can be reconsidered only at the meeting that took it, while it sits."
        )
    if status not in TALLIED:
        raise Conflict("Only a motion decided by a vote can be reconsidered.")
    if target_method != "roll_call":
        raise Conflict(
            "Only a roll-call vote can be reconsidered: nobody can show which side they took in "
            "a secret ballot or a show of hands."
        )
    if status is MotionStatus.carried and target_kind in _EFFECTIVE:
        raise Conflict(
            f"A carried {target_kind.replace('_', ' ')} has already taken effect and cannot "
            "be reconsidered."
        )
    if target_rescinded:
        raise Conflict("That decision has been rescinded, so there is no vote left to reconsider.")
    if already_reconsidered:
        raise Conflict("A motion to reconsider that vote has already been made.")
    side = prevailing_choice(status)
    if mover_choice != side:
        raise Forbidden(
            f"Only a member who voted {side} (the prevailing side) on that motion can move to "
            "reconsider it."
        )


def carry_problem(*, kind: str, body_compliant: bool) -> str | None:
    """Why this motion cannot carry now, or None: a body below its quota carries only
    appointments, whenever its vote opened."""
    if body_compliant or kind in WHILE_NON_COMPLIANT:
        return None
    return NON_COMPLIANT_SENTENCE


def _long_day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def effect_sentence(
    *,
    kind: str,
    status: str,
    target_number: str | None = None,
    to_meeting_on: date | None = None,
    to_body_name: str | None = None,
    appointee: str | None = None,
    appointment: Appointment | None = None,
) -> str | None:
    """What a carried motion of an acting kind did, in one sentence for the minutes and the
    motion's page; None for other kinds and for motions that did not carry."""
    if status != MotionStatus.carried:
        return None
    if kind == MotionKind.appointment and appointment is not None:
        role = appointment.role.replace("_", " ")
        return f"{appointee or 'The member'} was appointed {role} from " + (
            _long_day(appointment.starts_on) + "."
        )
    if target_number is None:
        return None
    if kind == MotionKind.rescind:
        return f"Motion {target_number} was rescinded."
    if kind == MotionKind.postpone:
        when = f"the meeting of {_long_day(to_meeting_on)}" if to_meeting_on else "a later meeting"
        return f"Motion {target_number} was postponed to {when}."
    if kind == MotionKind.refer:
        return f"Motion {target_number} was referred to {to_body_name or 'a committee'}."
    if kind == MotionKind.reconsider:
        return f"The vote on motion {target_number} was reopened, to be taken again."
    return None
