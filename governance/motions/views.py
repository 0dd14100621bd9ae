"""How a motion reads to a member.

Before the close nothing about the count is shown; after it, the tally, and for roll-call
votes who voted how. For secret ballots nothing per voter is ever shown: only whether *you*
have voted (which you know anyway). No view holds anyone's lived-experience status.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from governance.clock import today
from governance.members.access import OrgAccess
from governance.members.bodies import active_seats
from governance.members.electorate import electorate, suspended_from_assembly
from governance.members.tables import Membership
from governance.motions.context import nested
from governance.motions.presiding_state import seat_holders
from governance.motions.rules.eligibility import cannot_vote_reason, ineligibility_reason
from governance.motions.rules.kinds import TARGET_FIELD
from governance.motions.rules.presiding import presiding_officer
from governance.motions.rules.procedure import VoteMethod, is_present
from governance.motions.rules.transitions import TALLIED
from governance.motions.tables import Attendance, Meeting, Motion, MotionText, Recusal
from governance.motions.voting_port import voting
from governance.text import iso


async def _names(member_ids: list[str]) -> dict[str, str]:
    ids = sorted({m for m in member_ids if m})
    if not ids:
        return {}
    rows = await Membership.select(Membership.id, Membership.account.display_name).where(
        Membership.id.is_in(ids)
    )
    return {r["id"]: r["account.display_name"] for r in rows}


def _grouped(rows: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


async def _standings(
    access: OrgAccess, motions: Sequence[dict[str, Any]], recused_by: dict[str, set[str]]
) -> dict[str, dict[str, Any]]:
    """motion id -> what the caller may do on it right now, in a fixed number of queries
    (one per body for the seats, one each for attendance and the caller's votes)."""
    member_id = access.member_id
    if member_id is None:
        nobody = {
            "can_vote": False,
            "voted": False,
            "recused": False,
            "reason": None,
            "presides": False,
        }
        return {m["id"]: dict(nobody) for m in motions}
    ids = [m["id"] for m in motions]
    meetings = sorted({m["meeting"] for m in motions if m["meeting"]})
    attendance: dict[str, dict[str, str]] = defaultdict(dict)
    pro_tem: dict[str, str | None] = {}
    if meetings:
        for r in await Attendance.select(
            Attendance.meeting, Attendance.membership, Attendance.status
        ).where(Attendance.meeting.is_in(meetings)):
            attendance[r["meeting"]][r["membership"]] = r["status"]
        pro_tem = {
            r["id"]: r["chair_pro_tem"]
            for r in await Meeting.select(Meeting.id, Meeting.chair_pro_tem).where(
                Meeting.id.is_in(meetings)
            )
        }
    voted_on = await voting().voted_on(member_id, ids)
    day = today()
    seats_of = {
        body: await active_seats(body, day) for body in sorted({m["body"] for m in motions})
    }
    electorate_of = {
        body: await electorate(body, day, seats=seats) for body, seats in seats_of.items()
    }
    standings = {}
    for motion in motions:
        seats = {s["membership"]: s["role"] for s in electorate_of[motion["body"]]}
        recused = member_id in recused_by.get(motion["id"], set())
        voted = motion["method"] != VoteMethod.show_of_hands and motion["id"] in voted_on
        in_meeting = motion["meeting"] is not None
        here = attendance.get(motion["meeting"], {}) if in_meeting else {}
        reason = cannot_vote_reason(
            status=motion["status"],
            method=motion["method"],
            already_voted=voted,
            reason=ineligibility_reason(
                seated_on_day=member_id in seats,
                suspended=member_id not in seats
                and await suspended_from_assembly(motion["body"], member_id),
                recused=recused,
                in_meeting=in_meeting,
                attendance=here.get(member_id) if in_meeting else None,
            ),
        )
        presiding = (
            presiding_officer(
                seats=seat_holders(seats_of[motion["body"]]),
                attendance=here,
                recused=recused_by.get(motion["id"], set()),
                pro_tem=pro_tem.get(motion["meeting"]),
            )
            if in_meeting
            else None
        )
        standings[motion["id"]] = {
            "can_vote": reason is None,
            "voted": voted,
            "recused": recused,
            "reason": reason,
            "seated": member_id in seats,
            "present": in_meeting and is_present(here.get(member_id)),
            "mover": motion["mover"] == member_id,
            "chair": seats.get(member_id) == "chair",
            # Whether you hold the presiding officer's powers over this motion now, and if
            # not, who does (a sentence).
            "presides": presiding is not None and presiding.member_id == member_id,
            "presiding_reason": presiding.reason if presiding is not None else None,
        }
    return standings


async def motion_view(access: OrgAccess, motion: dict[str, Any]) -> dict[str, Any]:
    """One motion as the caller sees it (see `motion_views`)."""
    return (await motion_views(access, [motion]))[0]


async def motion_views(
    access: OrgAccess, motions: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Motions (rows from `load_motion`) as the caller sees them, in the given order.

    Built for a whole page at once: one query per related table however many motions there
    are (plus one per body for its seats), never one per motion.
    """
    if not motions:
        return []
    ids = [m["id"] for m in motions]
    recusals = _grouped(
        await Recusal.select(
            Recusal.motion,
            Recusal.membership,
            Recusal.reason,
            Recusal.public,
            Recusal.membership.account.display_name,
        ).where(Recusal.motion.is_in(ids)),
        "motion",
    )
    texts = _grouped(
        await MotionText.select(
            MotionText.motion,
            MotionText.version,
            MotionText.text,
            MotionText.amendment,
            MotionText.created_at,
        )
        .where(MotionText.motion.is_in(ids))
        .order_by(MotionText.version),
        "motion",
    )
    amendment_ids = sorted(
        {t["amendment"] for rows in texts.values() for t in rows if t["amendment"]}
    )
    numbers = {}
    if amendment_ids:
        numbers = {
            r["id"]: r["number"]
            for r in await Motion.select(Motion.id, Motion.number).where(
                Motion.id.is_in(amendment_ids)
            )
        }
    names = await _names([m[k] for m in motions for k in ("mover", "seconder")])
    amendments = _grouped(
        await Motion.select(Motion.amends, Motion.id, Motion.number, Motion.title, Motion.status)
        .where(Motion.amends.is_in(ids))
        .order_by(Motion.created_at),
        "amends",
    )
    named_votes = [
        m["id"]
        for m in motions
        if m["status"] in TALLIED and m["tally"] and m["method"] == VoteMethod.roll_call
    ]
    votes: dict[str, list[dict[str, Any]]] = {}
    if named_votes:
        votes = _grouped(await voting().named_votes(named_votes), "motion")
    standings = await _standings(
        access,
        motions,
        {mid: {r["membership"] for r in rows} for mid, rows in recusals.items()},
    )
    return [
        _view(
            motion,
            texts=texts.get(motion["id"], []),
            numbers=numbers,
            names=names,
            amendments=[
                {k: a[k] for k in ("id", "number", "title", "status")}
                for a in amendments.get(motion["id"], [])
            ],
            recusals=recusals.get(motion["id"], []),
            votes=votes.get(motion["id"], []),
            you=standings[motion["id"]],
        )
        for motion in motions
    ]


def acts_on_view(motion: dict[str, Any]) -> dict[str, Any]:
    """What an appointment, rescind, postpone, refer or reconsider names, under the request
    fields that named it (`appoints`, `rescinds`, ...), and `rescinded_by` on a rescinded
    decision. Motions of other kinds read `{"rescinded_by": None}`."""
    view: dict[str, Any] = {"rescinded_by": motion.get("rescinded_by")}
    if motion.get("appoints"):
        view["appoints"] = json.loads(motion["appoints"])
    field = TARGET_FIELD.get(motion["kind"])
    if field is not None:
        view[field] = motion.get("target")
    if motion["kind"] == "postpone":
        view["to_meeting"] = motion.get("to_meeting")
    if motion["kind"] == "refer":
        view["to_body"] = motion.get("to_body")
    return view


def _view(
    motion: dict[str, Any],
    *,
    texts: list[dict[str, Any]],
    numbers: dict[str, str],
    names: dict[str, str],
    amendments: list[dict[str, Any]],
    recusals: list[dict[str, Any]],
    votes: list[dict[str, Any]],
    you: dict[str, Any],
) -> dict[str, Any]:
    body = nested(motion, "body")
    view: dict[str, Any] = {
        "id": motion["id"],
        "number": motion["number"],
        "title": motion["title"],
        "text": motion["text"],
        "kind": motion["kind"],
        "method": motion["method"],
        "threshold": motion["threshold"],
        "status": motion["status"],
        "written_consent": motion["meeting"] is None,
        "meeting_id": motion["meeting"],
        "agenda_item": motion["agenda_item"],
        "body": body.get("slug"),
        "body_name": body.get("name"),
        "amends": motion["amends"],
        "minutes_of": motion["minutes_of"],
        **acts_on_view(motion),
        "mover": {"member_id": motion["mover"], "display_name": names.get(motion["mover"])},
        "seconder": (
            {"member_id": motion["seconder"], "display_name": names.get(motion["seconder"])}
            if motion["seconder"]
            else None
        ),
        "created_at": iso(motion["created_at"]),
        "seconded_at": iso(motion["seconded_at"]),
        "vote_opened_at": iso(motion["vote_opened_at"]),
        "closes_at": iso(motion["closes_at"]),
        "decided_at": iso(motion["decided_at"]),
        "texts": [
            {
                "version": t["version"],
                "text": t["text"],
                "amendment_id": t["amendment"],
                "amendment_number": numbers.get(t["amendment"]),
                "at": iso(t["created_at"]),
            }
            for t in texts
        ],
        "amendments": amendments,
        "recusals": [
            {
                "member_id": r["membership"],
                "display_name": r["membership.account.display_name"],
                "reason": r["reason"] if r["public"] else None,
            }
            for r in recusals
        ],
        "you": you,
    }
    if motion["status"] in TALLIED and motion["tally"]:
        view["tally"] = json.loads(motion["tally"])
        if motion["method"] == VoteMethod.roll_call:
            view["votes"] = sorted(
                (
                    {
                        "member_id": v["membership"],
                        "display_name": v["membership.account.display_name"],
                        "choice": v["choice"],
                    }
                    for v in votes
                ),
                key=lambda v: v["display_name"],
            )
    return view
