"""Motion lists: each motion reads exactly as it does on its own page, and a page of motions
costs the same number of queries however many motions it holds (no query per motion)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.helpers import Api
from tests.web.motions.board import Board, seat_board


@contextmanager
def counted_queries(api: Api, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every query the application's engine runs inside the block."""
    engine_class = type(api.runtime.engine)  # patched on the class: PostgresEngine has slots
    seen: list[str] = []
    original = engine_class.run_querystring

    async def counting(self: Any, querystring: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(str(querystring))
        return await original(self, querystring, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(engine_class, "run_querystring", counting)
        yield seen


async def _busy_meeting(board: Board, motions: int) -> str:
    """A meeting with `motions` motions: one decided by roll call, one with an amendment and a
    recusal, one open for a secret vote, the rest just moved."""
    meeting = await board.meeting()
    decided = await board.motion(meeting, title="Decided")
    await board.seconded_and_open(decided)
    for name in board.members:
        await board.vote(decided, name, "yes")
    assert (await board.do(decided, "close-vote", "chair")).status_code == 200
    main = await board.motion(meeting, title="Amended")
    await board.motion(meeting, "d1", kind="amendment", amends=main, text="New words.")
    assert (await board.do(main, "recuse", "d2", reason="My firm.", public=True)).status_code == 200
    secret = await board.motion(meeting, title="Secret", method="secret")
    await board.seconded_and_open(secret)
    for n in range(motions - 4):
        await board.motion(meeting, title=f"Other {n}")
    return meeting


async def test_a_listed_motion_reads_as_it_does_alone(api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await _busy_meeting(board, 5)
    listed = (await board.get(f"/meetings/{meeting}/motions", "d2"))["motions"]
    assert len(listed) == 5
    for motion in listed:
        assert motion == await board.get(f"/motions/{motion['id']}", "d2")
    mine = (await board.get("/motions?open_for=me", "d2"))["motions"]
    assert [m["title"] for m in mine] == ["Secret"]
    assert mine[0] == await board.get(f"/motions/{mine[0]['id']}", "d2")


async def test_lists_cost_the_same_for_few_or_many_motions(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = await seat_board(api, directors=2)
    costs = []
    for size in (4, 12):
        meeting = await _busy_meeting(board, size)
        paths = [f"/meetings/{meeting}/motions", "/motions?open_for=me", "/motions?body=board"]
        with counted_queries(api, monkeypatch) as seen:
            for path in paths:
                await board.get(path, "d2")
        costs.append(len(seen))
    assert costs[0] > 0
    assert costs[0] == costs[1], costs
