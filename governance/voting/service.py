"""Casting votes, entering a show of hands, closing votes, and the published trackers.

One vote per member is enforced by the database: unique (motion, member) on the roll-call
votes and on the secret roll, inserted in the same transaction as the ballot. A second try,
even racing the first, ends in a unique violation and a 409; the transaction rolls back, so
no ballot without a roll entry can remain.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from piccolo.engine.postgres import PostgresEngine

from governance import audit
from governance.clock import utcnow
from governance.db import (
    ServiceSQLiteEngine,
    fetch_indexed,
    fetch_rows,
    is_unique_violation,
    lock_row,
    pg_group_commit,
    sqlite_placeholders,
    transaction,
    write_in_thread,
)
from governance.errors import Conflict, Forbidden, NotFound
from governance.ids import new_id
from governance.members.access import (
    ORG_ACCESS_COLUMNS,
    ORG_ACCESS_FROM,
    Actor,
    OrgAccess,
    access_from_row,
    org_access,
    require_actor,
)
from governance.motions.context import load_motion, require_chair
from governance.motions.rules.eligibility import check_can_cast, ineligibility_reason
from governance.motions.rules.procedure import VoteMethod, close_vote_check, parse_choice
from governance.motions.rules.thresholds import show_of_hands_check, validate_show_of_hands
from governance.motions.tables import Motion
from governance.runtime import Runtime
from governance.voting.box import BallotTracker
from governance.voting.closing import close_motion, eligible_voter_ids, expire_if_due
from governance.voting.rules.ballots import new_receipt, tracker_for
from governance.voting.tables import BallotRoll, Vote

ALREADY_VOTED = "You have already voted on this motion."


def _eligibility_columns(motion: str, member: str) -> str:
    """The eligibility columns for motion alias `motion` and the member id expression
    `member` ($4 is the day): status, method, meeting, seated, recused, attendance, voted."""
    return (
        f"{motion}.status, {motion}.method, {motion}.meeting,"  # noqa: S608 - aliases, fixed at import
        f" EXISTS (SELECT 1 FROM seat s WHERE s.body = {motion}.body AND s.membership = {member}"
        " AND s.starts_on <= $4 AND (s.ends_on IS NULL OR s.ends_on > $4)),"
        f" EXISTS (SELECT 1 FROM recusal r WHERE r.motion = {motion}.id"
        f" AND r.membership = {member}),"
        f" (SELECT a.status FROM attendance a WHERE a.meeting = {motion}.meeting"
        f" AND a.membership = {member}),"
        f" CASE WHEN {motion}.method = 'secret'"
        f" THEN EXISTS (SELECT 1 FROM ballot_roll b WHERE b.motion = {motion}.id"
        f" AND b.membership = {member})"
        f" ELSE EXISTS (SELECT 1 FROM vote v WHERE v.motion = {motion}.id"
        f" AND v.membership = {member}) END"
    )


# Everything a cast checks, in one statement: the motion, and for this member their seat on
# the body on the day, recusal, attendance at the motion's meeting, and whether they are
# already on the roll ($1 motion, $2 organisation, $3 member, $4 the day). PostgreSQL: `FOR
# SHARE` on the motion lets casts run side by side while a close (`FOR UPDATE`) waits for
# them, and they for it; a written consent takes `FOR UPDATE`, as each cast may close it.
_ELIGIBILITY_SQL = (
    f"SELECT {_eligibility_columns('m', '$3')}"  # noqa: S608 - fixed SQL
    " FROM motion m WHERE m.id = $1 AND m.organisation = $2"
)
# The same, and the caller's org access in front (`ORG_ACCESS_COLUMNS`, twelve columns), in
# one statement: the first check of a cast is one trip ($1 organisation slug, $2 account,
# $3 motion, $4 the day). The eligibility columns are NULL/false when there is no such
# motion in the organisation (then the last column, the motion's id, is NULL).
_ACCESS_AND_ELIGIBILITY_SQL = (
    f"SELECT {ORG_ACCESS_COLUMNS}, {_eligibility_columns('mo', 'm.id')}, mo.id"  # noqa: S608 - fixed SQL
    f" FROM {ORG_ACCESS_FROM} LEFT JOIN motion mo ON mo.id = $3 AND mo.organisation = o.id"
    " WHERE o.slug = $1"
)
_ELIGIBILITY_SHARED_PG = _ELIGIBILITY_SQL + " FOR SHARE OF m"
_ELIGIBILITY_EXCLUSIVE_PG = _ELIGIBILITY_SQL + " FOR UPDATE OF m"
_ELIGIBILITY_SQLITE = sqlite_placeholders(_ELIGIBILITY_SQL)
# The roll and the box: same transaction, nothing shared between the rows (random ids, no
# timestamp). The unique (motion, membership) index on the roll is the final guard against a
# second ballot, even from a racing request.
_ROLL_SQL = "INSERT INTO ballot_roll (id, motion, membership) VALUES ($1, $2, $3)"
_BALLOT_SQL = "INSERT INTO ballot (id, motion, choice) VALUES ($1, $2, $3)"
_TRACKER_SQL = "INSERT INTO ballot_tracker (id, motion, tracker) VALUES ($1, $2, $3)"
_VOTE_SQL = "INSERT INTO vote (id, motion, membership, choice, cast_at) VALUES ($1, $2, $3, $4, $5)"
# PostgreSQL, a motion in a meeting: the cast and its audit entry are one statement, run on
# its own (so one transaction), and the organisation's chain is locked only inside the
# database. `allowed` re-checks, with the motion locked FOR SHARE, what the eligibility row
# showed: still voting by the same method, still seated, not recused, same attendance
# ($10 motion, $11 organisation, $12 member, $13 the day, $14 method, $15 attendance); the
# roll's unique index still refuses a second ballot. Then the writes' own arguments, in order.
_ALLOWED_PG = (
    "SELECT 1 FROM motion m WHERE m.id = $10 AND m.organisation = $11"
    " AND m.status = 'voting' AND m.method = $14::varchar"
    " AND EXISTS (SELECT 1 FROM seat s WHERE s.body = m.body AND s.membership = $12"
    " AND s.starts_on <= $13 AND (s.ends_on IS NULL OR s.ends_on > $13))"
    " AND NOT EXISTS (SELECT 1 FROM recusal r WHERE r.motion = m.id AND r.membership = $12)"
    " AND (SELECT a.status FROM attendance a"
    " WHERE a.meeting = m.meeting AND a.membership = $12) = $15::varchar"
    " FOR SHARE OF m"
)
_SECRET_PG = audit.service.change_and_append_pg(
    _ALLOWED_PG,
    [
        "INSERT INTO ballot_roll (id, motion, membership)"
        " SELECT $16::varchar, $17::varchar, $18::varchar FROM ok",
        "INSERT INTO ballot (id, motion, choice)"
        " SELECT $19::varchar, $20::varchar, $21::varchar FROM ok",
        "INSERT INTO ballot_tracker (id, motion, tracker)"
        " SELECT $22::varchar, $23::varchar, $24::varchar FROM ok",
    ],
)
_ROLL_CALL_PG = audit.service.change_and_append_pg(
    _ALLOWED_PG,
    [
        "INSERT INTO vote (id, motion, membership, choice, cast_at) SELECT $16::varchar,"
        " $17::varchar, $18::varchar, $19::varchar, $20::timestamptz FROM ok"
    ],
)


class _WrittenConsent(Exception):
    """The motion is a written consent: cast again the careful way (see `cast_vote`)."""


async def cast_vote(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str, *, choice: str
) -> dict[str, Any]:
    """Record the caller's vote; for a secret ballot, return its receipt (shown once).

    A motion made in a meeting: one statement for the caller's org access and eligibility,
    then the roll, the box and the audit entry; on SQLite all of it, BEGIN to COMMIT, in one
    trip to the writer's thread (which checks eligibility again inside the transaction).
    A written consent may need failing at its closing time first, and each cast may complete
    it, so it is cast again the general way, with the motion locked exclusively.
    """
    actor = require_actor(actor)
    now = utcnow()
    found = await fetch_indexed(
        runtime.engine, _ACCESS_AND_ELIGIBILITY_SQL, slug, actor.account_id, motion_id, now.date()
    )
    row = found[0] if found else None
    access = access_from_row(row, actor)
    access.require_member()
    assert row is not None  # access_from_row refuses a missing organisation
    checked = [tuple(row[12:19])] if row[19] is not None else []
    try:
        return await _cast(
            runtime, access, motion_id, choice, written_consent=False, now=now, checked=checked
        )
    except _WrittenConsent:
        pass
    motion = await _motion_row(access, motion_id)
    await expire_if_due(runtime, access.org_id, motion, utcnow())
    return await _cast(runtime, access, motion_id, choice, written_consent=True)


@dataclass(frozen=True)
class _Cast:
    """A cast that passed its checks: the rows to write and the audit entry to append."""

    choice: str
    writes: list[audit.service.Write]
    action: str
    data: dict[str, Any]
    receipt: str | None
    in_meeting: bool


@dataclass(frozen=True)
class _Request:
    """One member's cast on one motion, as asked."""

    access: OrgAccess
    motion_id: str
    choice: str
    now: datetime

    @property
    def args(self) -> tuple[Any, ...]:
        """The eligibility statement's arguments ($1 to $4)."""
        return (self.motion_id, self.access.org_id, self.access.member_id or "", self.now.date())

    def entry(self, cast: _Cast) -> dict[str, Any]:
        """The fields of the cast's audit entry."""
        return {
            "chain": self.access.org_id,
            "actor": self.access.actor_label,
            "action": cast.action,
            "subject": f"motion:{self.motion_id}",
            "data": cast.data,
            "now": self.now,
        }

    def check(self, rows: Sequence[Any], *, written_consent: bool = False) -> _Cast:
        """Check the cast against its eligibility row (`_ELIGIBILITY_SQL`); what to write."""
        if not rows:
            raise NotFound("There is no such motion in this organisation.")
        status, method, meeting, seated, recused, attendance, voted = rows[0]
        if meeting is None and not written_consent:
            raise _WrittenConsent
        parsed = parse_choice(self.choice).value
        member_id = self.access.member_id
        if member_id is None:
            raise Forbidden("Only members seated on this body can vote.")
        check_can_cast(
            status=status,
            method=method,
            already_voted=method != VoteMethod.show_of_hands and bool(voted),
            reason=ineligibility_reason(
                seated_on_day=bool(seated),
                recused=bool(recused),
                in_meeting=meeting is not None,
                attendance=attendance,
            ),
        )
        motion_id = self.motion_id
        if method == VoteMethod.secret:
            receipt = new_receipt()
            writes = [
                (_ROLL_SQL, (new_id(), motion_id, member_id)),
                (_BALLOT_SQL, (new_id(), motion_id, parsed)),
                (_TRACKER_SQL, (new_id(), motion_id, tracker_for(receipt))),
            ]
            return _Cast(parsed, writes, "ballot.cast", {"member_id": member_id}, receipt, True)
        writes = [(_VOTE_SQL, (new_id(), motion_id, member_id, parsed, self.now))]
        data = {"member_id": member_id, "choice": parsed}
        return _Cast(parsed, writes, "vote.cast", data, None, meeting is not None)


async def _cast(
    runtime: Runtime,
    access: OrgAccess,
    motion_id: str,
    choice: str,
    *,
    written_consent: bool,
    now: datetime | None = None,
    checked: Sequence[Any] | None = None,
) -> dict[str, Any]:
    """`checked`: the eligibility rows already read with the access (`cast_vote`), if any."""
    engine = runtime.engine
    request = _Request(access, motion_id, choice, now or utcnow())
    try:
        if isinstance(engine, ServiceSQLiteEngine) and not written_consent:
            if checked is not None:
                request.check(checked)  # refuse early, before waiting for the writer
            cast = await write_in_thread(engine, _cast_in_thread, request)
        elif isinstance(engine, PostgresEngine) and not written_consent:
            cast = await _cast_in_one_statement(engine, request, checked)
        else:
            if engine.engine_type != "postgres":
                sql = _ELIGIBILITY_SQL  # the writer lock already serialises every transaction
            else:
                sql = _ELIGIBILITY_EXCLUSIVE_PG if written_consent else _ELIGIBILITY_SHARED_PG
            async with transaction(engine):
                rows = await fetch_rows(engine, sql, *request.args)
                cast = request.check(rows, written_consent=written_consent)
                await audit.service.append(**request.entry(cast), writes=cast.writes)
                if not cast.in_meeting:
                    motion = await _motion_row(access, motion_id)
                    if await _consent_complete(motion, request.now):
                        await close_motion(
                            org_id=access.org_id,
                            actor_label=access.actor_label,
                            motion=motion,
                            now=request.now,
                            reason="unanimous_consent",
                        )
    except Exception as error:
        if is_unique_violation(error):
            raise Conflict(ALREADY_VOTED, code="already-voted") from error
        raise
    reply: dict[str, Any] = {"motion_id": motion_id, "voted": True}
    if cast.receipt is not None:
        reply["receipt"] = cast.receipt
        reply["tracker"] = tracker_for(cast.receipt)
        reply["note"] = (
            "Keep this receipt: it is shown only once. After the vote closes, its SHA-256 "
            "(the tracker) appears in the published list, so you can check your ballot was "
            "counted. Nobody, including you, can use it to show how you voted."
        )
    else:
        reply["choice"] = cast.choice
    return reply


async def _cast_in_one_statement(
    engine: PostgresEngine, request: _Request, checked: Sequence[Any] | None
) -> _Cast:
    """PostgreSQL, a motion in a meeting: the check (first from the rows `cast_vote` read,
    if given), then the cast in one statement, committed together with the casts that
    arrived meanwhile (`pg_group_commit`)."""
    for attempt in range(3):
        if attempt == 0 and checked is not None:
            rows = checked
        else:
            rows = await fetch_rows(engine, _ELIGIBILITY_SQL, *request.args)
        cast = request.check(rows)
        written = await pg_group_commit(engine, _write_cast, request, cast, rows[0])
        if written is not None:
            return cast
        # Something changed between the check and the cast (the vote closed, say): check
        # again, which refuses with the reason.
    raise Conflict("The motion changed while your vote was being recorded; please try again.")


async def _write_cast(
    connection: Any, request: _Request, cast: _Cast, checked: Sequence[Any]
) -> audit.service.AuditRecord | None:
    """The cast and its audit entry, in one statement that writes nothing if the motion is no
    longer open to this voter."""
    method, attendance = checked[1], checked[5]
    return await audit.service.change_and_append(
        connection,
        _SECRET_PG if method == VoteMethod.secret else _ROLL_CALL_PG,
        [*request.args, method, attendance, *(v for _, row in cast.writes for v in row)],
        **request.entry(cast),
    )


def _cast_in_thread(connection: sqlite3.Connection, request: _Request) -> _Cast:
    """SQLite, a motion in a meeting: the whole cast in one trip to the writer's thread."""
    cursor = connection.cursor()
    cursor.row_factory = None  # plain tuples
    try:
        rows = cursor.execute(_ELIGIBILITY_SQLITE, request.args).fetchall()
    finally:
        cursor.close()
    cast = request.check(rows)
    audit.service.append_in_thread(connection, **request.entry(cast), writes=cast.writes)
    return cast


async def _motion_row(access: OrgAccess, motion_id: str) -> dict[str, Any]:
    """The motion's own columns; `load_motion` without its join on the body.

    Casting a vote needs nothing of the body row, and Piccolo's join costs more CPU than
    the rest of the vote's queries together (measured with py-spy under a 1,000-vote storm).
    """
    row = (
        await Motion.select()
        .where((Motion.id == motion_id) & (Motion.organisation == access.org_id))
        .first()
    )
    if row is None:
        raise NotFound("There is no such motion in this organisation.")
    return row


async def _consent_complete(motion: dict[str, Any], now: Any) -> bool:
    """Whether every member who may vote on a written consent has now said yes."""
    eligible = await eligible_voter_ids(motion, now.date())
    yes = {
        v["membership"]
        for v in await Vote.select(Vote.membership).where(
            (Vote.motion == motion["id"]) & (Vote.choice == "yes")
        )
    }
    return bool(eligible) and eligible <= yes


async def enter_show_of_hands(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    motion_id: str,
    *,
    yes: int,
    no: int,
    abstain: int,
) -> dict[str, Any]:
    """The chair enters the counts of a show of hands (correctable until the close)."""
    access = await org_access(slug, require_actor(actor))
    access.require_member()
    motion = await load_motion(access, motion_id)
    await require_chair(access, motion["body"], utcnow().date())
    now = utcnow()
    async with transaction(runtime.engine):
        await lock_row(Motion, motion_id)
        motion = await load_motion(access, motion_id)
        present = await eligible_voter_ids(motion, now.date())
        show_of_hands_check(status=motion["status"], method=motion["method"])
        validate_show_of_hands(yes=yes, no=no, abstain=abstain, eligible_present=len(present))
        hands = {"yes": yes, "no": no, "abstain": abstain}
        await Motion.update({Motion.hands: json.dumps(hands)}).where(Motion.id == motion_id)
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action="vote.hands_counted",
            subject=f"motion:{motion_id}",
            data={},  # the counts are recorded with the tally when the chair closes the vote
            now=now,
        )
    return {"motion_id": motion_id, "entered": True}


async def close_vote(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str
) -> dict[str, Any]:
    """The chair closes the vote: tally and outcome, once."""
    from governance.motions.motions import get_motion

    access = await org_access(slug, require_actor(actor))
    access.require_member()
    motion = await load_motion(access, motion_id)
    await require_chair(access, motion["body"], utcnow().date())
    now = utcnow()
    async with transaction(runtime.engine):
        await lock_row(Motion, motion_id)
        motion = await load_motion(access, motion_id)
        close_vote_check(status=motion["status"], in_meeting=motion["meeting"] is not None)
        await close_motion(
            org_id=access.org_id,
            actor_label=access.actor_label,
            motion=motion,
            now=now,
            reason="chair",
        )
    return await get_motion(runtime, actor, slug, motion_id)


async def published_ballots(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str
) -> dict[str, Any]:
    """After a secret vote closes: the sorted trackers, the tally, and how many voted."""
    access = await org_access(slug, require_actor(actor))
    access.require_member()
    motion = await load_motion(access, motion_id)
    if await expire_if_due(runtime, access.org_id, motion, utcnow()):
        motion = await load_motion(access, motion_id)
    if motion["method"] != "secret":
        raise Conflict("Only secret ballots publish trackers; this motion was not secret.")
    if motion["status"] not in ("carried", "failed") or not motion["tally"]:
        raise Conflict("The trackers are published when the vote closes.")
    trackers = sorted(
        r["tracker"]
        for r in await BallotTracker.select(BallotTracker.tracker).where(
            BallotTracker.motion == motion_id
        )
    )
    voted = await BallotRoll.count().where(BallotRoll.motion == motion_id)
    return {
        "motion_id": motion_id,
        "number": motion["number"],
        "trackers": trackers,
        "tally": json.loads(motion["tally"]),
        "voted": voted,
    }
