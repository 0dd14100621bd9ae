"""The decision search index, one table per engine behind the same functions.

* SQLite: `decision_search` is an FTS5 virtual table (`motion_id UNINDEXED, document`),
  tokenizer `unicode61 remove_diacritics 0`; each entry's rowid is the id of its motion's
  row in `decision_search_key (id INTEGER PRIMARY KEY, motion_id UNIQUE)`, so a search takes
  the matches' rowids from the index and never reads its content table.
* PostgreSQL: `decision_search (motion_id, document, tsv)` where `tsv` is the generated
  `to_tsvector('simple', document)`, with a GIN index.

Both are created by raw DDL in this package's migrations. To make the two engines find the
same decisions, the engines never see raw text: `rules.search_document` reduces a decision's
title and final text to case-folded words (runs of letters and digits) separated by spaces,
and a query becomes the same kind of words, each matched as a word *prefix*, all required
(FTS5 `"word"* AND ...`, PostgreSQL `word:* & ...`). No stemming on either side (the
'simple' configuration does none; FTS5's unicode61 does none), no stop words, accents kept.

A decision is indexed once, in the transaction that decides it (`on_decided`, this
package's subscriber to `governance.motions.decided`, registered by `governance.wiring.wire()`).
Its text cannot change afterwards: a carried amendment only changes a motion that is still
undecided, so the indexed text is the final one.
`index_missing` fills the index for decisions made before it existed (the migration runs it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from piccolo.engine.base import Engine
from piccolo.querystring import QueryString

from governance.decisions.entries import store_entry
from governance.decisions.rules import OUTCOMES, search_document
from governance.motions.decided import Decided
from governance.motions.tables import Motion


def _engine() -> Engine:
    return Motion._meta.db


_POSTGRES_INSERT = (
    "INSERT INTO decision_search (motion_id, document) VALUES ({}, {}) "
    "ON CONFLICT (motion_id) DO UPDATE SET document = EXCLUDED.document"
)
# SQLite: the motion's integer key first, then the entry under that key's id (once).
_SQLITE_KEY_INSERT = "INSERT OR IGNORE INTO decision_search_key (motion_id) VALUES ({})"
_SQLITE_INSERT = (
    "INSERT INTO decision_search (rowid, motion_id, document) "
    "SELECT k.id, k.motion_id, {} FROM decision_search_key k WHERE k.motion_id = {} "
    "AND NOT EXISTS (SELECT 1 FROM decision_search s WHERE s.rowid = k.id)"
)


async def _index(engine: Engine, motion_id: str, document: str) -> None:
    if engine.engine_type == "sqlite":
        await engine.run_querystring(QueryString(_SQLITE_KEY_INSERT, motion_id))
        await engine.run_querystring(QueryString(_SQLITE_INSERT, document, motion_id))
    else:
        await engine.run_querystring(QueryString(_POSTGRES_INSERT, motion_id, document))


async def index_decision(motion_id: str) -> None:
    """Add a just-decided motion to the index, and store its log entry (`entries`), inside
    the deciding transaction."""
    engine = _engine()
    row = await Motion.select(Motion.title, Motion.text).where(Motion.id == motion_id).first()
    if row is None:
        return
    await _index(engine, motion_id, search_document(row["title"], row["text"]))
    await store_entry(motion_id)


async def on_decided(decided: Decided) -> None:
    """The decision log's subscriber: every decided motion is indexed and its entry stored;
    a carried rescind stores its target's entry again, which now names it (`rescinded_by`)."""
    await index_decision(decided.motion["id"])
    target = decided.motion.get("target")
    if decided.status == "carried" and decided.motion.get("kind") == "rescind" and target:
        await store_entry(target)


async def index_missing(engine: Engine | None = None) -> int:
    """Index every decided motion not yet in the index; returns how many were added."""
    engine = engine or _engine()
    placeholders = ", ".join("{}" for _ in OUTCOMES)
    indexed = "decision_search_key" if engine.engine_type == "sqlite" else "decision_search"
    rows: Sequence[dict[str, Any]] = await engine.run_querystring(
        QueryString(
            "SELECT id, title, text FROM motion "  # noqa: S608 - fixed SQL, values bound
            f"WHERE status IN ({placeholders}) "
            f"AND id NOT IN (SELECT motion_id FROM {indexed})",
            *OUTCOMES,
        )
    )
    for row in rows:
        await _index(engine, row["id"], search_document(row["title"], row["text"]))
    return len(rows)


def search_expression(engine_type: str, terms: Sequence[str]) -> str:
    """The one bound value a search condition compares with (every term a word prefix)."""
    if engine_type == "sqlite":
        return " AND ".join(f'"{term}"*' for term in terms)
    return " & ".join(f"{term}:*" for term in terms)


def search_condition(engine_type: str, placeholder: str) -> str:
    """A condition on `motion m` (raw SQL) true when the decision matches `placeholder`."""
    if engine_type == "sqlite":
        return (
            # The matches' rowids straight from the index, their motions by integer key; the
            # unary + keeps the page walking `motion_decided_order` newest first (a common
            # word stops after one page, a rare one reads the index without the table).
            "+m.id IN (SELECT k.motion_id FROM decision_search_key k WHERE k.id IN"  # noqa: S608 - a placeholder
            f" (SELECT rowid FROM decision_search WHERE decision_search MATCH {placeholder}))"
        )
    return (
        "m.id IN (SELECT motion_id FROM decision_search"  # noqa: S608 - a placeholder
        f" WHERE tsv @@ to_tsquery('simple', {placeholder}))"
    )
