"""The database: engines and transactions (`engine`), fast fixed-statement reads (`reads`),
and group commit for the hot writes (`group_commit`).

Infrastructure: nothing here imports a domain package or the application; the tables to bind
come from Piccolo's configuration (`governance.piccolo_conf`). Every public name is
re-exported here, so callers write `from governance.db import X`.
"""

from governance.db.engine import (
    ServiceSQLiteEngine,
    all_tables,
    bind_tables,
    is_unique_violation,
    lock_row,
    make_engine,
    migrate,
    start_engine,
    started_engine,
    stop_engine,
    transaction,
)
from governance.db.group_commit import (
    GroupCommit,
    Outcome,
    pg_connection,
    pg_group_commit,
    write_in_thread,
)
from governance.db.reads import fetch_indexed, fetch_rows, sqlite_placeholders

__all__ = [
    "GroupCommit",
    "Outcome",
    "ServiceSQLiteEngine",
    "all_tables",
    "bind_tables",
    "fetch_indexed",
    "fetch_rows",
    "is_unique_violation",
    "lock_row",
    "make_engine",
    "migrate",
    "pg_connection",
    "pg_group_commit",
    "sqlite_placeholders",
    "start_engine",
    "started_engine",
    "stop_engine",
    "transaction",
    "write_in_thread",
]
