"""One membership per account and organisation; body slugs unique per organisation.

Piccolo's composite `Unique` constraint fails on SQLite (`ALTER TABLE ... ADD CONSTRAINT`);
a raw `CREATE UNIQUE INDEX` works on both engines. It is a migration of its own because
Piccolo runs raw steps before the tables of the same migration exist.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-22T23:05:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "Composite unique indexes for memberships and body slugs"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="members", description=DESCRIPTION)

    async def composite_unique_indexes() -> None:
        engine = engine_finder()
        await engine.run_ddl(
            "CREATE UNIQUE INDEX membership_org_account ON membership (organisation, account)"
        )
        await engine.run_ddl("CREATE UNIQUE INDEX body_org_slug ON body (organisation, slug)")

    manager.add_raw(composite_unique_indexes)
    return manager
