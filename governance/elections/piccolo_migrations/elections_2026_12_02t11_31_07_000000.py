"""One candidacy and one ballot per member, and the election's secret ballot box.

The box tables are created here by raw DDL, not by Piccolo: on SQLite they are `WITHOUT
ROWID`, so no hidden insertion-ordered key exists; rows live in the order of their random
primary key. Neither has a timestamp or a key to the roll or to a member (see
`governance.elections.box` and docs/SECURITY.md).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-02T11:31:07:000000"
VERSION = "1.38.0"
DESCRIPTION = "Unique candidacies and roll entries, and the election ballot box"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="elections", description=DESCRIPTION)

    async def unique_rows_and_the_box() -> None:
        engine = engine_finder()
        without_rowid = " WITHOUT ROWID" if engine.engine_type == "sqlite" else ""
        await engine.run_ddl(
            "CREATE UNIQUE INDEX candidate_election_member ON candidate (election, membership)"
        )
        await engine.run_ddl(
            "CREATE UNIQUE INDEX election_roll_election_member"
            " ON election_roll (election, membership)"
        )
        await engine.run_ddl(
            "CREATE TABLE election_ballot ("
            "id VARCHAR(32) NOT NULL PRIMARY KEY, "
            "election VARCHAR(32) NOT NULL REFERENCES election (id), "
            f"marks TEXT NOT NULL){without_rowid}"
        )
        await engine.run_ddl("CREATE INDEX election_ballot_election ON election_ballot (election)")
        await engine.run_ddl(
            "CREATE TABLE election_tracker ("
            "id VARCHAR(32) NOT NULL PRIMARY KEY, "
            "election VARCHAR(32) NOT NULL REFERENCES election (id), "
            f"tracker VARCHAR(64) NOT NULL){without_rowid}"
        )
        await engine.run_ddl(
            "CREATE INDEX election_tracker_election ON election_tracker (election, tracker)"
        )

    manager.add_raw(unique_rows_and_the_box)
    return manager
