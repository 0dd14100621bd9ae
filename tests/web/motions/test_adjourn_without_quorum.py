"""A meeting that loses quorum over an open vote may still adjourn (issue 12): business
without a quorum is void, so every vote still open ends `failed` with `reason: "no quorum"`
in the adjourning transaction, through the one deciding step (decision log, minutes, audit),
and a secret ballot's box is closed exactly as a normal close closes it. With quorum, an open
vote still blocks adjourning: the presiding officer closes it first."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import hashlib
from datetime import UTC, datetime
from typing import Any

import pytest

from governance.minutes.pdf import build_html
from governance.motions.rules.business import NO_QUORUM_WORDS
from governance.voting import port as voting_port
from tests.helpers import Api
from tests.web.motions.board import Board, seat_board
from tests.web.motions.test_refusals_change_nothing import refused
from tests.web.pages.test_pages import HTML, sign_in
from tests.web.pages.test_presiding_pages import text_of

# The templates spell it out; they must agree with the rule's words.
assert NO_QUORUM_WORDS == "Failed: no quorum when the meeting adjourned"


async def _lose_quorum(board: Board, meeting: str) -> None:
    for name in ("d1", "d2", "d3"):
        await board.attend(meeting, name, "absent")
    assert (await board.get(f"/meetings/{meeting}"))["quorum"]["met"] is False


async def _adjourn(board: Board, meeting: str, who: str = "chair") -> dict:
    """Adjourned by the presiding officer (the chair, present), who alone may void votes."""
    response = await board.api.post(f"/orgs/{board.org}/meetings/{meeting}/adjourn", who)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "adjourned"
    return dict(response.json())


async def test_roll_call_open_when_quorum_lost_fails_at_adjournment(api: Api, client: Any) -> None:
    board = await seat_board(api, directors=3)  # five seats; three make quorum
    meeting = await board.meeting()
    motion = await board.motion(meeting, "d1")
    await board.seconded_and_open(motion)
    for name in ("chair", "secretary", "d1"):  # would carry, had quorum held
        assert (await board.vote(motion, name, "yes")).status_code == 201
    await _lose_quorum(board, meeting)
    assert (await board.do(motion, "close-vote", "chair")).status_code == 409

    await _adjourn(board, meeting)
    shown = await board.get(f"/motions/{motion}")
    assert shown["status"] == "failed"
    assert shown["tally"]["reason"] == "no quorum"
    assert (shown["tally"]["yes"], shown["tally"]["voted"]) == (3, 3)  # recorded, not used

    log = await board.get("/decisions")
    entry = next(d for d in log["items"] if d["id"] == motion)
    assert entry["outcome"] == "failed" and entry["tally"]["reason"] == "no quorum"
    await sign_in(client, "d2@acme.example")
    for path in (f"/orgs/acme/decisions/{motion}", f"/orgs/acme/motions/{motion}"):
        assert NO_QUORUM_WORDS in text_of((await client.get(path, headers=HTML)).text), path
    log_page = await client.get("/orgs/acme/decisions", headers=HTML)
    assert NO_QUORUM_WORDS in text_of(log_page.text)
    feed = await client.get("/api/v1/orgs/acme/decisions.atom", headers=api.people["d2"].headers)
    assert feed.status_code == 200 and f"{NO_QUORUM_WORDS} (Board)." in feed.text

    entries = (await board.get("/audit?limit=1000", "ada"))["entries"]
    (failed,) = [e for e in entries if e["action"] == "motion.failed"]
    assert failed["subject"] == f"motion:{motion}"
    assert failed["data"]["closed_by"] == "adjourned_without_quorum"
    assert failed["data"]["tally"]["reason"] == "no quorum"
    adjourned = [e for e in entries if e["action"] == "meeting.adjourned"][-1]
    assert adjourned["seq"] > failed["seq"]
    assert adjourned["data"]["failed_without_quorum"] == [shown["number"]]
    await board.audit_head()  # the chain verifies, the roll call's openings included

    minutes = await board.get(f"/meetings/{meeting}/minutes", "secretary")
    record = minutes["record"]
    (listed,) = [m for m in record["motions"] if m["id"] == motion]
    assert listed["status"] == "failed" and listed["tally"]["reason"] == "no quorum"
    assert record["meeting"]["presiding"] == "Chair (chair)"
    html = text_of(
        build_html(
            record=record,
            notes_html="",
            approval=None,
            audit_head_hash="0" * 64,
            version=1,
            published_at=datetime.now(UTC),
        )
    )
    assert f"Outcome: {NO_QUORUM_WORDS}" in html
    assert "Presiding Chair (chair)" in html
    await sign_in(client, "secretary@acme.example")
    page = text_of((await client.get(f"/orgs/acme/meetings/{meeting}/minutes", headers=HTML)).text)
    assert "Presiding: Chair (chair)" in page and f"({NO_QUORUM_WORDS})" in page


async def test_secret_ballot_box_closes_when_adjourned_without_quorum(api: Api) -> None:
    board = await seat_board(api, directors=3)
    meeting = await board.meeting()
    motion = await board.motion(meeting, "d1", method="secret")
    await board.seconded_and_open(motion)
    receipts = {}
    for name, choice in (("chair", "yes"), ("d1", "no"), ("d2", "yes")):
        cast = await board.vote(motion, name, choice)
        assert cast.status_code == 201, cast.text
        receipts[name] = cast.json()["receipt"]
    await _lose_quorum(board, meeting)

    await _adjourn(board, meeting)
    shown = await board.get(f"/motions/{motion}")
    assert shown["status"] == "failed" and shown["tally"]["reason"] == "no quorum"
    published = await board.get(f"/motions/{motion}/ballots", "d3")
    trackers = published["trackers"]
    assert trackers == sorted(trackers) and len(trackers) == 3
    for receipt in receipts.values():
        assert hashlib.sha256(receipt.encode()).hexdigest() in trackers
    await board.audit_head()  # box digest and tally recomputed from the box


async def test_the_secretary_cannot_void_a_vote_by_marking_members_absent(api: Api) -> None:
    """The attack: the person who records attendance marks members absent while a vote is
    going to carry, then adjourns so that it fails. Only the presiding officer may adjourn
    when that would void open votes; the secretary is refused and nothing changes."""
    board = await seat_board(api, directors=3)
    meeting = await board.meeting()
    motion = await board.motion(meeting, "d1")
    await board.seconded_and_open(motion)
    for name in ("chair", "secretary", "d1"):
        assert (await board.vote(motion, name, "yes")).status_code == 201
    await _lose_quorum(board, meeting)
    adjourn = api.post(f"/orgs/acme/meetings/{meeting}/adjourn", "secretary")
    detail = await refused(board, adjourn, 403, f"/meetings/{meeting}", f"/motions/{motion}")
    assert "only the presiding officer" in detail
    assert (await board.get(f"/motions/{motion}"))["status"] == "voting"
    await _adjourn(board, meeting, "chair")  # the presiding officer may
    assert (await board.get(f"/motions/{motion}"))["status"] == "failed"


async def test_with_quorum_an_open_vote_still_blocks_adjourning(api: Api) -> None:
    board = await seat_board(api, directors=3)
    meeting = await board.meeting()
    motion = await board.motion(meeting, "d1")
    await board.seconded_and_open(motion)
    await board.attend(meeting, "d3", "absent")  # four of five: quorum holds
    adjourn = api.post(f"/orgs/acme/meetings/{meeting}/adjourn", "secretary")
    detail = await refused(board, adjourn, 409, f"/meetings/{meeting}", f"/motions/{motion}")
    assert "Close it before adjourning" in detail
    assert (await board.get(f"/motions/{motion}"))["status"] == "voting"


async def test_every_open_vote_fails_even_a_show_of_hands_never_counted(api: Api) -> None:
    board = await seat_board(api, directors=3)
    meeting = await board.meeting()
    roll_call = await board.motion(meeting, "d1", title="Paint")
    hands = await board.motion(meeting, "d1", title="Hire", method="show_of_hands")
    for motion in (roll_call, hands):
        await board.seconded_and_open(motion)
    await _lose_quorum(board, meeting)

    adjourned = await _adjourn(board, meeting)
    assert {m["status"] for m in adjourned["motions"]} == {"failed"}
    shown = await board.get(f"/motions/{hands}")
    assert shown["tally"] == {
        "yes": 0, "no": 0, "abstain": 0, "eligible": 2, "voted": 0, "reason": "no quorum"
    }  # fmt: skip
    await board.audit_head()


async def test_members_returning_during_the_adjournment_wait_for_it(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Members come back just after the adjournment found no quorum, and it gives them a
    second to get in first: their arrival waits for the adjournment (the meeting's row is
    locked), so the vote fails for the quorum that was checked and the late arrivals are told
    the meeting has been adjourned; never a vote failed for no quorum while quorum was back."""
    board = await seat_board(api, directors=3)
    meeting = await board.meeting()
    motion = await board.motion(meeting, "d1")
    await board.seconded_and_open(motion)
    await _lose_quorum(board, meeting)
    entries, _ = await board.audit_head()
    real = voting_port.close_motion
    arriving: list[asyncio.Task[Any]] = []

    async def members_return() -> list[int]:
        codes = []
        for name in ("d1", "d2"):
            response = await api.post(
                f"/orgs/acme/meetings/{meeting}/attendance",
                "secretary",
                json={"member_id": board.id(name), "status": "present"},
            )
            codes.append(response.status_code)
        return codes

    async def members_return_first(**kwargs: Any) -> Any:
        loop = asyncio.get_running_loop()
        arriving.append(loop.create_task(members_return(), context=contextvars.Context()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(arriving[0]), timeout=1.0)
        return await real(**kwargs)

    monkeypatch.setattr(voting_port, "close_motion", members_return_first)
    await _adjourn(board, meeting)
    (codes,) = await asyncio.gather(*arriving)
    assert codes == [409, 409]
    audit = await board.get(f"/audit?after={entries}&limit=100", "d1")
    assert [e["action"] for e in audit["entries"]] == ["motion.failed", "meeting.adjourned"]
    assert (await board.get(f"/motions/{motion}"))["tally"]["reason"] == "no quorum"
