"""The database engines, configured for a service rather than a script.

SQLite (embedded default). Piccolo's stock engine opens a new connection for every query
outside a transaction and starts DEFERRED transactions, which fail with "database is locked"
when a read upgrades to a write under concurrency. `ServiceSQLiteEngine` instead keeps:

* one persistent *writer* connection, used by every transaction, behind an asyncio lock, so
  writers in this process queue first-come-first-served instead of racing SQLite's busy
  handler; each transaction is `BEGIN IMMEDIATE` so writers in *other* processes (the CLI, a
  second worker) wait on the busy timeout rather than failing half way;
* a small pool of persistent read-only connections for queries outside a transaction
  (WAL mode lets them read while the writer writes);
* one more read-only connection used on the event loop's own thread for lookups by a key
  (`fetch_indexed`): such a lookup costs SQLite a few microseconds, a trip to a connection
  thread and back costs the loop tens.

PostgreSQL (production). Piccolo's engine with its asyncpg pool opened at start-up and closed
at shutdown.

Tables bind to the engine at start-up (`bind_tables`), not at import, so a test can point
the whole application at a fresh database. Which tables there are is the application's to
say, not this module's: Piccolo's configuration module (`PICCOLO_CONF`, `governance.piccolo_conf`)
lists the apps and, in `EXTRA_TABLES`, the tables outside them (the ballot box, created by
raw DDL). Nothing here imports a domain package.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import sqlite3
from collections.abc import AsyncIterator, Iterable
from types import ModuleType
from typing import Any

import aiosqlite
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import (
    SQLiteEngine,
    SQLiteTransaction,
    TransactionType,
    dict_factory,
)
from piccolo.table import Table

from governance.db.group_commit import GroupCommit, sqlite_batch
from governance.settings import Settings


class _WriterTransaction(SQLiteTransaction):
    """A transaction on the engine's single writer connection, holding the writer lock."""

    engine: ServiceSQLiteEngine

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is not None:
            return self._parent
        await self.engine.writer_lock.acquire()
        try:
            self.connection = await self.engine.writer_connection()
            await self.begin()
        except BaseException:
            self.engine.writer_lock.release()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception:
                if not self._rolled_back:
                    await asyncio.shield(self.rollback())
            elif not self._committed and not self._rolled_back:
                # Shielded: a client that disconnects now must not leave the commit half done.
                await asyncio.shield(self.commit())
        finally:
            self.engine.current_transaction.reset(self.context)
            self.engine.writer_lock.release()
        return exception is None


class ServiceSQLiteEngine(SQLiteEngine):
    """SQLite with a persistent writer, a reader pool, WAL and IMMEDIATE transactions."""

    def __init__(self, path: str, *, busy_timeout_ms: int = 10_000, readers: int = 4) -> None:
        super().__init__(path=path, timeout=busy_timeout_ms / 1000)
        self.busy_timeout_ms = busy_timeout_ms
        self.reader_count = readers
        self._writer: aiosqlite.Connection | None = None
        self._readers: asyncio.Queue[aiosqlite.Connection] | None = None
        self._all_readers: list[aiosqlite.Connection] = []
        self._lock: asyncio.Lock | None = None
        self._inline: sqlite3.Connection | None = None
        # Group commit for `write_in_thread`.
        self.group_commit = GroupCommit(functools.partial(sqlite_batch, self))

    @property
    def writer_lock(self) -> asyncio.Lock:
        if self._lock is None:
            self._lock = asyncio.Lock()
        return self._lock

    async def _connect(self, *, read_only: bool) -> aiosqlite.Connection:
        connection = await aiosqlite.connect(**self.connection_kwargs)
        connection.row_factory = dict_factory  # type: ignore[assignment]
        await connection.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        await connection.execute("PRAGMA foreign_keys = 1")
        if not read_only:
            await connection.execute("PRAGMA journal_mode = WAL")
            await connection.execute("PRAGMA synchronous = NORMAL")
        else:
            await connection.execute("PRAGMA query_only = 1")
        return connection

    async def writer_connection(self) -> aiosqlite.Connection:
        if self._writer is None:
            self._writer = await self._connect(read_only=False)
        return self._writer

    async def start(self) -> None:
        """Open the writer (which switches the file to WAL) and the reader pool."""
        await self.writer_connection()
        if self._readers is None:
            self._readers = asyncio.Queue()
            for _ in range(self.reader_count):
                connection = await self._connect(read_only=True)
                self._all_readers.append(connection)
                self._readers.put_nowait(connection)

    def inline_reader(self) -> sqlite3.Connection | None:
        """The read-only connection for key lookups on the loop's thread (None until started).

        Its busy timeout is zero: a WAL reader waits only in rare moments (the file's WAL
        index being rebuilt), and then the loop must not block; the caller retries on the pool.
        """
        if self._inline is None and self._readers is not None:
            connection = sqlite3.connect(**self.connection_kwargs, check_same_thread=False)
            connection.execute("PRAGMA busy_timeout = 0")
            connection.execute("PRAGMA query_only = 1")
            self._inline = connection
        return self._inline

    async def stop(self) -> None:
        """Close every connection (waiting for a running transaction to finish)."""
        if self._inline is not None:
            self._inline.close()
            self._inline = None
        async with self.writer_lock:
            if self._writer is not None:
                await self._writer.close()
                self._writer = None
        for connection in self._all_readers:
            await connection.close()
        self._all_readers.clear()
        self._readers = None

    async def get_connection(self) -> aiosqlite.Connection:
        """A fresh connection with the service pragmas (Piccolo's batch queries use this)."""
        return await self._connect(read_only=False)

    def transaction(
        self,
        transaction_type: TransactionType = TransactionType.immediate,
        allow_nested: bool = True,
    ) -> SQLiteTransaction:
        return _WriterTransaction(
            engine=self, transaction_type=TransactionType.immediate, allow_nested=allow_nested
        )

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> Any:
        """Queries outside a transaction: reads go to the pool, anything else to the writer."""
        args = args or []
        if self._readers is not None and (query_type == "select" or _is_plain_select(query)):
            connection = await self._readers.get()
            try:
                async with connection.execute(query, args) as cursor:
                    return await cursor.fetchall()
            finally:
                self._readers.put_nowait(connection)
        async with self.transaction() as transaction:
            return await self._run_in_existing_connection(
                transaction.connection, query, args, query_type, table
            )


def _is_plain_select(query: str) -> bool:
    """True for a statement that only reads.

    Piccolo labels its SELECT, COUNT and EXISTS queries "generic", so the label alone would
    send every read through the single writer (inside BEGIN IMMEDIATE). A statement that
    starts with SELECT cannot write in SQLite, and the readers are `query_only` besides.
    """
    return query.lstrip()[:6].upper() == "SELECT"


def make_engine(settings: Settings) -> Engine:
    """The engine for these settings (not yet started)."""
    if settings.is_postgres:
        return PostgresEngine(config={"dsn": settings.database_url})
    return ServiceSQLiteEngine(
        settings.sqlite_path,
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        readers=settings.sqlite_readers,
    )


async def _keep_session(connection: Any) -> None:
    """asyncpg's pool reset on release, without its reset statement.

    On every release asyncpg rolls back a transaction left open (still done: the pool calls
    the connection's own `_reset` first) and then, by default, sends `SELECT
    pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL;`: one more round trip to the
    server per acquired connection, which for a hot read (one statement) doubles its trips.
    Nothing here changes session state (no advisory locks, LISTEN, session SET or open
    cursors outside a transaction), so there is nothing for that statement to undo.
    """


async def start_engine(engine: Engine, *, pool_max: int = 10) -> None:
    """Open the connections the engine keeps for the life of the process."""
    if isinstance(engine, ServiceSQLiteEngine):
        await engine.start()
    elif isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=1, max_size=pool_max, reset=_keep_session)


async def stop_engine(engine: Engine) -> None:
    """Close what `start_engine` opened."""
    if isinstance(engine, ServiceSQLiteEngine):
        await engine.stop()
    elif isinstance(engine, PostgresEngine):
        with contextlib.suppress(Exception):
            await engine.close_connection_pool()


def _piccolo_conf() -> ModuleType:
    """The application's Piccolo configuration (the module `PICCOLO_CONF` names), read
    through Piccolo rather than imported, so this module depends on no application code."""
    from piccolo.conf.apps import Finder

    module = Finder().get_piccolo_conf_module()
    if module is None:
        raise RuntimeError("No Piccolo configuration: set PICCOLO_CONF (governance sets it)")
    return module


def all_tables(extra: Iterable[type[Table]] | None = None) -> list[type[Table]]:
    """Piccolo's migration table, every table of every registered Piccolo app, and the tables
    outside the apps: `extra` when given, else the configuration's `EXTRA_TABLES`."""
    from piccolo.apps.migrations.tables import Migration
    from piccolo.conf.apps import Finder

    tables: list[type[Table]] = [Migration]
    for app_config in Finder().get_app_registry().app_configs.values():
        tables.extend(app_config.table_classes)
    tables.extend(extra if extra is not None else getattr(_piccolo_conf(), "EXTRA_TABLES", ()))
    return tables


def bind_tables(engine: Engine, tables: Iterable[type[Table]] | None = None) -> None:
    """Point every table (`all_tables()` unless given) and Piccolo's migration runner (the
    configuration's `DB`) at `engine`."""
    _piccolo_conf().DB = engine
    for table in tables if tables is not None else all_tables():
        table._meta.db = engine


def transaction(engine: Engine) -> Any:
    """A write transaction: IMMEDIATE on SQLite (queued on one writer), plain on PostgreSQL."""
    return engine.transaction()


def is_unique_violation(error: BaseException) -> bool:
    """Whether `error` is a unique-constraint violation on either engine."""
    if isinstance(error, sqlite3.IntegrityError):
        return "UNIQUE" in str(error)
    try:
        import asyncpg
    except ImportError:  # pragma: no cover - asyncpg is a dependency
        return False
    return isinstance(error, asyncpg.UniqueViolationError)


@contextlib.asynccontextmanager
async def started_engine(settings: Settings) -> AsyncIterator[Engine]:
    """An engine bound to every table for the duration of a CLI command."""
    engine = make_engine(settings)
    bind_tables(engine)
    await start_engine(engine, pool_max=2)
    try:
        yield engine
    finally:
        await stop_engine(engine)


async def _migrations_done(engine: Engine) -> int:
    """How many migrations the database has recorded (0 for a brand-new database)."""
    try:
        rows = await engine.run_ddl("SELECT COUNT(*) AS n FROM migration")
    except Exception:  # no migration table yet: a new database
        return 0
    return int(rows[0]["n"]) if rows else 0


async def migrate(engine: Engine) -> tuple[int, int]:
    """Apply every pending migration of every app (idempotent).

    Returns `(already, applied)`: how many were recorded before, and how many this run
    applied. Piccolo's own report is not printed (it counts every migration as both
    "already complete" and "not yet run" on a new database); the caller says what happened.
    """
    from piccolo.apps.migrations.commands.forwards import run_forwards

    bind_tables(engine)
    before = await _migrations_done(engine)
    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        result = await run_forwards(app_name="all", migration_id="all", fake=False)
    if not result.success:
        raise RuntimeError(f"Migrations failed: {result.message}\n{said.getvalue()[-2000:]}")
    return before, await _migrations_done(engine) - before


async def lock_row(table: type[Table], row_id: str, *, shared: bool = False) -> None:
    """Lock one row until the transaction ends (PostgreSQL); SQLite's writer lock suffices.

    Used before check-then-write sequences (quota, votes) so two workers cannot both pass
    the check. `shared` (`FOR SHARE`) lets such writers run side by side while one holding
    the row `FOR UPDATE` (a close, a count) waits for them, and they for it.
    """
    engine = table._meta.db
    if engine.engine_type == "postgres":
        mode = "FOR SHARE" if shared else "FOR UPDATE"
        await table.raw(f"SELECT 1 FROM {table._meta.tablename} WHERE id = {{}} {mode}", row_id)  # noqa: S608
