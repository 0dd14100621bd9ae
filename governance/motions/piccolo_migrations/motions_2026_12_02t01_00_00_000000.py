"""Motion kinds that name what they act on (issue 12).

`appoints` (JSON `{member_id, role, starts_on, ends_on}`) for an appointment; `target` for
the motion a `rescind`, `postpone`, `refer` or `reconsider` acts on; `to_meeting` (postpone)
and `to_body` (refer); `rescinded_by` on a carried motion that a later one rescinded. Every
column is nullable with no default, so `ALTER TABLE ... ADD COLUMN` works on SQLite and
PostgreSQL alike and rows made before keep reading as they did.

The decision log's stored entries (`motion.log_entry`, added by the decisions app) gain the
field `rescinded_by`; stored ones made before are cleared so that each page builds them
afresh (`COALESCE`) with it. On a fresh database that column does not exist yet: nothing to
clear.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text, Varchar
from piccolo.columns.indexes import IndexMethod
from piccolo.engine import engine_finder
from piccolo.querystring import QueryString

ID = "2026-12-02T01:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Motions: appoints, target, to_meeting, to_body, rescinded_by"


def _params(*, length: int | None, index: bool) -> dict[str, object]:
    params: dict[str, object] = {
        "default": None,
        "null": True,
        "primary_key": False,
        "unique": False,
        "index": index,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    }
    if length is not None:
        params["length"] = length
    return params


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="motions", description=DESCRIPTION)
    columns = (
        ("appoints", Text, None, False),
        ("target", Varchar, 32, True),
        ("to_meeting", Varchar, 32, False),
        ("to_body", Varchar, 32, False),
        ("rescinded_by", Varchar, 32, False),
    )

    async def clear_stored_entries() -> None:
        engine = engine_finder()
        if engine.engine_type == "sqlite":
            probe = "SELECT 1 FROM pragma_table_info('motion') WHERE name = 'log_entry'"
        else:
            probe = (
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = 'motion' AND column_name = 'log_entry'"
            )
        if await engine.run_querystring(QueryString(probe)):
            await engine.run_ddl("UPDATE motion SET log_entry = NULL")

    manager.add_raw(clear_stored_entries)
    for name, column_class, length, index in columns:
        manager.add_column(
            table_class_name="Motion",
            tablename="motion",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=_params(length=length, index=index),
            schema=None,
        )
    return manager
