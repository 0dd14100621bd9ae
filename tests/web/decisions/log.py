"""Helpers: decisions made over HTTP as a board would make them."""

from __future__ import annotations

from typing import Any

from tests.web.motions.board import Board


async def decide(
    board: Board,
    meeting: str,
    title: str,
    text: str = "That we do the thing.",
    *,
    yes: int = 3,
    no: int = 1,
    **fields: Any,
) -> str:
    """Move, second and decide a show-of-hands motion; returns its id."""
    motion = await board.motion(meeting, title=title, text=text, method="show_of_hands", **fields)
    await board.seconded_and_open(motion)
    hands = await board.do(motion, "show-of-hands", "chair", yes=yes, no=no, abstain=0)
    assert hands.status_code == 200, hands.text
    closed = await board.do(motion, "close-vote", "chair")
    assert closed.status_code == 200, closed.text
    return motion


async def log(board: Board, who: str | None = "d1", **params: Any) -> Any:
    return await board.api.get(f"/orgs/{board.org}/decisions", who, params=params)
