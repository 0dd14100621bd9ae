"""Reading the audit chains: pages of entries, the head, verification in batches, and the
openings of committed values (kept apart from the chain)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable
from typing import Any

from governance.audit.actions import Action
from governance.audit.commitments import is_commitment
from governance.audit.record import AuditRecord
from governance.audit.rules import GENESIS_HASH, ChainVerifier, VerifyResult
from governance.audit.tables import AuditEntry, AuditHead
from governance.db import fetch_rows

PAGE_SIZE = 100


async def entries_after(chain: str, after: int = 0, limit: int = PAGE_SIZE) -> list[AuditRecord]:
    """A page of entries with sequence numbers above `after`, oldest first."""
    rows = (
        await AuditEntry.select()
        .where((AuditEntry.chain == chain) & (AuditEntry.seq > after))
        .order_by(AuditEntry.seq)
        .limit(limit)
    )
    return [
        AuditRecord(
            int(r["seq"]),
            r["at"],
            r["actor"],
            r["action"],
            r["subject"],
            json.loads(r["data"]),
            r["prev_hash"],
            r["hash"],
        )
        for r in rows
    ]


async def seq_of(chain: str, *, subject: str, actions: tuple[Action | str, ...]) -> int | None:
    """The sequence number of the latest entry about `subject` with one of `actions`."""
    row = (
        await AuditEntry.select(AuditEntry.seq)
        .where(
            (AuditEntry.chain == chain)
            & (AuditEntry.subject == subject)
            & AuditEntry.action.is_in([str(action) for action in actions])
        )
        .order_by(AuditEntry.seq, ascending=False)
        .first()
    )
    return int(row["seq"]) if row else None


async def head(chain: str) -> tuple[int, str]:
    """The recorded head: (sequence number, hash); (0, genesis) for an empty chain."""
    rows = await AuditHead.select(AuditHead.seq, AuditHead.hash).where(AuditHead.chain == chain)
    if not rows:
        return 0, GENESIS_HASH
    return int(rows[0]["seq"]), rows[0]["hash"]


_COLUMNS = "chain, seq, at, actor, action, subject, data, prev_hash, hash"


async def _batches(chain: str, batch: int = 10_000) -> AsyncIterator[list[Any]]:
    """The chain's rows as tuples in sequence order, the next batch fetched while this one
    is checked."""
    engine = AuditEntry._meta.db

    def fetch(after: int) -> Any:
        return fetch_rows(
            engine,
            f"SELECT {_COLUMNS} FROM audit_entry WHERE chain = $1 AND seq > $2 "  # noqa: S608
            "ORDER BY seq LIMIT $3",
            chain,
            after,
            batch,
        )

    pending = asyncio.ensure_future(fetch(0))
    while True:
        rows = await pending
        if len(rows) == batch:
            pending = asyncio.ensure_future(fetch(int(rows[-1][1])))
        yield rows
        if len(rows) < batch:
            return


async def verify(chain: str) -> VerifyResult:
    """Verify one chain against its recorded head, streaming its rows in batches."""
    head_rows = await AuditHead.select(AuditHead.seq, AuditHead.hash).where(
        AuditHead.chain == chain
    )
    verifier = ChainVerifier()
    async for rows in _batches(chain):
        if not verifier.feed_tuples(rows):
            break
    return verifier.finish(
        head_seq=int(head_rows[0]["seq"]) if head_rows else None,
        head_hash=head_rows[0]["hash"] if head_rows else None,
    )


async def chains() -> list[str]:
    """Every chain that has a head or an entry."""
    heads = await AuditHead.select(AuditHead.chain)
    entries = await AuditEntry.select(AuditEntry.chain).distinct()
    return sorted({r["chain"] for r in heads} | {r["chain"] for r in entries})


async def openings(chain: str, commitments: Iterable[str]) -> dict[str, tuple[str, Any]]:
    """The openings (salt, value) of `commitments` in `chain`, by commitment: for org admins'
    reads and for publishing at a vote's close, never for anyone else."""
    wanted = sorted(set(commitments))
    found: dict[str, tuple[str, Any]] = {}
    engine = AuditEntry._meta.db
    for start in range(0, len(wanted), 500):
        batch = wanted[start : start + 500]
        marks = ", ".join(f"${i + 2}" for i in range(len(batch)))
        rows = await fetch_rows(
            engine,
            f"SELECT commitment, salt, value FROM audit_opening"  # noqa: S608 - placeholders only
            f" WHERE chain = $1 AND commitment IN ({marks})",
            chain,
            *batch,
        )
        found.update({c: (salt, json.loads(value)) for c, salt, value in rows})
    return found


async def opened_field(
    chain: str, *, subject: str, action: Action | str, field: str
) -> list[tuple[int, dict[str, Any], str, Any]]:
    """Every entry about `subject` with `action` whose `data[field]` is a commitment, opened:
    (seq, data, salt, value), in sequence order. Inside a transaction it sees that
    transaction's own entries (a written consent's last cast and its close)."""
    rows = await fetch_rows(
        AuditEntry._meta.db,
        "SELECT seq, data FROM audit_entry WHERE chain = $1 AND subject = $2 AND action = $3"
        " ORDER BY seq",
        chain,
        subject,
        str(action),
    )
    entries = [(int(seq), json.loads(data)) for seq, data in rows]
    committed = [d[field] for _, d in entries if is_commitment(d.get(field))]
    found = await openings(chain, committed)
    return [
        (seq, data, *found[data[field]])
        for seq, data in entries
        if is_commitment(data.get(field)) and data[field] in found
    ]
