"""Pages a person can finish (issue 13, items 2, 3, 4, 9 and 10), in Chromium at 320 px and at
desktop width, axe on every page state visited, nothing running off the side.

- The secretary corrects an adjourned meeting's notes and attendance; a later meeting
  approves the minutes from the motion form; the secretary publishes them.
- Forms report every error at once, the summary takes the focus, its links lead to fields.
- A signed-out reader of a public organisation follows links to meetings, minutes and the
  PDF; a members-only page asks them to sign in, says why, and brings them back.
- Signing in lands on the member's organisation.
- The demo, its open vote used, is replayed with `governance demo --reset`.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.conftest import DESKTOP, Visit, _free_port, _governance_command
from tests.browser.test_journeys import ORG, api_as, email, meeting_in_session

pytestmark = pytest.mark.browser
NARROW = {"width": 320, "height": 640}


@pytest.fixture(params=["narrow", "desktop"])
def person(request: pytest.FixtureRequest, browser: Any, server: str) -> Iterator[Any]:
    """Make people (browser contexts) at 320 px or at desktop width."""
    viewport = NARROW if request.param == "narrow" else DESKTOP
    contexts: list[Any] = []
    journey = request.node.originalname.removeprefix("test_")

    def make(base: str = server) -> Visit:
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        return Visit(page=context.new_page(), base=base, journey=journey, viewport=request.param)

    yield make
    for context in contexts:
        context.close()


def fits(v: Visit) -> None:
    """Nothing runs off the side of the viewport (320 px included)."""
    width = v.page.viewport_size["width"]
    scroll = v.page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{v.page.url} is {scroll} px wide at {width} px"


def see(v: Visit) -> None:
    v.check()
    fits(v)


def adjourned_meeting(base: str, title: str) -> dict[str, Any]:
    """A meeting held today by the board with everyone present but Fran Moore (marked absent
    by mistake), then adjourned: its minutes are still a draft."""
    secretary = api_as(base, "secretary")
    try:
        created = secretary.post(
            f"/orgs/{ORG}/bodies/board/meetings",
            json={"title": title, "scheduled_for": "2026-06-02T18:00:00Z"},
        )
        assert created.status_code == 201, created.text
        meeting = created.json()["id"]
        board = secretary.get(f"/orgs/{ORG}/bodies/board").json()
        fran = next(s["member_id"] for s in board["seated"] if s["display_name"] == "Fran Moore")
        for seat in board["seated"]:
            status = "absent" if seat["member_id"] == fran else "present"
            marked = secretary.post(
                f"/orgs/{ORG}/meetings/{meeting}/attendance",
                json={"member_id": seat["member_id"], "status": status},
            )
            assert marked.status_code == 200, marked.text
        for step in ("open", "adjourn"):
            done = secretary.post(f"/orgs/{ORG}/meetings/{meeting}/{step}")
            assert done.status_code == 200, done.text
        return {"id": meeting, "title": title, "fran": fran}
    finally:
        secretary.close()


def carry(base: str, motion_id: str) -> None:
    """The chair seconds nothing: another member seconds, the chair opens, votes, closes."""
    chair, director = api_as(base, "chair"), api_as(base, "director")
    try:
        assert director.post(f"/orgs/{ORG}/motions/{motion_id}/second").status_code == 200
        opened = chair.post(f"/orgs/{ORG}/motions/{motion_id}/open-vote")
        assert opened.status_code == 200, opened.text
        voted = chair.post(f"/orgs/{ORG}/motions/{motion_id}/votes", json={"choice": "yes"})
        assert voted.status_code == 201, voted.text
        closed = chair.post(f"/orgs/{ORG}/motions/{motion_id}/close-vote")
        assert closed.json()["status"] == "carried", closed.text
    finally:
        chair.close()
        director.close()


def test_the_secretary_finishes_a_minutes_correction(person: Any, server: str) -> None:
    held = adjourned_meeting(server, f"Spring meeting {secrets.token_hex(3)}")
    v = person()
    minutes = f"/orgs/{ORG}/meetings/{held['id']}/minutes"
    v.sign_in(email("secretary"), next_path=minutes)
    fits(v)
    assert "Draft (not yet approved)" in v.page.inner_text("main")

    v.page.get_by_label("Notes", exact=True).fill("We *welcomed* Fran, who was here all evening.")
    v.click("button", "Preview")
    assert v.page.locator(".preview em").inner_text() == "welcomed"
    v.click("button", "Save notes")
    assert "The notes are saved." in v.page.inner_text("main")

    v.page.get_by_label("Attendance of Fran Moore").select_option("present")
    v.click("button", "Correct attendance of Fran Moore", exact=False)
    fits(v)
    assert "The attendance is corrected" in v.page.inner_text("main")
    assert v.page.get_by_label("Attendance of Fran Moore").input_value() == "present"

    # A later meeting (today's, in session) approves them: the motion form offers the kind.
    v.goto(f"/orgs/{ORG}/meetings/{meeting_in_session(api_as(server, 'secretary'))}")
    fits(v)
    v.page.get_by_label("Kind of motion").select_option("approve_minutes")
    v.click("button", "Propose motion")  # nothing filled in: every error at once
    fits(v)
    summary = v.page.get_by_role("alert")
    for words in (
        "Enter a short title for the motion",
        "Enter what the board would decide",
        "Choose the meeting whose minutes you approve",
        "Choose the agenda item this motion is under",
    ):
        assert words in summary.inner_text()
    v.page.get_by_label("Agenda item", exact=True).select_option(label="2. Minutes")
    v.page.get_by_label("Short title").fill("Approve the spring minutes")
    v.page.get_by_label("What the board would decide").fill("That the minutes are approved.")
    v.page.get_by_label("Minutes to approve").select_option(held["id"])
    v.click("button", "Propose motion")
    assert (
        v.page.get_by_role("heading", level=1).inner_text().endswith("Approve the spring minutes")
    )
    carry(server, v.page.url.rsplit("/", 1)[1])

    v.goto(minutes)
    assert "Approved, not yet published" in v.page.inner_text("main")
    v.click("button", "Publish the minutes as a PDF")
    text = v.page.inner_text("main")
    assert "The minutes are published." in text and "Approved and published" in text
    assert "Fran Moore: Present" in text
    fits(v)
    pdf_url = v.page.get_by_role("link", name="Minutes (PDF)").get_attribute("href")
    pdf = v.page.request.get(v.base + pdf_url)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")


def test_forms_report_every_error_and_signing_in_lands_home(person: Any) -> None:
    v = person()
    v.goto("/sign-in")
    v.click("button", "Sign in")  # empty
    see(v)
    assert v.page.evaluate("document.activeElement.id") == "error-summary"
    summary = v.page.get_by_role("alert").inner_text()
    assert "Enter your email address" in summary and "Enter your password" in summary
    assert "do not match" not in summary
    assert v.page.get_by_label("Email").get_attribute("aria-invalid") == "true"
    assert v.page.get_by_label("Password").get_attribute("aria-invalid") == "true"
    v.page.get_by_role("link", name="Enter your password").click()
    assert v.page.evaluate("document.activeElement.id") == "password"

    v.page.get_by_label("Email").fill(email("chair"))
    v.page.get_by_label("Password").fill("not the password")
    v.click("button", "Sign in")
    assert v.page.locator("#email-error").is_visible()
    assert "do not match" in v.page.locator("#email-error").inner_text()
    assert v.page.get_by_label("Email").input_value() == email("chair")

    v.page.get_by_label("Password").fill("riverside-demo")
    v.click("button", "Sign in")  # no next: the member's one organisation
    assert v.page.url == f"{v.base}/orgs/{ORG}"
    assert v.page.get_by_role("heading", level=1).inner_text() == "Riverside Peer Network"
    fits(v)

    v.goto(f"/orgs/{ORG}/bodies/board/seats/new")
    v.page.get_by_label("Term starts").fill("")
    v.click("button", "Seat member")
    see(v)
    assert v.page.evaluate("document.activeElement.id") == "error-summary"
    summary = v.page.get_by_role("alert").inner_text()
    assert "Choose the member to seat" in summary and "Enter the day the term starts" in summary
    assert "There is no such member" not in summary
    assert v.page.locator("#member_id-error").is_visible()
    assert v.page.locator("#starts_on-error").is_visible()


def test_a_public_reader_follows_links_and_signs_in_only_where_needed(person: Any) -> None:
    v = person()
    v.goto(f"/orgs/{ORG}")
    v.click("link", "Meetings and published minutes")
    fits(v)
    assert v.page.get_by_role("heading", level=1).inner_text() == "Meetings and minutes"
    card = v.page.locator(
        ".card", has=v.page.get_by_role("link", name=re.compile("Minutes .PDF."))
    ).first
    title = card.locator(".card-title a").inner_text()
    pdf_url = card.get_by_role("link", name=re.compile("Minutes .PDF.")).get_attribute("href")
    card.locator(".card-title a").click()
    see(v)
    assert v.page.get_by_role("heading", level=1).inner_text() == title
    assert "Sign in" not in v.page.get_by_role("heading", level=1).inner_text()
    assert "/sign-in" not in v.page.url
    v.click("link", "Read the minutes")
    fits(v)
    assert "Approved and published" in v.page.inner_text("main")
    pdf = v.page.request.get(v.base + pdf_url)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    # Members only: the sign-in page says why, and signing in returns there.
    v.goto(f"/orgs/{ORG}/members")
    assert "/sign-in?next=" in v.page.url
    assert "is for members of the organisation" in v.page.inner_text("main")
    fits(v)
    v.page.get_by_label("Email").fill(email("member"))
    v.page.get_by_label("Password").fill("riverside-demo")
    v.click("button", "Sign in")
    assert v.page.url == f"{v.base}/orgs/{ORG}/members"
    fits(v)


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A server of its own over a demo database this test may reset."""
    env = {
        **os.environ,
        "GOVERNANCE_ENV": "development",
        "GOVERNANCE_PASSWORD_HASHING": "fast",
        "GOVERNANCE_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
        "GOVERNANCE_DATA_DIR": str(tmp_path / "data"),
    }
    env.pop("GOVERNANCE_REDIS_URL", None)
    command = _governance_command()
    state: dict[str, Any] = {"process": None, "command": command, "env": env}

    def start() -> str:
        port = _free_port()
        log = (tmp_path / "server.log").open("ab")
        state["process"] = subprocess.Popen(
            [*command, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    return base
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("The server did not start within 60 seconds.")

    def stop() -> None:
        process = state["process"]
        if process is not None:
            process.terminate()
            process.wait(timeout=15)
            state["process"] = None

    def demo(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, "demo", *args], env=env, capture_output=True, text=True, timeout=240
        )

    state.update(start=start, stop=stop, demo=demo)
    try:
        yield state
    finally:
        stop()


def test_the_demo_is_replayed_after_its_vote_is_used(person: Any, own_server: Any) -> None:
    first = own_server["demo"]()
    assert first.returncode == 0, first.stderr
    assert first.stdout.count("Set up a new database") == 1
    assert "not yet run" not in first.stdout + first.stderr
    base = own_server["start"]()

    v = person(base)
    v.sign_in(email("director"))
    assert v.page.url == f"{base}/orgs/{ORG}"
    needs = v.page.locator("section[aria-labelledby=needs-you]")
    needs.locator(".card-title a").first.click()
    see(v)
    v.click("button", "Yes")
    assert v.page.get_by_role("heading", level=1).inner_text() == "Your vote is counted"
    v.goto(f"/orgs/{ORG}")
    assert "No vote is waiting for you right now." in v.page.inner_text("main")

    own_server["stop"]()
    reset = own_server["demo"]("--reset")
    assert reset.returncode == 0, reset.stderr
    assert "starts again" in reset.stdout
    base = own_server["start"]()

    again = person(base)
    again.sign_in(email("director"))
    fits(again)
    cards = again.page.locator("section[aria-labelledby=needs-you] .card")
    assert cards.count() >= 1
    assert "Open for your vote" in cards.first.inner_text()
