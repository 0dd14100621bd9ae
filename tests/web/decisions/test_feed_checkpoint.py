"""The decision log's Atom feed carries the audit log's signed checkpoint."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from governance.audit.checkpoint import verify_checkpoint
from governance.decisions.exports import CHECKPOINT_TAG
from tests.helpers import Api
from tests.web.decisions.log import decide
from tests.web.motions.board import seat_board

ATOM = "{http://www.w3.org/2005/Atom}"


async def test_the_feed_carries_the_current_checkpoint(api: Api) -> None:
    board = await seat_board(api)
    meeting = await board.meeting()
    await decide(board, meeting, "Adopt the budget")
    feed = await api.get("/orgs/acme/decisions.atom", "d1")
    assert feed.status_code == 200
    root = ET.fromstring(feed.content)  # noqa: S314 - our own response
    assert len(root.findall(f"{ATOM}entry")) == 1
    note = root.findtext(CHECKPOINT_TAG)
    assert note is not None
    assert note == (await api.get("/orgs/acme/audit/checkpoint", "d1")).text
    key = (await api.get("/orgs/acme/audit/key", "d1")).text
    entries = (await api.get("/orgs/acme/audit?limit=1000", "d1")).json()["entries"]
    assert verify_checkpoint(note, key).size == len(entries)
