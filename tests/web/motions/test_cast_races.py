"""A cast checks eligibility, then writes; what changes in between must not slip through.

On PostgreSQL the write is one statement that re-checks, with the motion locked, what the
check saw; when it no longer holds, nothing is written and the cast is refused with the
reason. The audit helper behind it writes nothing when the change is not allowed, and starts
a chain that has no head yet.
"""

from __future__ import annotations

from typing import Any

import pytest

from governance import audit
from governance.audit.rules import GENESIS_HASH
from governance.clock import utcnow
from governance.db import fetch_rows, pg_connection
from tests.helpers import Api
from tests.web.motions.board import seat_board


async def _count(api: Api, table: str) -> int:
    rows = await fetch_rows(api.runtime.engine, f"SELECT count(*) FROM {table}")  # noqa: S608
    return int(rows[0][0])


@pytest.mark.postgres_only
@pytest.mark.parametrize(("change", "refusal"), [("close", 409), ("recuse", 403)])
async def test_a_change_between_check_and_write_writes_nothing(
    api: Api, monkeypatch: pytest.MonkeyPatch, change: str, refusal: int
) -> None:
    board = await seat_board(api)
    meeting_id = await board.meeting()
    motion_id = await board.motion(meeting_id, method="secret")
    await board.seconded_and_open(motion_id)
    before = await board.audit_head()
    engine = api.runtime.engine
    real = audit.service.change_and_append

    async def after_a_change(*args: Any, **kwargs: Any) -> Any:
        if change == "close":
            await fetch_rows(
                engine, "UPDATE motion SET status = 'carried' WHERE id = $1", motion_id
            )
        else:
            await fetch_rows(
                engine,
                "INSERT INTO recusal (id, motion, membership, reason, public, created_at)"
                " VALUES ('r1', $1, $2, 'conflict', false, now())",
                motion_id,
                board.id("d1"),
            )
        return await real(*args, **kwargs)

    monkeypatch.setattr(audit.service, "change_and_append", after_a_change)
    refused = await board.vote(motion_id, "d1", "yes")
    assert refused.status_code == refusal, refused.text
    assert await _count(api, "ballot") == 0
    assert await _count(api, "ballot_tracker") == 0
    assert await _count(api, "ballot_roll") == 0
    # The chain is unchanged (verify itself now objects to the row changed behind its back:
    # a motion marked carried with no decision in the log).
    entries = (await api.get("/orgs/acme/audit?limit=1000", "ada")).json()["entries"]
    assert (entries[-1]["seq"], entries[-1]["hash"]) == before


@pytest.mark.postgres_only
async def test_change_and_append_writes_nothing_when_not_allowed_and_starts_a_new_chain(
    api: Api,
) -> None:
    engine = api.runtime.engine
    statement = audit.service.change_and_append_pg(
        "SELECT 1 WHERE $10::boolean",
        ["INSERT INTO audit_head (chain, seq, hash) SELECT $11::varchar, 0, 'x' FROM ok"],
    )
    fields: dict[str, Any] = {
        "chain": "fresh",
        "actor": "test",
        "action": "vote.cast",
        "subject": "test:1",
        "data": {"n": 1},
        "now": utcnow(),
    }
    async with pg_connection(engine) as connection:
        refused = await audit.service.change_and_append(
            connection, statement, [False, "other"], **fields
        )
    assert refused is None
    assert await fetch_rows(engine, "SELECT 1 FROM audit_entry WHERE chain = 'fresh'") == []
    # No head yet: the helper creates the empty chain's head, then appends the first entry.
    async with pg_connection(engine) as connection:
        written = await audit.service.change_and_append(
            connection, statement, [True, "other"], **fields
        )
    assert written is not None
    assert (written.seq, written.prev_hash) == (1, GENESIS_HASH)
    assert await fetch_rows(engine, "SELECT seq FROM audit_head WHERE chain = 'other'") == [(0,)]
    verified = await audit.service.verify("fresh")
    assert verified.ok and verified.entries == 1 and verified.head_hash == written.hash


async def test_a_cast_on_a_closed_vote_is_refused_on_both_engines(api: Api) -> None:
    board = await seat_board(api)
    meeting_id = await board.meeting()
    motion_id = await board.motion(meeting_id, method="secret")
    await board.seconded_and_open(motion_id)
    assert (await board.vote(motion_id, "d1", "yes")).status_code == 201
    assert (await board.do(motion_id, "close-vote", "chair")).status_code == 200
    assert (await board.vote(motion_id, "d2", "no")).status_code == 409
