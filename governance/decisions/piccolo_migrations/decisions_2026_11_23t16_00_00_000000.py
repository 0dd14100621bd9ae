"""Each decided motion's log entry, stored with it (see `governance.decisions.entries`).

A raw column on `motion`, outside Piccolo's table definition: only the decision log's own
statements read and write it. Decisions already made get their entries here.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-23T16:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Decision log: stored JSON entries"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="decisions", description=DESCRIPTION)

    async def log_entries() -> None:
        from governance.decisions.entries import store_missing

        engine = engine_finder()
        await engine.run_ddl("ALTER TABLE motion ADD COLUMN log_entry TEXT")
        await store_missing(engine)

    manager.add_raw(log_entries)
    return manager
