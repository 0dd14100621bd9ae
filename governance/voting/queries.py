"""Voting's fixed SQL, all of it: one placeholder style (`$1...`, PostgreSQL's; SQLite gets
the same text with `?1...` from `db.sqlite_placeholders`), and the engine differences in
one place (`eligibility_sql`).

Who may vote is a rule written once, in `governance.motions.rules.eligibility`. The SQL here
never decides it: `eligibility_columns` reads the facts the rule takes (seat on the day,
recusal, attendance, already voted) and Python applies the rule. The one statement that must
re-check in the database (`ALLOWED_PG`, the cast on PostgreSQL) is built from the same
fragments, and it only confirms the facts the rule already accepted have not changed.
`tests/integration/voting/test_eligibility_sql.py` runs generated cases through these
statements on both engines and checks them against the Python rule.
"""

from __future__ import annotations

from governance import audit
from governance.db import sqlite_placeholders
from governance.members.access import ORG_ACCESS_COLUMNS, ORG_ACCESS_FROM


def is_assembly(motion: str) -> str:
    """True when `motion`'s body is an assembly (SQL expression)."""
    return f"EXISTS (SELECT 1 FROM body bd WHERE bd.id = {motion}.body AND bd.kind = 'assembly')"  # noqa: S608 - aliases, fixed at import


def seated_on_day(motion: str, member: str, day: str) -> str:
    """True when `member` is in the electorate of `motion`'s body on `day` (SQL expressions):
    holds a seat on it, or for an assembly is a member of the organisation in good standing
    (`members.rules.electorate_roles`, the rule this repeats for the cast's hot path)."""
    return (
        f"CASE WHEN {is_assembly(motion)}"  # noqa: S608 - aliases, fixed at import
        " THEN EXISTS (SELECT 1 FROM membership gs WHERE gs.id = "
        f"{member} AND gs.organisation = {motion}.organisation AND gs.suspended_at IS NULL)"
        f" ELSE EXISTS (SELECT 1 FROM seat s WHERE s.body = {motion}.body"
        f" AND s.membership = {member} AND s.starts_on <= {day}"
        f" AND (s.ends_on IS NULL OR s.ends_on > {day})) END"
    )


def suspended_from(motion: str, member: str) -> str:
    """True when `motion`'s body is an assembly and `member` is suspended (the refusal's
    sentence says so)."""
    return (
        f"({is_assembly(motion)} AND EXISTS (SELECT 1 FROM membership sp WHERE sp.id = {member}"  # noqa: S608 - aliases, fixed at import
        " AND sp.suspended_at IS NOT NULL))"
    )


def recused(motion: str, member: str) -> str:
    """True when `member` recused themselves from `motion`."""
    return (
        f"EXISTS (SELECT 1 FROM recusal r WHERE r.motion = {motion}.id"  # noqa: S608 - aliases, fixed at import
        f" AND r.membership = {member})"
    )


def attendance(motion: str, member: str) -> str:
    """`member`'s attendance status at `motion`'s meeting (NULL if none recorded)."""
    return (
        f"(SELECT a.status FROM attendance a WHERE a.meeting = {motion}.meeting"  # noqa: S608 - aliases, fixed at import
        f" AND a.membership = {member})"
    )


def already_voted(motion: str, member: str) -> str:
    """True when `member` is on the roll for `motion` (the secret roll or the named votes)."""
    return (
        f"CASE WHEN {motion}.method IN ('secret', 'verifiable')"  # noqa: S608 - aliases, fixed at import
        f" THEN EXISTS (SELECT 1 FROM ballot_roll b WHERE b.motion = {motion}.id"
        f" AND b.membership = {member})"
        f" ELSE EXISTS (SELECT 1 FROM vote v WHERE v.motion = {motion}.id"
        f" AND v.membership = {member}) END"
    )


def eligibility_columns(motion: str, member: str, day: str = "$4") -> str:
    """The columns `cast._Request.check` reads, for motion alias `motion` and member id
    expression `member`: status, method, meeting, seated, recused, attendance, voted,
    suspended."""
    return (
        f"{motion}.status, {motion}.method, {motion}.meeting,"
        f" {seated_on_day(motion, member, day)}, {recused(motion, member)},"
        f" {attendance(motion, member)}, {already_voted(motion, member)},"
        f" {suspended_from(motion, member)}"
    )


# Everything a cast checks, in one statement: the motion, and for this member their seat on
# the body on the day, recusal, attendance at the motion's meeting, and whether they are
# already on the roll ($1 motion, $2 organisation, $3 member, $4 the day).
ELIGIBILITY_SQL = (
    f"SELECT {eligibility_columns('m', '$3')}"  # noqa: S608 - fixed SQL
    " FROM motion m WHERE m.id = $1 AND m.organisation = $2"
)
ELIGIBILITY_SQLITE = sqlite_placeholders(ELIGIBILITY_SQL)
# The same, and the caller's org access in front (`ORG_ACCESS_COLUMNS`, twelve columns), in
# one statement: the first check of a cast is one trip ($1 organisation slug, $2 account,
# $3 motion, $4 the day). The eligibility columns are NULL/false when there is no such
# motion in the organisation (then the last column, the motion's id, is NULL).
ACCESS_AND_ELIGIBILITY_SQL = (
    f"SELECT {ORG_ACCESS_COLUMNS}, {eligibility_columns('mo', 'm.id')}, mo.id"  # noqa: S608 - fixed SQL
    f" FROM {ORG_ACCESS_FROM} LEFT JOIN motion mo ON mo.id = $3 AND mo.organisation = o.id"
    " WHERE o.slug = $1"
)
#: Where in an `ACCESS_AND_ELIGIBILITY_SQL` row the eligibility columns are, and the id.
ACCESS_ELIGIBILITY_SLICE = slice(12, 20)
ACCESS_MOTION_ID = 20


def eligibility_sql(engine_type: str, *, written_consent: bool) -> str:
    """The eligibility statement for the general (Piccolo transaction) path.

    SQLite: the writer lock already serialises every transaction. PostgreSQL: `FOR SHARE`
    on the motion lets casts run side by side while a close (`FOR UPDATE`) waits for them,
    and they for it; a written consent takes `FOR UPDATE`, as each cast may close it.
    """
    if engine_type != "postgres":
        return ELIGIBILITY_SQL
    return ELIGIBILITY_SQL + (" FOR UPDATE OF m" if written_consent else " FOR SHARE OF m")


# The roll and the box: same transaction, nothing shared between the rows (random ids, no
# timestamp). The unique (motion, membership) index on the roll is the final guard against a
# second ballot, even from a racing request.
ROLL_SQL = "INSERT INTO ballot_roll (id, motion, membership, receipt_check) VALUES ($1, $2, $3, $4)"
BALLOT_SQL = "INSERT INTO ballot (id, motion, choice) VALUES ($1, $2, $3)"
TRACKER_SQL = "INSERT INTO ballot_tracker (id, motion, tracker) VALUES ($1, $2, $3)"
VOTE_SQL = "INSERT INTO vote (id, motion, membership, choice, cast_at) VALUES ($1, $2, $3, $4, $5)"
# A refused cast that came with a receipt: what the roll keeps for this member, to tell
# "already counted" from any other second cast ($1 motion, $2 member; see
# `rules.receipts.roll_check`). A secret motion only: roll-call votes take no receipt.
ROLL_CHECK_SQL = (
    "SELECT b.receipt_check FROM ballot_roll b JOIN motion m ON m.id = b.motion"
    " WHERE b.motion = $1 AND b.membership = $2 AND m.method = 'secret'"
)

# PostgreSQL, a motion in a meeting: the cast and its audit entry are one statement, run on
# its own (so one transaction), and the organisation's chain is locked only inside the
# database. `ALLOWED_PG` re-checks, with the motion locked FOR SHARE, what the eligibility
# row showed: still voting by the same method, still seated, not recused, same attendance
# ($10 motion, $11 organisation, $12 member, $13 the day, $14 method, $15 attendance); the
# roll's unique index still refuses a second ballot. Then the writes' own arguments, in order.
ALLOWED_PG = (
    "SELECT 1 FROM motion m WHERE m.id = $10 AND m.organisation = $11"  # noqa: S608 - fixed SQL
    " AND m.status = 'voting' AND m.method = $14::varchar"
    f" AND {seated_on_day('m', '$12', '$13')}"
    f" AND NOT {recused('m', '$12')}"
    f" AND {attendance('m', '$12')} = $15::varchar"
    " FOR SHARE OF m"
)
SECRET_PG = audit.service.change_and_append_pg(
    ALLOWED_PG,
    [
        "INSERT INTO ballot_roll (id, motion, membership, receipt_check)"
        " SELECT $16::varchar, $17::varchar, $18::varchar, $19::varchar FROM ok",
        "INSERT INTO ballot (id, motion, choice)"
        " SELECT $20::varchar, $21::varchar, $22::varchar FROM ok",
        "INSERT INTO ballot_tracker (id, motion, tracker)"
        " SELECT $23::varchar, $24::varchar, $25::varchar FROM ok",
    ],
)
ROLL_CALL_PG = audit.service.change_and_append_pg(
    ALLOWED_PG,
    [
        "INSERT INTO vote (id, motion, membership, choice, cast_at) SELECT $16::varchar,"
        " $17::varchar, $18::varchar, $19::varchar, $20::timestamptz FROM ok",
        # the opening of the entry's commitment to the choice (`audit.service.seal`)
        "INSERT INTO audit_opening (commitment, chain, salt, value)"
        " SELECT $21::varchar, $22::varchar, $23::varchar, $24::text FROM ok",
    ],
)
