"""Procedure that holds up (issue 12), in Chromium at 320 px and at desktop width, axe on
every page state: the secretary and the vice chair, each in their own browser, run a meeting
in which the chair is absent. The vice chair presides; quorum is lost and regained (a close
is refused meanwhile); a pending motion is postponed to a later meeting; an earlier decision
is rescinded by two thirds and the decision log says so; the meeting adjourns.

The world (an earlier meeting with a carried decision, a later meeting, this meeting) is made
through the API with past dates, so the other journeys keep using today's meeting; every step
of running the meeting goes through the pages.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

import pytest

from tests.browser.conftest import Visit
from tests.browser.test_journeys import ORG, api_as, email

pytestmark = pytest.mark.browser
SIZES = {"narrow": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 900}}
CHAIR, VICE_CHAIR, SECRETARY = "Alex Rivera", "Maria Santos", "Sam Okafor"
# Marked absent to lose quorum: four of the eight present leaves four, below the board's five.
LEAVERS = ["Chris Walker", "Dana Kim", "Eli Brooks", "Fran Moore"]


def fits(v: Visit, width: int) -> None:
    wide = v.page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{v.page.url} is {wide}px wide at {width}"


def main_text(v: Visit) -> str:
    return v.page.inner_text("main")


def _ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return response.json()


def the_world(base: str, tag: str) -> dict[str, str]:
    """An earlier, adjourned meeting whose motion carried; a later meeting, scheduled; and
    this meeting, scheduled between them with nobody's attendance recorded."""
    chair, secretary = api_as(base, "chair"), api_as(base, "secretary")
    try:
        board = _ok(secretary.get(f"/orgs/{ORG}/bodies/board"))

        def schedule(title: str, when: str) -> str:
            created = secretary.post(
                f"/orgs/{ORG}/bodies/board/meetings",
                json={"title": f"{title} {tag}", "scheduled_for": when},
            )
            return str(_ok(created, 201)["id"])

        earlier = schedule("Winter meeting", "2020-02-04T18:00:00Z")
        for seat in board["seated"]:
            _ok(
                secretary.post(
                    f"/orgs/{ORG}/meetings/{earlier}/attendance",
                    json={"member_id": seat["member_id"], "status": "present"},
                )
            )
        _ok(secretary.post(f"/orgs/{ORG}/meetings/{earlier}/open"))
        decided = _ok(
            chair.post(
                f"/orgs/{ORG}/meetings/{earlier}/motions",
                json={
                    "title": f"Close on Mondays {tag}",
                    "text": "That the drop-in centre closes on Mondays.",
                    "method": "roll_call",
                },
            ),
            201,
        )["id"]
        _ok(secretary.post(f"/orgs/{ORG}/motions/{decided}/second"))
        _ok(chair.post(f"/orgs/{ORG}/motions/{decided}/open-vote"))
        for client in (chair, secretary):
            _ok(client.post(f"/orgs/{ORG}/motions/{decided}/votes", json={"choice": "yes"}), 201)
        assert _ok(chair.post(f"/orgs/{ORG}/motions/{decided}/close-vote"))["status"] == "carried"
        _ok(secretary.post(f"/orgs/{ORG}/meetings/{earlier}/adjourn"))
        later = schedule("Spring meeting", "2020-03-03T18:00:00Z")
        meeting = schedule("Procedure meeting", "2020-02-18T18:00:00Z")
        return {"meeting": meeting, "later": later, "decided": decided}
    finally:
        chair.close()
        secretary.close()


def set_attendance(v: Visit, name: str, status: str) -> None:
    v.page.get_by_label(f"Attendance of {name}", exact=True).select_option(status)
    v.click("button", f"Save attendance of {name}")
    assert "Attendance saved." in main_text(v)


def propose(v: Visit, title: str, text: str, **choices: str) -> str:
    """Fill the meeting page's motion form (roll call) and propose; the motion's path."""
    v.page.get_by_label("Short title").fill(title)
    v.page.get_by_label("What the board would decide").fill(text)
    v.page.get_by_label("How the board votes").select_option("roll_call")
    for label, value in choices.items():
        v.page.get_by_label(label, exact=True).select_option(value)
    v.click("button", "Propose motion")
    assert v.page.get_by_role("heading", level=1).inner_text().endswith(title), main_text(v)
    return v.page.url.removeprefix(v.base).split("?", 1)[0]


def second(v: Visit, motion_path: str) -> None:
    v.goto(motion_path)
    v.click("button", "Second the motion")
    assert "You have seconded the motion." in main_text(v)


def vote_yes(v: Visit, motion_path: str) -> None:
    v.goto(motion_path)
    v.click("button", "Yes")
    assert "Your vote has been counted." in main_text(v)


def close_vote(v: Any) -> None:
    """The presiding officer closes a vote: the turnout first, then the count."""
    v.click("button", "Close the vote and count")
    assert "eligible" in main_text(v)  # the turnout, numbers only
    v.click("button", "Yes, close the vote and count")


@pytest.mark.parametrize("size", list(SIZES))
def test_secretary_and_vice_chair_run_a_meeting_without_the_chair(
    browser: Any, server: str, size: str
) -> None:
    tag = secrets.token_hex(3)
    world = the_world(server, tag)
    meeting_path = f"/orgs/{ORG}/meetings/{world['meeting']}"
    width = SIZES[size]["width"]
    contexts = [browser.new_context(viewport=SIZES[size]) for _ in range(2)]
    try:
        sec, vice = (
            Visit(page=c.new_page(), base=server, journey="meeting-procedure", viewport=who)
            for c, who in zip(contexts, (f"{size}-secretary", f"{size}-vice-chair"), strict=True)
        )

        # The secretary records attendance, the chair absent, then opens the meeting.
        sec.sign_in(email("secretary"), next_path=meeting_path)
        fits(sec, width)
        assert "Nobody is recorded present yet." in main_text(sec)
        set_attendance(sec, CHAIR, "absent")
        # Keyboard only: the vice chair's attendance is chosen and saved without a mouse.
        sec.page.get_by_label(f"Attendance of {VICE_CHAIR}", exact=True).focus()
        sec.page.keyboard.press("ArrowDown")  # "Not recorded" -> "Present"
        assert sec.page.get_by_label(f"Attendance of {VICE_CHAIR}", exact=True).input_value() == (
            "present"
        )
        sec.page.keyboard.press("Tab")
        with sec.page.expect_navigation():
            sec.page.keyboard.press("Enter")
        sec.check()
        assert "Attendance saved." in main_text(sec)
        # Other journeys may have ended Fran Moore's seat (the demo's full board makes room
        # that way): the leavers are those still seated, so quorum is lost when they go.
        leavers = [
            name
            for name in LEAVERS
            if sec.page.get_by_label(f"Attendance of {name}", exact=True).count()
        ]
        assert len(leavers) >= 3
        for name in [SECRETARY, "Jordan Lee", "Priya Nair", *leavers]:
            set_attendance(sec, name, "present")
        text = main_text(sec)
        assert "Quorum is met." in text and f"{4 + len(leavers)} present" in text
        sec.click("button", "Open the meeting")
        text = main_text(sec)
        assert "The meeting is now in session." in text
        assert f"{VICE_CHAIR} presides" in text
        assert "chair" in text.lower() and "absent" in text.lower()
        fits(sec, width)

        # The vice chair's view: quorum, who is present, the floor, the next step.
        vice.sign_in(email("vicechair"), next_path=meeting_path)
        text = main_text(vice)
        assert f"{VICE_CHAIR} presides (you)." in text
        assert "Quorum is met." in text
        present_line = next(line for line in text.splitlines() if line.startswith("Present now:"))
        assert VICE_CHAIR in present_line and SECRETARY in present_line
        assert CHAIR not in present_line
        assert "Nothing is waiting to be decided." in text
        assert "Your next step:" in text
        fits(vice, width)

        # A motion is moved by the secretary and seconded by the vice chair, both present.
        sofa = propose(sec, f"Buy a sofa {tag}", "That we buy a sofa for the lounge.")
        vice.goto(meeting_path)
        text = main_text(vice)
        assert f"Buy a sofa {tag}" in text and "waiting for a second" in text
        assert "Your next step:" in text
        second(vice, sofa)
        vice.click("button", "Open the vote")
        assert "The vote is open." in main_text(vice)
        vote_yes(sec, sofa)

        # Quorum is lost: four members leave. The page says so; the close is refused.
        sec.goto(meeting_path)
        for name in leavers:
            set_attendance(sec, name, "absent")
        text = main_text(sec)
        assert "Quorum was lost." in text and "4 of 9 seated members are present" in text
        assert "Quorum lost" in text  # in "When quorum was reached and lost"
        vice.goto(meeting_path)
        text = main_text(vice)
        assert "Quorum was lost." in text and "Quorum lost" in text
        assert "cannot be closed until quorum returns" in text
        assert "Your next step:" in text
        vice.goto(sofa)
        close_vote(vice)
        text = main_text(vice)
        assert "Quorum was lost, so the vote cannot be closed" in text, text
        assert "close it when quorum returns" in text
        assert "Open for voting" in text  # the vote stays open, uncounted
        assert "Carried" not in text

        # Quorum regained: they come back; the vice chair closes the vote.
        sec.goto(meeting_path)
        for name in leavers:
            set_attendance(sec, name, "present")
        text = main_text(sec)
        assert "Quorum is met." in text and "Quorum reached" in text
        vice.goto(sofa)
        close_vote(vice)
        assert "Carried" in main_text(vice)

        # A motion is left pending, then postponed to the later meeting.
        sec.goto(meeting_path)
        paint = propose(sec, f"Repaint the office {tag}", "That we repaint the office.")
        second(vice, paint)
        sec.goto(meeting_path)
        paint_id = paint.rsplit("/", 1)[1]
        later = sec.page.get_by_label("Postpone to the meeting", exact=True)
        assert f"Spring meeting {tag}, 2020-03-03" in later.inner_text()
        postpone = propose(
            sec,
            f"Postpone the repainting {tag}",
            "That the repainting is postponed to the spring meeting.",
            **{
                "Kind of motion": "postpone",
                "The motion it acts on": paint_id,
                "Postpone to the meeting": world["later"],
            },
        )
        second(vice, postpone)
        vice.click("button", "Open the vote")
        vote_yes(vice, postpone)
        vote_yes(sec, postpone)
        vice.goto(postpone)
        close_vote(vice)
        assert "Carried" in main_text(vice)
        vice.goto(meeting_path)
        floor = vice.page.locator("section[aria-labelledby=floor-h]").inner_text()
        assert f"Repaint the office {tag}" not in floor
        assert "Nothing is waiting to be decided." in floor
        sec.goto(f"/orgs/{ORG}/meetings/{world['later']}")
        assert f"Spring meeting {tag}" in sec.page.get_by_role("heading", level=1).inner_text()
        listed = sec.page.locator("section[aria-labelledby=motions-h]")
        moved_here = listed.get_by_role(
            "link", name=re.compile(re.escape(f"Repaint the office {tag}"))
        )
        assert moved_here.get_attribute("href") == paint

        # The earlier decision is rescinded by two thirds.
        sec.goto(meeting_path)
        rescind = propose(
            sec,
            f"Rescind Monday closing {tag}",
            "That the decision to close on Mondays is rescinded.",
            **{
                "Kind of motion": "rescind",
                "The motion it acts on": world["decided"],
                "What it takes to pass": "two_thirds",
            },
        )
        assert "At least twice as many yes as no votes" in main_text(sec)
        second(vice, rescind)
        vice.click("button", "Open the vote")
        vote_yes(vice, rescind)
        vote_yes(sec, rescind)
        vice.goto(rescind)
        close_vote(vice)
        assert "Carried" in main_text(vice)

        vice.goto(f"/orgs/{ORG}/decisions")
        vice.page.get_by_label("Search decisions").fill(f"Mondays {tag}")
        vice.click("button", "Search")
        card = vice.page.locator("li.card", has_text=f"Close on Mondays {tag}")
        assert "(since rescinded)" in card.inner_text()
        vice.click("link", re.compile(re.escape(f"Close on Mondays {tag}")), exact=False)  # type: ignore[arg-type]
        text = main_text(vice)
        assert "This decision no longer stands" in text
        rescind_id = rescind.rsplit("/", 1)[1]
        link = vice.page.get_by_role("link", name=re.compile(r"^motion [\d-]+$"))
        assert link.get_attribute("href") == f"/orgs/{ORG}/decisions/{rescind_id}"
        link.click()
        vice.check()
        assert f"Rescind Monday closing {tag}" in main_text(vice)
        fits(vice, width)

        # The secretary adjourns.
        sec.goto(meeting_path)
        sec.click("button", "Adjourn (end) the meeting")
        assert "Adjourn the meeting?" in main_text(sec)  # the second look
        sec.click("button", "Yes, adjourn the meeting")
        text = main_text(sec)
        assert "The meeting is adjourned." in text
        assert "Adjourned (finished)" in text
        fits(sec, width)
    finally:
        for context in contexts:
            context.close()
