"""Quorum lost over an open vote, in Chromium, axe on every page: the presiding officer (the
chair) adjourns from the meeting page, and the motion, the decision and the minutes say in
plain words that the vote failed for want of a quorum; at the phone and desktop viewports and
at 320 px."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import Visit
from tests.browser.test_journeys import ORG, api_as, email

pytestmark = pytest.mark.browser
Make = Callable[[], Visit]
WORDS = "Failed: no quorum when the meeting adjourned"


def meeting_losing_quorum_over_a_vote(base: str) -> tuple[str, str]:
    """A meeting in session (dated in the past) with a vote open and one vote cast, then
    everyone but the chair and the secretary gone; (meeting id, motion id)."""
    secretary, director2 = api_as(base, "secretary"), api_as(base, "director2")
    treasurer, chair = api_as(base, "treasurer"), api_as(base, "chair")
    try:
        board = secretary.get(f"/orgs/{ORG}/bodies/board").json()
        created = secretary.post(
            f"/orgs/{ORG}/bodies/board/meetings",
            json={
                "title": f"Short meeting {secrets.token_hex(3)}",
                "scheduled_for": "2020-01-08T18:00:00Z",
            },
        )
        assert created.status_code == 201, created.text
        meeting = created.json()["id"]

        def mark(status_of: Callable[[str], str]) -> None:
            for seat in board["seated"]:
                marked = secretary.post(
                    f"/orgs/{ORG}/meetings/{meeting}/attendance",
                    json={"member_id": seat["member_id"], "status": status_of(seat["role"])},
                )
                assert marked.status_code == 200, marked.text

        mark(lambda _role: "present")
        assert secretary.post(f"/orgs/{ORG}/meetings/{meeting}/open").status_code == 200
        moved = director2.post(
            f"/orgs/{ORG}/meetings/{meeting}/motions",
            json={"title": "Buy a kettle", "text": "That we buy a kettle."},
        )
        assert moved.status_code == 201, moved.text
        motion = moved.json()["id"]
        assert treasurer.post(f"/orgs/{ORG}/motions/{motion}/second").status_code == 200
        assert chair.post(f"/orgs/{ORG}/motions/{motion}/open-vote").status_code == 200
        cast = director2.post(f"/orgs/{ORG}/motions/{motion}/votes", json={"choice": "yes"})
        assert cast.status_code == 201, cast.text
        mark(lambda role: "present" if role in ("chair", "secretary") else "absent")
        return meeting, motion
    finally:
        for client in (secretary, director2, treasurer, chair):
            client.close()


def test_adjourn_without_quorum(visit: Make, server: str) -> None:
    meeting, motion = meeting_losing_quorum_over_a_vote(server)
    presiding = visit()
    presiding.sign_in(email("chair"), next_path=f"/orgs/{ORG}/meetings/{meeting}")
    assert "Quorum" in presiding.page.inner_text("main")
    presiding.click("button", "Adjourn (end) the meeting")
    assert "fails for want of a quorum" in presiding.page.inner_text("main")
    presiding.click("button", "Yes, adjourn without quorum")
    assert "The meeting is adjourned." in presiding.page.inner_text("main")
    for path in (
        f"/orgs/{ORG}/motions/{motion}",
        f"/orgs/{ORG}/decisions/{motion}",
        f"/orgs/{ORG}/meetings/{meeting}/minutes",
    ):
        presiding.goto(path)
        assert WORDS in presiding.page.inner_text("main"), path
    assert "Presiding:" in presiding.page.inner_text("main")


def test_failed_for_no_quorum_fits_320_pixels(browser: Any, server: str) -> None:
    meeting, motion = meeting_losing_quorum_over_a_vote(server)
    closer = api_as(server, "chair")
    try:
        assert closer.post(f"/orgs/{ORG}/meetings/{meeting}/adjourn").status_code == 200
    finally:
        closer.close()
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        v = Visit(page=context.new_page(), base=server, journey="no-quorum-320", viewport="320")
        v.sign_in(email("secretary"), next_path=f"/orgs/{ORG}/motions/{motion}")
        for path in (f"/orgs/{ORG}/motions/{motion}", f"/orgs/{ORG}/decisions/{motion}"):
            v.goto(path)
            wide = v.page.evaluate("document.documentElement.scrollWidth")
            assert wide <= 320, f"{path} is {wide}px wide at 320"
    finally:
        context.close()
