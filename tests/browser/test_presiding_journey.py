"""The presiding officer in Chromium, axe on every page: a meeting where neither the chair
nor the vice chair is present, the secretary records the chair pro tem the meeting elected,
who then sees the next step and opens and closes the vote from the pages; at 320 px too."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import Visit
from tests.browser.test_journeys import ORG, api_as, email

pytestmark = pytest.mark.browser
Make = Callable[[], Visit]


def meeting_without_chair_or_vice_chair(base: str) -> tuple[str, str]:
    """A meeting in session (dated in the past, so other journeys keep using today's), with
    everyone seated present but the chair and the vice chair; (meeting id, a motion's id)
    seconded and waiting for its vote."""
    secretary, director2 = api_as(base, "secretary"), api_as(base, "director2")
    treasurer = api_as(base, "treasurer")
    try:
        board = secretary.get(f"/orgs/{ORG}/bodies/board").json()
        created = secretary.post(
            f"/orgs/{ORG}/bodies/board/meetings",
            json={
                "title": f"Extra meeting {secrets.token_hex(3)}",
                "scheduled_for": "2020-01-07T18:00:00Z",
            },
        )
        assert created.status_code == 201, created.text
        meeting = created.json()["id"]
        for seat in board["seated"]:
            status = "absent" if seat["role"] in ("chair", "vice_chair") else "present"
            marked = secretary.post(
                f"/orgs/{ORG}/meetings/{meeting}/attendance",
                json={"member_id": seat["member_id"], "status": status},
            )
            assert marked.status_code == 200, marked.text
        assert secretary.post(f"/orgs/{ORG}/meetings/{meeting}/open").status_code == 200
        moved = director2.post(
            f"/orgs/{ORG}/meetings/{meeting}/motions",
            json={"title": "Buy chairs", "text": "That we buy ten chairs."},
        )
        assert moved.status_code == 201, moved.text
        motion = moved.json()["id"]
        assert treasurer.post(f"/orgs/{ORG}/motions/{motion}/second").status_code == 200
        return meeting, motion
    finally:
        for client in (secretary, director2, treasurer):
            client.close()


def test_chair_pro_tem_presides(visit: Make, server: str) -> None:
    meeting, _ = meeting_without_chair_or_vice_chair(server)
    path = f"/orgs/{ORG}/meetings/{meeting}"
    secretary = visit()
    secretary.sign_in(email("secretary"), next_path=path)
    assert "Nobody can preside" in secretary.page.inner_text("main")
    secretary.page.get_by_label("Chair pro tem elected by the meeting").select_option(
        label="Jordan Lee"
    )
    secretary.click("button", "Record the chair pro tem")
    text = secretary.page.inner_text("main")
    assert "The chair pro tem is recorded." in text
    assert "Jordan Lee, elected chair pro tem by the meeting, presides" in text

    pro_tem = visit()
    pro_tem.sign_in(email("director"), next_path=path)
    assert "Your next step: Open the vote on" in pro_tem.page.inner_text("main")
    pro_tem.click("link", "Go to the motion")
    pro_tem.click("button", "Open the vote")
    assert "The vote is open." in pro_tem.page.inner_text("main")
    pro_tem.click("button", "Yes")
    pro_tem.click("button", "Close the vote and count")
    assert "eligible members have voted" in pro_tem.page.inner_text("main")  # the turnout first
    pro_tem.click("button", "Yes, close the vote and count")
    assert "Carried" in pro_tem.page.inner_text("main")
    adjourner = api_as(server, "secretary")
    try:
        assert adjourner.post(f"{path}/adjourn").status_code == 200
    finally:
        adjourner.close()


def test_meeting_page_fits_320_pixels_for_the_presiding_officer(browser: Any, server: str) -> None:
    meeting, _ = meeting_without_chair_or_vice_chair(server)
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        v = Visit(page=context.new_page(), base=server, journey="presiding-320", viewport="320")
        v.sign_in(email("secretary"), next_path=f"/orgs/{ORG}/meetings/{meeting}")
        wide = v.page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 320, f"the meeting page is {wide}px wide at 320"
        v.page.get_by_label("Chair pro tem elected by the meeting").select_option(
            label="Jordan Lee"
        )
        v.click("button", "Record the chair pro tem")
        wide = v.page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 320, f"the meeting page is {wide}px wide at 320"
    finally:
        context.close()
        closer = api_as(server, "secretary")
        try:
            closer.post(f"/orgs/{ORG}/meetings/{meeting}/adjourn")
        finally:
            closer.close()
