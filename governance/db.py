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
the whole application at a fresh database.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
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
        self.group_commit = GroupCommit(functools.partial(_sqlite_batch, self))

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


def all_tables() -> list[type[Table]]:
    """Every table of every registered Piccolo app, Piccolo's migration table, and the box."""
    from piccolo.apps.migrations.tables import Migration
    from piccolo.conf.apps import Finder

    from governance.voting.box import BOX_TABLES

    tables: list[type[Table]] = [Migration]
    for app_config in Finder().get_app_registry().app_configs.values():
        tables.extend(app_config.table_classes)
    # The secret ballot box is created by raw DDL, outside Piccolo's auto migrations.
    tables.extend(BOX_TABLES)
    return tables


def bind_tables(engine: Engine, tables: Iterable[type[Table]] | None = None) -> None:
    """Point every table (and Piccolo's migration runner) at `engine`."""
    from governance import piccolo_conf

    piccolo_conf.DB = engine
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


async def migrate(engine: Engine) -> None:
    """Apply every pending migration of every app (idempotent)."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    bind_tables(engine)
    result = await run_forwards(app_name="all", migration_id="all", fake=False)
    if not result.success:
        raise RuntimeError(f"Migrations failed: {result.message}")


async def lock_row(table: type[Table], row_id: str) -> None:
    """Lock one row until the transaction ends (PostgreSQL); SQLite's writer lock suffices.

    Used before check-then-write sequences (quota, votes) so two workers cannot both pass
    the check.
    """
    engine = table._meta.db
    if engine.engine_type == "postgres":
        await table.raw(f"SELECT 1 FROM {table._meta.tablename} WHERE id = {{}} FOR UPDATE", row_id)  # noqa: S608


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


Outcome = tuple[bool, Any]  # (True, result) or (False, the error it raised)


class GroupCommit:
    """Writes waiting for the next batch, and the one task that runs batches until none is
    left: a write that arrives while a batch runs goes in the next. `run_batch` runs a list
    of (work, args) as one transaction and returns an `Outcome` per write, in order; only
    then is anyone answered, each with their own result or error. If the batch itself fails
    (the commit, say), every write in it fails with that error."""

    def __init__(self, run_batch: Callable[[list[tuple[Any, Any]]], Awaitable[list[Outcome]]]):
        self.run_batch = run_batch
        self.pending: list[tuple[Any, Any, asyncio.Future[Any]]] = []
        self.flusher: asyncio.Task[None] | None = None

    async def submit(self, work: Any, args: Any) -> Any:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[Any] = loop.create_future()
        self.pending.append((work, args, done))
        flusher = self.flusher
        if flusher is None or flusher.done() or flusher.get_loop() is not loop:
            self.flusher = loop.create_task(self._flush())
        # Shielded: a client hanging up cannot cut its write (or the batch) short.
        return await asyncio.shield(done)

    async def _flush(self) -> None:
        while self.pending:
            batch, self.pending = self.pending, []
            try:
                outcomes = await self.run_batch([(work, args) for work, args, _ in batch])
            except Exception as error:
                for _, _, done in batch:
                    if not done.done():
                        done.set_exception(error)
                continue
            except BaseException:
                # Shutting down: nobody waits for an answer that will not come.
                for _, _, done in [*batch, *self.pending]:
                    done.cancel()
                self.pending = []
                raise
            for (_, _, done), (ok, value) in zip(batch, outcomes, strict=True):
                if done.done():
                    continue
                if ok:
                    done.set_result(value)
                else:
                    done.set_exception(value)


async def write_in_thread(engine: ServiceSQLiteEngine, work: Any, *args: Any) -> Any:
    """SQLite: `work(connection, *args)` as one whole write, committed before this returns,
    with group commit: writes that arrive while the writer is busy go together in its next
    transaction, each under its own savepoint.

    `work` is plain synchronous code on a `sqlite3.Connection`: no awaits, no Piccolo. If it
    raises, its own changes are rolled back to its savepoint and the error is raised here;
    the others in the batch are unaffected. If the commit itself fails, every write of the
    batch fails with that error and none is kept. Nobody is answered before the commit.

    Why: `transaction()` makes a trip to the writer's thread for BEGIN, each statement and
    COMMIT, holding the writer lock across several turns of a busy event loop. Here a whole
    batch is one trip, and a hundred voters at once cost a handful of commits (each commit
    writes the b-tree pages it touched to the WAL once, however many rows changed them).
    The batch is shielded: a client hanging up cannot cut it short.
    """
    return await engine.group_commit.submit(work, args)


async def _sqlite_batch(engine: ServiceSQLiteEngine, batch: list[tuple[Any, Any]]) -> list[Any]:
    async with engine.writer_lock:
        connection = await engine.writer_connection()
        return await connection._execute(_batch_in_thread, connection._conn, batch)  # type: ignore[no-any-return]


def _batch_in_thread(connection: sqlite3.Connection, batch: list[tuple[Any, Any]]) -> list[Any]:
    connection.execute("BEGIN IMMEDIATE")
    outcomes: list[tuple[bool, Any]] = []
    try:
        for work, args in batch:
            connection.execute("SAVEPOINT one_write")
            try:
                result = work(connection, *args)
            except Exception as error:
                connection.execute("ROLLBACK TO one_write")
                connection.execute("RELEASE one_write")
                outcomes.append((False, error))
            else:
                connection.execute("RELEASE one_write")
                outcomes.append((True, result))
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return outcomes


# One per PostgreSQL engine (Piccolo's engine takes no new attributes: it has __slots__).
# Each entry holds its engine, so an id here is never reused by another engine.
_PG_BATCHES: dict[int, GroupCommit] = {}


async def pg_group_commit(engine: PostgresEngine, work: Any, *args: Any) -> Any:
    """PostgreSQL: `await work(connection, *args)` inside a transaction shared with the writes
    that arrived while the previous batch ran, each under its own savepoint; the answer
    (result or error) only after the COMMIT.

    For hot writes that all touch one row (every vote appends to the organisation's audit
    chain, so each holds the chain's head row until it commits): one at a time, each commit
    waits for its own WAL flush while the others queue on that row lock; a batch holds the
    lock once and flushes once. A failing write is rolled back to its savepoint alone; if
    the commit fails, every write of the batch fails and none is kept.
    """
    batches = _PG_BATCHES.get(id(engine))
    if batches is None:
        batches = _PG_BATCHES[id(engine)] = GroupCommit(functools.partial(_run_pg_batch, engine))
    return await batches.submit(work, args)


class _BatchFailed(Exception):
    """One write of an all-or-nothing attempt failed; the batch is retried with savepoints."""


async def _run_pg_batch(engine: PostgresEngine, batch: list[tuple[Any, Any]]) -> list[Any]:
    """One transaction for the batch. First without savepoints (the usual case: nothing
    fails, and a savepoint costs two more round trips per write); if any write fails,
    that attempt is rolled back whole and the batch runs again with a savepoint per write."""
    async with pg_connection(engine) as connection:
        if len(batch) > 1:
            try:
                async with connection.transaction():
                    results = []
                    for work, args in batch:
                        try:
                            results.append(await work(connection, *args))
                        except Exception as error:
                            raise _BatchFailed from error
                return [(True, result) for result in results]
            except _BatchFailed:
                pass
        outcomes: list[tuple[bool, Any]] = []
        async with connection.transaction():
            for work, args in batch:
                try:
                    async with connection.transaction():  # a savepoint
                        outcomes.append((True, await work(connection, *args)))
                except Exception as error:
                    outcomes.append((False, error))
        return outcomes


@contextlib.asynccontextmanager
async def pg_connection(engine: PostgresEngine) -> AsyncIterator[Any]:
    """One PostgreSQL connection (from the pool once it is started) for a few statements in a
    row outside any transaction: one wait in the pool's queue instead of one per statement."""
    if engine.pool is not None:
        async with engine.pool.acquire() as connection:
            yield connection
        return
    connection = await engine.get_new_connection()
    try:
        yield connection
    finally:
        await connection.close()
