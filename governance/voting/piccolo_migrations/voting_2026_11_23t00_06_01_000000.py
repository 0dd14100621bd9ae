"""One vote per member (unique indexes on the votes and the roll) and the secret ballot box.

The box tables are created here by raw DDL, not by Piccolo: on SQLite they are `WITHOUT
ROWID`, so no hidden insertion-ordered key exists; rows live in the order of their random
primary key. Neither has a timestamp or a foreign key to the roll or to a member (see
`governance.voting.box` and docs/SECURITY.md).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-23T00:06:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "One vote per member, and the secret ballot box without rowid or timestamps"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="voting", description=DESCRIPTION)

    async def one_vote_per_member_and_the_box() -> None:
        engine = engine_finder()
        without_rowid = " WITHOUT ROWID" if engine.engine_type == "sqlite" else ""
        await engine.run_ddl(
            "CREATE UNIQUE INDEX vote_motion_member ON vote (motion, membership)"
        )
        await engine.run_ddl(
            "CREATE UNIQUE INDEX ballot_roll_motion_member ON ballot_roll (motion, membership)"
        )
        await engine.run_ddl(
            "CREATE TABLE ballot ("
            "id VARCHAR(32) NOT NULL PRIMARY KEY, "
            "motion VARCHAR(32) NOT NULL REFERENCES motion (id), "
            f"choice VARCHAR(10) NOT NULL){without_rowid}"
        )
        await engine.run_ddl("CREATE INDEX ballot_motion ON ballot (motion)")
        await engine.run_ddl(
            "CREATE TABLE ballot_tracker ("
            "id VARCHAR(32) NOT NULL PRIMARY KEY, "
            "motion VARCHAR(32) NOT NULL REFERENCES motion (id), "
            f"tracker VARCHAR(64) NOT NULL){without_rowid}"
        )
        await engine.run_ddl(
            "CREATE UNIQUE INDEX ballot_tracker_motion_tracker ON ballot_tracker (motion, tracker)"
        )

    manager.add_raw(one_vote_per_member_and_the_box)
    return manager
