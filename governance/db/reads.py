"""Fast reads: one fixed statement, sent as a constant string, rows back as plain tuples.

Statements are written once with PostgreSQL's `$1, $2...` placeholders; on SQLite the same
text runs with its numbered `?1, ?2...` (`sqlite_placeholders`).
"""

from __future__ import annotations

import functools
import re
import sqlite3
from typing import Any

import aiosqlite
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

from governance.db.engine import ServiceSQLiteEngine

_NUMBERED = re.compile(r"\$(\d+)")


@functools.lru_cache(maxsize=256)
def sqlite_placeholders(sql: str) -> str:
    """`$1, $2...` (PostgreSQL) as `?1, ?2...` (SQLite's numbered parameters): same SQL text."""
    return _NUMBERED.sub(r"?\1", sql)


async def fetch_rows(engine: Engine, sql: str, *args: Any) -> list[Any]:
    """Rows (tuples) of one fixed statement written with `$1...` placeholders, on either engine.

    For the hot read paths (who is calling, org access, the decision log, the minutes PDF):
    Piccolo builds its SQL anew on every call (about half a millisecond a query); this sends a
    constant string, which asyncpg also keeps prepared per connection. Also for bulk reads
    (audit verification): plain tuples, where Piccolo would build a dict per row. Inside a
    transaction the statement runs on the transaction's connection (it sees its uncommitted writes);
    otherwise on SQLite's reader pool or PostgreSQL's pool. SQLite still converts TIMESTAMPTZ
    and BOOLEAN columns by their declared types, as for Piccolo's own queries.
    """
    current = engine.current_transaction.get()
    if isinstance(engine, ServiceSQLiteEngine):
        sqlite_sql = sqlite_placeholders(sql)
        if current is None and engine._readers is not None:
            connection = await engine._readers.get()
            try:
                return await _sqlite_tuples(connection, sqlite_sql, args)
            finally:
                engine._readers.put_nowait(connection)
        if current is not None:
            return await _sqlite_tuples(current.connection, sqlite_sql, args)
        async with engine.transaction() as transaction:
            return await _sqlite_tuples(transaction.connection, sqlite_sql, args)
    if isinstance(engine, PostgresEngine):
        if current is not None:
            return list(await current.connection.fetch(sql, *args))
        if engine.pool is not None:
            async with engine.pool.acquire() as connection:
                return list(await connection.fetch(sql, *args))
        connection = await engine.get_new_connection()
        try:
            return list(await connection.fetch(sql, *args))
        finally:
            await connection.close()
    raise RuntimeError(f"fetch_rows does not know the engine {type(engine).__name__}")


async def fetch_indexed(engine: Engine, sql: str, *args: Any) -> list[Any]:
    """`fetch_rows` for a statement that finds its few rows through an index (who is calling,
    org access, which PDF to serve, a log page walked along its index).

    Outside a transaction on SQLite it runs on the event loop's own thread: on the hot paths
    that is two or three statements per request, each a lookup of microseconds, where the
    trips to a pool thread and back cost the loop most of the request's time. A statement
    that could scan (a search, a bulk read) belongs in `fetch_rows`, which keeps the loop free.
    If the file is momentarily busy the statement goes to the pool instead.
    """
    if isinstance(engine, ServiceSQLiteEngine) and engine.current_transaction.get() is None:
        connection = engine.inline_reader()
        if connection is not None:
            try:
                return _plain_tuples(connection, sqlite_placeholders(sql), args)
            except sqlite3.OperationalError as error:
                if not _is_busy(error):
                    raise
    return await fetch_rows(engine, sql, *args)


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


async def _sqlite_tuples(connection: aiosqlite.Connection, sql: str, args: Any) -> list[Any]:
    # One trip to the connection's thread (cursor, execute, fetch, close) instead of four.
    return await connection._execute(_plain_tuples, connection._conn, sql, args)  # type: ignore[no-any-return]


def _plain_tuples(connection: sqlite3.Connection, sql: str, args: Any) -> list[Any]:
    cursor = connection.cursor()
    cursor.row_factory = None  # plain tuples
    try:
        return cursor.execute(sql, args).fetchall()
    finally:
        cursor.close()
