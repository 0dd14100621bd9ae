"""The audit hash has one rule (`audit.rules.entry_hash` over `canonical_entry`): whatever path
appended an entry, the rule recomputes its stored hash.

PostgreSQL hashes in SQL (`sha256(prev || before || seq || after)` in the appending
statement, both as `append` in a transaction and as `change_and_append` on its own); SQLite
hashes in Python (`append`, and `append_in_thread` under group commit). Generated entries
carry what could make two implementations disagree: quotes, backslashes, control characters,
characters outside the BMP, line and paragraph separators, integers beyond 64 bits.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from piccolo.engine.postgres import PostgresEngine

from governance import audit
from governance.audit.actions import Action
from governance.audit.rules import GENESIS_HASH, canonical_entry, canonical_json, entry_hash
from governance.db import (
    ServiceSQLiteEngine,
    fetch_rows,
    pg_connection,
    started_engine,
    transaction,
    write_in_thread,
)
from governance.settings import Settings

# Characters that JSON escapes or that encoders treat specially, then anything else
# (PostgreSQL text cannot hold NUL, so the plain columns never carry it; `data` may: JSON
# escapes it).
ODD = "\"\\/'\n\r\t\b\f\x01\x1f\x7f\u00e9\u2028\u2029\ufeff\uffff\U0001f600\U0010ffff"
PLAIN_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(ODD), st.characters(exclude_characters="\x00", exclude_categories=["Cs"])
    ),
    max_size=40,
)
ANY_TEXT = st.text(
    alphabet=st.one_of(st.sampled_from(ODD + "\x00"), st.characters(exclude_categories=["Cs"])),
    max_size=40,
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**200), max_value=2**200)
    | st.floats(allow_nan=False, allow_infinity=False)
    | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
ENTRY = st.fixed_dictionaries(
    {
        "actor": PLAIN_TEXT,
        "action": st.sampled_from(list(Action)),
        "subject": PLAIN_TEXT,
        "data": st.dictionaries(ANY_TEXT, JSON_VALUES, max_size=5),
        "now": st.datetimes(
            min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
        ),
    }
)

_ROWS = (
    "SELECT chain, seq, at, actor, action, subject, data, prev_hash, hash FROM audit_entry"
    " WHERE chain = $1 ORDER BY seq"
)


async def _append_all(engine: Any, chain: str, entries: list[dict[str, Any]]) -> None:
    """The first half with `append` in one transaction, the rest one by one on the engine's
    other path (PostgreSQL: `change_and_append` as its own statement; SQLite:
    `append_in_thread` under group commit)."""
    half = len(entries) // 2
    async with transaction(engine):
        for entry in entries[:half]:
            await audit.service.append(chain=chain, **entry)
    for entry in entries[half:]:
        if isinstance(engine, PostgresEngine):
            statement = audit.service.change_and_append_pg("SELECT 1", [])
            async with pg_connection(engine) as connection:
                written = await audit.service.change_and_append(
                    connection, statement, [], chain=chain, **entry
                )
            assert written is not None
        else:
            assert isinstance(engine, ServiceSQLiteEngine)
            await write_in_thread(
                engine,
                lambda connection, entry: audit.service.append_in_thread(
                    connection, chain=chain, **entry
                ),
                entry,
            )


async def _check(engine: Any, entries: list[dict[str, Any]]) -> None:
    chain = uuid.uuid4().hex
    await _append_all(engine, chain, entries)
    rows = await fetch_rows(engine, _ROWS, chain)
    assert len(rows) == len(entries)
    prev = GENESIS_HASH
    for (stored_chain, seq, at, actor, action, subject, data, prev_hash, digest), entry in zip(
        rows, entries, strict=True
    ):
        # Stored as given: the hash covers exactly these values.
        assert (actor, action, subject) == (entry["actor"], entry["action"], entry["subject"])
        assert data == canonical_json(entry["data"])
        assert at == entry["now"].isoformat(timespec="microseconds")
        canonical = canonical_entry(
            chain=stored_chain,
            seq=int(seq),
            at=at,
            actor=actor,
            action=action,
            subject=subject,
            data_json=data,
        )
        assert prev_hash == prev
        assert digest == entry_hash(prev, canonical), f"entry {seq}: the SQL and the rule differ"
        prev = digest
    verified = await audit.service.verify(chain)
    assert verified.ok and verified.entries == len(entries) and verified.head_hash == prev


def test_the_python_rule_recomputes_every_stored_hash_on_both_engines(settings: Settings) -> None:
    with asyncio.Runner() as runner:
        stack = contextlib.AsyncExitStack()
        engine = runner.run(stack.enter_async_context(started_engine(settings)))
        try:

            @hypothesis_settings(
                max_examples=40, deadline=None, suppress_health_check=list(HealthCheck)
            )
            @given(entries=st.lists(ENTRY, min_size=1, max_size=6))
            def appended_entries_verify(entries: list[dict[str, Any]]) -> None:
                runner.run(_check(engine, entries))

            appended_entries_verify()
        finally:
            runner.run(stack.aclose())
