"""The record part of a meeting's minutes, built from the meeting itself (never retyped).

The result has the shape `governance.minutes.document` describes and checks: attendance,
quorum, agenda, and every motion made in the meeting with its final text, mover, seconder,
recusals, method, threshold, tally and outcome. Per-voter choices appear for roll-call votes
only; for secret ballots and shows of hands the record holds the counts alone.

Quorum is computed from the seats held on the day of the meeting, so minutes approved
months later still state the quorum as it was.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from governance.audit.tables import AuditEntry
from governance.members.tables import Membership
from governance.minutes.document import MinutesRecord, validate_record
from governance.minutes.quorum_history import quorum_events
from governance.motions.acting import effect_of
from governance.motions.context import nested
from governance.motions.presiding_state import presiding_now
from governance.motions.quorum_state import meeting_quorum
from governance.motions.rules.presiding import presided_words
from governance.motions.rules.transitions import TALLIED
from governance.motions.tables import Attendance, Motion, MotionText, Recusal
from governance.text import iso
from governance.voting.tables import Vote


def meeting_day(meeting: dict[str, Any]) -> date:
    """The day the meeting sat: when it opened, else when it was scheduled for."""
    when: datetime = meeting["opened_at"] or meeting["scheduled_for"]
    return when.date()


async def _names(member_ids: set[str]) -> dict[str, str]:
    if not member_ids:
        return {}
    rows = await Membership.select(Membership.id, Membership.account.display_name).where(
        Membership.id.is_in(sorted(member_ids))
    )
    return {r["id"]: r["account.display_name"] for r in rows}


async def _attendance(meeting_id: str) -> list[dict[str, Any]]:
    rows = await Attendance.select(
        Attendance.membership, Attendance.status, Attendance.membership.account.display_name
    ).where(Attendance.meeting == meeting_id)
    people = [
        {
            "member_id": r["membership"],
            "display_name": r["membership.account.display_name"],
            "status": r["status"],
        }
        for r in rows
    ]
    return sorted(people, key=lambda p: (p["display_name"].casefold(), p["member_id"]))


async def _motion_record(motion: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    recusals = await Recusal.select(Recusal.membership.account.display_name).where(
        Recusal.motion == motion["id"]
    )
    texts = (
        await MotionText.select(MotionText.text)
        .where(MotionText.motion == motion["id"])
        .order_by(MotionText.version)
    )
    decided = motion["status"] in TALLIED and bool(motion["tally"])
    votes: list[dict[str, Any]] = []
    if decided and motion["method"] == "roll_call":
        rows = await Vote.select(Vote.choice, Vote.membership.account.display_name).where(
            Vote.motion == motion["id"]
        )
        votes = sorted(
            (
                {"display_name": v["membership.account.display_name"], "choice": v["choice"]}
                for v in rows
            ),
            key=lambda v: v["display_name"].casefold(),
        )
    return {
        "id": motion["id"],
        "number": motion["number"],
        "title": motion["title"],
        "text": motion["text"],
        "kind": motion["kind"],
        "mover": names.get(motion["mover"]),
        "seconder": names.get(motion["seconder"]) if motion["seconder"] else None,
        "recusals": sorted(
            (r["membership.account.display_name"] for r in recusals), key=str.casefold
        ),
        "method": motion["method"],
        "threshold": motion["threshold"],
        "status": motion["status"],
        "tally": json.loads(motion["tally"]) if decided else None,
        "votes": votes,
        "text_versions": [t["text"] for t in texts],
        # What a carried appointment, rescind, postpone, refer or reconsider did.
        "effect": await effect_of(motion),
    }


async def _presiding(org_id: str, meeting: dict[str, Any]) -> str | None:
    """Who presided: as recorded when the meeting adjourned ("Sam Lee (vice chair, the chair
    was absent)"), else who presides now, among the seats held on the day it sat."""
    adjourned = (
        await AuditEntry.select(AuditEntry.data)
        .where(
            (AuditEntry.chain == org_id)
            & (AuditEntry.subject == f"meeting:{meeting['id']}")
            & (AuditEntry.action == "meeting.adjourned")
        )
        .order_by(AuditEntry.seq, ascending=False)
        .first()
    )
    recorded = json.loads(adjourned["data"] or "{}") if adjourned else {}
    if "presiding" in recorded:
        return recorded["presiding"]  # type: ignore[no-any-return]
    if meeting["opened_at"] is None:
        return None  # it never sat
    body = nested(meeting, "body")
    return presided_words(await presiding_now(meeting["id"], body["id"], day=meeting_day(meeting)))


async def build_record(org: dict[str, Any], meeting: dict[str, Any]) -> MinutesRecord:
    """The record of `meeting` (a row from `load_meeting`, body columns under `body.*`)."""
    body = nested(meeting, "body")
    attendance = await _attendance(meeting["id"])
    motions = (
        await Motion.select(*Motion.all_columns())
        .where(Motion.meeting == meeting["id"])
        .order_by(Motion.created_at)
        .order_by(Motion.number)
    )
    names = await _names(
        {m["mover"] for m in motions} | {m["seconder"] for m in motions if m["seconder"]}
    )
    record = {
        "organisation": {"slug": org["slug"], "name": org["name"]},
        "body": {"slug": body["slug"], "name": body["name"]},
        "meeting": {
            "id": meeting["id"],
            "title": meeting["title"],
            "scheduled_for": iso(meeting["scheduled_for"]),
            "location": meeting["location"] or None,
            "opened_at": iso(meeting["opened_at"]),
            "adjourned_at": iso(meeting["adjourned_at"]),
            "agenda": json.loads(meeting["agenda"] or "[]"),
            "presiding": await _presiding(org["id"], meeting),
        },
        "attendance": attendance,
        "quorum": {
            # A verdict for everyone: the record is published as it is.
            **(await meeting_quorum(body, meeting["id"], day=meeting_day(meeting))).verdict(),
            "events": await quorum_events(org["id"], meeting["id"], body, meeting_day(meeting)),
        },
        "motions": [await _motion_record(m, names) for m in motions],
    }
    return validate_record(record)
