"""A verifiable motion's ceremony, election id and encrypted tally (issue 15), by raw DDL
like the secret box (`governance.motions.verifiable_tables`)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-02T15:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Verifiable motions: ceremony, election id, encrypted tally"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="motions", description=DESCRIPTION)

    async def verifiable_motion() -> None:
        engine = engine_finder()
        await engine.run_ddl(
            "CREATE TABLE verifiable_motion ("
            "motion VARCHAR(32) NOT NULL PRIMARY KEY REFERENCES motion (id), "
            "ceremony VARCHAR(32) NOT NULL, "
            "election VARCHAR(200) NOT NULL, "
            "tally TEXT NULL, "
            "no_quorum INTEGER NOT NULL DEFAULT 0)"
        )

    manager.add_raw(verifiable_motion)
    return manager
