"""'What needs you' on the organisation's home page lists what waits for this member and
nothing else (issue 13): a vote they can cast, a motion they could second, and for the
record keeper approved minutes to publish."""

from __future__ import annotations

import re
from typing import Any

from tests.helpers import Api
from tests.web.minutes.flow import minuted_meeting
from tests.web.pages.test_pages import HTML, sign_in


def _needs_you(html: str) -> str:
    found = re.search(r'<section aria-labelledby="needs-you">(.*?)</section>', html, re.S)
    assert found, "the home page has a 'What needs you' section"
    return found.group(1)


async def test_a_motion_to_second_and_minutes_to_publish(api: Api, client: Any) -> None:
    m = await minuted_meeting(api)
    await m.approve()
    board = m.board
    meeting_id = await board.meeting()
    moved = await board.motion(meeting_id, "d1", title="Paint the hall", text="Paint it.")

    await sign_in(client, "d2@acme.example", "/orgs/acme")
    mine = _needs_you((await client.get("/orgs/acme", headers=HTML)).text)
    assert "Paint the hall" in mine and f"/orgs/acme/motions/{moved}" in mine
    assert "waiting for a second" in mine
    assert "minutes to publish" not in mine.lower()

    await sign_in(client, "d1@acme.example", "/orgs/acme")
    movers = _needs_you((await client.get("/orgs/acme", headers=HTML)).text)
    assert "Paint the hall" not in movers  # nobody seconds their own motion

    await sign_in(client, "reader@acme.example", "/orgs/acme")
    reader = _needs_you((await client.get("/orgs/acme", headers=HTML)).text)
    assert "Paint the hall" not in reader and "minutes to publish" not in reader.lower()

    await sign_in(client, "secretary@acme.example", "/orgs/acme")
    keeper = _needs_you((await client.get("/orgs/acme", headers=HTML)).text)
    assert "Approved minutes to publish" in keeper
    assert f"/orgs/acme/meetings/{m.first}/minutes" in keeper
