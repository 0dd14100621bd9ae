"""The secret-ballot receipt, in Chromium at 320 px and at desktop width, axe on every page:
vote, lose the reply, send the same form again and see the same receipt as already counted;
download it; after the close, check it."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import DESKTOP, Visit, keep_screenshot
from tests.browser.test_journeys import ORG, api_as, email, open_motion

pytestmark = pytest.mark.browser
NARROW = {"width": 320, "height": 640}
RECEIPT = re.compile(r"([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}")


@pytest.fixture(params=["narrow", "desktop"])
def person(request: pytest.FixtureRequest, browser: Any, server: str) -> Iterator[Visit]:
    viewport = NARROW if request.param == "narrow" else DESKTOP
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    try:
        yield Visit(page=context.new_page(), base=server, journey="receipt", viewport=request.param)
    finally:
        context.close()


def _fits(v: Visit) -> None:
    """Nothing runs off the side: the receipt wraps inside the viewport."""
    width = v.page.viewport_size["width"]
    assert v.page.evaluate("document.documentElement.scrollWidth") <= width
    box = v.page.locator("#receipt-code").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_the_receipt_survives_a_lost_reply(person: Visit, server: str, tmp_path: Any) -> None:
    v = person
    motion = open_motion(server)
    path = f"/orgs/{ORG}/motions/{motion['id']}"
    v.sign_in(email("director"), next_path=path)
    sent = v.page.locator('input[name="receipt"]').input_value()
    assert RECEIPT.fullmatch(sent)

    # The first reply is lost: the vote reaches the server and is counted, the answer never
    # arrives. The person sends the same form again.
    lost: list[str] = []

    def drop_the_reply(route: Any) -> None:
        route.fetch()  # the server counts the vote
        lost.append(route.request.url)
        route.abort()

    v.page.route("**/vote", drop_the_reply)
    v.page.get_by_role("button", name="Yes", exact=True).click()
    v.page.wait_for_timeout(500)
    assert lost
    v.page.unroute("**/vote")
    v.goto(path)  # counted: no vote buttons now, and before this change no receipt either
    assert "You have voted" in v.page.inner_text("main")
    # The same form (same hidden receipt) sent again, as the browser's retry would.
    v.page.evaluate(
        """(receipt) => {
            const form = document.createElement('form');
            form.method = 'post';
            form.action = location.pathname + '/vote';
            const csrf = document.querySelector('input[name=_csrf]').value;
            const fields = [['_csrf', csrf], ['receipt', receipt], ['choice', 'yes']];
            for (const [name, value] of fields) {
                const input = document.createElement('input');
                input.type = 'hidden'; input.name = name; input.value = value;
                form.appendChild(input);
            }
            document.body.appendChild(form);
            form.submit();
        }""",
        sent,
    )
    v.page.wait_for_url(re.compile(r"/vote$"))
    v.check("already-counted")
    assert v.page.get_by_role("heading", level=1).inner_text() == "Your vote was already counted"
    assert v.page.locator("#receipt-code").inner_text() == sent
    assert "You have already voted" not in v.page.inner_text("main")
    _fits(v)

    # A reload resubmits the same form: the same receipt again.
    v.page.reload()
    v.check("reloaded")
    assert v.page.locator("#receipt-code").inner_text() == sent
    copy = v.page.get_by_role("button", name="Copy the receipt")
    assert copy.is_visible()
    keep_screenshot(v, f"receipt-{v.viewport}.png")

    with v.page.expect_download() as downloading:
        v.page.get_by_role("button", name="Download receipt").click()
    download = downloading.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = saved.read_text()
    assert sent in text and "Riverside" in text and "Check your receipt" in text

    chair = api_as(server, "chair")
    try:
        closed = chair.post(f"/orgs/{ORG}/motions/{motion['id']}/close-vote")
        assert closed.status_code == 200, closed.text
        trackers = chair.get(f"/orgs/{ORG}/motions/{motion['id']}/ballots").json()["trackers"]
    finally:
        chair.close()
    assert hashlib.sha256(sent.replace("-", "").encode()).hexdigest() in trackers

    v.goto(path)
    v.click("link", "Check your receipt against the published list")
    v.page.get_by_label("Your receipt").fill(sent.lower().replace("-", " "))
    v.click("button", "Check my receipt")
    assert "Found." in v.page.inner_text("main")
