"""The decision log over HTTP, on every engine: order, paging, filters, search, visibility,
CSV and Atom."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from tests.helpers import Api
from tests.web.decisions.log import decide, log
from tests.web.motions.board import seat_board

ATOM = "{http://www.w3.org/2005/Atom}"


async def test_newest_first_with_every_outcome_and_final_text(api: Api) -> None:
    board = await seat_board(api)
    meeting = await board.meeting()
    first = await decide(board, meeting, "Adopt the budget", yes=4, no=1)
    second = await decide(board, meeting, "Buy a kettle", yes=1, no=4)
    withdrawn = await board.motion(meeting, "d1", title="Paint the door")
    assert (await board.do(withdrawn, "withdraw", "d1")).status_code == 200
    undecided = await board.motion(meeting, title="Still being debated")

    response = await log(board)
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [i["id"] for i in items] == [withdrawn, second, first]
    assert undecided not in {i["id"] for i in items}
    assert [i["outcome"] for i in items] == ["withdrawn", "failed", "carried"]
    top = items[2]
    assert top["body"] == {"slug": "board", "name": "Board"}
    assert top["meeting_id"] == meeting
    assert top["tally"] == {"yes": 4, "no": 1, "abstain": 0, "eligible": 5, "voted": 5}
    assert set(top) >= {"id", "number", "title", "text", "kind", "decided_at", "tally"}
    assert items[0]["tally"] is None
    assert response.json()["next_cursor"] is None

    one = await api.get(f"/orgs/acme/decisions/{first}", "d2")
    assert one.status_code == 200
    assert one.json()["title"] == "Adopt the budget"
    assert (await api.get(f"/orgs/acme/decisions/{undecided}", "d2")).status_code == 404


async def test_paging_stays_stable_while_decisions_arrive(api: Api) -> None:
    board = await seat_board(api)
    meeting = await board.meeting()
    made = [await decide(board, meeting, f"Motion {n}") for n in range(5)]

    seen: list[str] = []
    page = (await log(board, limit=2)).json()
    seen += [i["id"] for i in page["items"]]
    newer = await decide(board, meeting, "Arrived while paging")
    while page["next_cursor"]:
        page = (await log(board, limit=2, cursor=page["next_cursor"])).json()
        seen += [i["id"] for i in page["items"]]
    assert seen == list(reversed(made))  # no duplicates, no gaps, newest first
    assert (await log(board, limit=2)).json()["items"][0]["id"] == newer


async def test_filters_and_bad_parameters(api: Api) -> None:
    board = await seat_board(api)
    meeting = await board.meeting()
    carried = await decide(board, meeting, "Carried one", yes=4, no=0)
    failed = await decide(board, meeting, "Failed one", yes=0, no=4)

    only_failed = (await log(board, outcome="failed")).json()["items"]
    assert [i["id"] for i in only_failed] == [failed]
    by_body = (await log(board, body="board")).json()["items"]
    assert {i["id"] for i in by_body} == {carried, failed}
    assert (await log(board, since="2000-01-01", until="2999-12-31")).json()["items"]
    assert (await log(board, until="2000-01-01")).json()["items"] == []

    for params, field in [
        ({"outcome": "maybe"}, "outcome"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"since": "yesterday"}, "since"),
        ({"until": "2026-13-45"}, "until"),
        ({"body": "no-such-body"}, "body"),
        ({"limit": "1000"}, "limit"),
    ]:
        response = await log(board, **params)
        assert response.status_code == 400, (params, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["field"] == field, response.json()


async def test_search_finds_the_final_amended_text(api: Api) -> None:
    board = await seat_board(api)
    meeting = await board.meeting()
    main = await board.motion(meeting, "d1", title="Snacks", text="Spend 100 on biscuits.")
    amendment = await board.motion(
        meeting, "d2", kind="amendment", amends=main, title="Snacks", text="Spend 200 on fruit."
    )
    await board.seconded_and_open(amendment)
    for name in board.members:
        assert (await board.vote(amendment, name, "yes")).status_code == 201
    assert (await board.do(amendment, "close-vote", "chair")).status_code == 200
    await board.seconded_and_open(main)
    for name in board.members:
        assert (await board.vote(main, name, "yes")).status_code == 201
    assert (await board.do(main, "close-vote", "chair")).status_code == 200

    found = (await log(board, q="FRUIT")).json()["items"]
    assert main in [i["id"] for i in found]
    assert next(i for i in found if i["id"] == main)["text"] == "Spend 200 on fruit."
    biscuits = (await log(board, q="biscuits")).json()["items"]
    assert main not in [i["id"] for i in biscuits]


async def test_secret_ballots_show_counts_only(api: Api) -> None:
    board = await seat_board(api)
    meeting = await board.meeting()
    motion = await board.motion(meeting, title="Secret matter", method="secret")
    await board.seconded_and_open(motion)
    for name in board.members:
        assert (await board.vote(motion, name, "yes")).status_code == 201
    assert (await board.do(motion, "close-vote", "chair")).status_code == 200

    item = (await log(board)).json()["items"][0]
    assert item["tally"] == {"yes": 5, "no": 0, "abstain": 0, "eligible": 5, "voted": 5}
    one = (await api.get(f"/orgs/acme/decisions/{motion}", "d1")).json()
    assert "votes" not in one
    for who in board.members:
        assert api.people[who].member_id not in str(one)
        assert api.people[who].member_id not in str(item)


async def test_csv_export_is_safe_in_a_spreadsheet(api: Api) -> None:
    board = await seat_board(api)
    meeting = await board.meeting()
    await decide(board, meeting, '=HYPERLINK("http://evil")', text='-2+3 and more, "quoted"')
    await decide(board, meeting, "Plain title", text="Über café, naïve")

    response = await api.get("/orgs/acme/decisions.csv", "d1")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["number", "title", "text"]
    assert len(rows) == 3
    assert rows[1][1] == "Plain title" and rows[1][2] == "Über café, naïve"
    assert rows[2][1] == '\'=HYPERLINK("http://evil")'
    assert rows[2][2] == '\'-2+3 and more, "quoted"'
    filtered = await api.get("/orgs/acme/decisions.csv", "d1", params={"q": "plain"})
    assert len(list(csv.reader(io.StringIO(filtered.content.decode("utf-8-sig"))))) == 2


async def test_atom_feed_lists_decisions(api: Api) -> None:
    board = await seat_board(api)
    meeting = await board.meeting()
    motion = await decide(board, meeting, "Adopt the budget")

    response = await api.get("/orgs/acme/decisions.atom", "d1")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert "Adopt the budget" in (entries[0].findtext(f"{ATOM}title") or "")
    link = entries[0].find(f"{ATOM}link")
    assert link is not None and link.get("href", "").endswith(f"/orgs/acme/decisions/{motion}")


async def test_who_may_read_the_log(api: Api) -> None:
    board = await seat_board(api)
    meeting = await board.meeting()
    motion = await decide(board, meeting, "Adopt the budget")
    await api.org("other")
    await api.add_member("other", "stranger", by="root")

    paths = [
        "/orgs/acme/decisions",
        "/orgs/acme/decisions.csv",
        "/orgs/acme/decisions.atom",
        f"/orgs/acme/decisions/{motion}",
    ]
    for path in paths:
        assert (await api.get(path, "d1")).status_code == 200, path
        assert (await api.get(path, None)).status_code == 401, path
        assert (await api.get(path, "stranger")).status_code == 404, path

    made_public = await api.patch("/orgs/acme", "ada", json={"public": True})
    assert made_public.status_code == 200, made_public.text
    for path in paths:
        for who in (None, "stranger", "d1"):
            assert (await api.get(path, who)).status_code == 200, (path, who)
