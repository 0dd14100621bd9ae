"""The secretary edits a meeting's agenda and then cancels the meeting, in Chromium at 320 px
and at desktop width, with axe on every page and no JavaScript needed by the forms.

The journey schedules its own meeting through the API, so it changes nothing another
journey relies on.
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


def fits(v: Visit, width: int) -> None:
    wide = v.page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{v.page.url} is {wide}px wide at {width}"


def agenda_titles(v: Visit) -> list[str]:
    return [t.strip() for t in v.page.locator("ol.agenda-items li strong").all_inner_texts()]


@pytest.mark.parametrize("size", list(SIZES))
def test_secretary_edits_the_agenda_and_cancels_the_meeting(
    browser: Any, server: str, size: str
) -> None:
    secretary = api_as(server, "secretary")
    title = f"Extra meeting {secrets.token_hex(3)}"
    try:
        created = secretary.post(
            f"/orgs/{ORG}/bodies/board/meetings",
            json={
                "title": title,
                "scheduled_for": "2027-01-14T18:00:00Z",
                "agenda": ["Welcome", "Budget"],
            },
        )
        assert created.status_code == 201, created.text
        meeting = created.json()["id"]
    finally:
        secretary.close()

    context = browser.new_context(viewport=SIZES[size])
    try:
        v = Visit(page=context.new_page(), base=server, journey="agenda", viewport=size)
        width = SIZES[size]["width"]
        v.sign_in(email("secretary"), next_path=f"/orgs/{ORG}/meetings/{meeting}")
        fits(v, width)
        v.click("link", "edit the agenda")
        fits(v, width)
        assert agenda_titles(v) == ["Welcome", "Budget"]

        v.page.get_by_label("Item", exact=True).fill("Peer reports")
        v.page.get_by_label("Notes (optional)").fill("Five minutes each.")
        v.click("button", "Add item")
        assert "The item was added to the agenda." in v.page.inner_text("main")
        assert agenda_titles(v) == ["Welcome", "Budget", "Peer reports"]

        v.click("button", re.compile(r"^Up\W+move “Peer reports”"))  # type: ignore[arg-type]
        assert agenda_titles(v) == ["Welcome", "Peer reports", "Budget"]
        fits(v, width)

        v.click("link", re.compile(r"^Edit\s*“Budget”$"))  # type: ignore[arg-type]
        v.page.get_by_label("Item", exact=True).fill("Budget for 2027")
        v.click("button", "Save item")
        v.click("button", re.compile(r"^Remove\s*“Welcome”$"))  # type: ignore[arg-type]
        assert agenda_titles(v) == ["Peer reports", "Budget for 2027"]

        # Keyboard only: the Down button is reached and pressed without a mouse.
        down = v.page.get_by_role("button", name=re.compile(r"^Down\W+move “Peer reports”"))
        down.focus()
        with v.page.expect_navigation():
            v.page.keyboard.press("Enter")
        v.check()
        assert agenda_titles(v) == ["Budget for 2027", "Peer reports"]

        v.click("link", "Back to the meeting")
        main = v.page.inner_text("main")
        assert "Budget for 2027" in main and "Peer reports" in main
        v.click("link", "cancel it")
        fits(v, width)
        v.page.get_by_label("Why it is cancelled").fill("Not enough business this month.")
        v.click("button", "Cancel the meeting")  # without the box ticked: asked to confirm
        assert "Tick the box to confirm" in v.page.inner_text("main")
        v.page.get_by_label("Yes, cancel this meeting. This cannot be undone.").check()
        v.click("button", "Cancel the meeting")
        main = v.page.inner_text("main")
        assert "The meeting has been cancelled." in main
        assert "Not enough business this month." in main
        assert "Open the meeting" not in main
        fits(v, width)
    finally:
        context.close()

    secretary = api_as(server, "secretary")
    try:
        refused = secretary.post(f"/orgs/{ORG}/meetings/{meeting}/open")
        assert refused.status_code == 409, refused.text
        assert "cancelled" in refused.json()["detail"]
    finally:
        secretary.close()
