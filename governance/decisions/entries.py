"""A decision's entry in the log, as the JSON the API shows, built by the database and stored
with the motion (`motion.log_entry`) when it is decided.

A decided motion does not change afterwards (its text is final, its tally and outcome are
written in the deciding transaction, a body keeps its name and slug; the one later change, a
carried rescind naming it, stores its entry again in the rescind's deciding transaction), so
its entry is made once, in the transaction that decides it (`store_entry`, from
`search.index_decision`), and a page of the log passes stored entries through instead of
building 50 JSON objects per request.

`ENTRY` below is the one definition of an entry: its fields, their order, the column each
comes from and how it is written (`decided_at` as Python's isoformat, with microseconds
only when there are some; the tally as an object). The SQL for each engine (`ENTRY_JSON`)
and the columns the Python view reads (`ROW_COLUMNS`) are generated from it; the Python
view (`entry_of`) reads those columns in that order, and tests/web/decisions/test_log_json.py
checks on both engines that the database's entries and the Python view's are identical. A
page computes the entry on the fly for a decision with no stored entry (`COALESCE`), and
`store_missing` fills those in (the migration runs it).

`log_entry` is a raw column (added by this app's migration, not declared on `Motion`):
Piccolo's own queries neither read nor write it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import msgspec
from piccolo.engine.base import Engine
from piccolo.querystring import QueryString

from governance.decisions.rules import OUTCOMES
from governance.motions.tables import Motion
from governance.text import iso

PLAIN: Final = "plain"
MOMENT: Final = "moment"  # a timestamp, as Python's isoformat in UTC
JSON: Final = "json"  # JSON text stored in the column, shown as the value it encodes

# The entry, field by field: (key, column over `motion m JOIN body b ON b.id = m.body`, the
# name Piccolo's select gives it, how it is written). `body.slug` nests under `body`.
ENTRY: tuple[tuple[str, str, str, str], ...] = (
    ("id", "m.id", "id", PLAIN),
    ("number", "m.number", "number", PLAIN),
    ("title", "m.title", "title", PLAIN),
    ("text", "m.text", "text", PLAIN),
    ("body.slug", "b.slug", "body.slug", PLAIN),
    ("body.name", "b.name", "body.name", PLAIN),
    ("meeting_id", "m.meeting", "meeting", PLAIN),
    ("kind", "m.kind", "kind", PLAIN),
    ("method", "m.method", "method", PLAIN),
    ("outcome", "m.status", "status", PLAIN),
    ("decided_at", "m.decided_at", "decided_at", MOMENT),
    ("tally", "m.tally", "tally", JSON),
    # The carried rescind that rescinded this decision, if one did (`/decisions/{id}`).
    ("rescinded_by", "m.rescinded_by", "rescinded_by", PLAIN),
)

#: The columns `entry_of` reads, in its order.
ROW_COLUMNS = ", ".join(column for _key, column, _name, _how in ENTRY)
#: The same, by the names of a Piccolo select of `Motion` with `Motion.body.slug`, ...
ROW_KEYS = tuple(name for _key, _column, name, _how in ENTRY)

_PG_MOMENT = (
    "to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
    " || CASE WHEN date_part('microseconds', {c})::bigint % 1000000 = 0 THEN ''"
    " ELSE to_char({c} AT TIME ZONE 'UTC', '.US') END || '+00:00'"
)
_VALUE_SQL = {
    "sqlite": {PLAIN: "{c}", MOMENT: "replace({c}, ' ', 'T')", JSON: "json({c})"},
    "postgres": {PLAIN: "{c}", MOMENT: _PG_MOMENT, JSON: "{c}::json"},
}
_OBJECT_SQL = {"sqlite": "json_object", "postgres": "json_build_object"}


def entry_sql(engine_type: str) -> str:
    """The entry of `m` as JSON text, built by the database (`engine_type` "sqlite"/"postgres")."""
    function = _OBJECT_SQL[engine_type]
    pairs: list[tuple[str, Any]] = []
    nested: dict[str, list[tuple[str, Any]]] = {}
    for key, column, _name, how in ENTRY:
        value = _VALUE_SQL[engine_type][how].format(c=column)
        outer, _, inner = key.partition(".")
        if not inner:
            pairs.append((key, value))
            continue
        if outer not in nested:
            nested[outer] = []
            pairs.append((outer, nested[outer]))
        nested[outer].append((inner, value))

    def as_object(items: list[tuple[str, Any]]) -> str:
        fields = ", ".join(f"'{k}', {as_object(v) if isinstance(v, list) else v}" for k, v in items)
        return f"{function}({fields})"

    built = as_object(pairs)
    return built if engine_type == "sqlite" else f"{built}::text"


ENTRY_JSON = {engine_type: entry_sql(engine_type) for engine_type in _OBJECT_SQL}

_decode = msgspec.json.decode


def entry_of(row: Sequence[Any]) -> dict[str, Any]:
    """The entry from a row of `ROW_COLUMNS`, in Python (the pages, CSV and Atom use this).

    Unpacked by hand, not looped over `ENTRY`: an export builds thousands of these.
    """
    (motion_id, number, title, text, body_slug, body_name, meeting, kind, method, status,
     decided_at, tally, rescinded_by) = row  # fmt: skip
    return {
        "id": motion_id,
        "number": number,
        "title": title,
        "text": text,
        "body": {"slug": body_slug, "name": body_name},
        "meeting_id": meeting,
        "kind": kind,
        "method": method,
        "outcome": status,
        "decided_at": iso(decided_at),
        "tally": _decode(tally) if tally else None,
        "rescinded_by": rescinded_by,
    }


def entry_of_mapping(row: Mapping[str, Any]) -> dict[str, Any]:
    """`entry_of` for a Piccolo select's dict, keyed by `ROW_KEYS`."""
    return entry_of([row[name] for name in ROW_KEYS])


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
