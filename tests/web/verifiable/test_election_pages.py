"""A verifiable approval election through its pages, on both engines: the call form's
"verifiable" box (refused beside the field for STV), a ballot page that says plainly the
server locks the ballot, a receipt that shows the tracker, the browser's panel and its cast
(what the page's JavaScript encrypted, refused when empty), the decrypting page offering a
trustee (only) the key-share panel, and the counted page linking the public record."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from typing import Any

from governance.clock import utcnow
from governance.db import fetch_rows
from governance.elections.tables import Election
from governance.members.tables import Body, Membership
from governance.verifiable.ballot import encrypt_approval_ballot, tracker
from governance.verifiable.group import Point
from tests.helpers import Api
from tests.web.pages.test_pages import HTML, csrf_of, sign_in
from tests.web.verifiable.journey import board_with_key, partials_of

ORG = "acme"
NEW = f"/orgs/{ORG}/bodies/board/elections/new"


def _local(delta: timedelta) -> str:
    return (utcnow() + delta).strftime("%Y-%m-%dT%H:%M")


async def _post(client: Any, path: str, data: dict[str, Any]) -> Any:
    page = await client.get(path, headers=HTML)
    assert page.status_code == 200, page.text
    return await client.post(path, data={"_csrf": csrf_of(page.text), **data}, headers=HTML)


def _call_form(method: str) -> dict[str, Any]:
    return {
        "title": "Board election",
        "seats": "2",
        "method": method,
        "electorate": "members",
        "verifiable": "yes",
        "nominations_close": _local(timedelta(days=1)),
        "opens_at": _local(timedelta(days=2)),
        "closes_at": _local(timedelta(days=3)),
    }


async def test_a_verifiable_election_from_the_call_form_to_the_record_link(
    api: Api, client: Any
) -> None:
    _, browsers, _ = await board_with_key(api)
    await Body.update({Body.seats: 7}).where(Body.slug == "board")
    for name in ("kim", "lee"):
        await api.add_member(ORG, name, by="ada")
    # Members who joined before voting opens are on the roll.
    await Membership.update({Membership.joined_at: utcnow() - timedelta(days=30)}).where(
        Membership.id.is_not_null()
    )
    await sign_in(client, f"ada@{ORG}.example", NEW)
    form = await client.get(NEW, headers=HTML)
    assert 'name="verifiable" value="yes"' in form.text
    refused = await _post(client, NEW, _call_form("stv"))
    assert refused.status_code == 400, refused.text
    assert 'id="verifiable-error"' in refused.text and "STV cannot" in refused.text
    called = await _post(client, NEW, _call_form("approval"))
    assert called.status_code == 303, called.text
    eid = re.search(r"/elections/(\w+)\?done=called", called.headers["location"]).group(1)  # type: ignore[union-attr]
    for name in ("kim", "lee"):
        stood = await api.post(
            f"/orgs/{ORG}/elections/{eid}/candidates",
            name,
            json={"member_id": api.people[name].member_id},
        )
        assert stood.status_code == 201, stood.text
    now = utcnow()
    await Election.update(
        {
            Election.nominations_close: now - timedelta(hours=2),
            Election.opens_at: now - timedelta(hours=1),
        }
    ).where(Election.id == eid)
    view = (await api.get(f"/orgs/{ORG}/elections/{eid}", "d1")).json()
    kim = view["candidates"][0]["id"]

    ballot = f"/orgs/{ORG}/elections/{eid}/ballot"
    await sign_in(client, f"d1@{ORG}.example", ballot)
    paper = await client.get(ballot, headers=HTML)
    assert "asks the server to lock your ballot" in paper.text
    assert 'name="receipt"' not in paper.text
    cast = await _post(client, ballot, {"approve": [kim]})
    assert cast.status_code == 200, cast.text
    rows = await fetch_rows(
        api.runtime.engine, "SELECT tracker, server_encrypted FROM verifiable_election_ballot"
    )
    assert len(rows) == 1 and int(rows[0][1]) == 1
    assert f'<code id="receipt-tracker" translate="no">{rows[0][0]}</code>' in cast.text
    assert "locked by the server" in cast.text
    assert kim not in cast.text.split("<main", 1)[1]  # the receipt names no choice

    # With JavaScript the page encrypts instead: its panel carries the question's public
    # values and loads the module with its integrity; what the browser posts is cast as is.
    await sign_in(client, f"d2@{ORG}.example", ballot)
    paper = await client.get(ballot, headers=HTML)
    verifiable = view["verifiable"]
    assert 'id="browser-vote" hidden data-kind="approval"' in paper.text
    assert f'data-election="{verifiable["election"]}"' in paper.text
    shown = re.search(r'data-candidates="([^"]*)"', paper.text).group(1)  # type: ignore[union-attr]
    assert json.loads(html.unescape(shown)) == verifiable["candidates"]
    assert 'src="/static/js/verifiable/vote-page.js" integrity="sha384-' in paper.text
    assert 'id="server-vote"' in paper.text and 'id="server-ballot"' in paper.text
    browser_cast = f"/orgs/{ORG}/elections/{eid}/cast-ballot"
    empty = await client.post(browser_cast, data={"_csrf": csrf_of(paper.text)}, headers=HTML)
    assert empty.status_code == 400, empty.text
    assert "Prepare your ballot first" in empty.text and 'href="#ballot"' in empty.text
    y = Point.from_hex(verifiable["election_key"])
    ticks = [c == kim for c in verifiable["candidates"]]
    made, _ = encrypt_approval_ballot(y, verifiable["election"], ticks, 0, len(ticks))
    posted = await client.post(
        browser_cast,
        data={"_csrf": csrf_of(paper.text), "ballot": json.dumps(made.to_json())},
        headers=HTML,
    )
    assert posted.status_code == 200, posted.text
    assert f'<code id="receipt-tracker" translate="no">{tracker(made)}</code>' in posted.text
    assert "same tracker your browser showed" in posted.text
    rows = await fetch_rows(
        api.runtime.engine,
        "SELECT server_encrypted FROM verifiable_election_ballot ORDER BY server_encrypted",
    )
    assert [int(r[0]) for r in rows] == [0, 1]
    voted = await client.get(ballot, headers=HTML)
    assert "You have already voted" in voted.text and "vote-page.js" not in voted.text
    # Another voter posting that same ballot is refused beside the browser's panel (the
    # server's form is hidden where the page's JavaScript ran), and nothing is stored.
    await sign_in(client, f"d3@{ORG}.example", ballot)
    paper = await client.get(ballot, headers=HTML)
    copied = await client.post(
        browser_cast,
        data={"_csrf": csrf_of(paper.text), "ballot": json.dumps(made.to_json())},
        headers=HTML,
    )
    assert copied.status_code == 409, copied.text
    assert "repeats a ciphertext already in the box" in copied.text
    assert 'href="#ballot"' in copied.text and 'id="browser-vote"' in copied.text
    stored = await fetch_rows(api.runtime.engine, "SELECT id FROM verifiable_election_ballot")
    assert len(stored) == 2

    await Election.update({Election.closes_at: utcnow() - timedelta(seconds=1)}).where(
        Election.id == eid
    )
    page_path = f"/orgs/{ORG}/elections/{eid}"
    await sign_in(client, f"d2@{ORG}.example", page_path)
    trustee_page = await client.get(page_path, headers=HTML)
    assert trustee_page.status_code == 200, trustee_page.text
    assert "<strong>0 of 2</strong>" in trustee_page.text
    assert 'id="decrypt-panel"' in trustee_page.text
    assert f'data-endpoint="/api/v1{page_path}/decryptions"' in trustee_page.text
    assert 'src="/static/js/verifiable/decrypt-page.js" integrity="sha384-' in trustee_page.text
    await sign_in(client, f"chair@{ORG}.example", page_path)
    member_page = await client.get(page_path, headers=HTML)
    assert "<strong>0 of 2</strong>" in member_page.text
    assert 'id="decrypt-panel"' not in member_page.text
    assert "decrypt-page.js" not in member_page.text

    tally = (await api.get(page_path, "chair")).json()["verifiable"]
    for name in ("d2", "d3"):
        posted = await api.post(
            f"{page_path}/decryptions", name, json={"partials": partials_of(browsers[name], tally)}
        )
        assert posted.status_code == 200, posted.text
    await sign_in(client, f"chair@{ORG}.example", page_path)
    counted = await client.get(page_path, headers=HTML)
    assert counted.status_code == 200, counted.headers.get("location")
    assert html.escape(f"/api/v1{page_path}/record") in counted.text
    assert "Download the public record" in counted.text
    assert "ballots.blt" not in counted.text
