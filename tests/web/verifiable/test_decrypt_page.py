"""A verifiable motion's page once the chair has closed the vote: everyone sees how many of
the trustees needed have decrypted (a count, nobody's choice); a trustee of the motion's
ceremony who has not decrypted yet gets the key-share panel and its module, nobody else does.
The page's session and its CSRF token are what the module posts to the JSON API with; without
the token the post is refused and nothing is stored. Python plays the trustee's browser
(`partials_of`); tests/browser/ runs the real one."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from governance.db import fetch_rows
from tests.helpers import Api
from tests.web.pages.test_pages import HTML, sign_in
from tests.web.verifiable.journey import (
    board_with_key,
    browser_ballot,
    open_verifiable,
    partials_of,
)

PANEL = "Decrypt the count with your key-share file"
MODULE = 'src="/static/js/verifiable/decrypt-page.js" integrity="sha384-'


async def page_of(client: Any, name: str, path: str) -> str:
    await sign_in(client, f"{name}@acme.example", path)
    page = await client.get(path, headers=HTML)
    assert page.status_code == 200, page.text
    return str(page.text)


def data_of(page: str, name: str) -> str:
    found = re.search(rf'data-{name}="([^"]*)"', page)
    assert found, f"the panel has data-{name}"
    return html.unescape(found.group(1))


def progress(page: str) -> str:
    found = re.search(r'id="decrypt-progress">(.*?)</p>', page, re.S)
    assert found, "the page says how far the decryption is"
    return re.sub(r"<[^>]+>", "", found.group(1))


async def stored(api: Api) -> int:
    rows = await fetch_rows(api.runtime.engine, "SELECT count(*) FROM partial_decryption")
    return int(rows[0][0])


async def test_the_trustee_panel_shows_only_to_trustees_while_decrypting(
    api: Api, client: Any
) -> None:
    board, browsers, meeting_id = await board_with_key(api)
    motion_id, view = await open_verifiable(board, meeting_id)
    path = f"/orgs/acme/motions/{motion_id}"
    for name, choice in {"chair": "yes", "secretary": "yes", "d1": "no"}.items():
        cast = await board.do(motion_id, "votes", name, ballot=browser_ballot(view, choice))
        assert cast.status_code == 201, cast.text

    # While the vote is open there is nothing to decrypt, even for a trustee.
    voting = await page_of(client, "d1", path)
    assert PANEL not in voting and MODULE not in voting and "decrypt-progress" not in voting

    closed = await board.do(motion_id, "close-vote", "chair")
    assert closed.status_code == 200, closed.text
    tally = closed.json()["verifiable"]["tally"]
    view = {**view, "tally": tally}
    assert closed.json()["verifiable"]["decrypted"] == 0

    # A trustee: the panel, its labelled file input, the module with its integrity, what the
    # module needs, and the sentence for a browser without JavaScript.
    trustee = await page_of(client, "d1", path)
    assert "waiting for the trustees to decrypt the count" in trustee
    assert PANEL in trustee and MODULE in trustee
    assert '<label for="decrypt-file">Your key-share file</label>' in trustee
    assert 'type="file" id="decrypt-file"' in trustee
    assert "Decrypting needs JavaScript" in trustee
    assert "You are trustee 1 of 3" in trustee
    assert progress(trustee) == "0 of 2 trustees needed have decrypted the count so far. " + (
        "The result appears here when 2 have."
    )
    assert json.loads(data_of(trustee, "tally")) == tally
    assert data_of(trustee, "key") == view["election_key"]
    assert data_of(trustee, "ceremony") == view["ceremony"]
    assert data_of(trustee, "trustee") == "1"
    commitments = json.loads(data_of(trustee, "commitments"))
    assert [c["trustee"] for c in commitments] == [1, 2, 3]

    # Not a trustee: the progress, no panel, no module.
    chair = await page_of(client, "chair", path)
    assert progress(chair).startswith("0 of 2 trustees needed")
    assert PANEL not in chair and MODULE not in chair and "decrypt-panel" not in chair

    # The module's post: the page's session with its CSRF token. Without the token, refused.
    trustee = await page_of(client, "d1", path)
    endpoint = f"/api/v1{path}/decryptions"
    body = {"partials": partials_of(browsers["d1"], view)}
    bare = await client.post(endpoint, json=body, headers={"accept": "application/json"})
    assert bare.status_code == 403, bare.text
    assert await stored(api) == 0
    headers = {"accept": "application/json", "x-csrftoken": data_of(trustee, "csrf")}
    posted = await client.post(endpoint, json=body, headers=headers)
    assert posted.status_code == 200, posted.text
    assert posted.json()["status"] == "decrypting"
    assert posted.json()["verifiable"]["decrypted_by"] == [1]
    again = await client.post(endpoint, json=body, headers=headers)
    assert again.status_code == 409, again.text
    assert "already posted" in again.json()["detail"]

    # After one post: "1 of 2" for everyone; the trustee who decrypted has no panel left.
    done = await client.get(f"{path}?done=decrypted", headers=HTML)
    assert "Your share of the count is decrypted and sent." in done.text
    assert progress(done.text).startswith("1 of 2 trustees needed has decrypted")
    assert "You have decrypted your share of the count" in done.text
    assert PANEL not in done.text and MODULE not in done.text
    other = await page_of(client, "d2", path)
    assert progress(other).startswith("1 of 2 trustees needed has decrypted")
    assert PANEL in other and MODULE in other and "You are trustee 2 of 3" in other
    chair = await page_of(client, "chair", path)
    assert progress(chair).startswith("1 of 2")
    assert PANEL not in chair
    # The page names no choice before the result: no count, no bars.
    assert 'class="tally"' not in chair

    # The second trustee decides it: the result, and no panel or progress any more.
    second = await board.do(
        motion_id, "decryptions", "d3", partials=partials_of(browsers["d3"], view)
    )
    assert second.status_code == 200, second.text
    assert second.json()["status"] == "carried"
    result = await page_of(client, "d2", path)
    assert "Carried (passed)" in result
    assert PANEL not in result and MODULE not in result and "decrypt-progress" not in result
    assert 'class="tally"' in result
