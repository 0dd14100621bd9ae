"""SQLite: integer keys for the decision search index, then index what is not indexed yet.

FTS5 finds matching rows by their integer rowid cheaply, but reading an UNINDEXED column
(`motion_id`) of every match goes through the index's content table: for a common word
that was most of a search. `decision_search_key (id INTEGER PRIMARY KEY, motion_id UNIQUE)`
names the motion of each rowid (an INTEGER PRIMARY KEY is the table's stable rowid, kept by
VACUUM), and each entry of `decision_search` is stored under its key's id. Existing entries
keep their rowids: their keys are copied from them. PostgreSQL needs nothing here.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-23T14:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Decision log: integer keys for SQLite's search index"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="decisions", description=DESCRIPTION)

    async def search_keys() -> None:
        from governance.decisions.search import index_missing

        engine = engine_finder()
        if engine.engine_type == "sqlite":
            await engine.run_ddl(
                "CREATE TABLE decision_search_key ("
                "id INTEGER PRIMARY KEY, motion_id VARCHAR(32) NOT NULL UNIQUE)"
            )
            await engine.run_ddl(
                "INSERT INTO decision_search_key (id, motion_id) "
                "SELECT rowid, motion_id FROM decision_search"
            )
        await index_missing(engine)

    manager.add_raw(search_keys)
    return manager
