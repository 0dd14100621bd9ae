"""Openings of committed values, kept apart from the chain; room in the chain for commitments.

`audit_opening` holds, for each salted commitment in the chain (`governance.audit.commitments`),
its salt and its value: only org admins' reads, and the close of a roll-call vote, use it. A
raw table, outside Piccolo's table definitions: only the audit's own statements touch it. On
PostgreSQL, `at` and `actor` widen to hold a commitment (`commit:` and 64 hex digits); SQLite
does not enforce the length of a VARCHAR.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-01T00:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Audit: openings of salted commitments"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="audit", description=DESCRIPTION)

    async def openings_apart() -> None:
        engine = engine_finder()
        await engine.run_ddl(
            "CREATE TABLE audit_opening (commitment VARCHAR(80) PRIMARY KEY,"
            " chain VARCHAR(32) NOT NULL, salt VARCHAR(64) NOT NULL, value TEXT NOT NULL)"
        )
        if engine.engine_type == "postgres":
            await engine.run_ddl(
                "ALTER TABLE audit_entry ALTER COLUMN at TYPE VARCHAR(80),"
                " ALTER COLUMN actor TYPE VARCHAR(80)"
            )

    manager.add_raw(openings_apart)
    return manager
