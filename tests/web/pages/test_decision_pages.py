"""The decision log pages over HTTP: reachable from the home page, search without
JavaScript, filters, older pages, and each decision's page."""

from __future__ import annotations

import re
from typing import Any

from tests.helpers import Api
from tests.web.decisions.log import decide
from tests.web.motions.board import seat_board
from tests.web.pages.test_pages import HTML, sign_in


async def test_a_member_finds_a_decision_from_the_home_page(client: Any, api: Api) -> None:
    board = await seat_board(api)
    meeting = await board.meeting()
    budget = await decide(board, meeting, "Adopt the budget", text="Spend 300 on rent.")
    for n in range(21):
        await decide(board, meeting, f"Routine matter {n}", yes=0, no=4)
    await sign_in(client, api.people["d1"].email)

    home = await client.get("/orgs/acme", headers=HTML)
    assert 'href="/orgs/acme/decisions"' in home.text

    page = await client.get("/orgs/acme/decisions", headers=HTML)
    assert page.status_code == 200
    assert '<label for="q">Search decisions</label>' in page.text
    assert 'method="get"' in page.text
    assert "<h1>Decision log</h1>" in page.text
    assert "Routine matter 20" in page.text and "Adopt the budget" not in page.text
    older = re.search(r'href="([^"]+)">Older decisions</a>', page.text)
    assert older, "a link to older decisions"
    second = await client.get(older.group(1).replace("&amp;", "&"), headers=HTML)
    assert "Adopt the budget" in second.text and "Routine matter 20" not in second.text

    found = await client.get("/orgs/acme/decisions", params={"q": "rent"}, headers=HTML)
    assert "Adopt the budget" in found.text and "Routine matter" not in found.text
    link = f'href="/orgs/acme/decisions/{budget}"'
    assert link in found.text
    assert "Carried (passed)" in found.text  # the outcome in words, not only colour

    failed = await client.get("/orgs/acme/decisions", params={"outcome": "failed"}, headers=HTML)
    assert "Routine matter 3" in failed.text and "Adopt the budget" not in failed.text

    shown = await client.get(f"/orgs/acme/decisions/{budget}", headers=HTML)
    assert shown.status_code == 200
    text = shown.text
    assert "Motion 2026/" in text or "Motion " in text
    assert "Adopt the budget" in text and "Spend 300 on rent." in text
    assert "Carried (passed)" in text and "Board" in text
    assert f'href="/orgs/acme/meetings/{meeting}"' in text
    assert '<th scope="row">Yes</th><td>3</td>' in text


async def test_a_bad_filter_is_shown_beside_its_field(client: Any, api: Api) -> None:
    await seat_board(api)
    await sign_in(client, api.people["d1"].email)
    page = await client.get("/orgs/acme/decisions", params={"body": "nope"}, headers=HTML)
    assert page.status_code == 400
    assert 'id="body-error"' in page.text
    assert "There is a problem" in page.text


async def test_public_log_is_readable_signed_out(client: Any, api: Api) -> None:
    board = await seat_board(api)
    meeting = await board.meeting()
    motion = await decide(board, meeting, "Adopt the budget")
    client.cookies.clear()
    private = await client.get("/orgs/acme/decisions", headers=HTML)
    assert private.status_code in (302, 303, 401)
    assert (await api.patch("/orgs/acme", "ada", json={"public": True})).status_code == 200
    client.cookies.clear()
    home = await client.get("/orgs/acme", headers=HTML)
    assert 'href="/orgs/acme/decisions"' in home.text
    page = await client.get("/orgs/acme/decisions", headers=HTML)
    assert page.status_code == 200 and "Adopt the budget" in page.text
    shown = await client.get(f"/orgs/acme/decisions/{motion}", headers=HTML)
    assert shown.status_code == 200 and "How each member voted" not in shown.text
