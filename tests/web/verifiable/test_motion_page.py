"""A verifiable vote from the motion page, without JavaScript: the page says plainly that the
server encrypts the vote (trusting it at that moment), and the box holds one ballot marked
server-encrypted, whose tracker the receipt page shows."""

from __future__ import annotations

from typing import Any

from governance.db import fetch_rows
from tests.helpers import Api
from tests.web.pages.test_pages import HTML, csrf_of, sign_in
from tests.web.verifiable.journey import board_with_key, open_verifiable


async def test_the_page_votes_through_the_server_and_says_so(api: Api, client: Any) -> None:
    board, _, meeting_id = await board_with_key(api)
    motion_id, _ = await open_verifiable(board, meeting_id)
    path = f"/orgs/acme/motions/{motion_id}"
    await sign_in(client, "d1@acme.example", path)
    page = await client.get(path, headers=HTML)
    assert page.status_code == 200, page.text
    assert "asks the server to encrypt your vote" in page.text
    assert "trusts the server" in page.text
    assert 'name="server_encrypt" value="1"' in page.text

    form = {"_csrf": csrf_of(page.text), "server_encrypt": "1", "choice": "no"}
    cast = await client.post(f"{path}/vote", data=form, headers=HTML)
    assert cast.status_code == 200, cast.text
    assert "Your vote is counted" in cast.text
    assert "look for it in the published record" in cast.text
    rows = await fetch_rows(
        api.runtime.engine, "SELECT server_encrypted, tracker FROM verifiable_ballot"
    )
    assert [int(r[0]) for r in rows] == [1]
    # The tracker on the page is the one in the box: what the voter looks for in the record.
    assert f'id="receipt-tracker" translate="no">{rows[0][1]}<' in cast.text
    again = await client.post(f"{path}/vote", data=form, headers=HTML)
    assert again.status_code == 409, again.text
    rows = await fetch_rows(api.runtime.engine, "SELECT count(*) FROM ballot_roll")
    assert rows[0][0] == 1
