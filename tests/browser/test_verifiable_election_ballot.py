"""A verifiable approval election's ballot in Chromium, axe on every step: at 320 px the voter
ticks two candidates by keyboard, prepares the ballot (the browser encrypts it), checks it
instead of casting (the opening names the two), prepares a fresh one and casts it; the receipt
shows the tracker seen before casting. A second member votes without JavaScript on the server's
form. After the close two of the three trustees decrypt, and the election's public record
lists both ballots (the server's marked, the checked one nowhere) and verifies in Python and
in the Node verifier.

The set-up (a committee, its key ceremony with Python playing the trustees' browsers, the
election called and candidates standing) goes over the API; the timetable is moved in the
server's own database file, as tests/browser/test_election_journey.py does."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from governance.verifiable.record import verify_record
from tests.browser.conftest import DEMO_PASSWORD, DESKTOP, Visit, sign_in_without_script
from tests.browser.test_election_journey import _move
from tests.browser.test_journeys import ORG, email
from tests.browser.test_verifiable_decrypt_journey import _fits
from tests.helpers import Api, Person
from tests.unit.verifiable.node import NODE, verify_js
from tests.web.trustees.browser import Browser
from tests.web.verifiable.journey import partials_of, run_ceremony

pytestmark = pytest.mark.browser
NARROW = {"width": 320, "height": 640}
TRUSTEES = ("director3", "director4", "director5")
SEATS = {"chair": "chair", "secretary": "secretary", **dict.fromkeys(TRUSTEES, "director")}
STANDING = ("director", "member", "director3")


@dataclass
class Called:
    """A verifiable approval election of a fresh committee, its candidates standing."""

    election: str
    names: dict[str, str]  # candidate id -> the name on the ballot
    browsers: dict[str, Browser]


async def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def _call(server: str) -> Called:
    async with httpx.AsyncClient(base_url=server, timeout=60) as client:
        api = Api(client)
        for name in {*SEATS, *STANDING}:
            token = await api.sign_in_token(email(name), DEMO_PASSWORD)
            api.people[name] = Person(email=email(name), token=token)
        listed = (await api.get(f"/orgs/{ORG}/members", "chair")).json()["members"]
        for name in api.people:
            api.people[name].member_id = next(m["id"] for m in listed if m["email"] == email(name))
        slug = f"ballot-{secrets.token_hex(3)}"
        body = {"slug": slug, "name": f"Ballot committee {slug[-6:]}", "kind": "committee"}
        await _ok(await api.post(f"/orgs/{ORG}/bodies", "chair", json={**body, "seats": 7}), 201)
        since = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
        for name, role in SEATS.items():
            seat = {"member_id": api.people[name].member_id, "role": role, "starts_on": since}
            await _ok(await api.post(f"/orgs/{ORG}/bodies/{slug}/seats", "chair", json=seat), 201)
        ids = [api.people[name].member_id for name in TRUSTEES]
        base = f"/orgs/{ORG}/bodies/{slug}/trustees"
        browsers = await run_ceremony(api, base, ids, threshold=2, admin="chair")

        soon = datetime.now(UTC)
        election = {
            "title": "Ballot committee election",
            "seats": 2,
            "method": "approval",
            "electorate": "members",
            "verifiable": True,
            "nominations_close": (soon + timedelta(days=1)).isoformat(),
            "opens_at": (soon + timedelta(days=2)).isoformat(),
            "closes_at": (soon + timedelta(days=3)).isoformat(),
        }
        made = await api.post(f"/orgs/{ORG}/bodies/{slug}/elections", "chair", json=election)
        eid = (await _ok(made, 201))["id"]
        for name in STANDING:
            stood = {"member_id": api.people[name].member_id}
            await _ok(
                await api.post(f"/orgs/{ORG}/elections/{eid}/candidates", name, json=stood), 201
            )
        view = await _ok(await api.get(f"/orgs/{ORG}/elections/{eid}", "chair"))
        names = {c["id"]: c["display_name"] for c in view["candidates"]}
        return Called(eid, names, browsers)


@pytest.fixture(scope="module")
def called(server: str) -> Called:
    """Made once, in a thread of its own (Playwright's sync API keeps a loop in this one)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _call(server)).result()


@pytest.fixture
def people(browser: Any, server: str) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(who: str, viewport: dict[str, int], **options: Any) -> Visit:
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        return Visit(
            page=context.new_page(), base=server, journey="verifiable_election", viewport=who
        )

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


def _status(v: Visit, text: str) -> None:
    v.page.get_by_role("status").filter(has_text=text).wait_for(timeout=20_000)


def _finish(server: str, called: Called) -> dict[str, Any]:
    """Two trustees decrypt the closed election's tally; its public record."""

    async def run() -> dict[str, Any]:
        async with httpx.AsyncClient(base_url=server, timeout=60) as client:
            api = Api(client)
            for name in ("member", *TRUSTEES[:2]):
                token = await api.sign_in_token(email(name), DEMO_PASSWORD)
                api.people[name] = Person(email=email(name), token=token)
            path = f"/orgs/{ORG}/elections/{called.election}"
            tally = (await _ok(await api.get(path, "member")))["verifiable"]
            assert tally["tally"], "the close stored the encrypted tally"
            for name in TRUSTEES[:2]:
                partials = {"partials": partials_of(called.browsers[name], tally)}
                await _ok(await api.post(f"{path}/decryptions", name, json=partials))
            return dict(await _ok(await api.get(f"{path}/record", "member")))

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


def test_tick_prepare_check_cast_and_the_record_verifies(
    called: Called, people: Any, server: str, server_folder: Path, tmp_path: Path
) -> None:
    _move(server_folder / "demo.db", called.election, closed=False)
    path = f"/orgs/{ORG}/elections/{called.election}/ballot"
    by_name = {name: cid for cid, name in called.names.items()}
    two = sorted(list(by_name)[:2])
    problems: list[str] = []

    v = people("narrow-chair", NARROW)
    v.page.on("pageerror", lambda e: problems.append(str(e)))
    v.sign_in(email("chair"), next_path=path)
    panel = v.page.locator("#browser-vote")
    panel.wait_for(state="visible")
    assert v.page.locator("#server-vote").is_hidden()  # the server's form gives way
    v.check("ticks")
    _fits(v)
    for name in two:  # by keyboard: a box is ticked with Space, a button pressed with Enter
        v.page.locator("#browser-vote").get_by_label(name).press("Space")
    v.page.get_by_role("button", name="Prepare my ballot").press("Enter")
    _status(v, "Your ballot is prepared")
    checked = v.page.locator("#vote-tracker").inner_text().strip()
    v.check("prepared")
    _fits(v)

    v.page.get_by_role("button", name="Check this ballot instead").press("Enter")
    _status(v, "Checked and thrown away")
    in_order = [n for n in called.names.values() if n in two]  # the question's order
    said = v.page.locator("#vote-checked-result").inner_text()
    assert f"It holds your choice: {', '.join(in_order)}." in said, said
    assert v.page.locator("#vote-ballot").input_value() == ""
    v.page.get_by_text("What the opening shows").click()
    opening = json.loads(v.page.locator("#vote-opening").inner_text())
    assert opening["values"] == [1 if n in two else 0 for n in called.names.values()]
    v.check("checked")
    _fits(v)

    v.page.get_by_role("button", name="Prepare my ballot").press("Enter")
    _status(v, "Your ballot is prepared")
    prepared = v.page.locator("#vote-tracker").inner_text().strip()
    assert prepared != checked
    v.page.get_by_role("button", name="Cast this ballot").press("Enter")
    v.page.get_by_role("heading", name="Your ballot is counted").wait_for()
    v.check("receipt")
    _fits(v)
    assert v.page.locator("#receipt-tracker").inner_text().strip() == prepared
    assert "same tracker your browser showed" in v.page.inner_text("main")

    # Without JavaScript: the server's form, which says it locks the ballot for the voter.
    plain = people("plain-secretary", DESKTOP, java_script_enabled=False).page
    sign_in_without_script(plain, server, email("secretary"), path)
    assert plain.locator("#browser-vote").is_hidden()
    assert plain.get_by_text("This form asks the server to lock your ballot").is_visible()
    plain.locator("#server-ballot").get_by_label(two[0]).check()
    plain.get_by_role("button", name="Cast my ballot").click()
    plain.get_by_role("heading", name="Your ballot is counted").wait_for()
    server_tracker = plain.locator("#receipt-tracker").inner_text().strip()
    assert problems == []

    _move(server_folder / "demo.db", called.election, closed=True)
    record = _finish(server, called)
    assert verify_record(record) == []
    by_tracker = {b["tracker"]: b["server_encrypted"] for b in record["ballots"]}
    assert by_tracker == {prepared: False, server_tracker: True}
    assert checked not in json.dumps(record)
    order = record["question"]["candidates"]
    counts = {
        called.names[c]: line["count"] for c, line in zip(order, record["result"], strict=True)
    }
    assert counts == {
        n: (2 if n == two[0] else 1 if n in two else 0) for n in called.names.values()
    }
    saved = tmp_path / "record.json"
    saved.write_text(json.dumps(record))
    assert NODE is not None, "the Node verifier needs node, which `make js` needs too"
    in_node = verify_js(saved)
    assert in_node.returncode == 0, in_node.stdout + in_node.stderr
