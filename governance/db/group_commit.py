"""Group commit for the hot writes: writes that arrive while a batch runs share the next
transaction (one commit, one WAL flush), each under its own savepoint, and nobody is answered
before the commit.

`write_in_thread` is SQLite's (one trip to the writer's thread per batch), `pg_group_commit`
PostgreSQL's; `GroupCommit` is the queue both use.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

from piccolo.engine.postgres import PostgresEngine

if TYPE_CHECKING:
    from governance.db.engine import ServiceSQLiteEngine


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


async def sqlite_batch(engine: ServiceSQLiteEngine, batch: list[tuple[Any, Any]]) -> list[Any]:
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
