"""The secret-ballot receipt on the pages, over HTTP: the vote form carries a fresh receipt,
the same form sent again shows the same receipt as already counted (not a red "already
voted"), the receipt downloads as a text file, and after close it can be checked."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from governance.db import fetch_rows
from tests.helpers import Api
from tests.web.motions.board import seat_board
from tests.web.pages.test_pages import HTML, csrf_of, sign_in


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]+)"', html)
    assert found, f"the page has a hidden {name} field"
    return found.group(1)


def _shown_receipt(html: str) -> str:
    found = re.search(r'id="receipt-code"[^>]*>([^<]+)</p>', html)
    assert found, "the receipt is on the page"
    return found.group(1)


async def test_the_vote_form_survives_a_lost_reply(api: Api, client: Any) -> None:
    board = await seat_board(api)
    meeting_id = await board.meeting()
    motion_id = await board.motion(meeting_id, method="secret")
    await board.seconded_and_open(motion_id)
    path = f"/orgs/acme/motions/{motion_id}"

    await sign_in(client, "d1@acme.example", path)
    page = await client.get(path, headers=HTML)
    form = {"_csrf": csrf_of(page.text), "receipt": _hidden(page.text, "receipt"), "choice": "yes"}
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}", form["receipt"])
    # A second visit gets another receipt: each form carries a fresh one.
    assert _hidden((await client.get(path, headers=HTML)).text, "receipt") != form["receipt"]

    first = await client.post(f"{path}/vote", data=form, headers=HTML)
    assert first.status_code == 200, first.text
    assert "Your vote is counted" in first.text
    assert _shown_receipt(first.text) == form["receipt"]
    assert first.headers["cache-control"] == "no-store"
    # The reply is lost; the browser sends the same form again (a reload, a retry).
    again = await client.post(f"{path}/vote", data=form, headers=HTML)
    assert again.status_code == 200, again.text
    assert "Your vote was already counted" in again.text
    assert _shown_receipt(again.text) == form["receipt"]
    assert "You have already voted" not in again.text
    for table in ("ballot", "ballot_tracker", "ballot_roll"):  # one ballot, nothing more
        rows = await fetch_rows(api.runtime.engine, f"SELECT count(*) FROM {table}")  # noqa: S608
        assert rows[0][0] == 1, table

    # The same member sending another receipt (an older tab's form) is the ordinary refusal.
    other = dict(form, receipt="7K3M-Q9XD-A2B4-C6E8-F0GH-JKMN-PR")
    refused = await client.post(f"{path}/vote", data=other, headers=HTML)
    assert refused.status_code == 409
    assert "already voted" in refused.text

    download = await client.post(
        f"{path}/receipt.txt",
        data={"_csrf": form["_csrf"], "receipt": form["receipt"]},
        headers=HTML,
    )
    assert download.status_code == 200, download.text
    assert download.headers["content-type"].startswith("text/plain")
    assert "attachment" in download.headers["content-disposition"]
    assert download.headers["cache-control"] == "no-store"
    text = download.text
    assert form["receipt"] in text and "Organisation: " in text and "Motion: " in text
    assert f"/orgs/acme/motions/{motion_id}/ballots" in text

    # Before close the check page says to come back; after close it finds the receipt,
    # typed in small letters without hyphens, or with a look-alike O for 0.
    early = await client.get(f"{path}/ballots", headers=HTML)
    assert early.status_code == 200 and "come back to this page" in early.text
    assert (await board.do(motion_id, "close-vote", "chair")).status_code == 200
    published = await board.get(f"/motions/{motion_id}/ballots", "d2")
    bare = form["receipt"].replace("-", "")
    assert hashlib.sha256(bare.encode()).hexdigest() in published["trackers"]
    await sign_in(client, "d1@acme.example", path)  # the API calls above used the client
    check = await client.get(f"{path}/ballots", headers=HTML)
    for typed in (bare.lower(), form["receipt"].replace("0", "O"), form["receipt"]):
        found = await client.post(
            f"{path}/ballots", data={"_csrf": csrf_of(check.text), "receipt": typed}, headers=HTML
        )
        assert found.status_code == 200
        assert "Found." in found.text, typed
        assert found.headers["cache-control"] == "no-store"
        assert typed not in found.text  # not kept in the field
    wrong = await client.post(
        f"{path}/ballots",
        data={"_csrf": csrf_of(check.text), "receipt": "7K3M-Q9XD-A2B4-C6E8-F0GH-JKMN-PR"},
        headers=HTML,
    )
    assert "Not found." in wrong.text


async def test_a_roll_call_form_carries_no_receipt(api: Api, client: Any) -> None:
    board = await seat_board(api)
    meeting_id = await board.meeting()
    motion_id = await board.motion(meeting_id, method="roll_call")
    await board.seconded_and_open(motion_id)
    await sign_in(client, "d1@acme.example", f"/orgs/acme/motions/{motion_id}")
    page = await client.get(f"/orgs/acme/motions/{motion_id}", headers=HTML)
    assert 'name="receipt"' not in page.text


async def test_a_bad_receipt_download_is_refused(api: Api, client: Any) -> None:
    board = await seat_board(api)
    meeting_id = await board.meeting()
    motion_id = await board.motion(meeting_id, method="secret")
    await sign_in(client, "d1@acme.example", f"/orgs/acme/motions/{motion_id}")
    page = await client.get(f"/orgs/acme/motions/{motion_id}", headers=HTML)
    refused = await client.post(
        f"/orgs/acme/motions/{motion_id}/receipt.txt",
        data={"_csrf": csrf_of(page.text), "receipt": "nope"},
        headers=HTML,
    )
    assert refused.status_code == 400
