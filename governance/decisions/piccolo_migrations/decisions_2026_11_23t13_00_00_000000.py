"""The decision search index (FTS5 on SQLite, tsvector + GIN on PostgreSQL) and the index
the decision log pages by (newest first, keyset on (decided_at, id)).

Decisions made before the search index existed are indexed by the next migration, once
SQLite's integer keys for the index exist (see `governance.decisions.search`).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-23T13:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Decision log: search index and paging index"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="decisions", description=DESCRIPTION)

    async def search_and_paging_indexes() -> None:
        engine = engine_finder()
        await engine.run_ddl(
            "CREATE INDEX motion_decided_order ON motion (organisation, decided_at, id)"
        )
        if engine.engine_type == "sqlite":
            await engine.run_ddl(
                "CREATE VIRTUAL TABLE decision_search USING fts5("
                "motion_id UNINDEXED, document, tokenize = 'unicode61 remove_diacritics 0')"
            )
        else:
            await engine.run_ddl(
                "CREATE TABLE decision_search ("
                "motion_id VARCHAR(32) NOT NULL PRIMARY KEY REFERENCES motion (id), "
                "document TEXT NOT NULL, "
                "tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', document)) STORED)"
            )
            await engine.run_ddl("CREATE INDEX decision_search_tsv ON decision_search USING GIN (tsv)")

    manager.add_raw(search_and_paging_indexes)
    return manager
