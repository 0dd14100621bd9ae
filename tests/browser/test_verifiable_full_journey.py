"""The whole verifiable vote in Chromium, every step on its page, axe on each: three trustees
make the key in their browsers and save their key-share files; three members vote (one checks
a ballot before casting a fresh one, at 320 px; one without JavaScript, the server encrypting;
one casts straight away); the chair closes the vote; two of the three trustees decrypt by
loading the files they saved; the page shows the result, and the published record verifies in
`governance verify` and in the independent Node verifier.

Only the set-up an administrator and the secretary do (a committee with five seats, its
trustees named, a meeting in session with a motion open to vote) goes over the API."""

from __future__ import annotations

import json
import secrets
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from governance.verifiable.record import verify_record
from tests.browser.conftest import (
    DESKTOP,
    Visit,
    _governance_command,
    sign_in_without_script,
)
from tests.browser.test_ceremony_journey import SLOW, _press, _status
from tests.browser.test_journeys import ORG, api_as, email
from tests.browser.test_verifiable_decrypt_journey import _fits, _load
from tests.unit.verifiable.node import NODE, verify_js

pytestmark = pytest.mark.browser
NARROW = {"width": 320, "height": 640}
TRUSTEES = ("director3", "director4", "director5")
SEATS = {"chair": "chair", "secretary": "secretary", **dict.fromkeys(TRUSTEES, "director")}


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


@pytest.fixture
def committee(server: str) -> str:
    """A committee of the demo organisation with five seated members, directors 3 to 5 its
    trustees (any 2 of 3 decrypt): what an administrator sets up."""
    admin = api_as(server, "admin")
    try:
        slug = f"whole-{secrets.token_hex(3)}"
        body = {"slug": slug, "name": f"Whole-vote committee {slug[-6:]}", "kind": "committee"}
        _ok(admin.post(f"/orgs/{ORG}/bodies", json={**body, "seats": 5}), 201)
        ids = {m["email"]: m["id"] for m in _ok(admin.get(f"/orgs/{ORG}/members"))["members"]}
        since = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
        for name, role in SEATS.items():
            seat = {"member_id": ids[email(name)], "role": role, "starts_on": since}
            _ok(admin.post(f"/orgs/{ORG}/bodies/{slug}/seats", json=seat), 201)
        named = {"member_ids": [ids[email(n)] for n in TRUSTEES], "threshold": 2}
        _ok(admin.post(f"/orgs/{ORG}/bodies/{slug}/trustees", json=named), 201)
        return slug
    finally:
        admin.close()


def _open_vote(server: str, committee: str) -> str:
    """The secretary opens a meeting of the committee with everyone present; the chair moves
    a verifiable motion, the secretary seconds it and the chair opens the vote."""
    chair, secretary = api_as(server, "chair"), api_as(server, "secretary")
    try:
        ids = {m["email"]: m["id"] for m in _ok(chair.get(f"/orgs/{ORG}/members"))["members"]}
        meeting = {"title": "Whole-vote meeting", "scheduled_for": datetime.now(UTC).isoformat()}
        made = secretary.post(
            f"/orgs/{ORG}/bodies/{committee}/meetings", json={**meeting, "agenda": []}
        )
        meeting_id = _ok(made, 201)["id"]
        for name in SEATS:
            present = {"member_id": ids[email(name)], "status": "present"}
            _ok(secretary.post(f"/orgs/{ORG}/meetings/{meeting_id}/attendance", json=present))
        _ok(secretary.post(f"/orgs/{ORG}/meetings/{meeting_id}/open"))
        motion = {"title": "Fund the peer line", "text": "That we fund it.", "method": "verifiable"}
        moved = chair.post(f"/orgs/{ORG}/meetings/{meeting_id}/motions", json=motion)
        motion_id = str(_ok(moved, 201)["id"])
        _ok(secretary.post(f"/orgs/{ORG}/motions/{motion_id}/second"))
        _ok(chair.post(f"/orgs/{ORG}/motions/{motion_id}/open-vote"))
        return motion_id
    finally:
        chair.close()
        secretary.close()


@pytest.fixture
def people(browser: Any, server: str) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(who: str, viewport: str, **options: Any) -> Visit:
        context = browser.new_context(
            viewport=NARROW if viewport == "narrow" else DESKTOP, accept_downloads=True, **options
        )
        contexts.append(context)
        return Visit(
            page=context.new_page(), base=server, journey="verifiable_whole",
            viewport=f"{viewport}-{who}",
        )  # fmt: skip

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


def _ceremony(trustees: list[Visit], committee: str, folder: Path) -> dict[str, dict[str, Any]]:
    """The three trustees' key ceremony on its page; each saves the key-share file offered."""
    path = f"/orgs/{ORG}/bodies/{committee}/trustees/ceremony"
    for v, name in zip(trustees, TRUSTEES, strict=True):
        v.sign_in(email(name), next_path=path)
        v.page.locator("#ceremony").wait_for(state="visible")
        v.check("ceremony")
    for v in trustees:
        _press(v, "Make my ceremony key", "Your ceremony key is made and sent", "key")
    for v in trustees:
        _press(v, "Deal my shares", "Your shares are dealt and sent", "dealt")
    for v in trustees:
        _press(v, "Check my shares", "Every share you received passed its check", "accepted")
    files = {}
    for v, name in zip(trustees, TRUSTEES, strict=True):
        link = v.page.get_by_role("link", name="Download my key-share file")
        link.wait_for(timeout=SLOW)
        _status(v, "")
        v.check("complete")
        with v.page.expect_download() as download:
            link.press("Enter")
        saved = folder / f"{name}-{download.value.suggested_filename}"
        download.value.save_as(saved)
        files[name] = json.loads(saved.read_text())
    return files


def _prepare(v: Visit, choice: str) -> str:
    v.page.get_by_label(choice, exact=True).press("Space")
    v.page.get_by_role("button", name="Prepare my ballot").press("Enter")
    v.page.get_by_role("status").filter(has_text="Your ballot is prepared").wait_for()
    return str(v.page.locator("#vote-tracker").inner_text()).strip()


def _cast(v: Visit) -> str:
    v.page.get_by_role("button", name="Cast this ballot").press("Enter")
    v.page.get_by_role("heading", name="Your vote is counted").wait_for()
    v.check("receipt")
    return str(v.page.locator("#receipt-tracker").inner_text()).strip()


def test_trustees_make_the_key_members_vote_trustees_decrypt_and_the_record_verifies(
    committee: str, people: Any, server: str, tmp_path: Path
) -> None:
    problems: list[str] = []
    trustees = [people(name, "narrow" if k == 0 else "desktop") for k, name in enumerate(TRUSTEES)]
    for v in trustees:
        v.page.on("pageerror", lambda e: problems.append(str(e)))
    files = _ceremony(trustees, committee, tmp_path)
    assert {f["trustee"] for f in files.values()} == {1, 2, 3}

    motion = _open_vote(server, committee)
    path = f"/orgs/{ORG}/motions/{motion}"

    # The secretary, at 320 px: prepares a Yes, checks it (it opens to Yes), prepares afresh
    # and casts; the receipt shows the tracker of the ballot cast, not of the one checked.
    secretary = people("secretary", "narrow")
    secretary.page.on("pageerror", lambda e: problems.append(str(e)))
    secretary.sign_in(email("secretary"), next_path=path)
    secretary.page.locator("#browser-vote").wait_for(state="visible")
    checked = _prepare(secretary, "Yes")
    secretary.check("prepared")
    _fits(secretary)
    secretary.page.get_by_role("button", name="Check this ballot instead").press("Enter")
    secretary.page.get_by_role("status").filter(has_text="Checked and thrown away").wait_for()
    assert "It holds your choice: Yes" in secretary.page.inner_text("#vote-checked-result")
    secretary.check("checked")
    _fits(secretary)
    secretary.page.get_by_role("button", name="Prepare my ballot").press("Enter")
    secretary.page.get_by_role("status").filter(has_text="Your ballot is prepared").wait_for()
    prepared = str(secretary.page.locator("#vote-tracker").inner_text()).strip()
    assert prepared != checked
    assert _cast(secretary) == prepared
    _fits(secretary)

    # Director 3 without JavaScript: the server's form, which says it encrypts for them. (axe
    # needs JavaScript: the same page with the browser's module blocked is what it checks.)
    blocked = people("director3-blocked", "desktop")
    blocked.page.route("**/vote-page.js", lambda route: route.abort())
    blocked.sign_in(email("director3"), next_path=path)
    assert blocked.page.get_by_text("asks the server to encrypt your vote").is_visible()
    blocked.check("server-form")
    plain = people("director3", "desktop", java_script_enabled=False).page
    sign_in_without_script(plain, server, email("director3"), path)
    assert plain.locator("#browser-vote").is_hidden()
    plain.get_by_role("button", name="Yes", exact=True).click()
    plain.get_by_role("heading", name="Your vote is counted").wait_for()
    server_tracker = plain.locator("#receipt-tracker").inner_text().strip()

    # The chair casts a No straight away, then closes the vote on the page.
    chair = people("chair", "desktop")
    chair.page.on("pageerror", lambda e: problems.append(str(e)))
    chair.sign_in(email("chair"), next_path=path)
    chair_tracker = _prepare(chair, "No")
    assert _cast(chair) == chair_tracker
    chair.goto(path)
    chair.click("button", "Close the vote and count")
    chair.click("button", "Yes, close the vote and count")
    chair.page.locator("#decrypt-progress").wait_for()
    assert "0 of 2 trustees needed" in chair.page.inner_text("#decrypt-progress")

    # Trustees 2 and 3 decrypt, each loading the file their browser saved at the ceremony.
    second, third = trustees[1], trustees[2]
    second.goto(path)
    second.page.locator("#decrypt-panel").wait_for(state="visible")
    _load(second, "director4-key-share.json", files["director4"])
    second.page.wait_for_url(f"**{path}?done=decrypted")
    second.page.get_by_text("Your share of the count is decrypted and sent.").wait_for()
    second.check("decrypted")
    third.goto(path)
    third.page.locator("#decrypt-panel").wait_for(state="visible")
    _load(third, "director5-key-share.json", files["director5"])
    third.page.wait_for_url(f"**{path}?done=decrypted")
    third.page.get_by_role("heading", name="Result").wait_for()
    assert "Carried (passed)" in third.page.inner_text("main")
    counts = {
        row.locator("th").inner_text().strip(): int(row.locator("td.num").inner_text())
        for row in third.page.locator("table.tally tbody tr").all()
    }
    assert counts == {"Yes": 2, "No": 1, "Abstain": 0}
    third.check("carried")

    # The first trustee, at 320 px, sees the same result on the motion page.
    trustees[0].goto(path)
    assert "Carried (passed)" in trustees[0].page.inner_text("main")
    _fits(trustees[0])
    assert problems == []

    # The published record: every ballot by its tracker, the server's one marked, the checked
    # one nowhere; it verifies in Python, in the command and in the Node verifier.
    member = api_as(server, "member")
    try:
        record = _ok(member.get(f"{path}/record"))
    finally:
        member.close()
    assert verify_record(record) == []
    by_tracker = {b["tracker"]: b["server_encrypted"] for b in record["ballots"]}
    assert by_tracker == {prepared: False, server_tracker: True, chair_tracker: False}
    assert checked not in json.dumps(record)
    saved = tmp_path / "record.json"
    saved.write_text(json.dumps(record))
    verified = subprocess.run(
        [*_governance_command(), "verify", str(saved)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert NODE is not None, "the Node verifier needs node, which `make js` needs too"
    in_node = verify_js(saved)
    assert in_node.returncode == 0, in_node.stdout + in_node.stderr
