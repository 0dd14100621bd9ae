"""Suspension history: when each suspension started and ended, so an election's roll frozen
at its opening leaves out whoever was suspended then, even if reinstated since."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from governance.ids import new_id
from piccolo.columns.base import OnDelete
from piccolo.columns.base import OnUpdate
from piccolo.columns.column_types import ForeignKey
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.column_types import Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.engine import engine_finder
from piccolo.querystring import QueryString
from piccolo.table import Table


class Membership(Table, tablename="membership", schema=None):
    id = Varchar(
        length=32,
        default=new_id,
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name=None,
        secret=False,
    )


ID = "2026-12-02T15:34:02:553747"
VERSION = "1.38.0"
DESCRIPTION = "Suspension history"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="members", description=DESCRIPTION
    )

    manager.add_table(
        class_name="SuspensionPeriod",
        tablename="suspension_period",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="SuspensionPeriod",
        tablename="suspension_period",
        column_name="id",
        db_column_name="id",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 32,
            "default": new_id,
            "null": False,
            "primary_key": True,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="SuspensionPeriod",
        tablename="suspension_period",
        column_name="membership",
        db_column_name="membership",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": Membership,
            "on_delete": OnDelete.cascade,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="SuspensionPeriod",
        tablename="suspension_period",
        column_name="started_at",
        db_column_name="started_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": TimestamptzNow(),
            "null": False,
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

    manager.add_column(
        table_class_name="SuspensionPeriod",
        tablename="suspension_period",
        column_name="ended_at",
        db_column_name="ended_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
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

    async def backfill() -> None:
        """Members suspended now get the period that is still running."""
        engine = engine_finder()
        rows = await engine.run_querystring(
            QueryString("SELECT id, suspended_at FROM membership WHERE suspended_at IS NOT NULL")
        )
        for row in rows or []:
            await engine.run_querystring(
                QueryString(
                    "INSERT INTO suspension_period (id, membership, started_at, ended_at)"
                    " VALUES ({}, {}, {}, NULL)",
                    new_id(),
                    row["id"],
                    row["suspended_at"],
                )
            )

    manager.add_raw(backfill)
    return manager
