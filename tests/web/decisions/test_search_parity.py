"""Search gives the same decisions on SQLite and PostgreSQL for a corpus with awkward words
(hyphens, apostrophes, decimals, underscores, accents, e-mail addresses, mixed case).

Each query's expected result is written out once, so both engines are held to the same set.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from governance.db import transaction
from governance.decisions.search import index_missing
from governance.motions.tables import Motion
from tests.helpers import Api
from tests.web.decisions.log import log
from tests.web.motions.board import seat_board

CORPUS = {
    "budget": ("Adopt the 2026 Budget", "The treasurer's budget of 3.5 million is adopted."),
    "peer": ("Peer-led support groups", "Start peer-led groups in every town."),
    "cafe": ("Café opening hours", "The café opens at 9; naïve pricing ends."),
    "snake": ("Rename snake_case fields", "Contact info@riverside.example for details."),
    "budgeting": ("Budgeting training", "Offer BUDGETING lessons to members."),
    "kettle": ("Buy a kettle", "For the upstairs room."),
}

QUERIES = {
    "budget": {"budget", "budgeting"},
    "budg": {"budget", "budgeting"},
    "2026 budget": {"budget"},
    "treasurer": {"budget"},
    "treasurer's": {"budget"},
    "3.5": {"budget"},
    "peer-led": {"peer"},
    "led": {"peer"},
    "PEER": {"peer"},
    "café": {"cafe"},
    "cafe": set(),
    "naïve": {"cafe"},
    "snake_case": {"snake"},
    "case": {"snake"},
    "info@riverside.example": {"snake"},
    "riverside": {"snake"},
    "kettle room": {"kettle"},
    "kettle budget": set(),
    "zebra": set(),
    "the": {"budget", "cafe", "kettle"},
}


async def test_same_results_on_every_engine(api: Api) -> None:
    board = await seat_board(api)
    org = (await api.get("/orgs/acme", "d1")).json()
    body = await api.get("/orgs/acme/bodies/board", "d1")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    ids: dict[str, str] = {}
    async with transaction(api.runtime.engine):
        for n, (key, (title, text)) in enumerate(CORPUS.items()):
            motion = Motion(
                organisation=org["id"],
                body=body.json()["id"],
                number=f"2026/{n + 1}",
                title=title,
                text=text,
                status="carried",
                mover=board.id("chair"),
                created_at=start,
                decided_at=start + timedelta(days=n),
                tally='{"abstain":0,"eligible":5,"no":0,"voted":5,"yes":5}',
            )
            await motion.save()
            ids[key] = motion.id
        assert await index_missing() == len(CORPUS)
    names = {v: k for k, v in ids.items()}
    for query, expected in QUERIES.items():
        response = await log(board, q=query)
        assert response.status_code == 200, response.text
        found = {names[i["id"]] for i in response.json()["items"]}
        assert found == expected, query
