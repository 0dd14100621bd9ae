"""One test per journey, in Chromium, at a phone and a desktop viewport; axe on every page.

The server and its demo database are shared by the whole session, so each journey makes
what it changes itself (its own motion, its own invited member) instead of relying on order.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.browser.conftest import DEMO_PASSWORD, Visit

pytestmark = pytest.mark.browser
ORG = "riverside"
Make = Callable[[], Visit]


def email(local: str) -> str:
    return f"{local}@{ORG}.example"


def api_as(base: str, local: str) -> httpx.Client:
    """The JSON API, signed in with a session cookie and sending its CSRF header."""
    client = httpx.Client(base_url=f"{base}/api/v1", timeout=30)
    response = client.post("/auth/login", json={"email": email(local), "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["x-csrftoken"] = response.json()["csrf_token"]
    return client


def meeting_in_session(chair: httpx.Client) -> str:
    listed = chair.get(f"/orgs/{ORG}/bodies/board/meetings").json()["meetings"]
    return next(m["id"] for m in listed if m["status"] == "in_session")


def open_motion(base: str, *, method: str = "secret") -> dict[str, Any]:
    """A fresh motion in today's meeting, moved by the chair, seconded, vote open."""
    chair, secretary = api_as(base, "chair"), api_as(base, "secretary")
    try:
        title = f"Buy a kettle {secrets.token_hex(3)}"
        moved = chair.post(
            f"/orgs/{ORG}/meetings/{meeting_in_session(chair)}/motions",
            json={"title": title, "text": "That we buy a kettle.", "method": method},
        )
        assert moved.status_code == 201, moved.text
        motion = moved.json()
        seconded = secretary.post(f"/orgs/{ORG}/motions/{motion['id']}/second")
        assert seconded.status_code == 200, seconded.text
        opened = chair.post(f"/orgs/{ORG}/motions/{motion['id']}/open-vote")
        assert opened.status_code == 200, opened.text
        return {"id": motion["id"], "title": title}
    finally:
        chair.close()
        secretary.close()


def test_signed_out_visitor(visit: Make) -> None:
    """The root links to the demo; its public home shows; members-only pages ask to sign in."""
    v = visit()
    v.goto("/")
    v.click("link", "Riverside Peer Network")
    assert v.page.get_by_role("heading", level=1).inner_text() == "Riverside Peer Network"
    v.goto(f"/orgs/{ORG}/members")
    assert "/sign-in?next=" in v.page.url
    assert v.page.get_by_label("Email").is_visible()
    v.goto("/accept-invite?token=inv_not-a-real-one")
    v.page.get_by_label("New password").fill("long enough password")
    v.click("button", "Set password")
    assert "expired or was already used" in v.page.inner_text("main")


def test_member_profile_and_attestation(visit: Make) -> None:
    """A member signs in, finds their profile from the home page, and attests privately."""
    v = visit()
    v.sign_in(email("member"), next_path=f"/orgs/{ORG}")
    assert v.page.url.endswith(f"/orgs/{ORG}")
    v.click("link", "Your profile and lived-experience attestation")
    assert "only you and this organisation's administrators" in v.page.inner_text("main")
    v.page.get_by_label("Yes, I have lived experience").check()
    v.click("button", "Save my answer")
    assert "you have said you have lived experience" in v.page.inner_text("main")
    v.page.get_by_label("No, or I would rather not say").check()
    v.click("button", "Save my answer")
    assert "you have not said you have lived experience" in v.page.inner_text("main")
    v.click("link", "Members")
    v.click("link", "Jordan Lee")
    assert "lived experience" not in v.page.inner_text("main").lower()
    v.click("link", "Boards and committees")
    v.click("link", "Board of Directors")
    assert "Meets its lived-experience quota" in v.page.inner_text("main")
    v.click("button", "Sign out")
    assert "You have signed out" in v.page.inner_text("main")


def test_director_votes_on_a_secret_ballot(visit: Make, server: str) -> None:
    """From the home page to the open secret ballot; Yes; the receipt, shown once."""
    motion = open_motion(server)
    v = visit()
    v.sign_in(email("director"), next_path=f"/orgs/{ORG}")
    v.click("link", re.compile(re.escape(motion["title"])), exact=False)  # type: ignore[arg-type]
    assert "secret ballot" in v.page.inner_text("main")
    v.click("button", "Yes")
    assert v.page.get_by_role("heading", level=1).inner_text() == "Your vote is counted"
    receipt = v.page.locator("#receipt-code").inner_text()
    assert len(receipt) >= 20
    v.click("link", "Back to the motion")
    assert "You have voted" in v.page.inner_text("main")
    assert receipt not in v.page.content()


def test_chair_runs_the_meeting(visit: Make) -> None:
    """The chair proposes a motion, the secretary seconds it, the chair opens the vote,
    votes, closes it, and the result shows with its bar chart."""
    chair, secretary = visit(), visit()
    chair.sign_in(email("chair"), next_path=f"/orgs/{ORG}")
    chair.click("link", "Board meeting")
    assert "Quorum is met" in chair.page.inner_text("main")
    title = f"Open on Saturdays {secrets.token_hex(3)}"
    chair.page.get_by_label("Agenda item", exact=True).select_option(label="3. Decisions")
    chair.page.get_by_label("Short title").fill(title)
    chair.page.get_by_label("What the board would decide").fill("That we open on Saturdays.")
    chair.click("button", "Propose motion")
    assert chair.page.get_by_role("heading", level=1).inner_text().endswith(title)
    motion_path = chair.page.url.split(chair.base, 1)[1]

    secretary.sign_in(email("secretary"), next_path=motion_path)
    secretary.click("button", "Second the motion")
    assert "You have seconded the motion" in secretary.page.inner_text("main")

    chair.goto(motion_path)
    chair.click("button", "Open the vote")
    chair.click("button", "Yes")
    assert "Your vote has been counted" in chair.page.inner_text("main")
    chair.click("button", "Close the vote and count")
    assert "1 of 8 eligible members have voted" in chair.page.inner_text("main")
    chair.click("button", "Yes, close the vote and count")
    text = chair.page.inner_text("main")
    assert "Result" in text and "Carried" in text
    assert "Alex Rivera: Yes" in text


def test_secretary_schedules_a_meeting(visit: Make) -> None:
    """A form with mistakes is shown again with the errors beside the fields."""
    v = visit()
    v.sign_in(email("secretary"), next_path=f"/orgs/{ORG}/bodies/board")
    v.click("link", "Schedule a meeting")
    v.page.get_by_label("Title").fill("Extra meeting")
    v.page.get_by_label("Day").fill("")
    v.click("button", "Schedule meeting")
    assert v.page.get_by_role("alert").is_visible()
    assert v.page.get_by_label("Title").input_value() == "Extra meeting"
    v.page.get_by_label("Day").fill("2031-05-06")
    v.click("button", "Schedule meeting")
    assert "The meeting is scheduled" in v.page.inner_text("main")
    v.page.get_by_label("Attendance of Jordan Lee").select_option("present")
    v.click("button", "Save attendance of Jordan Lee", exact=False)
    assert "Attendance saved" in v.page.inner_text("main")


def _end_a_seat(v: Visit) -> None:
    """End the seat of Fran Moore (excused today) or of an earlier run's invitee."""
    row = v.page.locator("tr", has_text=re.compile(r"Fran Moore|Invited person")).first
    row.get_by_role("link", name=re.compile("End seat")).click()
    v.check()
    v.page.get_by_label("Reason, for the record").fill("Stepped down")
    v.click("button", "End seat")
    assert "The seat has ended" in v.page.inner_text("main")


def test_admin_invites_and_seats_a_member(visit: Make) -> None:
    """Add a member (one-time link), they set a password; a full board refuses a seating
    with the reason; ending a seat makes room; the composition panel updates."""
    admin = visit()
    admin.sign_in(email("admin"), next_path=f"/orgs/{ORG}")
    admin.click("link", "Add a member")
    name = f"Invited person {secrets.token_hex(2)}"
    admin.page.get_by_label("Name").fill(name)
    admin.page.get_by_label("Email address").fill(f"{secrets.token_hex(4)}@example.org")
    admin.click("button", "Add member")
    link = admin.page.get_by_label("Invitation link").input_value()
    assert "/accept-invite?token=" in link

    invited = visit()
    invited.page.goto(link)
    invited.check()
    invited.page.get_by_label("New password").fill("a new long password")
    invited.click("button", "Set password")
    assert "Your password is set" in invited.page.inner_text("main")

    admin.goto(f"/orgs/{ORG}/bodies/board")
    admin.click("link", "Seat a member")
    admin.page.get_by_label("Member", exact=True).select_option(label=name)
    admin.click("button", "Seat member")
    assert "seats are filled" in admin.page.inner_text("main")
    assert admin.page.get_by_label("Member", exact=True).input_value() != ""

    admin.goto(f"/orgs/{ORG}/bodies/board")
    _end_a_seat(admin)
    admin.click("link", "Seat a member")
    admin.page.get_by_label("Member", exact=True).select_option(label=name)
    admin.click("button", "Seat member")
    text = admin.page.inner_text("main")
    assert "The member has been seated" in text and name in text


def test_admin_changes_the_organisation_settings(visit: Make) -> None:
    """From the home page to the settings form; an empty name is refused beside the field
    with what was chosen kept; saved again as it was, the page says so."""
    admin = visit()
    admin.sign_in(email("admin"), next_path=f"/orgs/{ORG}")
    admin.click("link", "Organisation settings", exact=False)
    name = admin.page.get_by_label("Name", exact=True).input_value()
    assert name
    public = admin.page.get_by_label("Anyone, without signing in").is_checked()
    admin.page.get_by_label("Name", exact=True).fill("")
    admin.click("button", "Save settings")
    assert "Enter a name" in admin.page.inner_text("main")
    assert admin.page.get_by_label("Anyone, without signing in").is_checked() == public
    admin.page.get_by_label("Name", exact=True).fill(name)
    admin.click("button", "Save settings")
    assert "Saved." in admin.page.inner_text("main")
    assert admin.page.get_by_label("Name", exact=True).input_value() == name


def test_keyboard_only_sign_in_and_vote(browser: Any, server: str) -> None:
    """Tab and Enter only: sign in, reach the open vote from the home page, vote Yes."""
    from tests.browser.conftest import DESKTOP

    motion = open_motion(server, method="roll_call")
    context = browser.new_context(viewport=DESKTOP)
    try:
        v = Visit(page=context.new_page(), base=server, journey="keyboard", viewport="desktop")
        page = v.page
        v.goto(f"/sign-in?next=/orgs/{ORG}")

        def tab_to(test: str, limit: int = 60) -> None:
            for _ in range(limit):
                page.keyboard.press("Tab")
                if page.evaluate(test):
                    return
            raise AssertionError(f"Tab never reached: {test}")

        tab_to("document.activeElement.id === 'email'")
        page.keyboard.type(email("director"))
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "password"
        page.keyboard.type(DEMO_PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(f"{server}/orgs/{ORG}")
        v.check("home")
        tab_to(
            f"document.activeElement.href && document.activeElement.href.endsWith('{motion['id']}')"
        )
        page.keyboard.press("Enter")
        page.wait_for_url(f"{server}/orgs/{ORG}/motions/{motion['id']}")
        v.check("motion")
        tab_to("document.activeElement.textContent.trim() === 'Yes'")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"done=voted$"))
        v.check("voted")
        assert "Your vote has been counted" in page.inner_text("main")
    finally:
        context.close()
