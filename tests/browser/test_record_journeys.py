"""The record in Chromium, at a phone and a desktop viewport, axe on every page: the
secretary's minutes (notes, preview, publish, the PDF), the decision log reached from the
home page, and what a signed-out visitor sees of a public and of a private organisation.

Like test_journeys.py, each journey makes what it changes itself on the shared demo server.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.browser.conftest import Visit
from tests.browser.test_journeys import ORG, api_as, email, meeting_in_session

pytestmark = pytest.mark.browser
Make = Callable[[], Visit]
# Each viewport corrects the minutes of its own past meeting (a meeting has one open draft).
MEETING_FOR = {"phone": "Spring board meeting", "desktop": "Summer board meeting"}


def approve_minutes(base: str, meeting_title: str) -> None:
    """A carried `approve_minutes` motion (show of hands) in today's meeting approves the
    open draft of `meeting_title`'s minutes."""
    chair, secretary = api_as(base, "chair"), api_as(base, "secretary")
    try:
        listed = chair.get(f"/orgs/{ORG}/bodies/board/meetings").json()["meetings"]
        target = next(m["id"] for m in listed if m["title"] == meeting_title)
        moved = chair.post(
            f"/orgs/{ORG}/meetings/{meeting_in_session(chair)}/motions",
            json={
                "title": f"Approve the corrected minutes {secrets.token_hex(2)}",
                "text": f"That the corrected minutes of the {meeting_title} are approved.",
                "kind": "approve_minutes",
                "minutes_of": target,
                "method": "show_of_hands",
            },
        )
        assert moved.status_code == 201, moved.text
        motion = f"/orgs/{ORG}/motions/{moved.json()['id']}"
        for step, client, payload in [
            ("second", secretary, None),
            ("open-vote", chair, None),
            ("show-of-hands", chair, {"yes": 3, "no": 0, "abstain": 0}),
            ("close-vote", chair, None),
        ]:
            answer = client.post(f"{motion}/{step}", json=payload)
            assert answer.status_code in (200, 201), (step, answer.text)
        assert answer.json()["status"] == "carried", answer.text
    finally:
        chair.close()
        secretary.close()


def test_secretary_corrects_previews_and_publishes_minutes(visit: Make, server: str) -> None:
    """From home to a past meeting's minutes: start a correction, type notes, preview them
    (nothing saved), save; once a motion approves them, publish and fetch the PDF."""
    v = visit()
    meeting = MEETING_FOR[v.viewport]
    v.sign_in(email("secretary"), next_path=f"/orgs/{ORG}")
    v.click("link", "Meetings and minutes")
    v.click("link", meeting)
    v.click("link", "Edit or publish the minutes")
    v.click("button", "Start a correction (a new version)")
    assert "A new draft version is open" in v.page.inner_text("main")

    notes = "Correction: **Dana Kim** sent apologies.\n\n- Item one\n- Item two"
    v.page.get_by_label("Notes", exact=True).fill(notes)
    v.click("button", "Preview")
    preview = v.page.locator("section.preview")
    assert "Preview (not saved yet)" in preview.inner_text()
    assert preview.locator("strong", has_text="Dana Kim").count() == 1
    assert preview.locator("li").count() == 2
    assert v.page.get_by_label("Notes", exact=True).input_value() == notes  # what was typed is kept
    minutes_path = v.page.url.split("?", 1)[0].removeprefix(v.base)
    v.goto(minutes_path)  # a preview saves nothing
    assert "Dana Kim" not in v.page.get_by_label("Notes", exact=True).input_value()

    v.page.get_by_label("Notes", exact=True).fill(notes)
    v.click("button", "Save notes")
    assert "The notes are saved" in v.page.inner_text("main")
    assert v.page.get_by_label("Notes", exact=True).input_value() == notes

    approve_minutes(server, meeting)
    v.goto(minutes_path)
    assert "Approved, not yet published" in v.page.inner_text("main")
    v.click("button", "Publish the minutes as a PDF")
    assert "The minutes are published" in v.page.inner_text("main")
    assert v.page.locator(".notes strong", has_text="Dana Kim").count() == 1
    href = v.page.get_by_role("link", name="Minutes (PDF)").first.get_attribute("href")
    assert href
    pdf = v.page.request.get(v.base + href)
    assert pdf.status == 200
    assert pdf.headers["content-type"].startswith("application/pdf")
    assert pdf.body().startswith(b"%PDF")


def test_member_finds_decisions_meetings_and_minutes(visit: Make) -> None:
    """From the home page: a latest decision, the log's search, and a published PDF."""
    v = visit()
    v.sign_in(email("member"), next_path=f"/orgs/{ORG}")
    latest = v.page.locator("#latest-h + ul a").first
    title = latest.inner_text()
    latest.click()
    v.check()
    assert v.page.get_by_role("heading", level=1).inner_text() == title

    v.click("link", f"{'Riverside Peer Network'}: home")
    v.click("link", "Decision log: every decision, with search")
    v.page.get_by_label("Search decisions").fill("lease")
    v.click("button", "Search")
    results = v.page.locator("#results-h + ol")
    assert "Renew the lease" in results.inner_text()
    v.click("link", re.compile("Renew the lease"), exact=False)  # type: ignore[arg-type]
    assert "Renew the lease" in v.page.get_by_role("heading", level=1).inner_text()

    v.goto(f"/orgs/{ORG}")
    v.click("link", "Meetings and minutes")
    link = v.page.get_by_role("link", name="Minutes (PDF) of Autumn board meeting")
    href = link.get_attribute("href")
    assert href
    pdf = v.page.request.get(v.base + href)
    assert pdf.status == 200 and pdf.headers["content-type"].startswith("application/pdf")


def _set_public(base: str, public: bool) -> None:
    admin = api_as(base, "admin")
    try:
        answer = admin.patch(f"/orgs/{ORG}", json={"public": public})
        assert answer.status_code == 200, answer.text
        assert answer.json()["settings"]["public"] is public
    finally:
        admin.close()


def test_signed_out_visitor_of_public_and_private_org(visit: Make, server: str) -> None:
    """A public organisation's decision log is open to all; a private one asks to sign in."""
    v = visit()
    v.goto(f"/orgs/{ORG}")
    assert "Latest decisions" in v.page.inner_text("main")
    v.click("link", "Decision log: every decision, with search")
    assert v.page.get_by_role("heading", level=1).inner_text() == "Decision log"
    v.page.get_by_label("Search decisions").fill("minutes")
    v.click("button", "Search")
    assert "Approve the minutes" in v.page.locator("#results-h + ol").inner_text()

    _set_public(server, False)
    try:
        for path in (f"/orgs/{ORG}/decisions", f"/orgs/{ORG}"):
            v.goto(path)
            assert "/sign-in?next=" in v.page.url, v.page.url
            assert v.page.get_by_label("Email").is_visible()
            assert v.page.get_by_label("Password").is_visible()
        direct = httpx.get(f"{server}/api/v1/orgs/{ORG}/decisions", timeout=30)
        assert direct.status_code == 401
    finally:
        _set_public(server, True)
    v.goto(f"/orgs/{ORG}/decisions")
    assert v.page.get_by_role("heading", level=1).inner_text() == "Decision log"


def test_admin_creates_a_body(visit: Make) -> None:
    """A new committee: a mistake is shown beside its field with what was typed kept."""
    v = visit()
    v.sign_in(email("admin"), next_path=f"/orgs/{ORG}")
    v.click("link", "All boards and committees")
    v.click("link", "Create a board or committee")
    slug = f"finance-{secrets.token_hex(2)}"
    v.page.get_by_label("Name", exact=True).fill("Finance Committee")
    v.page.get_by_label("Short name for web addresses").fill(slug)
    v.page.get_by_label("Kind", exact=True).select_option("committee")
    v.page.get_by_label("Number of seats").fill("5")
    v.page.get_by_label("Lived-experience quota (%)").fill("150")
    v.click("button", "Create")
    field = v.page.locator(".field.has-error")
    assert "whole percentage from 0 to 100" in field.inner_text()
    assert v.page.get_by_label("Lived-experience quota (%)").get_attribute("aria-invalid") == "true"
    assert v.page.get_by_label("Short name for web addresses").input_value() == slug
    assert v.page.get_by_label("Number of seats").input_value() == "5"
    v.page.get_by_label("Lived-experience quota (%)").fill("51")
    v.click("button", "Create")
    assert v.page.get_by_role("heading", level=1).inner_text() == "Finance Committee"
    text = v.page.inner_text("main")
    assert "Created. Now seat its members." in text
    assert "3 of the 5 seats are reserved" in text


def test_pages_fit_a_320_pixel_screen(browser: Any, server: str) -> None:
    """At 320 CSS px nothing scrolls sideways, and every button is at least 44 by 44."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        v = Visit(page=context.new_page(), base=server, journey="narrow", viewport="320")
        v.sign_in(email("chair"), next_path=f"/orgs/{ORG}")
        listed = api_as(server, "chair")
        try:
            meeting = meeting_in_session(listed)
        finally:
            listed.close()
        for path in (
            f"/orgs/{ORG}",
            f"/orgs/{ORG}/meetings/{meeting}",
            f"/orgs/{ORG}/bodies/board",
            f"/orgs/{ORG}/decisions",
        ):
            v.goto(path)
            wide = v.page.evaluate("document.documentElement.scrollWidth")
            assert wide <= 320, f"{path} is {wide}px wide at 320"
            small = v.page.evaluate(
                """[...document.querySelectorAll('button, .button, input[type=submit]')]
                .filter(e => e.offsetParent !== null)
                .map(e => e.getBoundingClientRect())
                .filter(r => r.width < 44 || r.height < 44).length"""
            )
            assert small == 0, f"{small} buttons smaller than 44x44 on {path}"
    finally:
        context.close()
