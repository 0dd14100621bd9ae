"""The verifiable box (issue 15): encrypted ballots and partial decryptions, by raw DDL
(SQLite `WITHOUT ROWID`), one tracker and one partial decryption per trustee per motion."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-02T15:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "The verifiable box: encrypted ballots, partial decryptions"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="voting", description=DESCRIPTION)

    async def verifiable_box() -> None:
        engine = engine_finder()
        without_rowid = " WITHOUT ROWID" if engine.engine_type == "sqlite" else ""
        for statement in (
            "CREATE TABLE verifiable_ballot ("
            "id VARCHAR(32) NOT NULL PRIMARY KEY, "
            "motion VARCHAR(32) NOT NULL REFERENCES motion (id), "
            "ballot TEXT NOT NULL, "
            "tracker VARCHAR(64) NOT NULL, "
            f"server_encrypted INTEGER NOT NULL DEFAULT 0){without_rowid}",
            "CREATE UNIQUE INDEX verifiable_ballot_tracker ON verifiable_ballot (motion, tracker)",
            "CREATE TABLE partial_decryption ("
            "id VARCHAR(32) NOT NULL PRIMARY KEY, "
            "motion VARCHAR(32) NOT NULL REFERENCES motion (id), "
            "trustee INTEGER NOT NULL, "
            "partials TEXT NOT NULL)",
            "CREATE UNIQUE INDEX partial_decryption_trustee"
            " ON partial_decryption (motion, trustee)",
        ):
            await engine.run_ddl(statement)

    manager.add_raw(verifiable_box)
    return manager
