"""Rewriting a secret box in a fresh random order, with fresh random ids.

Used at every close of a secret box (a motion's, `voting/closing.py`; an election's,
`elections/counting.py`), so nothing left in the database (SQLite's page order,
PostgreSQL's physical order) follows the order in which ballots were cast.
"""

from __future__ import annotations

import secrets
from typing import Any

from piccolo.table import Table

from governance.ids import new_id


async def reshuffle(table: type[Table], owner: str, owner_id: str, value: str) -> list[str]:
    """Rewrite `table`'s rows of `owner_id` (column `owner`) in random order with new ids;
    return their `value` column, in the new order."""
    return [row[value] for row in await reshuffle_rows(table, owner, owner_id, (value,))]


async def reshuffle_rows(
    table: type[Table], owner: str, owner_id: str, columns: tuple[str, ...]
) -> list[dict[str, Any]]:
    """As `reshuffle`, keeping several columns; return the rows (those columns), in the new
    order."""
    owner_column: Any = getattr(table, owner)
    rows = list(
        await table.select(*(getattr(table, c) for c in columns)).where(owner_column == owner_id)
    )
    secrets.SystemRandom().shuffle(rows)
    await table.delete().where(owner_column == owner_id)
    if rows:
        await table.insert(*(table(id=new_id(), **{owner: owner_id, **row}) for row in rows))
    return rows
