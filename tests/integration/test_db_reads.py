"""The two raw read helpers against a real database: `fetch_indexed` (on the event loop's own
SQLite connection) must see exactly what `fetch_rows` sees, committed writes at once,
and a transaction's own uncommitted writes inside it; the loop's connection must never wait
on a lock or write."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator

import pytest
from piccolo.engine.base import Engine

from governance.db import (
    ServiceSQLiteEngine,
    fetch_indexed,
    fetch_rows,
    started_engine,
    transaction,
)
from governance.members.tables import Organisation
from governance.settings import Settings

ORG_SQL = "SELECT slug, name, is_public FROM organisation WHERE slug = $1"


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[Engine]:
    async with started_engine(settings) as engine:
        yield engine


async def _add_org(slug: str, *, public: bool = False) -> None:
    await Organisation.insert(
        Organisation(slug=slug, name=f"The {slug} collective", is_public=public)
    )


async def test_a_committed_write_is_read_at_once_by_both_helpers(engine: Engine) -> None:
    assert await fetch_indexed(engine, ORG_SQL, "riverside") == []
    async with transaction(engine):
        await _add_org("riverside", public=True)
    expected = [("riverside", "The riverside collective", True)]
    assert [tuple(r) for r in await fetch_indexed(engine, ORG_SQL, "riverside")] == expected
    assert [tuple(r) for r in await fetch_rows(engine, ORG_SQL, "riverside")] == expected


async def test_inside_a_transaction_it_reads_that_transactions_own_writes(engine: Engine) -> None:
    async with transaction(engine):
        await _add_org("harbour")
        inside = await fetch_indexed(engine, ORG_SQL, "harbour")
        assert [r[0] for r in inside] == ["harbour"]
    rolled_back = False
    try:
        async with transaction(engine):
            await _add_org("quay")
            assert [r[0] for r in await fetch_indexed(engine, ORG_SQL, "quay")] == ["quay"]
            raise RuntimeError("roll back")
    except RuntimeError:
        rolled_back = True
    assert rolled_back
    assert await fetch_indexed(engine, ORG_SQL, "quay") == []


@pytest.mark.sqlite_only
async def test_the_loops_own_connection_never_waits_and_never_writes(engine: Engine) -> None:
    """It runs on the event loop's thread, so it must not sit in SQLite's busy handler (a
    busy answer sends the read to the pool instead) and must not be able to write."""
    assert isinstance(engine, ServiceSQLiteEngine)
    inline = engine.inline_reader()
    assert inline is not None
    assert inline.execute("PRAGMA busy_timeout").fetchone()[0] == 0
    with pytest.raises(sqlite3.OperationalError, match=r"readonly"):
        inline.execute("INSERT INTO organisation (id, slug, name) VALUES ('x', 'x', 'x')")
