"""A membership's suspension: a member in good standing has a member record and no suspension.

An `assembly`'s electorate and a members' election's roll are the members in good standing
(`members/standing.py`); suspending a member (an org admin's act, audited) takes them off both
until they are reinstated. Null while in good standing.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text, Timestamptz
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-02T10:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Membership: suspension"

_PARAMS = {
    "default": None,
    "null": True,
    "primary_key": False,
    "unique": False,
    "index": False,
    "index_method": IndexMethod.btree,
    "choices": None,
    "db_column_name": None,
    "secret": False,
}


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="members", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Membership",
        tablename="membership",
        column_name="suspended_at",
        db_column_name="suspended_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params=dict(_PARAMS),
        schema=None,
    )
    manager.add_column(
        table_class_name="Membership",
        tablename="membership",
        column_name="suspension_reason",
        db_column_name="suspension_reason",
        column_class_name="Text",
        column_class=Text,
        params=dict(_PARAMS),
        schema=None,
    )
    return manager
