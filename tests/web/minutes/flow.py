"""Minutes over HTTP: a first meeting with decisions, then a second that approves them."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader

from tests.helpers import Api
from tests.web.motions.board import Board, seat_board


def pdf_text(pdf: bytes) -> str:
    """All text, one space for any run of whitespace."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def pdf_record(pdf: bytes) -> Any:
    (content,) = PdfReader(io.BytesIO(pdf)).attachments["minutes-record.json"]
    return json.loads(content)


@dataclass
class Minuted:
    """A board (chair, secretary, d1..d4, and `reader`, a member without a seat) whose first
    meeting is adjourned with a roll-call motion and a secret ballot decided."""

    board: Board
    first: str
    roll_call: str
    secret: str
    second: str = ""

    @property
    def api(self) -> Api:
        return self.board.api

    def path(self, meeting: str | None = None, tail: str = "/minutes") -> str:
        return f"/orgs/{self.board.org}/meetings/{meeting or self.first}{tail}"

    async def approve(self, of: str | None = None, **fields: Any) -> str:
        """Move, second and carry (by roll call) a motion approving the minutes of `of`."""
        if not self.second:
            self.second = await self.board.meeting(present=["chair", "secretary", "d1", "d2"])
        motion = await self.board.motion(
            self.second,
            "secretary",
            title="Approve the minutes",
            text="That the minutes are approved as circulated.",
            kind="approve_minutes",
            minutes_of=of or self.first,
            **fields,
        )
        await self.board.seconded_and_open(motion, seconder="d1")
        for name in ("chair", "secretary", "d1", "d2"):
            assert (await self.board.vote(motion, name, "yes")).status_code == 201
        closed = await self.board.do(motion, "close-vote", "chair")
        assert closed.json()["status"] == "carried", closed.text
        return motion


async def minuted_meeting(api: Api) -> Minuted:
    board = await seat_board(api, directors=4)
    await api.add_member(board.org, "reader", by="ada")
    first = await board.meeting(present=["chair", "secretary", "d1"], open_it=False)
    await board.attend(first, "d2", "remote")
    await board.attend(first, "d3", "excused")
    await board.attend(first, "d4", "absent")
    assert (await api.post(f"/orgs/{board.org}/meetings/{first}/open", "chair")).status_code == 200
    voters = ("chair", "secretary", "d1", "d2")

    roll_call = await board.motion(first, "d1", title="Buy chairs", text="Buy ten chairs.")
    await board.seconded_and_open(roll_call, seconder="secretary")
    for name in voters:
        choice = "no" if name == "d2" else "yes"
        assert (await board.vote(roll_call, name, choice)).status_code == 201
    assert (await board.do(roll_call, "close-vote", "chair")).json()["status"] == "carried"

    secret = await board.motion(
        first, "chair", title="Hire Pat", text="Hire Pat as coordinator.", method="secret"
    )
    recused = await board.do(secret, "recuse", "d2", reason="Pat is my cousin.")
    assert recused.status_code == 200, recused.text
    await board.seconded_and_open(secret, seconder="d1")
    for name in ("chair", "secretary", "d1"):
        choice = "no" if name == "d1" else "yes"
        assert (await board.vote(secret, name, choice)).status_code == 201
    assert (await board.do(secret, "close-vote", "chair")).json()["status"] == "carried"
    adjourned = await api.post(f"/orgs/{board.org}/meetings/{first}/adjourn", "secretary")
    assert adjourned.status_code == 200, adjourned.text
    return Minuted(board=board, first=first, roll_call=roll_call, secret=secret)
