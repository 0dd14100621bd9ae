"""The meeting page says who presides, whether there is quorum (and when it was lost and
regained), who is present, and shows the presiding officer the next step; the vice chair,
presiding while the chair is absent, opens and closes votes from the pages."""

from __future__ import annotations

import re
from typing import Any

from tests.helpers import Api
from tests.web.motions.board import seat_board
from tests.web.pages.test_pages import HTML, csrf_of, sign_in


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


async def test_vice_chair_presides_from_the_pages(api: Api, client: Any) -> None:
    board = await seat_board(api, directors=3, vice_chair=True)
    meeting = await board.meeting(present=[m for m in board.members if m != "chair"])
    motion = await board.motion(meeting, "d1", title="Paint the hall")
    assert (await board.do(motion, "second", "d2")).status_code == 200
    number = (await board.get(f"/motions/{motion}"))["number"]
    meeting_path, motion_path = f"/orgs/acme/meetings/{meeting}", f"/orgs/acme/motions/{motion}"

    # A director reads who presides and who is here, but no next step.
    await sign_in(client, "d3@acme.example", meeting_path)
    shown = text_of((await client.get(meeting_path, headers=HTML)).text)
    assert "The vice chair, Vice Chair, presides while the chair is absent." in shown
    assert "Present now: " in shown and "Vice Chair" in shown
    assert "Quorum is met." in shown and "Quorum reached" in shown
    assert "Your next step" not in shown

    # The absent chair sees no button to open the vote, and why.
    await sign_in(client, "chair@acme.example", motion_path)
    page = await client.get(motion_path, headers=HTML)
    assert "Open the vote</button>" not in page.text
    assert "presides while the chair is absent" in text_of(page.text)

    # The vice chair sees the next step, opens and closes the vote from the pages.
    await sign_in(client, "vice_chair@acme.example", meeting_path)
    shown = text_of((await client.get(meeting_path, headers=HTML)).text)
    assert f"Your next step: Open the vote on {number}." in shown
    page = await client.get(motion_path, headers=HTML)
    assert "Open the vote</button>" in page.text
    opened = await client.post(
        f"{motion_path}/open-vote", data={"_csrf": csrf_of(page.text)}, headers=HTML
    )
    assert opened.status_code == 303, opened.text
    assert (await board.vote(motion, "d1", "yes")).status_code == 201
    await sign_in(client, "vice_chair@acme.example", meeting_path)  # the API call signed out
    shown = text_of((await client.get(meeting_path, headers=HTML)).text)
    assert f"Your next step: Close the vote on {number}" in shown

    # Quorum lost: the next step says to wait, closing from the page shows why not.
    for name in ("d1", "d2", "d3"):
        await board.attend(meeting, name, "absent")
    await sign_in(client, "vice_chair@acme.example", meeting_path)
    shown = text_of((await client.get(meeting_path, headers=HTML)).text)
    assert f"Quorum lost: the vote on {number} cannot be closed until quorum returns." in shown
    # The quorum panel says it was lost, not that it is "not met yet".
    assert "Quorum was lost." in shown and "not met yet" not in shown
    assert "Quorum lost" in shown.split("When quorum was reached and lost", 1)[1]
    page = await client.get(motion_path, headers=HTML)
    refused = await client.post(
        f"{motion_path}/close-vote", data={"_csrf": csrf_of(page.text)}, headers=HTML
    )
    assert refused.status_code == 409
    assert "Quorum was lost, so the vote cannot be closed" in text_of(refused.text)
    for name in ("d1", "d2"):  # six seats: four make quorum
        await board.attend(meeting, name, "present")
    await sign_in(client, "vice_chair@acme.example", motion_path)
    page = await client.get(motion_path, headers=HTML)
    closed = await client.post(
        f"{motion_path}/close-vote", data={"_csrf": csrf_of(page.text)}, headers=HTML
    )
    assert closed.status_code == 303, closed.text
    assert (await board.get(f"/motions/{motion}"))["status"] == "carried"
    await sign_in(client, "vice_chair@acme.example", meeting_path)
    history = text_of((await client.get(meeting_path, headers=HTML)).text)
    history = history.split("When quorum was reached and lost", 1)[1]
    assert history.count("Quorum reached") == 2 and history.count("Quorum lost") == 1


async def test_secretary_records_a_chair_pro_tem_from_the_page(api: Api, client: Any) -> None:
    board = await seat_board(api, directors=3)
    meeting = await board.meeting(present=["secretary", "d1", "d2", "d3"])
    path = f"/orgs/acme/meetings/{meeting}"
    await sign_in(client, "secretary@acme.example", path)
    page = await client.get(path, headers=HTML)
    assert "Nobody can preside" in text_of(page.text)
    assert 'action="' + path + '/chair-pro-tem"' in page.text
    token = csrf_of(page.text)
    empty = await client.post(f"{path}/chair-pro-tem", data={"_csrf": token}, headers=HTML)
    assert empty.status_code == 400
    assert "Choose the member the meeting elected." in empty.text
    done = await client.post(
        f"{path}/chair-pro-tem", data={"_csrf": token, "member_id": board.id("d2")}, headers=HTML
    )
    assert done.status_code == 303, done.text
    shown = text_of((await client.get(f"{path}?done=pro-tem", headers=HTML)).text)
    assert "The chair pro tem is recorded." in shown
    assert "D2, elected chair pro tem by the meeting, presides" in shown
