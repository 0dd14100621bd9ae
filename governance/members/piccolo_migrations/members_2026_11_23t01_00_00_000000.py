"""Quotas and quorums as double precision on PostgreSQL.

Piccolo's `Real` is `REAL`, which PostgreSQL stores as a 4-byte float: a quota of 0.51 came
back as 0.5099999904632568 and 2/3 as 0.6666666865..., so `ceil(quota * seats)` could reserve
one seat too many. SQLite's REAL is already an 8-byte double, so only PostgreSQL changes;
stored values are rounded to 6 places on the way (every quota entered so far is a short
decimal such as 0.51).

`tables.py` now declares `DoublePrecision`. This migration does not record that change in
Piccolo's schema snapshot (its `alter_column` issues ALTER COLUMN, which SQLite lacks), so an
`--auto` migration generated later will propose it again: delete that step.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-23T01:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Body quota and quorum as double precision"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="members", description=DESCRIPTION)

    async def widen() -> None:
        engine = engine_finder()
        if engine.engine_type != "postgres":
            return
        for column in ("lived_experience_quota", "quorum"):
            await engine.run_ddl(
                f"ALTER TABLE body ALTER COLUMN {column} TYPE DOUBLE PRECISION "  # noqa: S608
                f"USING round({column}::numeric, 6)::double precision"
            )

    manager.add_raw(widen)
    return manager
