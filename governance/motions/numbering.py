"""Motion numbers per organisation and year ("2026-014"), gapless and unique.

The counter row is created if missing, locked (`FOR UPDATE` on PostgreSQL; SQLite's single
writer already serialises) and bumped inside the caller's transaction, so a rolled-back
motion gives its number back and two workers never take the same one.
"""

from __future__ import annotations

from governance.db import lock_row
from governance.motions.tables import MotionCounter


async def next_number(org_id: str, year: int) -> int:
    """The next sequence number for `org_id` in `year`; call inside the write transaction."""
    key = f"{org_id}:{year}"
    await MotionCounter.raw(
        "INSERT INTO motion_counter (id, organisation, year, last) VALUES ({}, {}, {}, 0) "
        "ON CONFLICT DO NOTHING",
        key,
        org_id,
        year,
    )
    await lock_row(MotionCounter, key)
    row = await MotionCounter.select(MotionCounter.last).where(MotionCounter.id == key).first()
    assert row is not None
    number = int(row["last"]) + 1
    await MotionCounter.update({MotionCounter.last: number}).where(MotionCounter.id == key)
    return number
