"""Final actions take a second look (issue 13, item 6): the vote choice is shown before it
is counted, closing a vote shows the turnout (numbers only) first, adjourning asks first.
The look itself changes nothing: no vote, no close, no audit entry."""

from __future__ import annotations

import re
from typing import Any

from governance.db import fetch_rows
from tests.helpers import Api
from tests.web.motions.board import seat_board
from tests.web.pages.test_pages import HTML, csrf_of, sign_in


async def _ballots(api: Api) -> int:
    rows = await fetch_rows(api.runtime.engine, "SELECT count(*) FROM ballot_roll")
    return int(rows[0][0])


async def _entries(api: Api) -> int:
    """The audit chain's length, read from the database (the API client keeps the page's
    session cookie, so it is not used here)."""
    rows = await fetch_rows(api.runtime.engine, "SELECT count(*) FROM audit_entry")
    return int(rows[0][0])


async def test_vote_buttons_look_alike_and_say_they_count_at_once(api: Api, client: Any) -> None:
    board = await seat_board(api)
    meeting_id = await board.meeting()
    motion_id = await board.motion(meeting_id, method="secret")
    await board.seconded_and_open(motion_id)
    path = f"/orgs/acme/motions/{motion_id}"
    await sign_in(client, "d1@acme.example", path)
    page = await client.get(path, headers=HTML)
    buttons = re.findall(
        r'<button type="submit" name="choice" value="(\w+)" class="([^"]+)"', page.text
    )
    assert [b[0] for b in buttons] == ["yes", "no", "abstain"]
    assert len({b[1] for b in buttons}) == 1, f"the three choices look alike: {buttons}"
    assert f'action="{path}/vote"' in page.text  # the contract: the buttons cast the vote
    assert "counts your vote at once, and it cannot be changed" in page.text
    # The vote form comes before the facts about the motion.
    assert page.text.index('id="vote-h"') < page.text.index('id="facts-h"')


async def test_closing_shows_the_turnout_first_and_changes_nothing(api: Api, client: Any) -> None:
    board = await seat_board(api)
    meeting_id = await board.meeting()
    motion_id = await board.motion(meeting_id, method="roll_call")
    await board.seconded_and_open(motion_id)
    await board.vote(motion_id, "d1", "yes")
    await board.vote(motion_id, "d2", "no")
    path = f"/orgs/acme/motions/{motion_id}"
    await sign_in(client, "chair@acme.example", path)
    head = await _entries(api)
    look = await client.get(f"{path}/close-vote", headers=HTML)
    assert look.status_code == 200, look.text
    text = re.sub(r"<[^>]+>", "", look.text)
    assert "2 of 5 eligible members have voted" in text
    assert "3 have not voted yet" in text
    # Numbers only (the template has no names or choices to show).
    assert "Yes, close the vote and count" in text
    assert await _entries(api) == head
    status = await fetch_rows(
        api.runtime.engine, "SELECT status FROM motion WHERE id = $1", motion_id
    )
    assert status[0][0] == "voting"

    # A director cannot see the turnout page.
    await sign_in(client, "d3@acme.example", path)
    refused = await client.get(f"{path}/close-vote", headers=HTML)
    assert refused.status_code == 403


async def test_adjourning_asks_first(api: Api, client: Any) -> None:
    board = await seat_board(api)
    meeting_id = await board.meeting()
    motion_id = await board.motion(meeting_id)
    await board.seconded_and_open(motion_id)
    path = f"/orgs/acme/meetings/{meeting_id}"
    await sign_in(client, "secretary@acme.example", path)
    page = await client.get(path, headers=HTML)
    assert f'<form method="get" action="{path}/adjourn">' in page.text
    head = await _entries(api)
    look = await client.get(f"{path}/adjourn", headers=HTML)
    assert look.status_code == 200, look.text
    assert "Adjourn the meeting?" in look.text and "1 vote is still open" in look.text
    assert "Close it before adjourning" in look.text
    assert "Yes, adjourn the meeting" not in look.text  # it would be refused
    assert await _entries(api) == head
    await board.do(motion_id, "close-vote", "chair")
    await sign_in(client, "secretary@acme.example", path)
    look = await client.get(f"{path}/adjourn", headers=HTML)
    assert "No vote is open and no motion is waiting" in look.text
    assert "Yes, adjourn the meeting" in look.text
    done = await client.post(f"{path}/adjourn", data={"_csrf": csrf_of(look.text)}, headers=HTML)
    assert done.status_code == 303
    await sign_in(client, "d1@acme.example", path)
    assert (await client.get(f"{path}/adjourn", headers=HTML)).status_code in (403, 409)
