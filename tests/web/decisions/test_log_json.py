"""The API's decision log page passes through each decision's JSON entry, stored by the
database when it was decided or built on the fly when not (`service.page_json`); the pages,
CSV and Atom use the Python view (`service.page`). On every engine the two must say
the same thing: same items, same fields, the same `decided_at` text (with and without
microseconds), tallies as objects or null, awkward text intact, and the same paging."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from governance.decisions import rules, service
from governance.decisions.entries import store_missing
from governance.members.access import OrgAccess
from governance.members.tables import Organisation
from governance.motions.tables import Motion
from tests.helpers import Api
from tests.web.decisions.log import decide, log
from tests.web.motions.board import seat_board

AWKWARD = 'Fund the "Mind & Body" café \\ drop-in\ttwice a week </script> 🌱'


async def _python_view(org_slug: str, limit: int, cursor: str | None = None) -> dict[str, Any]:
    org = await Organisation.select(Organisation.id).where(Organisation.slug == org_slug).first()
    assert org is not None
    query = service.LogQuery(
        access=OrgAccess(org=org, actor=None, membership=None),
        filters=rules.Filters(),
        body_id=None,
    )
    return await service.page(query, cursor, limit)


async def test_the_database_built_page_matches_the_python_view(api: Api) -> None:
    board = await seat_board(api)
    meeting = await board.meeting()
    plain = await decide(board, meeting, "Adopt the budget", yes=4, no=1)
    awkward = await decide(board, meeting, AWKWARD, text=f"{AWKWARD}\nSecond line.")
    withdrawn = await board.motion(meeting, "d1", title="Paint the door")
    assert (await board.do(withdrawn, "withdraw", "d1")).status_code == 200
    # Decisions store their entries when decided; the page passes those through.
    stored = await Motion.raw(
        "SELECT id FROM motion WHERE log_entry IS NOT NULL AND id IN ({}, {}, {})",
        plain,
        awkward,
        withdrawn,
    )
    assert {r["id"] for r in stored} == {plain, awkward, withdrawn}
    # A decision at a whole second (isoformat leaves the microseconds out), with no stored
    # entry, as for one decided before entries were stored: the page builds its entry.
    await Motion.update({Motion.decided_at: datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)}).where(
        Motion.id == plain
    )
    await Motion.raw("UPDATE motion SET log_entry = NULL WHERE id = {}", plain)

    response = await log(board, limit=10)
    assert response.status_code == 200, response.text
    api_items = response.json()["items"]
    python_items = (await _python_view(board.org, 10))["items"]
    assert api_items == python_items
    assert [i["id"] for i in api_items] == [withdrawn, awkward, plain]
    by_id = {i["id"]: i for i in api_items}
    assert by_id[plain]["decided_at"] == "2026-01-02T03:04:05+00:00"
    assert "." in by_id[awkward]["decided_at"]  # microseconds kept when there are some
    assert by_id[awkward]["title"] == AWKWARD
    assert by_id[awkward]["text"].startswith(AWKWARD)
    assert by_id[withdrawn]["tally"] is None
    assert by_id[plain]["tally"] == {"yes": 4, "no": 1, "abstain": 0, "eligible": 5, "voted": 5}

    # One decision's own page (the Python view of a Piccolo select) says the same again.
    for item in api_items:
        one = await board.api.get(f"/orgs/{board.org}/decisions/{item['id']}", "d1")
        assert one.status_code == 200, one.text
        extra = {"threshold", "meeting_title", "votes"}
        assert {k: v for k, v in one.json().items() if k not in extra} == item

    # What the migration does for decisions made before entries were stored: store them,
    # and the page says the same as before.
    await store_missing(Motion._meta.db)
    refilled = await Motion.raw(
        "SELECT id FROM motion WHERE id = {} AND log_entry IS NOT NULL", plain
    )
    assert len(refilled) == 1
    assert (await log(board, limit=10)).json()["items"] == api_items


async def test_paging_one_by_one_walks_the_same_order_as_the_python_view(api: Api) -> None:
    board = await seat_board(api)
    meeting = await board.meeting()
    for n in range(4):
        await decide(board, meeting, f"Motion {n}")

    api_ids: list[str] = []
    page = (await log(board, limit=1)).json()
    api_ids += [i["id"] for i in page["items"]]
    while page["next_cursor"]:
        page = (await log(board, limit=1, cursor=page["next_cursor"])).json()
        api_ids += [i["id"] for i in page["items"]]

    python_ids: list[str] = []
    found = await _python_view(board.org, 1)
    python_ids += [i["id"] for i in found["items"]]
    while found["next_cursor"]:
        found = await _python_view(board.org, 1, found["next_cursor"])
        python_ids += [i["id"] for i in found["items"]]
    assert api_ids == python_ids and len(api_ids) == 4
