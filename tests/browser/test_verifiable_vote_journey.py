"""A verifiable vote in Chromium, at 320 px and at desktop width, axe on every step: the voter
prepares a ballot (the browser encrypts it), checks it instead of casting (the Benaloh
challenge: the opening shows their choice), prepares a fresh one, casts it, and the receipt
shows the tracker they saw before casting. The checked ballot is never in the box.

The demo board has no election key, so the board's trustees (three directors, any two
decrypt) first run the key ceremony over the API with Python playing their browsers."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from governance.verifiable.ballot import opening_faults, parse_ballot, secrets_from_json, tracker
from governance.verifiable.group import Point
from tests.browser.conftest import DEMO_PASSWORD, DESKTOP, Visit
from tests.browser.test_journeys import ORG, email, open_motion
from tests.helpers import Api, Person
from tests.web.verifiable.journey import run_ceremony

pytestmark = pytest.mark.browser
NARROW = {"width": 320, "height": 640}
TRUSTEES = ("director3", "director4", "director5")
BASE = f"/orgs/{ORG}/bodies/board/trustees"


async def _complete_board_key(server: str) -> None:
    async with httpx.AsyncClient(base_url=server, timeout=60) as client:
        api = Api(client)
        for name in ("chair", *TRUSTEES):
            token = await api.sign_in_token(email(name), DEMO_PASSWORD)
            api.people[name] = Person(email=email(name), token=token)
        state = await api.get(BASE, "chair")
        if state.status_code == 200 and state.json().get("status") == "complete":
            return
        listed = (await api.get(f"/orgs/{ORG}/members", "chair")).json()["members"]
        ids = {m["email"]: m["id"] for m in listed}
        for name in TRUSTEES:
            api.people[name].member_id = ids[email(name)]
        ids_in_order = [ids[email(name)] for name in TRUSTEES]
        await run_ceremony(api, BASE, ids_in_order, threshold=2, admin="chair")


@pytest.fixture(scope="module")
def board_key(server: str) -> None:
    """The demo board's key ceremony, completed once for this module (in a thread of its
    own: Playwright's sync API keeps an event loop running in this one)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _complete_board_key(server)).result()


@pytest.fixture(params=["narrow", "desktop"])
def voter(request: pytest.FixtureRequest, browser: Any, server: str) -> Iterator[Visit]:
    viewport = NARROW if request.param == "narrow" else DESKTOP
    context = browser.new_context(viewport=viewport)
    try:
        yield Visit(
            page=context.new_page(), base=server, journey="verifiable_vote", viewport=request.param
        )
    finally:
        context.close()


def _fits(v: Visit) -> None:
    """Nothing runs off the side of the screen (the tracker wraps)."""
    width = v.page.viewport_size["width"]
    assert v.page.evaluate("document.documentElement.scrollWidth") <= width


def _status(v: Visit, text: str) -> None:
    v.page.get_by_role("status").filter(has_text=text).wait_for(timeout=20_000)


def _box(folder: Path) -> dict[str, list[str]]:
    """The stored box, motion -> trackers, read from the server's own database file."""
    with sqlite3.connect(folder / "demo.db") as db:
        rows = db.execute("SELECT motion, tracker FROM verifiable_ballot").fetchall()
    box: dict[str, list[str]] = {}
    for motion, named in rows:
        box.setdefault(motion, []).append(named)
    return box


def test_prepare_check_prepare_again_and_cast(
    board_key: None, voter: Visit, server: str, server_folder: Path
) -> None:
    v = voter
    problems: list[str] = []
    v.page.on("pageerror", lambda e: problems.append(str(e)))
    motion = open_motion(server, method="verifiable")
    path = f"/orgs/{ORG}/motions/{motion['id']}"
    v.sign_in(email("director"), next_path=path)
    vote = v.page.locator("#browser-vote")
    vote.wait_for(state="visible")
    assert v.page.locator("#server-vote").is_hidden()  # the server's form gives way to this
    election = vote.get_attribute("data-election")
    key = Point.from_hex(vote.get_attribute("data-key") or "")
    v.check("choose")
    _fits(v)

    # Everything by keyboard: a radio is chosen with Space, buttons pressed with Enter.
    v.page.get_by_label("Yes", exact=True).press("Space")
    v.page.get_by_role("button", name="Prepare my ballot").press("Enter")
    _status(v, "Your ballot is prepared")
    first = v.page.locator("#vote-tracker").inner_text().strip()
    assert len(first) == 64
    ballot = json.loads(v.page.locator("#vote-ballot").input_value())
    parsed, _ = parse_ballot(ballot)
    assert parsed is not None and tracker(parsed) == first
    v.check("prepared")
    _fits(v)

    # Check it instead: opened here, shown, thrown away.
    v.page.get_by_role("button", name="Check this ballot instead").press("Enter")
    _status(v, "Checked and thrown away")
    assert "It holds your choice: Yes" in v.page.locator("#vote-checked-result").inner_text()
    assert v.page.locator("#vote-checked-tracker").inner_text().strip() == first
    assert v.page.locator("#vote-prepared").is_hidden()
    assert v.page.locator("#vote-ballot").input_value() == ""
    v.page.get_by_text("What the opening shows").click()
    opening = json.loads(v.page.locator("#vote-opening").inner_text())
    assert opening["values"] == [1, 0, 0]
    assert json.loads(v.page.locator("#vote-checked-ballot").inner_text()) == ballot
    # The opening is real: Python rebuilds the ballot's ciphertexts from it.
    assert opening_faults(parsed, secrets_from_json(opening), key) == []
    v.check("checked")
    _fits(v)

    # The opened ballot cannot be sent: a submit of the (hidden) form is stopped.
    v.page.evaluate("document.querySelector('#vote-prepared form').requestSubmit()")
    _status(v, "Prepare your ballot first")
    assert v.page.url.endswith(path)
    assert motion["id"] not in _box(server_folder)

    # A fresh ballot, then cast.
    v.page.get_by_role("button", name="Prepare my ballot").press("Enter")
    _status(v, "Your ballot is prepared")
    second = v.page.locator("#vote-tracker").inner_text().strip()
    assert len(second) == 64 and second != first
    v.page.get_by_role("button", name="Cast this ballot").press("Enter")
    v.page.get_by_role("heading", name="Your vote is counted").wait_for()
    v.check("receipt")
    _fits(v)
    assert v.page.locator("#receipt-tracker").inner_text().strip() == second

    # The box holds the cast ballot, not the checked one, anywhere.
    box = _box(server_folder)
    assert box[motion["id"]] == [second]
    assert all(first not in trackers for trackers in box.values())
    assert election == f"{ORG}/motions/{motion['id']}"
    assert problems == []


def test_without_the_modules_the_server_form_stays(
    board_key: None, browser: Any, server: str
) -> None:
    """A module altered in transit fails its integrity check: the page still offers the
    server-encrypt form, and the browser's steps stay hidden."""
    motion = open_motion(server, method="verifiable")
    context = browser.new_context(viewport=NARROW)
    try:
        v = Visit(
            page=context.new_page(), base=server, journey="verifiable_vote", viewport="narrow"
        )

        def alter(route: Any) -> None:
            original = route.fetch()
            route.fulfill(response=original, body=original.text() + "\n// altered\n")

        v.page.route("**/static/js/verifiable/vote-page.js", alter)
        v.sign_in(email("vicechair"), next_path=f"/orgs/{ORG}/motions/{motion['id']}")
        assert v.page.locator("#browser-vote").is_hidden()
        assert v.page.get_by_text("asks the server to encrypt your vote").is_visible()
        assert v.page.get_by_role("button", name="Yes", exact=True).is_visible()
    finally:
        context.close()
