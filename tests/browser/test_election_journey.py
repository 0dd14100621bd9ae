"""An election from call to seats, in Chromium at 320 px and at desktop width, axe on every
page: the admin calls it on a new committee, three members stand (one as a lived-experience
candidate), nominations close and voting opens (the timetable moved in the database, as the
integration tests do), members rank the candidates (a gap is refused first), voting closes,
the result and its count report show, the admin certifies, and the committee's page shows
the new seats."""

from __future__ import annotations

import re
import secrets
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import DESKTOP, Visit
from tests.browser.test_journeys import ORG, api_as, email

pytestmark = pytest.mark.browser
NARROW = {"width": 320, "height": 640}


@pytest.fixture(params=["narrow", "desktop"])
def people(request: pytest.FixtureRequest, browser: Any, server: str) -> Iterator[Any]:
    """Make a signed-out person (their own browser context) at this viewport."""
    viewport = NARROW if request.param == "narrow" else DESKTOP
    contexts: list[Any] = []

    def make() -> Visit:
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        return Visit(
            page=context.new_page(), base=server, journey="election", viewport=request.param
        )

    yield make
    for context in contexts:
        context.close()


def _moment(like: str, when: datetime) -> str:
    """`when` written as the database wrote the value `like`."""
    return when.isoformat() if "T" in like else when.isoformat(sep=" ")


def _move(database: Path, election_id: str, *, closed: bool) -> None:
    """Nominations closed and voting open now (or closed a second ago, the term starting
    today)."""
    now = datetime.now(UTC)
    with sqlite3.connect(database) as db:
        (like,) = db.execute(
            "SELECT opens_at FROM election WHERE id = ?", (election_id,)
        ).fetchone()
        closes = now - timedelta(seconds=1) if closed else now + timedelta(days=1)
        db.execute(
            "UPDATE election SET nominations_close = ?, opens_at = ?, closes_at = ? WHERE id = ?",
            (
                _moment(like, now - timedelta(hours=2)),
                _moment(like, now - timedelta(hours=1)),
                _moment(like, closes),
                election_id,
            ),
        )
        if closed:  # the term starts today, so the committee's page shows the new seats
            db.execute(
                "UPDATE election SET term_starts_on = ? WHERE id = ?",
                (now.date().isoformat(), election_id),
            )


def _fits(v: Visit) -> None:
    width = v.page.viewport_size["width"]
    assert v.page.evaluate("document.documentElement.scrollWidth") <= width, v.page.url


def _rank(v: Visit, numbers: dict[str, str]) -> None:
    for name, number in numbers.items():
        v.page.get_by_label(re.compile(f"^{name}")).select_option(number)


def test_an_election_from_call_to_seats(people: Any, server: str, server_folder: Path) -> None:
    slug = f"peers-{secrets.token_hex(3)}"
    admin_api = api_as(server, "chair")
    try:
        made = admin_api.post(
            f"/orgs/{ORG}/bodies",
            json={
                "slug": slug,
                "name": f"Peer support committee {slug[-6:]}",
                "kind": "committee",
                "seats": 3,
                "lived_experience_quota": 0.51,
            },
        )
        assert made.status_code == 201, made.text
    finally:
        admin_api.close()

    admin = people()
    admin.sign_in(email("chair"), next_path=f"/orgs/{ORG}/bodies/{slug}")
    admin.click("link", "Call an election")
    soon = datetime.now(UTC)
    page = admin.page
    page.get_by_label("Title").fill("Peer support committee election")
    page.get_by_label("Number of seats to fill").fill("2")
    page.get_by_label("Single transferable vote (STV)").check()
    page.get_by_label("Every member").check()
    for label, days in (
        ("Nominations close (UTC)", 1),
        ("Voting opens (UTC)", 2),
        ("Voting closes (UTC)", 3),
    ):
        page.get_by_label(label).fill((soon + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Term starts on (optional)").fill(
        (soon + timedelta(days=5)).date().isoformat()
    )
    admin.click("button", "Call the election")
    assert "The election is called" in page.inner_text("main")
    election_id = re.search(r"/elections/(\w+)", page.url).group(1)  # type: ignore[union-attr]
    election = f"/orgs/{ORG}/elections/{election_id}"
    _fits(admin)

    # Three members stand: Jordan as a lived-experience candidate (attested), Robin and Dana
    # as themselves.
    voters: dict[str, Visit] = {}
    for local, statement, lived in (
        ("director", "I have used these services for years.", True),
        ("member", "I run the Tuesday drop-in.", False),
        ("director3", "I keep the accounts honest.", False),
    ):
        v = people()
        v.sign_in(email(local), next_path=election)
        v.click("link", "Stand for election")
        v.page.get_by_label("Your statement (optional)").fill(statement)
        if lived:
            v.page.get_by_label("Stand as a lived-experience candidate").check()
        v.click("button", "Stand for election")
        assert "You are standing in this election." in v.page.inner_text("main")
        voters[local] = v
    main = voters["director3"].page.inner_text("main")
    assert main.count("Standing as a lived-experience candidate") == 1
    assert "I keep the accounts honest." in main

    _move(server_folder / "demo.db", election_id, closed=False)
    voters["chair"] = admin
    ballots = {
        "chair": {"Jordan Lee": "1", "Robin Taylor": "2"},
        "director": {"Jordan Lee": "1", "Dana Kim": "2"},
        "member": {"Robin Taylor": "1", "Jordan Lee": "2"},
        "director3": {"Dana Kim": "1", "Robin Taylor": "2"},
    }
    for local, ranks in ballots.items():
        v = voters[local]
        v.goto(election)
        v.click("link", "Vote")
        if local == "chair":  # a gap is refused, nothing cast, the numbers kept
            _rank(v, {"Jordan Lee": "1", "Robin Taylor": "3"})
            v.click("button", "Cast my ballot")
            assert "You gave 1 and 3 but no 2." in v.page.inner_text("main")
            _fits(v)
            v.page.get_by_label(re.compile("^Robin Taylor")).select_option("")
        if local == "director":  # with JavaScript: press the candidates in order instead
            v.click("button", "Make Jordan Lee my next choice")
            v.click("button", "Make Robin Taylor my next choice")
            v.click("button", "Remove Jordan Lee (1st choice)")  # Robin moves up to 1
            v.click("button", "Make Jordan Lee my next choice")
            v.click("button", "Remove Robin Taylor (1st choice)")
            v.click("button", "Make Dana Kim my next choice")
            order = v.page.locator("#ranking-order").inner_text()
            assert order == "Your order: 1. Jordan Lee, 2. Dana Kim."
        else:
            _rank(v, ranks)
        v.click("button", "Cast my ballot")
        assert v.page.get_by_role("heading", level=1).inner_text() == "Your ballot is counted"
        _fits(v)

    admin.goto(election)
    admin.click("link", "Turnout: how many have voted")
    assert re.search(r"4 of \d+", admin.page.inner_text("main"))

    _move(server_folder / "demo.db", election_id, closed=True)
    admin.goto(election)
    main = admin.page.inner_text("main")
    assert "Elected, in the order the count elected them" in main
    # 2 seats at a quota of 0.51 reserve both; only Jordan stood for them, so Jordan is
    # elected and the page says the reservation could not be met.
    assert "The reservation could not be met" in main
    assert admin.page.locator(".count-report").is_visible()  # the count report
    _fits(admin)
    admin.click("link", "Certify the result")
    to_seat = admin.page.locator("ol.elected").inner_text()
    assert "Jordan Lee (lived-experience candidate)" in to_seat
    admin.click("button", "Certify and seat them")
    assert "those elected are seated" in admin.page.inner_text("main")
    admin.goto(f"/orgs/{ORG}/bodies/{slug}")
    seated = admin.page.locator("#seated + table, section[aria-labelledby=seated] table").first
    names = seated.inner_text()
    for name in to_seat.replace(" (lived-experience candidate)", "").splitlines():
        assert name.strip() in names
    _fits(admin)
