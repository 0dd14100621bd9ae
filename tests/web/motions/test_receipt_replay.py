"""Receipts that survive a lost reply (CONTRACT "Additions (second round)"), as attacked.

The lost reply: the ballot is committed but the voter never sees the answer. Sending the same
cast again with the same receipt must say "already counted" with the same tracker, and write
nothing; any other second cast stays a 409, and a member who sends someone else's receipt
learns nothing about it. Every test runs on SQLite and PostgreSQL, through the hot cast paths
(`write_in_thread`, `pg_group_commit`).
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets

import pytest

from governance.db import fetch_rows
from governance.voting.rules.receipts import CROCKFORD
from tests.helpers import Api
from tests.web.motions.board import Board, seat_board


async def _count(api: Api, table: str) -> int:
    rows = await fetch_rows(api.runtime.engine, f"SELECT count(*) FROM {table}")  # noqa: S608
    return int(rows[0][0])


async def _box(api: Api) -> tuple[int, int, int]:
    return (
        await _count(api, "ballot"),
        await _count(api, "ballot_tracker"),
        await _count(api, "ballot_roll"),
    )


async def _open_secret(api: Api) -> tuple[Board, str]:
    board = await seat_board(api)
    meeting_id = await board.meeting()
    motion_id = await board.motion(meeting_id, method="secret")
    await board.seconded_and_open(motion_id)
    return board, motion_id


def _client_receipt() -> str:
    return "".join(secrets.choice(CROCKFORD) for _ in range(26))


async def test_a_lost_reply_is_recovered_by_sending_the_same_receipt(api: Api) -> None:
    board, motion_id = await _open_secret(api)
    receipt = _client_receipt()
    tracker = hashlib.sha256(receipt.encode()).hexdigest()
    first = await board.do(motion_id, "votes", "d1", choice="yes", receipt=receipt)
    assert first.status_code == 201, first.text
    del first  # the reply is lost: the voter never reads it
    counted = await _box(api)
    head = await board.audit_head()

    again = await board.do(motion_id, "votes", "d1", choice="yes", receipt=receipt.lower())
    assert again.status_code == 200, again.text
    assert again.json()["already_counted"] is True
    assert again.json()["tracker"] == tracker
    # Another choice with the same receipt changes nothing either.
    changed = await board.do(motion_id, "votes", "d1", choice="no", receipt=receipt)
    assert changed.status_code == 200 and changed.json()["already_counted"] is True
    assert await _box(api) == counted == (1, 1, 1)
    assert await board.audit_head() == head  # no audit entry for a repeat

    # Any other second cast is still a 409: no receipt, or a different one.
    assert (await board.vote(motion_id, "d1", "yes")).status_code == 409
    other = await board.do(motion_id, "votes", "d1", choice="yes", receipt=_client_receipt())
    assert other.status_code == 409 and other.json()["type"].endswith("already-voted")

    assert (await board.do(motion_id, "close-vote", "chair")).status_code == 200
    published = await board.get(f"/motions/{motion_id}/ballots", "d2")
    assert published["trackers"] == [tracker]
    # After the close the voter's own retry still recognises the receipt.
    late = await board.do(motion_id, "votes", "d1", choice="yes", receipt=receipt)
    assert late.status_code == 200 and late.json()["tracker"] == tracker


async def test_simultaneous_casts_with_one_receipt_leave_one_ballot(api: Api) -> None:
    board, motion_id = await _open_secret(api)
    receipt = _client_receipt()
    replies = await asyncio.gather(
        *(board.do(motion_id, "votes", "d1", choice="yes", receipt=receipt) for _ in range(6)),
        board.do(motion_id, "votes", "d2", choice="no"),
    )
    codes = sorted(r.status_code for r in replies[:6])
    assert codes == [200] * 5 + [201], [r.text for r in replies]
    assert replies[6].status_code == 201
    trackers = {r.json()["tracker"] for r in replies[:6]}
    assert trackers == {hashlib.sha256(receipt.encode()).hexdigest()}
    assert await _box(api) == (2, 2, 2)


async def test_another_members_receipt_confirms_nothing(api: Api) -> None:
    board, motion_id = await _open_secret(api)
    receipt = _client_receipt()
    assert (
        await board.do(motion_id, "votes", "d1", choice="yes", receipt=receipt)
    ).status_code == 201
    # d2 has voted with their own receipt; sending d1's gets the ordinary refusal.
    assert (await board.vote(motion_id, "d2", "no")).status_code == 201
    stolen = await board.do(motion_id, "votes", "d2", choice="no", receipt=receipt)
    assert stolen.status_code == 409, stolen.text
    assert stolen.json()["type"].endswith("already-voted")
    assert "already_counted" not in stolen.text and "tracker" not in stolen.text
    # d3 has not voted: the receipt is taken as d3's own, as any unused one would be;
    # nothing in the answer says it was counted before.
    fresh = await board.do(motion_id, "votes", "d3", choice="no", receipt=receipt)
    assert fresh.status_code == 201, fresh.text
    assert fresh.json()["already_counted"] is False
    # The chair (not on the roll) sending it is refused as any non-voter's second cast is not.
    assert await _box(api) == (3, 3, 3)
    # An admin who is not seated learns nothing either.
    outsider = await board.do(motion_id, "votes", "ada", choice="no", receipt=receipt)
    assert outsider.status_code == 403, outsider.text
    assert "tracker" not in outsider.text


@pytest.mark.parametrize(
    "receipt",
    [
        "short",
        "A" * 26,  # the right length, plainly not random
        "0123456789abcdef0123456789",  # 26 hex digits: under 128 bits
        "Z" * 65,
        "ABCD_EFGH_JKMN_PQRS_TVWX_YZ01",
        "ABCDEFGHJKMNPQRSTVWXYZ012é",
        "-" * 200,
    ],
)
async def test_a_bad_receipt_is_a_400_and_writes_nothing(api: Api, receipt: str) -> None:
    board, motion_id = await _open_secret(api)
    refused = await board.do(motion_id, "votes", "d1", choice="yes", receipt=receipt)
    assert refused.status_code == 400, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["field"] == "receipt"
    assert await _box(api) == (0, 0, 0)


async def test_hex_and_grouped_receipts_are_one_canonical_form(api: Api) -> None:
    board, motion_id = await _open_secret(api)
    hex_receipt = secrets.token_hex(16).upper()
    cast = await board.do(motion_id, "votes", "d1", choice="yes", receipt=hex_receipt)
    assert cast.status_code == 201
    assert cast.json()["tracker"] == hashlib.sha256(hex_receipt.lower().encode()).hexdigest()
    made = await board.vote(motion_id, "d2", "no")
    grouped = made.json()["receipt_grouped"]
    assert all(len(g) == 4 for g in grouped.split("-"))
    bare = grouped.replace("-", "")
    assert len(bare) == 28 and not set(bare) & set("ILOU")
    assert made.json()["tracker"] == hashlib.sha256(bare.encode()).hexdigest()
    spaced = " ".join(bare.lower()[i : i + 4] for i in range(0, 28, 4))
    again = await board.do(motion_id, "votes", "d2", choice="no", receipt=spaced)
    assert again.status_code == 200 and again.json()["tracker"] == made.json()["tracker"]
