"""One row per (meeting, version) of minutes.

Raw `CREATE UNIQUE INDEX` (Piccolo's composite `Unique` fails on SQLite); a migration of its
own because Piccolo runs raw steps before the tables of the same migration exist.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-23T12:54:21:000000"
VERSION = "1.38.0"
DESCRIPTION = "Unique minutes version per meeting"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="minutes", description=DESCRIPTION)

    async def unique_version() -> None:
        engine = engine_finder()
        await engine.run_ddl(
            "CREATE UNIQUE INDEX minutes_meeting_version ON minutes (meeting, version)"
        )

    manager.add_raw(unique_version)
    return manager
