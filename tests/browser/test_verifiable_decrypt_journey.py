"""Trustees decrypt a verifiable motion's count in Chromium, axe on every step: the first at
320 px, the second at desktop width, each loading the key-share file their browser saved at
the end of the key ceremony. Before the right file, the second trustee tries another trustee's
file, one with its key altered, one for another ceremony and one relabelled as theirs: each is
refused with a sentence and nothing is posted. The motion carries with the right counts and
its published record verifies.

The demo board's key is the vote journey's (tests/browser/test_verifiable_vote_journey.py),
which may or may not be made already in this server; this module makes a committee of its
own in the demo organisation, so its trustees' key shares (Python playing their browsers in
the ceremony, over the API) are known here whatever ran before."""

from __future__ import annotations

import asyncio
import json
import secrets
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from governance.verifiable.group import L, scalar_from_hex, scalar_hex
from governance.verifiable.record import verify_record
from tests.browser.conftest import DEMO_PASSWORD, DESKTOP, Visit
from tests.browser.test_journeys import ORG, email
from tests.helpers import Api, Person
from tests.web.trustees.browser import share_file
from tests.web.verifiable.journey import browser_ballot, run_ceremony

pytestmark = pytest.mark.browser
NARROW = {"width": 320, "height": 640}
TRUSTEES = ("director3", "director4", "director5")
SEATS = {"chair": "chair", "secretary": "secretary", **dict.fromkeys(TRUSTEES, "director")}
VOTES = {"chair": "yes", "secretary": "yes", "director3": "no", "director4": "yes"}
VOTES |= {"director5": "abstain"}


@dataclass
class Closed:
    """A verifiable motion of the committee, voted and closed, waiting for its trustees."""

    motion: str
    files: dict[str, dict[str, Any]]
    other_ceremony: str


async def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def _closed_motion(server: str) -> Closed:
    async with httpx.AsyncClient(base_url=server, timeout=60) as client:
        api = Api(client)
        for name in SEATS:
            token = await api.sign_in_token(email(name), DEMO_PASSWORD)
            api.people[name] = Person(email=email(name), token=token)
        listed = (await api.get(f"/orgs/{ORG}/members", "chair")).json()["members"]
        for name in SEATS:
            api.people[name].member_id = next(m["id"] for m in listed if m["email"] == email(name))
        slug = f"decrypt-{secrets.token_hex(3)}"
        body = {"slug": slug, "name": f"Count committee {slug[-6:]}", "kind": "committee"}
        await _ok(await api.post(f"/orgs/{ORG}/bodies", "chair", json={**body, "seats": 5}), 201)
        for name, role in SEATS.items():
            seat = {"member_id": api.people[name].member_id, "role": role}
            seat["starts_on"] = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
            await _ok(await api.post(f"/orgs/{ORG}/bodies/{slug}/seats", "chair", json=seat), 201)

        base = f"/orgs/{ORG}/bodies/{slug}/trustees"
        ids = [api.people[name].member_id for name in TRUSTEES]
        browsers = await run_ceremony(api, base, ids, threshold=2, admin="chair")
        state = await _ok(await api.get(base, "chair"))
        files = {name: share_file(ORG, slug, state, browsers[name]) for name in TRUSTEES}

        meeting = {"title": "Count committee", "scheduled_for": datetime.now(UTC).isoformat()}
        made = await api.post(
            f"/orgs/{ORG}/bodies/{slug}/meetings", "secretary", json={**meeting, "agenda": []}
        )
        meeting_id = (await _ok(made, 201))["id"]
        for name in SEATS:
            present = {"member_id": api.people[name].member_id, "status": "present"}
            attended = await api.post(
                f"/orgs/{ORG}/meetings/{meeting_id}/attendance", "secretary", json=present
            )
            await _ok(attended)
        await _ok(await api.post(f"/orgs/{ORG}/meetings/{meeting_id}/open", "secretary"))
        motion = {"title": "Audit the accounts", "text": "That we audit.", "method": "verifiable"}
        moved = await api.post(f"/orgs/{ORG}/meetings/{meeting_id}/motions", "chair", json=motion)
        motion_id = (await _ok(moved, 201))["id"]
        path = f"/orgs/{ORG}/motions/{motion_id}"
        await _ok(await api.post(f"{path}/second", "secretary"))
        await _ok(await api.post(f"{path}/open-vote", "chair"))
        view = (await _ok(await api.get(path, "chair")))["verifiable"]
        for name, choice in VOTES.items():
            cast = await api.post(
                f"{path}/votes", name, json={"ballot": browser_ballot(view, choice)}
            )
            await _ok(cast, 201)
        closed = await _ok(await api.post(f"{path}/close-vote", "chair"))
        assert closed["status"] == "decrypting"
        return Closed(motion_id, files, other_ceremony=view["ceremony"] + "0")


@pytest.fixture(scope="module")
def closed(server: str) -> Closed:
    """Made once for this module, in a thread of its own (Playwright's sync API keeps an
    event loop running in this one)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _closed_motion(server)).result()


@pytest.fixture
def visits(browser: Any, server: str) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(viewport: str, **options: Any) -> Visit:
        size = NARROW if viewport == "narrow" else DESKTOP
        context = browser.new_context(viewport=size, **options)
        contexts.append(context)
        return Visit(
            page=context.new_page(), base=server, journey="verifiable_decrypt", viewport=viewport
        )

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


def _partials(folder: Path, motion: str) -> list[int]:
    """The trustees whose partial decryptions the server stored, from its own database."""
    with sqlite3.connect(folder / "demo.db") as db:
        rows = db.execute(
            "SELECT trustee FROM partial_decryption WHERE motion = ? ORDER BY trustee", (motion,)
        ).fetchall()
    return [int(r[0]) for r in rows]


def _fits(v: Visit) -> None:
    width = v.page.viewport_size["width"]
    assert v.page.evaluate("document.documentElement.scrollWidth") <= width


def _load(v: Visit, name: str, content: dict[str, Any]) -> None:
    """Choose the file (as a trustee does in the file picker) and press the button by keyboard."""
    v.page.get_by_label("Your key-share file").set_input_files(
        {"name": name, "mimeType": "application/json", "buffer": json.dumps(content).encode()}
    )
    v.page.get_by_role("button", name="Decrypt and send my share of the count").press("Enter")


def _progress(v: Visit) -> str:
    return str(v.page.locator("#decrypt-progress").inner_text())


def test_two_trustees_decrypt_and_the_motion_carries(
    closed: Closed, visits: Any, server: str, server_folder: Path
) -> None:
    path = f"/orgs/{ORG}/motions/{closed.motion}"
    posts: list[str] = []
    problems: list[str] = []

    def watch(v: Visit) -> None:
        v.page.on("pageerror", lambda e: problems.append(str(e)))
        v.page.on(
            "request",
            lambda r: posts.append(r.url) if r.url.endswith("/decryptions") else None,
        )

    # Without JavaScript the panel says the decryption needs it (axe needs JavaScript, so
    # this page is checked by axe below, with it).
    plain = visits("narrow", java_script_enabled=False).page
    plain.goto(f"{server}/sign-in?next={path}")
    plain.get_by_label("Email").fill(email("director5"))
    plain.get_by_label("Password").fill(DEMO_PASSWORD)
    plain.get_by_role("button", name="Sign in", exact=True).click()
    plain.wait_for_url(f"**{path}")
    assert plain.get_by_text("Decrypting needs JavaScript").is_visible()
    assert plain.locator("#decrypt-panel").is_hidden()

    # The first trustee, at 320 px.
    first = visits("narrow")
    watch(first)
    first.sign_in(email("director3"), next_path=path)
    first.page.locator("#decrypt-panel").wait_for(state="visible")
    assert first.page.get_by_text("Decrypting needs JavaScript").is_hidden()
    assert _progress(first).startswith("0 of 2 trustees needed")
    first.check("panel")
    _fits(first)
    _load(first, "director3-key-share.json", closed.files["director3"])
    first.page.wait_for_url(f"**{path}?done=decrypted")
    first.page.get_by_text("Your share of the count is decrypted and sent.").wait_for()
    assert _progress(first).startswith("1 of 2 trustees needed has decrypted")
    assert first.page.get_by_text("You have decrypted your share of the count").is_visible()
    first.check("one-of-two")
    _fits(first)
    assert _partials(server_folder, closed.motion) == [1]
    assert len(posts) == 1

    # The third trustee's partials altered on the way (a factor swapped): the server's proof
    # check refuses them, the page says so in its alert, and nothing is stored.
    third = visits("narrow")
    third.page.on("pageerror", lambda e: problems.append(str(e)))
    third.sign_in(email("director5"), next_path=path)
    third.page.locator("#decrypt-panel").wait_for(state="visible")

    def swap(route: Any) -> None:
        sent = json.loads(route.request.post_data)
        sent["partials"][0]["factor"] = sent["partials"][1]["factor"]
        route.continue_(post_data=json.dumps(sent))

    third.page.route("**/decryptions", swap)
    _load(third, "director5-key-share.json", closed.files["director5"])
    third.page.get_by_role("alert").filter(has_text="does not hold").wait_for(timeout=20_000)
    assert "Nothing was stored" in third.page.locator("#decrypt-error").inner_text()
    third.check("proof-refused")
    _fits(third)
    third.page.unroute("**/decryptions")
    assert _partials(server_folder, closed.motion) == [1]

    # The second trustee, at desktop width: wrong files first, each refused, nothing posted.
    second = visits("desktop")
    watch(second)
    second.sign_in(email("director4"), next_path=path)
    second.page.locator("#decrypt-panel").wait_for(state="visible")
    assert _progress(second).startswith("1 of 2")
    mine = closed.files["director4"]
    altered = {**mine, "key_share": scalar_hex((scalar_from_hex(mine["key_share"]) + 1) % L)}
    wrong = {
        "another trustee's": (closed.files["director5"], "trustee 3's, and you are trustee 2"),
        "altered": (altered, "This key-share file is damaged"),
        "another ceremony's": (
            {**mine, "ceremony": closed.other_ceremony},
            "from another key ceremony",
        ),
        "relabelled": (
            {**closed.files["director5"], "trustee": 2},
            "its key is not the one published for you",
        ),
        "not JSON": ("{not a key-share file", "it is not JSON"),
    }
    for label, (content, sentence) in wrong.items():
        if isinstance(content, str):
            second.page.get_by_label("Your key-share file").set_input_files(
                {"name": "notes.txt", "mimeType": "text/plain", "buffer": content.encode()}
            )
            second.page.get_by_role("button", name="Decrypt and send my share of the count").press(
                "Enter"
            )
        else:
            _load(second, f"{label}.json", content)
        alert = second.page.get_by_role("alert").filter(has_text=sentence)
        alert.wait_for(timeout=10_000)
        assert second.page.url.endswith(path), label
        second.check(label.replace(" ", "-").replace("'", ""))
        assert len(posts) == 1, f"the {label} file posted something"
        assert _partials(server_folder, closed.motion) == [1], label

    _load(second, "director4-key-share.json", mine)
    second.page.wait_for_url(f"**{path}?done=decrypted")
    second.page.get_by_role("heading", name="Result").wait_for()
    assert "Carried (passed)" in second.page.inner_text("main")
    counts = {
        row.locator("th").inner_text().strip(): int(row.locator("td.num").inner_text())
        for row in second.page.locator("table.tally tbody tr").all()
    }
    assert counts == {"Yes": 3, "No": 1, "Abstain": 1}
    assert "5 of 5 eligible members voted" in second.page.inner_text("main")
    assert second.page.locator("#decrypt").count() == 0
    second.check("carried")
    assert _partials(server_folder, closed.motion) == [1, 2]
    assert len(posts) == 2

    # The third trustee, still on the page from before, is too late: the alert says so.
    third.page.get_by_role("button", name="Decrypt and send my share of the count").press("Enter")
    third.page.get_by_role("alert").filter(has_text="already been decrypted").wait_for()
    assert "Not sent:" in third.page.locator("#decrypt-error").inner_text()
    third.check("too-late")
    assert _partials(server_folder, closed.motion) == [1, 2]
    assert problems == []

    # The published record verifies, with the counts the page shows.
    with httpx.Client(base_url=server, timeout=30) as client:
        signed_in = client.post(
            "/api/v1/auth/login", json={"email": email("member"), "password": DEMO_PASSWORD}
        )
        assert signed_in.status_code == 200, signed_in.text
        got = client.get(f"/api/v1{path}/record")
    assert got.status_code == 200, got.text
    record = got.json()
    assert verify_record(record) == []
    assert record["result"] == [
        {"label": "yes", "count": 3}, {"label": "no", "count": 1}, {"label": "abstain", "count": 1},
    ]  # fmt: skip
    assert len(record["ballots"]) == 5
