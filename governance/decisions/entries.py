"""A decision's entry in the log, as the JSON the API shows, built by the database and stored
with the motion (`motion.log_entry`) when it is decided.

A decided motion does not change afterwards (its text is final, its tally and outcome are
written in the deciding transaction, a body keeps its name and slug), so its entry is made
once, in the transaction that decides it (`store_entry`, from `search.index_decision`), and
a page of the log passes stored entries through instead of building 50 JSON objects per
request. `ENTRY_JSON` is the one definition of an entry per engine: `decision_view`'s
fields, order and formats (`decided_at` as Python's isoformat, with microseconds only when
there are some; the tally as an object). A page computes it on the fly for a decision with
no stored entry (`COALESCE`), and `store_missing` fills those in (the migration runs it).

`log_entry` is a raw column (added by this app's migration, not declared on `Motion`):
Piccolo's own queries neither read nor write it.
"""

from __future__ import annotations

from piccolo.engine.base import Engine
from piccolo.querystring import QueryString

from governance.decisions.rules import OUTCOMES
from governance.motions.tables import Motion

# Over `motion m JOIN body b ON b.id = m.body`.
ENTRY_JSON = {
    "sqlite": (
        "json_object('id', m.id, 'number', m.number, 'title', m.title, 'text', m.text,"
        " 'body', json_object('slug', b.slug, 'name', b.name), 'meeting_id', m.meeting,"
        " 'kind', m.kind, 'method', m.method, 'outcome', m.status,"
        " 'decided_at', replace(m.decided_at, ' ', 'T'), 'tally', json(m.tally))"
    ),
    "postgres": (
        "json_build_object('id', m.id, 'number', m.number, 'title', m.title, 'text', m.text,"
        " 'body', json_build_object('slug', b.slug, 'name', b.name), 'meeting_id', m.meeting,"
        " 'kind', m.kind, 'method', m.method, 'outcome', m.status,"
        " 'decided_at', to_char(m.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        " || CASE WHEN date_part('microseconds', m.decided_at)::bigint % 1000000 = 0 THEN ''"
        " ELSE to_char(m.decided_at AT TIME ZONE 'UTC', '.US') END || '+00:00',"
        " 'tally', m.tally::json)::text"
    ),
}


def stored_or_built(engine_type: str) -> str:
    """The entry of `m` for a page: the stored one, or built now if it has none yet."""
    return f"COALESCE(m.log_entry, {ENTRY_JSON[engine_type]})"


def _store_sql(engine_type: str, which: str) -> str:
    return (
        f"UPDATE motion SET log_entry = (SELECT {ENTRY_JSON[engine_type]}"  # noqa: S608 - fixed SQL
        " FROM motion m JOIN body b ON b.id = m.body WHERE m.id = motion.id)"
        f" WHERE {which}"
    )


async def store_entry(motion_id: str) -> None:
    """Store a just-decided motion's entry (inside the deciding transaction)."""
    engine: Engine = Motion._meta.db
    await engine.run_querystring(QueryString(_store_sql(engine.engine_type, "id = {}"), motion_id))


async def store_missing(engine: Engine) -> None:
    """Store the entry of every decided motion that has none."""
    placeholders = ", ".join("{}" for _ in OUTCOMES)
    which = f"log_entry IS NULL AND decided_at IS NOT NULL AND status IN ({placeholders})"
    await engine.run_querystring(QueryString(_store_sql(engine.engine_type, which), *OUTCOMES))
