"""Casting a vote: the hot path, from the caller's first check to the commit.

One vote per member is enforced by the database: unique (motion, member) on the roll-call
votes and on the secret roll, inserted in the same transaction as the ballot. A second try,
even racing the first, ends in a unique violation and a 409; the transaction rolls back, so
no ballot without a roll entry can remain. The statements are in `queries.py`; who may vote
is `governance.motions.rules.eligibility`.

A secret ballot's receipt may come with the cast (`rules/receipts.py`); the roll keeps a
check of it for this member, so a cast sent again with the same receipt after its reply was
lost answers "already counted" instead of 409, and writes nothing (`_already_counted`).
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from piccolo.engine.postgres import PostgresEngine

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import (
    ServiceSQLiteEngine,
    fetch_indexed,
    fetch_rows,
    is_unique_violation,
    pg_group_commit,
    transaction,
    write_in_thread,
)
from governance.errors import Conflict, Forbidden, InvalidInput, NotFound
from governance.ids import new_id
from governance.members.access import Actor, OrgAccess, access_from_row, require_actor
from governance.motions.expiry import expire_if_due
from governance.motions.rules.eligibility import (
    ALREADY_VOTED,
    check_can_cast,
    ineligibility_reason,
)
from governance.motions.rules.procedure import VoteMethod, parse_choice
from governance.motions.tables import Motion
from governance.runtime import Runtime
from governance.voting import queries
from governance.voting.closing import close_motion, eligible_voter_ids
from governance.voting.rules.receipts import (
    canonical_receipt,
    grouped,
    new_receipt,
    receipt_tracker,
    roll_check,
)
from governance.voting.tables import Vote


class _WrittenConsent(Exception):
    """The motion is a written consent: cast again the careful way (see `cast_vote`)."""


async def cast_vote(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    motion_id: str,
    *,
    choice: str,
    receipt: str | None = None,
) -> dict[str, Any]:
    """Record the caller's vote; for a secret ballot, return its receipt (the caller's own
    `receipt` if sent, else a new one). The same receipt sent again by the same member after
    the ballot was counted answers `already_counted` and changes nothing.

    A motion made in a meeting: one statement for the caller's org access and eligibility,
    then the roll, the box and the audit entry; on SQLite all of it, BEGIN to COMMIT, in one
    trip to the writer's thread (which checks eligibility again inside the transaction).
    A written consent may need failing at its closing time first, and each cast may complete
    it, so it is cast again the general way, with the motion locked exclusively.
    """
    actor = require_actor(actor)
    canonical = _receipt_from_caller(receipt)
    now = utcnow()
    found = await fetch_indexed(
        runtime.engine,
        queries.ACCESS_AND_ELIGIBILITY_SQL,
        slug,
        actor.account_id,
        motion_id,
        now.date(),
    )
    row = found[0] if found else None
    access = access_from_row(row, actor)
    access.require_member()
    assert row is not None  # access_from_row refuses a missing organisation
    checked = (
        [tuple(row[queries.ACCESS_ELIGIBILITY_SLICE])]
        if row[queries.ACCESS_MOTION_ID] is not None
        else []
    )
    try:
        try:
            return await _cast(
                runtime,
                access,
                _Request(access, motion_id, choice, now, canonical),
                written_consent=False,
                checked=checked,
            )
        except _WrittenConsent:
            pass
        motion = await _motion_row(access, motion_id)
        await expire_if_due(runtime, access.org_id, motion, utcnow())
        request = _Request(access, motion_id, choice, utcnow(), canonical)
        return await _cast(runtime, access, request, written_consent=True)
    except Conflict:
        if canonical is not None and await _already_counted(runtime, access, motion_id, canonical):
            return receipt_reply(motion_id, canonical, already_counted=True)
        raise


def _receipt_from_caller(receipt: str | None) -> str | None:
    """The caller's receipt in canonical form, None when they sent none (or an empty one).

    Raises:
        InvalidInput: it is not a receipt (field `receipt`).
    """
    if receipt is None or not receipt.strip():
        return None
    try:
        return canonical_receipt(receipt)
    except ValueError as error:
        raise InvalidInput(str(error), field="receipt") from None


async def _already_counted(
    runtime: Runtime, access: OrgAccess, motion_id: str, canonical: str
) -> bool:
    """Whether this member's own ballot on this secret motion was cast with this receipt.

    Asked only after a cast was refused, so it reads what was committed. Only the roll row
    of the caller is compared: a member sending someone else's receipt is not on the roll
    with it, so they get the ordinary refusal and learn nothing about that receipt.
    """
    if access.member_id is None:
        return False
    rows = await fetch_rows(runtime.engine, queries.ROLL_CHECK_SQL, motion_id, access.member_id)
    expected = roll_check(motion_id, access.member_id, canonical)
    return bool(rows) and rows[0][0] is not None and secrets.compare_digest(rows[0][0], expected)


def receipt_reply(motion_id: str, canonical: str, *, already_counted: bool) -> dict[str, Any]:
    """The reply to a secret ballot's cast, first time or sent again."""
    return {
        "motion_id": motion_id,
        "voted": True,
        "already_counted": already_counted,
        "receipt": canonical,  # the tracker is its SHA-256
        "receipt_grouped": grouped(canonical),  # the same, for reading
        "tracker": receipt_tracker(canonical),
        "note": (
            "Keep this receipt. After the vote closes, its SHA-256 (the tracker) appears in the "
            "published list, so you can check your ballot was counted. Nobody, including you, "
            "can use it to show how you voted."
        ),
    }


@dataclass(frozen=True)
class _Cast:
    """A cast that passed its checks: the rows to write and the audit entry to append."""

    choice: str
    writes: list[audit.service.Write]
    action: Action
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
    receipt: str | None = None  # canonical; a secret ballot without one gets a new one

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
        """Check the cast against its eligibility row (`queries.ELIGIBILITY_SQL`); what to write."""
        if not rows:
            raise NotFound("There is no such motion in this organisation.")
        status, method, meeting, seated, recused, attendance, voted, suspended = rows[0]
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
                suspended=bool(suspended),
                recused=bool(recused),
                in_meeting=meeting is not None,
                attendance=attendance,
            ),
        )
        motion_id = self.motion_id
        if method == VoteMethod.verifiable:
            raise InvalidInput(
                "A verifiable vote takes an encrypted ballot (`ballot`), or `choice` with "
                "`server_encrypt: true` for the server to encrypt it for you.",
                field="ballot",
            )
        if method == VoteMethod.secret:
            receipt = self.receipt or new_receipt()
            check = roll_check(motion_id, member_id, receipt)
            writes = [
                (queries.ROLL_SQL, (new_id(), motion_id, member_id, check)),
                (queries.BALLOT_SQL, (new_id(), motion_id, parsed)),
                (queries.TRACKER_SQL, (new_id(), motion_id, receipt_tracker(receipt))),
            ]
            data = {"member_id": member_id}
            return _Cast(parsed, writes, Action.BALLOT_CAST, data, receipt, True)
        # The chain learns who voted now, the choice only at the close: until then it holds a
        # salted commitment, whose opening the close entry publishes (`closing.py`).
        committed, opening = audit.service.seal(self.access.org_id, parsed)
        writes = [(queries.VOTE_SQL, (new_id(), motion_id, member_id, parsed, self.now)), opening]
        data = {"member_id": member_id, "choice": committed}
        return _Cast(parsed, writes, Action.VOTE_CAST, data, None, meeting is not None)


async def _cast(
    runtime: Runtime,
    access: OrgAccess,
    request: _Request,
    *,
    written_consent: bool,
    checked: Sequence[Any] | None = None,
) -> dict[str, Any]:
    """`checked`: the eligibility rows already read with the access (`cast_vote`), if any."""
    engine = runtime.engine
    motion_id = request.motion_id
    try:
        if isinstance(engine, ServiceSQLiteEngine) and not written_consent:
            if checked is not None:
                request.check(checked)  # refuse early, before waiting for the writer
            cast = await write_in_thread(engine, _cast_in_thread, request)
        elif isinstance(engine, PostgresEngine) and not written_consent:
            cast = await _cast_in_one_statement(engine, request, checked)
        else:
            sql = queries.eligibility_sql(engine.engine_type, written_consent=written_consent)
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
    if cast.receipt is not None:
        return receipt_reply(motion_id, cast.receipt, already_counted=False)
    return {"motion_id": motion_id, "voted": True, "choice": cast.choice}


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
            rows = await fetch_rows(engine, queries.ELIGIBILITY_SQL, *request.args)
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
        queries.SECRET_PG if method == VoteMethod.secret else queries.ROLL_CALL_PG,
        [*request.args, method, attendance, *(v for _, row in cast.writes for v in row)],
        **request.entry(cast),
    )


def _cast_in_thread(connection: sqlite3.Connection, request: _Request) -> _Cast:
    """SQLite, a motion in a meeting: the whole cast in one trip to the writer's thread."""
    cursor = connection.cursor()
    cursor.row_factory = None  # plain tuples
    try:
        rows = cursor.execute(queries.ELIGIBILITY_SQLITE, request.args).fetchall()
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
