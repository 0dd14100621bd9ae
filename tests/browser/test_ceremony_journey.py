"""The trustees' key ceremony on its page, in Chromium, axe on every step: three trustees, each
in a browser of their own (one at 320 px), make their ceremony keys, deal, check the shares
they were sent and accept, all in the browser; each then downloads its key-share file, and
Python reads it back: g^x is that trustee's verification key from the published commitments.

The ceremony runs on a committee made for this test, so the demo board's (completed by
test_verifiable_vote_journey.py in the same server) is left alone."""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from governance.verifiable.group import L, Point, base_mul, scalar_from_hex, scalar_hex
from governance.verifiable.threshold import Commitment, election_public_key, verification_key
from tests.browser.conftest import DESKTOP, Visit
from tests.browser.test_journeys import ORG, api_as, email

pytestmark = pytest.mark.browser
NARROW = {"width": 320, "height": 640}
TRUSTEES = ("director3", "director4", "director5")
SLOW = 30_000  # ms: a step waits for the page's own polling (every 3 s) to see the others


@pytest.fixture
def committee(server: str) -> str:
    """A fresh committee of the demo organisation, with directors 3 to 5 named its trustees,
    2 of 3: the API call an administrator makes."""
    admin = api_as(server, "admin")
    try:
        slug = f"keys-{secrets.token_hex(3)}"
        made = admin.post(
            f"/orgs/{ORG}/bodies",
            json={"slug": slug, "name": f"Keys committee {slug[-6:]}", "kind": "committee",
                  "seats": 3, "lived_experience_quota": 0},
        )  # fmt: skip
        assert made.status_code == 201, made.text
        listed = admin.get(f"/orgs/{ORG}/members").json()["members"]
        ids = {m["email"]: m["id"] for m in listed}
        named = admin.post(
            f"/orgs/{ORG}/bodies/{slug}/trustees",
            json={"member_ids": [ids[email(n)] for n in TRUSTEES], "threshold": 2},
        )
        assert named.status_code == 201, named.text
        return slug
    finally:
        admin.close()


@pytest.fixture
def trustees(browser: Any, server: str) -> Iterator[list[Visit]]:
    """One browser context per trustee; the first at 320 px."""
    contexts = [
        browser.new_context(viewport=NARROW if k == 0 else DESKTOP, accept_downloads=True)
        for k in range(len(TRUSTEES))
    ]
    try:
        yield [
            Visit(
                page=c.new_page(),
                base=server,
                journey="ceremony",
                viewport=f"{'narrow' if k == 0 else 'desktop'}-{TRUSTEES[k]}",
            )
            for k, c in enumerate(contexts)
        ]
    finally:
        for c in contexts:
            c.close()


def _fits(v: Visit) -> None:
    width = v.page.viewport_size["width"]
    assert v.page.evaluate("document.documentElement.scrollWidth") <= width


def _status(v: Visit, text: str) -> None:
    from playwright.sync_api import TimeoutError as Timeout

    try:
        v.page.get_by_role("status").filter(has_text=text).wait_for(timeout=SLOW)
    except Timeout:
        said = v.page.locator("#ceremony-status").inner_text()
        pytest.fail(f"{v.viewport}: waited for {text!r}; the page says {said!r}", pytrace=False)


def _open(trustees: list[Visit], path: str) -> None:
    for v, name in zip(trustees, TRUSTEES, strict=True):
        v.sign_in(email(name), next_path=path)
        v.page.locator("#ceremony").wait_for(state="visible")


def _press(v: Visit, button: str, then: str, name: str) -> None:
    """Wait for the page to offer `button`, press it by keyboard, wait for `then`, axe."""
    found = v.page.get_by_role("button", name=button, exact=True)
    found.wait_for(timeout=SLOW)
    found.press("Enter")
    _status(v, then)
    v.check(name)
    if v.viewport.startswith("narrow"):
        _fits(v)


def test_three_trustees_run_the_ceremony_and_save_their_key_shares(
    committee: str, trustees: list[Visit], server: str, tmp_path: Path
) -> None:
    path = f"/orgs/{ORG}/bodies/{committee}/trustees/ceremony"
    problems: list[str] = []
    for v, name in zip(trustees, TRUSTEES, strict=True):
        v.page.on("pageerror", lambda e: problems.append(str(e)))
        v.sign_in(email(name), next_path=path)
        heading = f"Key ceremony of Keys committee {committee[-6:]}"
        v.page.get_by_role("heading", name=heading).wait_for()
        assert v.page.locator("#ceremony-needs-js").is_hidden()
        assert "Step 1 of 3" in v.page.locator("#ceremony-stage").inner_text()
        v.check("start")
    narrow = trustees[0]
    _fits(narrow)

    for v in trustees:
        _press(v, "Make my ceremony key", "Your ceremony key is made and sent", "key")
    # A visit later in the same browser finds the secrets it kept: reload and carry on.
    trustees[1].page.reload()
    for v in trustees:
        _press(v, "Deal my shares", "Your shares are dealt and sent", "dealt")
    for v in trustees:
        _press(v, "Check my shares", "Every share you received passed its check", "accepted")

    state = api_as(server, "director3").get(f"/orgs/{ORG}/bodies/{committee}/trustees").json()
    assert state["status"] == "complete"
    commitments = [Commitment.from_json(t["commitment"]) for t in state["trustees"]]
    assert election_public_key(commitments).hex() == state["joint_public_key"]
    for v in trustees:
        link = v.page.get_by_role("link", name="Download my key-share file")
        link.wait_for(timeout=SLOW)
        _status(v, "")  # the last step's sentence may still be showing; the offer is below
        assert "The ceremony is complete" in v.page.locator("#ceremony-stage").inner_text()
        v.check("complete")
        if v.viewport.startswith("narrow"):
            _fits(v)
        with v.page.expect_download() as download:
            link.press("Enter")
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        data = json.loads(saved.read_text())
        j = data["trustee"]
        me = next(t for t in state["trustees"] if t["index"] == j)
        assert me["display_name"] in v.page.locator("#ceremony-trustees").inner_text()
        assert data["format"] == "governance-key-share/1"
        assert (data["org"], data["body"]) == (ORG, committee)
        assert data["ceremony"] == state["ceremony"] and data["context"] == state["context"]
        assert (data["threshold"], data["trustee_count"]) == (2, 3)
        assert data["election_key"] == state["joint_public_key"]
        x = scalar_from_hex(data["key_share"])
        assert base_mul(x) == verification_key(commitments, j)
        assert Point.from_hex(data["verification_key"]) == base_mul(x)
    indexes = {json.loads(p.read_text())["trustee"] for p in tmp_path.glob("*.json")}
    assert indexes == {1, 2, 3}
    assert problems == []


def test_a_share_altered_on_the_server_is_caught_by_its_recipients_page(
    committee: str, trustees: list[Visit], server_folder: Path
) -> None:
    """Whoever holds the database alters the share trustee 2 sealed for trustee 1: trustee 1's
    page finds it fails the check against trustee 2's commitments, reports it, and the
    ceremony stops; nobody is offered a key-share file."""
    path = f"/orgs/{ORG}/bodies/{committee}/trustees/ceremony"
    _open(trustees, path)
    for v in trustees:
        _press(v, "Make my ceremony key", "Your ceremony key is made and sent", "key")
    for v in trustees:
        _press(v, "Deal my shares", "Your shares are dealt and sent", "dealt")
    with sqlite3.connect(server_folder / "demo.db") as db:
        (ceremony,) = db.execute(
            "SELECT c.id FROM ceremony c JOIN body b ON b.id = c.body"
            " WHERE b.slug = ? AND c.status = 'dealing'",
            (committee,),
        ).fetchone()
        (masked,) = db.execute(
            "SELECT masked FROM encrypted_share WHERE ceremony = ? AND dealer = 2"
            " AND recipient = 1",
            (ceremony,),
        ).fetchone()
        nudged = scalar_hex((scalar_from_hex(masked) + 1) % L)
        db.execute(
            "UPDATE encrypted_share SET masked = ? WHERE ceremony = ? AND dealer = 2"
            " AND recipient = 1",
            (nudged, ceremony),
        )
    first, second, third = trustees
    _press(first, "Check my shares", "The share from trustee 2 did not pass its check", "caught")
    assert "The ceremony failed" in first.page.locator("#ceremony-stage").inner_text()
    _fits(first)
    # The others look again (a page offering a step does not poll: it waits for its trustee).
    failed = "This ceremony failed. Trustee 2's share did not pass its check."
    for v in (second, third):
        v.page.reload()
        v.page.get_by_text(failed).wait_for()
    third.check("failed")
    for v in trustees:
        assert v.page.get_by_role("button", name="Check my shares").count() == 0
        assert v.page.locator("#ceremony-done").is_hidden()


def test_without_its_script_the_page_says_the_ceremony_needs_javascript(
    committee: str, browser: Any, server: str
) -> None:
    """The ceremony module does not load (blocked here, as a script blocker or a failed
    download would): the page says plainly that the ceremony needs JavaScript."""
    context = browser.new_context(viewport=NARROW)
    context.route("**/ceremony-page.js", lambda route: route.abort())
    try:
        v = Visit(page=context.new_page(), base=server, journey="ceremony", viewport="no-js")
        v.sign_in(email("director4"), next_path=f"/orgs/{ORG}/bodies/{committee}/trustees/ceremony")
        assert v.page.get_by_text("The ceremony needs JavaScript").is_visible()
        assert v.page.locator("#ceremony").is_hidden()
        assert "Step 1 of 3" in v.page.locator("#ceremony-stage").inner_text()
        _fits(v)
    finally:
        context.close()
