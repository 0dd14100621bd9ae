"""The attack on an open roll-call vote: a plain director reads how the others voted.

While the vote is open, `GET /audit` listed every `vote.cast` with its `choice` and
`member_id`, although the motion's API and pages hide choices until close. Now the entry
carries who voted and a salted commitment to the choice; the close entry publishes every
opening, and verify checks that each commitment opens to what was counted.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from governance.audit.rules import canonical_json
from tests.helpers import Api
from tests.web.motions.board import Board, seat_board
from tests.web.pages.test_pages import HTML, sign_in

CHOICES = {"chair": "yes", "secretary": "no", "d2": "abstain", "d3": "no"}


def _leaks(text: str, board: Board) -> list[str]:
    """Each other voter's choice that `text` shows: the choice word itself in an entry or
    reply about votes, or a voter's name or id next to a choice."""
    found = []
    for name, choice in CHOICES.items():
        who = re.escape(board.id(name))
        display = re.escape(name.title())
        pattern = rf"({who}|{display})\W{{1,40}}{choice}\b"
        if re.search(pattern, text, re.IGNORECASE):
            found.append(f"{name}:{choice}")
    return found


async def _open_vote(api: Api) -> tuple[Board, str, str]:
    board = await seat_board(api)
    meeting = await board.meeting()
    motion = await board.motion(meeting)
    await board.seconded_and_open(motion)
    for name, choice in CHOICES.items():
        assert (await board.vote(motion, name, choice)).status_code == 201
    assert (await board.vote(motion, "d1", "yes")).status_code == 201
    return board, meeting, motion


async def _audit(api: Api, reader: str) -> list[dict[str, Any]]:
    return list((await api.get("/orgs/acme/audit?limit=1000", reader)).json()["entries"])


async def test_no_choice_is_readable_anywhere_while_the_roll_call_is_open(
    api: Api, client: Any
) -> None:
    board, meeting, motion = await _open_vote(api)
    for reader in ("d1", "ada"):  # a plain director, and an org admin too
        entries = await _audit(api, reader)
        casts = [e for e in entries if e["action"] == "vote.cast"]
        assert len(casts) == len(CHOICES) + 1
        exposed = [e for e in casts if e["data"].get("choice") in ("yes", "no", "abstain")]
        print(f"{reader}: {len(exposed)} of {len(casts)} roll-call choices readable in /audit")
        assert exposed == []
        assert {e["data"]["member_id"] for e in casts} == {
            board.id(n) for n in [*CHOICES, "d1"]
        }  # who voted is public, as in any roll call
        assert all(e["data"]["choice"].startswith("commit:") for e in casts)
        assert "opened" not in str(casts) and "salt" not in str(casts)
        shown = (await api.get(f"/orgs/acme/motions/{motion}", reader)).json()
        assert "votes" not in shown and "tally" not in shown
        assert _leaks(str(shown), board) == []
    await sign_in(client, api.people["d1"].email)
    for path in (f"/orgs/acme/meetings/{meeting}", f"/orgs/acme/motions/{motion}"):
        page = await client.get(path, headers=HTML)
        assert page.status_code == 200
        assert _leaks(page.text, board) == []


async def test_after_close_every_commitment_opens_to_the_counted_choice(api: Api) -> None:
    board, _, motion = await _open_vote(api)
    assert (await board.do(motion, "close-vote", "chair")).status_code == 200
    entries = await _audit(api, "d1")
    casts = {e["seq"]: e for e in entries if e["action"] == "vote.cast"}
    closes = [
        e
        for e in entries
        if e["action"] in ("motion.carried", "motion.failed") and e["subject"] == f"motion:{motion}"
    ]
    assert len(closes) == 1
    openings = closes[0]["data"]["openings"]
    assert {o["seq"] for o in openings} == set(casts)
    opened = {}
    for opening in openings:
        cast = casts[opening["seq"]]
        assert cast["data"]["member_id"] == opening["member_id"]
        digest = hashlib.sha256(
            (opening["salt"] + canonical_json(opening["choice"])).encode()
        ).hexdigest()
        assert cast["data"]["choice"] == f"commit:{digest}"
        opened[opening["member_id"]] = opening["choice"]
    expected = {board.id(n): c for n, c in CHOICES.items()} | {board.id("d1"): "yes"}
    assert opened == expected
    shown = (await api.get(f"/orgs/acme/motions/{motion}", "d1")).json()
    assert {v["member_id"]: v["choice"] for v in shown["votes"]} == expected
    assert (await api.get("/orgs/acme/audit/verify", "d1")).json()["ok"] is True
