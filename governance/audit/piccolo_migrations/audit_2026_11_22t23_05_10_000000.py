"""One entry per sequence number in each chain: a duplicate can never be written.

A raw unique index (see the members app's note on composite constraints and SQLite).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-22T23:05:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "Unique sequence numbers per audit chain"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="audit", description=DESCRIPTION)

    async def unique_sequence_per_chain() -> None:
        await engine_finder().run_ddl(
            "CREATE UNIQUE INDEX audit_entry_chain_seq ON audit_entry (chain, seq)"
        )

    manager.add_raw(unique_sequence_per_chain)
    return manager
