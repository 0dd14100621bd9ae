"""A verifiable vote cast from the motion page with a ballot the browser made: the page hands
the browser the election and its key, `/cast-ballot` stores the ballot as sent (not marked
server-encrypted) and the receipt shows its tracker; a bad ballot is refused, clearly, with
nothing stored. Python plays the browser (`browser_ballot`); tests/browser/ runs the real one."""

from __future__ import annotations

import html
import json
from typing import Any

import pytest

from governance.db import fetch_rows
from governance.verifiable.ballot import parse_ballot, tracker
from tests.helpers import Api
from tests.web.pages.test_pages import HTML, csrf_of, sign_in
from tests.web.verifiable.journey import board_with_key, browser_ballot, open_verifiable


def tracker_of(ballot: dict[str, Any]) -> str:
    parsed, _ = parse_ballot(ballot)
    assert parsed is not None
    return tracker(parsed)


async def box(api: Api) -> list[tuple[str, int]]:
    rows = await fetch_rows(
        api.runtime.engine, "SELECT tracker, server_encrypted FROM verifiable_ballot"
    )
    return [(str(r[0]), int(r[1])) for r in rows]


async def roll(api: Api) -> int:
    rows = await fetch_rows(api.runtime.engine, "SELECT count(*) FROM ballot_roll")
    return int(rows[0][0])


async def voter_on_page(api: Api, client: Any) -> tuple[str, dict[str, Any], str]:
    """d1 signed in on an open verifiable motion's page: its path, `verifiable` view, page."""
    board, _, meeting_id = await board_with_key(api)
    motion_id, view = await open_verifiable(board, meeting_id)
    path = f"/orgs/acme/motions/{motion_id}"
    await sign_in(client, "d1@acme.example", path)
    page = await client.get(path, headers=HTML)
    assert page.status_code == 200, page.text
    return path, view, page.text


async def test_a_browser_ballot_is_cast_and_the_receipt_shows_its_tracker(
    api: Api, client: Any
) -> None:
    path, view, page = await voter_on_page(api, client)
    # The page gives the browser what it encrypts under, and loads the voting module.
    assert f'data-election="{html.escape(view["election"])}"' in page
    assert f'data-key="{view["election_key"]}"' in page
    assert 'src="/static/js/verifiable/vote-page.js" integrity="sha384-' in page
    assert f'action="{path}/cast-ballot"' in page
    assert "Check this ballot instead" in page
    # Without JavaScript the server-encrypt form is still there.
    assert 'name="server_encrypt" value="1"' in page

    ballot = browser_ballot(view, "yes")
    form = {"_csrf": csrf_of(page), "ballot": json.dumps(ballot)}
    cast = await client.post(f"{path}/cast-ballot", data=form, headers=HTML)
    assert cast.status_code == 200, cast.text
    assert cast.headers["cache-control"] == "no-store"
    assert "Your vote is counted" in cast.text
    assert f'id="receipt-tracker" translate="no">{tracker_of(ballot)}<' in cast.text
    assert await box(api) == [(tracker_of(ballot), 0)]
    assert await roll(api) == 1

    # A second ballot from the same member is refused; the box keeps the first.
    again = {"_csrf": csrf_of(page), "ballot": json.dumps(browser_ballot(view, "no"))}
    refused = await client.post(f"{path}/cast-ballot", data=again, headers=HTML)
    assert refused.status_code == 409, refused.text
    assert "already voted" in refused.text.lower()
    assert await box(api) == [(tracker_of(ballot), 0)]


def _wrong_election(view: dict[str, Any]) -> str:
    return json.dumps(browser_ballot({**view, "election": "acme/motions/another"}, "yes"))


def _swapped_proof(view: dict[str, Any]) -> str:
    """A "yes" ballot whose yes and no options trade places, proofs and all: each 0-or-1
    proof now names the wrong option, so it fails."""
    ballot = browser_ballot(view, "yes")
    ballot["choices"][0], ballot["choices"][1] = ballot["choices"][1], ballot["choices"][0]
    return json.dumps(ballot)


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda view: "", "Prepare your ballot first"),
        (lambda view: "{not json", "not readable"),
        (lambda view: json.dumps({"version": 1}), "The ballot was refused"),
        (_wrong_election, "The ballot was refused"),
        (_swapped_proof, "The ballot was refused"),
    ],
    ids=["empty", "not-json", "malformed", "wrong-election", "swapped-proof"],
)
async def test_a_bad_ballot_is_refused_clearly_and_nothing_is_stored(
    api: Api, client: Any, make: Any, says: str
) -> None:
    path, view, page = await voter_on_page(api, client)
    form = {"_csrf": csrf_of(page), "ballot": make(view)}
    refused = await client.post(f"{path}/cast-ballot", data=form, headers=HTML)
    assert refused.status_code == 400, refused.text
    assert "There is a problem" in refused.text
    assert says in html.unescape(refused.text)
    # The summary links to the ballot's part of the page, which is there to vote again.
    assert 'href="#ballot"' in refused.text and 'id="ballot"' in refused.text
    assert await box(api) == []
    assert await roll(api) == 0


async def test_a_ballot_without_the_form_token_is_refused(api: Api, client: Any) -> None:
    path, view, _ = await voter_on_page(api, client)
    form = {"ballot": json.dumps(browser_ballot(view, "yes"))}
    refused = await client.post(f"{path}/cast-ballot", data=form, headers=HTML)
    assert refused.status_code == 403, refused.text
    assert await box(api) == []
