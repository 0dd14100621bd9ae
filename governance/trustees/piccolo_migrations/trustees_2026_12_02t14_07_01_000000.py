"""One ceremony per attempt per body; one trustee per position and per member in a ceremony; one
share per dealer and recipient; one verdict per trustee. The database refuses a second of
each, whatever a racing request may have checked."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-02T14:07:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "Unique rounds, trustees, shares and verdicts"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="trustees", description=DESCRIPTION)

    async def unique_rows() -> None:
        engine = engine_finder()
        for statement in (
            "CREATE UNIQUE INDEX ceremony_body_attempt ON ceremony (body, attempt)",
            "CREATE UNIQUE INDEX trustee_ceremony_position ON trustee (ceremony, position)",
            "CREATE UNIQUE INDEX trustee_ceremony_member ON trustee (ceremony, membership)",
            "CREATE UNIQUE INDEX encrypted_share_pair"
            " ON encrypted_share (ceremony, dealer, recipient)",
            "CREATE UNIQUE INDEX share_verdict_position ON share_verdict (ceremony, position)",
        ):
            await engine.run_ddl(statement)

    manager.add_raw(unique_rows)
    return manager
