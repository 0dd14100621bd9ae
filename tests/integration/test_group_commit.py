"""Group commit against a real database (`write_in_thread` on SQLite, `pg_group_commit` on
PostgreSQL): many writers at once, each answered with its own result or its own error, a
failing write leaving nothing behind and taking nobody else's write with it, and every
answered write committed."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from typing import Any

import pytest

from governance.db import (
    ServiceSQLiteEngine,
    fetch_rows,
    is_unique_violation,
    pg_group_commit,
    started_engine,
    write_in_thread,
)
from governance.settings import Settings

INSERT = (
    "INSERT INTO organisation (id, slug, name, is_public, paper_size) VALUES (?, ?, ?, 0, 'A4')"
)


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[Any]:
    async with started_engine(settings) as engine:
        yield engine


def _add(connection: sqlite3.Connection, slug: str, fail_after: bool = False) -> str:
    connection.execute(INSERT, (f"id-{slug}", slug, f"The {slug} collective"))
    if fail_after:
        raise ValueError(f"{slug} changed its mind")
    return slug


def _slugs(engine: ServiceSQLiteEngine) -> set[str]:
    with sqlite3.connect(engine.connection_kwargs["database"]) as reader:
        return {row[0] for row in reader.execute("SELECT slug FROM organisation")}


@pytest.mark.sqlite_only
async def test_many_writers_at_once_each_get_their_own_answer(
    engine: ServiceSQLiteEngine,
) -> None:
    slugs = [f"org{n}" for n in range(60)]
    failing = {"org7", "org31"}
    results = await asyncio.gather(
        *(write_in_thread(engine, _add, slug, slug in failing) for slug in slugs),
        return_exceptions=True,
    )
    for slug, result in zip(slugs, results, strict=True):
        if slug in failing:
            assert isinstance(result, ValueError) and slug in str(result)
        else:
            assert result == slug
    # Every write that was answered is on disk; the failed ones left nothing.
    assert _slugs(engine) == set(slugs) - failing


@pytest.mark.sqlite_only
async def test_a_unique_violation_is_that_writers_alone(engine: ServiceSQLiteEngine) -> None:
    await write_in_thread(engine, _add, "taken")
    results = await asyncio.gather(
        write_in_thread(engine, _add, "before"),
        write_in_thread(engine, _add, "taken"),
        write_in_thread(engine, _add, "after"),
        return_exceptions=True,
    )
    assert results[0] == "before" and results[2] == "after"
    assert isinstance(results[1], sqlite3.IntegrityError) and is_unique_violation(results[1])
    assert _slugs(engine) == {"taken", "before", "after"}


@pytest.mark.sqlite_only
async def test_writes_queue_behind_an_open_transaction(engine: ServiceSQLiteEngine) -> None:
    """A Piccolo transaction holds the writer; writes that arrive meanwhile wait for it and
    then commit together after it."""
    from governance.db import transaction
    from governance.members.tables import Organisation

    async with transaction(engine):
        await Organisation.insert(Organisation(slug="first", name="First"))
        waiting = [asyncio.create_task(write_in_thread(engine, _add, f"w{n}")) for n in range(5)]
        await asyncio.sleep(0.05)
        assert not any(task.done() for task in waiting)
    assert await asyncio.gather(*waiting) == [f"w{n}" for n in range(5)]
    assert _slugs(engine) == {"first", *(f"w{n}" for n in range(5))}


PG_INSERT = (
    "INSERT INTO organisation (id, slug, name, is_public, paper_size, created_at)"
    " VALUES ($1, $2, $3, false, 'A4', now())"
)


async def _add_pg(connection: Any, slug: str, fail_after: bool = False) -> str:
    await connection.execute(PG_INSERT, f"id-{slug}", slug, f"The {slug} collective")
    if fail_after:
        raise ValueError(f"{slug} changed its mind")
    return slug


async def _pg_slugs(engine: Any) -> set[str]:
    return {row[0] for row in await fetch_rows(engine, "SELECT slug FROM organisation")}


@pytest.mark.postgres_only
async def test_postgres_batches_answer_each_writer_and_keep_only_the_good_writes(
    engine: Any,
) -> None:
    slugs = [f"org{n}" for n in range(40)]
    failing = {"org3", "org22"}
    await pg_group_commit(engine, _add_pg, "taken")
    slugs.append("taken")  # a second insert of the same slug: a unique violation
    results = await asyncio.gather(
        *(pg_group_commit(engine, _add_pg, slug, slug in failing) for slug in slugs),
        return_exceptions=True,
    )
    for slug, result in zip(slugs, results, strict=True):
        if slug in failing:
            assert isinstance(result, ValueError) and slug in str(result)
        elif slug == "taken":
            assert is_unique_violation(result), result
        else:
            assert result == slug
    assert await _pg_slugs(engine) == set(slugs) - failing


@pytest.mark.postgres_only
async def test_postgres_batch_without_failures_commits_every_write(engine: Any) -> None:
    slugs = [f"quiet{n}" for n in range(25)]
    results = await asyncio.gather(*(pg_group_commit(engine, _add_pg, s) for s in slugs))
    assert results == slugs
    assert await _pg_slugs(engine) == set(slugs)
