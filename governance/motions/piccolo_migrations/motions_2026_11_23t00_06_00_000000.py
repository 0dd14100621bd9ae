"""Composite unique indexes for attendance, motion numbers, text versions and recusals.

Raw `CREATE UNIQUE INDEX` (Piccolo's composite `Unique` fails on SQLite); a migration of its
own because Piccolo runs raw steps before the tables of the same migration exist.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-23T00:06:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Composite unique indexes: attendance, motion numbers, text versions, recusals"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="motions", description=DESCRIPTION)

    async def composite_unique_indexes() -> None:
        engine = engine_finder()
        await engine.run_ddl(
            "CREATE UNIQUE INDEX attendance_meeting_member ON attendance (meeting, membership)"
        )
        await engine.run_ddl(
            "CREATE UNIQUE INDEX motion_org_number ON motion (organisation, number)"
        )
        await engine.run_ddl(
            "CREATE UNIQUE INDEX motion_text_version ON motion_text (motion, version)"
        )
        await engine.run_ddl(
            "CREATE UNIQUE INDEX recusal_motion_member ON recusal (motion, membership)"
        )
        await engine.run_ddl(
            "CREATE UNIQUE INDEX motion_counter_org_year ON motion_counter (organisation, year)"
        )

    manager.add_raw(composite_unique_indexes)
    return manager
