"""Motions that act on something: checked when moved, refused at the carry when they no
longer may, and applied in the transaction that carries them.

* `check_acts_on` (from `moving.move_motion`, inside its transaction, with the target motion
  locked before the meeting) reads the facts the pure rules in `rules/kinds.py` need.
* `carry_refusal` (from `voting.closing.close_motion`, before the outcome is written) says
  why a vote whose count carries it must not carry now: the body is below its quota and the
  motion is not an appointment, or the appointment's seat can no longer be made.
* `apply_carried` (from `decided.record_decided`, after the outcome and its entry, before
  the subscribers) makes the effect: the seat, the rescission, the move to a later meeting
  or a committee, the vote reopened. Each appends its own audit entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.db import lock_row
from governance.errors import Conflict, InvalidInput, NotFound
from governance.members.access import OrgAccess
from governance.members.bodies import body_composition, check_new_seat, seat_in_transaction
from governance.members.counts import sees_counts
from governance.members.tables import Body, Membership
from governance.motions.rules import kinds
from governance.motions.rules.kinds import Appointment
from governance.motions.rules.procedure import MeetingStatus, MotionKind
from governance.motions.rules.transitions import BEFORE_VOTE, MotionStatus
from governance.motions.tables import Meeting, Motion
from governance.motions.voting_port import voting


async def _target(access: OrgAccess, target_id: str, field: str) -> dict[str, Any]:
    row = (
        await Motion.select(*Motion.all_columns())
        .where((Motion.id == target_id) & (Motion.organisation == access.org_id))
        .first()
    )
    if row is None:
        raise InvalidInput("There is no such motion in this organisation.", field=field)
    return row


async def resolve_committee(access: OrgAccess, to_body: str) -> dict[str, Any]:
    """The body named by `to_body` (its slug or id) in this organisation."""
    row = (
        await Body.select()
        .where(
            (Body.organisation == access.org_id) & ((Body.slug == to_body) | (Body.id == to_body))
        )
        .first()
    )
    if row is None:
        raise InvalidInput("There is no such committee in this organisation.", field="to_body")
    return row


async def _committee_meeting(
    access: OrgAccess, committee_id: str, meeting_id: str | None
) -> dict[str, Any] | None:
    """The meeting named (any body: the rule checks it is the committee's), or the
    committee's next meeting not yet adjourned."""
    columns = (Meeting.id, Meeting.body, Meeting.status)
    if meeting_id is not None:
        return (
            await Meeting.select(*columns)
            .where((Meeting.id == meeting_id) & (Meeting.organisation == access.org_id))
            .first()
        )
    return (
        await Meeting.select(*columns)
        .where((Meeting.body == committee_id) & (Meeting.status != MeetingStatus.adjourned))
        .order_by(Meeting.scheduled_for)
        .first()
    )


async def check_acts_on(
    access: OrgAccess,
    kind: MotionKind,
    *,
    meeting: dict[str, Any],
    mover: str,
    target_id: str | None,
    to_meeting: str | None,
    to_body: str | None,
    appointment: Appointment | None,
) -> dict[str, Any]:
    """Refuse a motion of `kind` that may not be moved here; return the columns it stores
    (`target`, `to_meeting`, `to_body` as the committee's id, `appoints`)."""
    stored: dict[str, Any] = {}
    if appointment is not None:
        body = await Body.select().where(Body.id == meeting["body"]).first()
        assert body is not None
        try:
            await check_new_seat(
                access.org_id,
                body,
                member_id=appointment.member_id,
                starts_on=appointment.starts_on,
                sees_counts=sees_counts(access),
            )
        except InvalidInput as refused:  # the member named is not one of this organisation's
            raise InvalidInput(refused.detail, field="appoints.member_id") from None
        stored["appoints"] = json.dumps(appointment.as_json(), sort_keys=True)
    if target_id is None:
        return stored
    field = kinds.TARGET_FIELD[kind.value]
    target = await _target(access, target_id, field)
    stored["target"] = target_id
    same_meeting = target["meeting"] == meeting["id"]
    if kind is MotionKind.rescind:
        kinds.rescind_check(
            target_status=target["status"],
            target_kind=target["kind"],
            rescinded_by=target["rescinded_by"],
            same_body=target["body"] == meeting["body"],
        )
    elif kind is MotionKind.postpone:
        later = (
            await Meeting.select(Meeting.body, Meeting.status, Meeting.scheduled_for)
            .where((Meeting.id == to_meeting) & (Meeting.organisation == access.org_id))
            .first()
        )
        if later is None:
            raise InvalidInput("There is no such meeting in this organisation.", field="to_meeting")
        kinds.postpone_check(
            target_status=target["status"],
            target_kind=target["kind"],
            same_meeting=same_meeting,
            to_meeting_status=later["status"],
            to_meeting_same_body=later["body"] == meeting["body"],
            to_meeting_at=later["scheduled_for"],
            this_meeting_at=meeting["scheduled_for"],
        )
        stored["to_meeting"] = to_meeting
    elif kind is MotionKind.refer:
        committee = await resolve_committee(access, to_body or "")
        taking_up = await _committee_meeting(access, committee["id"], to_meeting)
        kinds.refer_check(
            target_status=target["status"],
            target_kind=target["kind"],
            same_meeting=same_meeting,
            to_body_kind=committee["kind"],
            to_body_is_this_body=committee["id"] == meeting["body"],
            to_meeting_status=taking_up["status"] if taking_up else None,
            to_meeting_of_committee=bool(taking_up) and taking_up["body"] == committee["id"],
        )
        stored["to_body"] = committee["id"]
        stored["to_meeting"] = taking_up["id"] if taking_up else None
    elif kind is MotionKind.reconsider:
        current = await Meeting.select(Meeting.status).where(Meeting.id == meeting["id"]).first()
        assert current is not None
        choices = {v["membership"]: v["choice"] for v in await voting().named_votes([target_id])}
        already = await Motion.exists().where(
            (Motion.target == target_id)
            & (Motion.kind == MotionKind.reconsider)
            & (Motion.status != MotionStatus.withdrawn)
        )
        kinds.reconsider_check(
            target_status=target["status"],
            target_kind=target["kind"],
            target_method=target["method"],
            same_meeting=same_meeting,
            meeting_status=current["status"],
            mover_choice=choices.get(mover),
            already_reconsidered=already,
            target_rescinded=bool(target["rescinded_by"]),
        )
    return stored


@dataclass(frozen=True)
class CarryRefusal:
    """Why a vote whose count carries a motion does not carry it: `sentence` for the chair,
    `reason` for the record when it fails instead. `fails`: it fails even in a meeting
    (nothing could ever let it carry); otherwise a meeting's close is refused, to be closed
    once the body can carry it again, and only a written consent fails."""

    sentence: str
    reason: str
    code: str
    fails: bool = False


def target_problem(kind: str, motion: dict[str, Any], target: dict[str, Any] | None) -> str | None:
    """Why the effect of `motion` can no longer be made on `target`, or None."""
    if target is None:
        return "the motion it acts on no longer exists"
    if target["body"] != motion["body"]:
        return "the motion it acts on now belongs to another body"
    if kind == MotionKind.rescind and (
        target["status"] != MotionStatus.carried or target["rescinded_by"]
    ):
        return "the decision it would rescind no longer stands"
    if kind in (MotionKind.postpone, MotionKind.refer) and (
        target["status"] not in BEFORE_VOTE or target["meeting"] != motion["meeting"]
    ):
        return "the motion it would move is no longer waiting for its vote in this meeting"
    if kind == MotionKind.reconsider and target["status"] not in (
        MotionStatus.carried,
        MotionStatus.failed,
    ):
        return "the vote it would reopen is open again already"
    if kind == MotionKind.reconsider and target["rescinded_by"]:
        return "the decision it would reopen has been rescinded"
    return None


async def carry_refusal(motion: dict[str, Any], day: date) -> CarryRefusal | None:
    """Why `motion` (locked, its count carrying it) must not carry now, or None."""
    body = await Body.select().where(Body.id == motion["body"]).first()
    assert body is not None
    problem = kinds.carry_problem(
        kind=motion["kind"], body_compliant=(await body_composition(body, day)).compliant
    )
    if problem is not None:
        return CarryRefusal(problem, kinds.NON_COMPLIANT_REASON, "non-compliant")
    if motion["kind"] == MotionKind.appointment and motion["appoints"]:
        appointment = kinds.parse_appoints(json.loads(motion["appoints"]))
        try:
            await check_new_seat(
                motion["organisation"],
                body,
                member_id=appointment.member_id,
                starts_on=appointment.starts_on,
            )
        except Conflict as refused:
            detail = refused.detail
            if refused.code == "quota":  # worded for anyone: it names no one's attestation
                # A member who may not see counts was not told at the move (members/rules.py,
                # `check_appointment_seating`): this is where the quota is first applied.
                detail = (
                    "the body's lived-experience quota does not allow it now (an administrator "
                    "can see why)."
                )
            return CarryRefusal(
                "This appointment can no longer be made: " + detail,
                "appointment no longer possible",
                "appointment",
                fails=True,
            )
    if motion.get("target"):
        target = (
            await Motion.select(*Motion.all_columns()).where(Motion.id == motion["target"]).first()
        )
        why = target_problem(motion["kind"], motion, target)
        if why is not None:
            return CarryRefusal(
                f"This motion can no longer take effect: {why}.",
                why,
                "no-effect",
                fails=True,
            )
    return None


async def apply_carried(
    *, org_id: str, actor_label: str, motion: dict[str, Any], now: datetime
) -> None:
    """Make a just-carried motion's effect, in the deciding transaction."""
    kind = motion["kind"]
    subject = f"motion:{motion['target']}" if motion.get("target") else None
    effect: dict[str, Any] = {"by": motion["id"], "by_number": motion["number"]}
    if kind == MotionKind.appointment and motion.get("appoints"):
        appointment = kinds.parse_appoints(json.loads(motion["appoints"]))
        body = await Body.select().where(Body.id == motion["body"]).first()
        assert body is not None
        await seat_in_transaction(
            org_id=org_id,
            actor_label=actor_label,
            body=body,
            member_id=appointment.member_id,
            role=appointment.role,
            starts_on=appointment.starts_on,
            ends_on=appointment.ends_on,
            now=now,
            because={"appointed_by": motion["id"], "motion_number": motion["number"]},
        )
        return
    if subject is None:
        return
    target_id = motion["target"]
    await lock_row(Motion, target_id)
    target = await Motion.select(*Motion.all_columns()).where(Motion.id == target_id).first()
    if target is None:
        raise NotFound("The motion this one acts on no longer exists.")
    if kind == MotionKind.rescind:
        if target["status"] != MotionStatus.carried or target["rescinded_by"]:
            raise Conflict("That decision can no longer be rescinded: it no longer stands.")
        await Motion.update({Motion.rescinded_by: motion["id"]}).where(Motion.id == target_id)
        action = Action.MOTION_RESCINDED
    elif kind in (MotionKind.postpone, MotionKind.refer):
        if target["status"] not in BEFORE_VOTE:
            raise Conflict("That motion is no longer waiting for its vote, so it cannot move.")
        later = (
            await Meeting.select(Meeting.status).where(Meeting.id == motion["to_meeting"]).first()
        )
        if later is None or later["status"] == MeetingStatus.adjourned:
            raise Conflict(
                "The meeting this motion would go to has been adjourned meanwhile; move it "
                "again naming another meeting."
            )
        changes: dict[Any, Any]
        if kind == MotionKind.postpone:
            # The later meeting has its own agenda; the secretary files the motion there.
            changes = {Motion.meeting: motion["to_meeting"], Motion.agenda_item: None}
            effect["to_meeting"] = motion["to_meeting"]
            action = Action.MOTION_POSTPONED
        else:
            # The committee takes it up afresh: moved, waiting for a seconder there.
            changes = {
                Motion.body: motion["to_body"],
                Motion.meeting: motion["to_meeting"],
                Motion.status: MotionStatus.moved,
                Motion.seconder: None,
                Motion.seconded_at: None,
                Motion.agenda_item: None,
            }
            effect["to_body"] = motion["to_body"]
            effect["to_meeting"] = motion["to_meeting"]
            action = Action.MOTION_REFERRED
        # Its pending amendments go with it.
        await Motion.update(changes).where(
            (Motion.id == target_id)
            | ((Motion.amends == target_id) & Motion.status.is_in(list(BEFORE_VOTE)))
        )
    elif kind == MotionKind.reconsider:
        effect["earlier"] = {
            "status": target["status"],
            "tally": json.loads(target["tally"] or "null"),
        }
        # The earlier count stays in the audit log (its close entry); the vote starts afresh.
        await voting().clear_roll_call(target_id)
        await Motion.update(
            {
                Motion.status: MotionStatus.seconded,
                Motion.tally: None,
                Motion.decided_at: None,
                Motion.vote_opened_at: None,
            }
        ).where(Motion.id == target_id)
        action = Action.MOTION_REOPENED
    else:
        return
    await audit.service.append(
        chain=org_id, actor=actor_label, action=action, subject=subject, data=effect, now=now
    )


async def effect_of(motion: dict[str, Any]) -> str | None:
    """`kinds.effect_sentence` for `motion` (a row of `Motion`), with the names it needs."""
    if motion["status"] != MotionStatus.carried or motion["kind"] not in kinds.ACTING:
        return None
    appointment = appointee = target_number = to_body_name = None
    to_meeting_on = None
    if motion.get("appoints"):
        appointment = kinds.parse_appoints(json.loads(motion["appoints"]))
        row = (
            await Membership.select(Membership.account.display_name)
            .where(Membership.id == appointment.member_id)
            .first()
        )
        appointee = row["account.display_name"] if row else None
    if motion.get("target"):
        row = await Motion.select(Motion.number).where(Motion.id == motion["target"]).first()
        target_number = row["number"] if row else None
    if motion.get("to_meeting"):
        row = (
            await Meeting.select(Meeting.scheduled_for)
            .where(Meeting.id == motion["to_meeting"])
            .first()
        )
        to_meeting_on = row["scheduled_for"].date() if row else None
    if motion.get("to_body"):
        row = await Body.select(Body.name).where(Body.id == motion["to_body"]).first()
        to_body_name = row["name"] if row else None
    return kinds.effect_sentence(
        kind=motion["kind"],
        status=motion["status"],
        target_number=target_number,
        to_meeting_on=to_meeting_on if motion["kind"] == MotionKind.postpone else None,
        to_body_name=to_body_name,
        appointee=appointee,
        appointment=appointment,
    )
