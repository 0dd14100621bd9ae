"""Verifiable approval elections (issue 15): the binding to a key ceremony, the encrypted
box and the trustees' partial decryptions, by raw DDL (the box `WITHOUT ROWID` on SQLite)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-03T10:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Verifiable elections: binding, encrypted box, partial decryptions"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="elections", description=DESCRIPTION)

    async def verifiable_elections() -> None:
        engine = engine_finder()
        without_rowid = " WITHOUT ROWID" if engine.engine_type == "sqlite" else ""
        for statement in (
            "CREATE TABLE verifiable_election ("
            "id VARCHAR(32) NOT NULL PRIMARY KEY REFERENCES election (id), "
            "ceremony VARCHAR(32) NOT NULL, "
            "election VARCHAR(200) NOT NULL, "
            "tally TEXT)",
            "CREATE TABLE verifiable_election_ballot ("
            "id VARCHAR(32) NOT NULL PRIMARY KEY, "
            "election VARCHAR(32) NOT NULL REFERENCES election (id), "
            "ballot TEXT NOT NULL, "
            "tracker VARCHAR(64) NOT NULL, "
            f"server_encrypted INTEGER NOT NULL DEFAULT 0){without_rowid}",
            "CREATE UNIQUE INDEX verifiable_election_ballot_tracker"
            " ON verifiable_election_ballot (election, tracker)",
            "CREATE TABLE election_partial_decryption ("
            "id VARCHAR(32) NOT NULL PRIMARY KEY, "
            "election VARCHAR(32) NOT NULL REFERENCES election (id), "
            "trustee INTEGER NOT NULL, "
            "partials TEXT NOT NULL)",
            "CREATE UNIQUE INDEX election_partial_decryption_trustee"
            " ON election_partial_decryption (election, trustee)",
        ):
            await engine.run_ddl(statement)

    manager.add_raw(verifiable_elections)
    return manager
