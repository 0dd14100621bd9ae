"""Appending to an audit chain, inside the transaction of the change it records.

`append` must run inside the caller's write transaction, so the entry commits or rolls back
with the change it records. It locks the chain's head row (its `UPDATE` on PostgreSQL; on
SQLite the IMMEDIATE transaction already holds the only write lock), so several workers
writing to one organisation still produce one gapless chain.

The hash has one rule, `rules.entry_hash(prev_hash, rules.canonical_entry(...))`. SQLite's
path calls it; PostgreSQL's statement hashes in the database, with the canonical JSON around
the sequence number made by the same rules (`canonical_entry_around_seq`), so the statement
adds only `sha256(prev_hash || before || seq || after)`.
`tests/integration/test_audit_hash_parity.py` checks, on generated entries on both engines,
that the rule recomputes every stored hash.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from governance.audit.actions import Action
from governance.audit.commitments import commitment, new_salt
from governance.audit.record import AuditRecord
from governance.audit.rules import (
    GENESIS_HASH,
    canonical_entry,
    canonical_entry_around_seq,
    canonical_json,
    entry_hash,
)
from governance.audit.tables import AuditEntry
from governance.db import sqlite_placeholders
from governance.ids import new_id

_ACTIONS = frozenset(action.value for action in Action)


def known_action(action: Action | str) -> str:
    """`action` as the plain string stored in the chain; refuses a name not in the registry
    (`governance.audit.actions.Action`), so a typo cannot start a new kind of entry."""
    if action not in _ACTIONS:
        raise ValueError(
            f"unknown audit action {action!r}: add it to governance.audit.actions.Action"
        )
    return str(action)


# The statements of `append`, fixed strings: Piccolo would build each anew on every call (about
# half a millisecond apiece), and a vote makes one entry.
#
# PostgreSQL: one statement locks the head (FOR UPDATE returns its latest committed version,
# even after waiting for another appender), moves it on, hashes the entry in the database
# (`sha256(prev_hash || canonical JSON)`, the JSON around the sequence number made here) and
# inserts it. The chain's lock is so held for this one round trip and the commit.
_ENTRY_COLUMNS = "id, chain, seq, at, actor, action, subject, data, prev_hash, hash"


def _append_pg(change: str = "", guard: str = "") -> str:
    """The appending statement: $1 id, $2 chain, $3/$4 the canonical JSON before/after the
    sequence number, $5 at, $6 actor, $7 action, $8 subject, $9 data."""
    # Fixed SQL; every value is a parameter.
    return (
        f"WITH {change}prev AS (SELECT seq, hash FROM audit_head WHERE chain = $2{guard}"  # noqa: S608
        " FOR UPDATE),"
        " head AS (UPDATE audit_head h SET seq = prev.seq + 1,"
        " hash = encode(sha256(convert_to("
        "prev.hash || $3::text || (prev.seq + 1)::text || $4::text, 'UTF8')), 'hex')"
        " FROM prev WHERE h.chain = $2 RETURNING h.seq, prev.hash AS prev_hash, h.hash)"
        f" INSERT INTO audit_entry ({_ENTRY_COLUMNS})"
        " SELECT $1, $2, head.seq, $5, $6, $7, $8, $9, head.prev_hash, head.hash FROM head"
        " RETURNING seq, prev_hash, hash"
    )


_APPEND_PG = _append_pg()


def change_and_append_pg(allowed: str, writes: Sequence[str]) -> str:
    """PostgreSQL: one statement that makes a change and appends its entry, so that run on
    its own (its own transaction) the chain's lock is held only inside the database, for no
    round trip at all. `allowed` selects a row when the change may go ahead (re-checking, and
    locking, what the caller checked); each of `writes` is `INSERT ... SELECT ... FROM ok`.
    Their parameters start at $10. Nothing is written when `allowed` finds no row, or when
    the chain has no head yet (see `change_and_append`)."""
    ctes = [
        f"allowed AS ({allowed}),",
        " ok AS (SELECT 1 FROM allowed"
        " WHERE EXISTS (SELECT 1 FROM audit_head WHERE chain = $2) LIMIT 1),",
        *(f" w{i} AS ({sql})," for i, sql in enumerate(writes)),
        " ",
    ]
    return _append_pg("".join(ctes), " AND EXISTS (SELECT 1 FROM ok)")


async def change_and_append(
    connection: Any,
    statement: str,
    change_args: Sequence[Any],
    *,
    chain: str,
    actor: str,
    action: Action | str,
    subject: str,
    data: Mapping[str, Any] | None,
    now: datetime,
) -> AuditRecord | None:
    """Run a `change_and_append_pg` statement on an asyncpg `connection`; the entry, or None
    when the change was not allowed (nothing was written). Outside a transaction the
    statement is one of its own; inside one (a group commit's savepoint) it holds the
    chain's head row until that transaction ends."""
    entry = _Entry.of(chain, actor, action, subject, data, now)
    return await _append_on(connection, statement, entry, change_args)


async def _append_on(
    connection: Any, statement: str, entry: _Entry, change_args: Sequence[Any]
) -> AuditRecord | None:
    """Run an appending statement (`_append_pg`) on an asyncpg connection; when it appends
    nothing because the chain has no head yet, start the chain and run it again."""
    before, after = entry.around_seq()
    args = (
        new_id(),
        entry.chain,
        before,
        after,
        entry.at,
        entry.actor,
        entry.action,
        entry.subject,
        entry.data_json,
        *change_args,
    )
    row = await connection.fetchrow(statement, *args)
    if row is None and await connection.fetchrow(_HEAD_EXISTS, entry.chain) is None:
        await connection.execute(_HEAD_CREATE, entry.chain, GENESIS_HASH)  # an empty chain
        row = await connection.fetchrow(statement, *args)
    if row is None:
        return None
    seq, prev, digest = row
    return AuditRecord(
        int(seq), entry.at, entry.actor, entry.action, entry.subject, entry.data, prev, digest
    )


_HEAD_EXISTS = "SELECT 1 FROM audit_head WHERE chain = $1"
_HEAD_CREATE = "INSERT INTO audit_head (chain, seq, hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING"
# SQLite: the writer lock already serialises every transaction, and the whole append (with the
# change's own writes) runs in one trip to the writer's thread.
_HEAD_READ_SQLITE = "SELECT seq, hash FROM audit_head WHERE chain = ?"
_HEAD_CREATE_SQLITE = (
    "INSERT INTO audit_head (chain, seq, hash) VALUES (?, 0, ?) ON CONFLICT DO NOTHING"
)
_ENTRY_SQLITE = f"INSERT INTO audit_entry ({_ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608
_HEAD_SET_SQLITE = "UPDATE audit_head SET seq = ?, hash = ? WHERE chain = ?"

Write = tuple[str, Sequence[Any]]
"""A statement of the change itself (`$1...` placeholders) and its arguments."""

# The openings of committed values, kept apart from the chain: org admins' reads, and the close
# of a roll-call vote, use them (`reads.openings`); the chain holds only the commitments.
OPENING_SQL = "INSERT INTO audit_opening (commitment, chain, salt, value) VALUES ($1, $2, $3, $4)"
PRIVATE_FIELDS = frozenset({"actor", "subject", "at"})


def seal(chain: str, value: Any) -> tuple[str, Write]:
    """A salted commitment to `value` for an entry of `chain` (`commitments.py`), and the
    write that stores its opening apart; run the write in the entry's transaction."""
    salt = new_salt()
    committed = commitment(salt, value)
    return committed, (OPENING_SQL, (committed, chain, salt, canonical_json(value)))


@dataclass(frozen=True)
class _Entry:
    """An entry waiting for its place in the chain."""

    chain: str
    at: str
    actor: str
    action: str
    subject: str
    data_json: str
    data: dict[str, Any]
    openings: tuple[Write, ...] = ()

    @classmethod
    def of(
        cls,
        chain: str,
        actor: str,
        action: Action | str,
        subject: str,
        data: Mapping[str, Any] | None,
        now: datetime,
        private: Sequence[str] = (),
    ) -> _Entry:
        """The entry; each field named in `private` (`actor`, `subject`, `at`, or `data.KEY`)
        enters it as a salted commitment, its opening among `openings`."""
        fields = {"actor": actor, "subject": subject, "at": now.isoformat(timespec="microseconds")}
        values = dict(data or {})
        openings = []
        for name in private:
            key = name.removeprefix("data.")
            if name in PRIVATE_FIELDS:
                fields[name], write = seal(chain, fields[name])
            elif key != name and key in values:
                values[key], write = seal(chain, values[key])
            else:
                raise ValueError(f"cannot commit to {name!r}: no such field")
            openings.append(write)
        return cls(
            chain,
            fields["at"],
            fields["actor"],
            known_action(action),
            fields["subject"],
            canonical_json(values),
            values,
            tuple(openings),
        )

    def record(self, row: tuple[Any, ...]) -> AuditRecord:
        """The entry as readers see it, from its stored `row`."""
        return AuditRecord(
            row[2], self.at, self.actor, self.action, self.subject, self.data, row[8], row[9]
        )

    def around_seq(self) -> tuple[str, str]:
        """The canonical JSON before and after the sequence number."""
        return canonical_entry_around_seq(
            chain=self.chain,
            at=self.at,
            actor=self.actor,
            action=self.action,
            subject=self.subject,
            data_json=self.data_json,
        )

    def row(self, seq: int, prev: str) -> tuple[Any, ...]:
        """The `audit_entry` row (in `_ENTRY_COLUMNS` order) after `prev` at `seq`."""
        digest = entry_hash(
            prev,
            canonical_entry(
                chain=self.chain,
                seq=seq,
                at=self.at,
                actor=self.actor,
                action=self.action,
                subject=self.subject,
                data_json=self.data_json,
            ),
        )
        return (
            new_id(),
            self.chain,
            seq,
            self.at,
            self.actor,
            self.action,
            self.subject,
            self.data_json,
            prev,
            digest,
        )


async def append(
    *,
    chain: str,
    actor: str,
    action: Action | str,
    subject: str,
    data: Mapping[str, Any] | None,
    now: datetime,
    writes: Sequence[Write] = (),
    private: Sequence[str] = (),
) -> AuditRecord:
    """Append one entry to `chain` inside the current transaction.

    `writes`, the statements of the change itself, run first in the same transaction: on
    SQLite in the same trip to the writer's thread as the entry; on PostgreSQL before the
    chain's head is locked, so the lock is held only for the one appending statement and the
    commit. `private` names the fields that enter the chain only as salted commitments (see
    `_Entry.of`); their openings are written apart, in the same transaction.
    """
    engine = AuditEntry._meta.db
    current = engine.current_transaction.get()
    if current is None:
        raise RuntimeError("audit.append must run inside the transaction of the change")
    entry = _Entry.of(chain, actor, action, subject, data, now, private)
    writes = [*writes, *entry.openings]
    connection = current.connection
    if engine.engine_type == "postgres":
        for sql, args in writes:
            await connection.execute(sql, *args)
        appended = await _append_on(connection, _APPEND_PG, entry, ())
        if appended is None:  # cannot happen: without a guard the statement always appends
            raise RuntimeError(f"audit chain {chain!r}: the entry was not appended")
        return appended
    else:
        statements = [(sqlite_placeholders(sql), args) for sql, args in writes]
        row = await connection._execute(_append_rows, connection._conn, statements, entry)
    return entry.record(row)


def append_in_thread(
    connection: sqlite3.Connection,
    *,
    chain: str,
    actor: str,
    action: Action | str,
    subject: str,
    data: Mapping[str, Any] | None,
    now: datetime,
    writes: Sequence[Write] = (),
) -> AuditRecord:
    """`append` for SQLite work already on the writer's thread, inside its transaction (see
    `governance.db.write_in_thread`)."""
    statements = [(sqlite_placeholders(sql), args) for sql, args in writes]
    entry = _Entry.of(chain, actor, action, subject, data, now)
    return entry.record(_append_rows(connection, statements, entry))


def _append_rows(
    connection: sqlite3.Connection, writes: Sequence[Write], entry: _Entry
) -> tuple[Any, ...]:
    """The writes, then the entry, on SQLite's writer connection, on its own thread."""
    cursor = connection.cursor()
    cursor.row_factory = None  # plain tuples
    try:
        for sql, args in writes:
            cursor.execute(sql, args)
        head = cursor.execute(_HEAD_READ_SQLITE, (entry.chain,)).fetchone()
        if head is None:
            cursor.execute(_HEAD_CREATE_SQLITE, (entry.chain, GENESIS_HASH))
            head = (0, GENESIS_HASH)
        row = entry.row(int(head[0]) + 1, head[1])
        cursor.execute(_ENTRY_SQLITE, row)
        cursor.execute(_HEAD_SET_SQLITE, (row[2], row[9], entry.chain))
        return row
    finally:
        cursor.close()
