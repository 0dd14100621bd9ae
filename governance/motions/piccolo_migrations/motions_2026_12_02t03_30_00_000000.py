"""A meeting's chair pro tem: the member it elected to preside when neither the chair nor
the vice chair can (`motions/rules/presiding.py`). Null until the meeting records one."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-02T03:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Meeting: chair pro tem"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="motions", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Meeting",
        tablename="meeting",
        column_name="chair_pro_tem",
        db_column_name="chair_pro_tem",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 32,
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )
    return manager
