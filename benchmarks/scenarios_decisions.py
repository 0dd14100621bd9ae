"""Decision log throughput: a page of 50 out of 10,000 decisions, with and without a search
term, each as a ratio to `GET /healthz` measured in the same run.

The organisation, its board and a member are made over HTTP; the 10,000 decisions are then
written straight through the tables and the search index (`governance.decisions.search`),
with the server stopped, because deciding them one by one over HTTP would take an hour.
Targets: >= 0.30 x healthz without search, >= 0.10 x with.
"""

from __future__ import annotations

import asyncio
import random
import statistics
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from benchmarks.load import healthz, run_load, send
from benchmarks.server import fresh_database, running_server
from benchmarks.setup_data import build_org, create_platform_admin

DECISIONS = 10_000
WORDS = [
    "budget",
    "rent",
    "snacks",
    "minibus",
    "lease",
    "training",
    "volunteers",
    "outreach",
    "garden",
    "kettle",
    "policy",
    "hours",
    "peer",
    "support",
    "grant",
    "audit",
    "website",
    "transport",
    "meeting",
    "room",
]
RUNS = 3  # medians of this many runs against the same server
SEARCH_TERM = "safeguarding"  # about one decision in ten carries it


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(30)) + "."


async def _board(base_url: str, admin_token: str, member_id: str) -> str:
    """A board for the org with the member seated; returns the body id."""
    auth = {"Authorization": f"Bearer {admin_token}"}
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        created = await client.post(
            "/api/v1/orgs/bench/bodies",
            json={"slug": "board", "name": "Board", "kind": "board", "seats": 5},
            headers=auth,
        )
        created.raise_for_status()
        return str(created.json()["id"])


async def seed_decisions(url: str, body_id: str, mover: str, count: int = DECISIONS) -> None:
    """`count` decided motions (mixed outcomes and methods), indexed for search."""
    from governance.db import started_engine, transaction
    from governance.decisions.entries import store_missing
    from governance.decisions.search import index_missing
    from governance.members.tables import Body
    from governance.motions.tables import Motion
    from governance.settings import Settings

    settings = Settings(database_url=url, env="test", password_hashing="fast")
    rng = random.Random(7)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    async with started_engine(settings) as engine:
        org_id = (await Body.select(Body.organisation).where(Body.id == body_id).first())[
            "organisation"
        ]
        for offset in range(0, count, 500):
            async with transaction(engine):
                rows = []
                for n in range(offset, min(offset + 500, count)):
                    text = _text(rng)
                    if n % 10 == 0:
                        text += f" {SEARCH_TERM.capitalize()} review."
                    outcome = rng.choice(["carried", "carried", "failed", "withdrawn"])
                    rows.append(
                        Motion(
                            organisation=org_id,
                            body=body_id,
                            number=f"B/{n + 1}",
                            title=f"Decision {n + 1} on the {rng.choice(WORDS)}",
                            text=text,
                            status=outcome,
                            method=rng.choice(["roll_call", "secret", "show_of_hands"]),
                            mover=mover,
                            created_at=start,
                            decided_at=start + timedelta(minutes=7 * n),
                            tally=None
                            if outcome == "withdrawn"
                            else '{"abstain":1,"eligible":5,"no":1,"voted":5,"yes":3}',
                        )
                    )
                await Motion.insert(*rows)
        async with transaction(engine):
            await index_missing(engine)
            await store_missing(engine)
        # Fresh planner statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` would give
        # a database that grew over years rather than seconds.
        await engine.run_ddl("ANALYZE")


def decision_log(engine: str, *, total: int = 1500, connections: int = 10) -> dict[str, Any]:
    """Requests per second for one page of 50 decisions out of 10,000 (and with a search)."""
    with fresh_database(engine) as url:
        create_platform_admin(url)
        with running_server(url) as server:
            world = asyncio.run(build_org(server.url, members=1, tokens=True))
            body_id = asyncio.run(_board(server.url, world.admin_token, world.member_ids[0]))
        asyncio.run(seed_decisions(url, body_id, world.member_ids[0]))
        auth = {"Authorization": f"Bearer {world.member_tokens[0]}"}
        path = "/api/v1/orgs/bench/decisions"
        with running_server(url) as server:
            check = httpx.get(f"{server.url}{path}", params={"q": SEARCH_TERM}, headers=auth)
            check.raise_for_status()
            found = len(check.json()["items"])

            async def measure() -> dict[str, Any]:
                await healthz(server.url, total=500, connections=connections)  # warm up
                base = await healthz(server.url, total=total * 2, connections=connections)
                plain = await run_load(
                    server.url,
                    lambda s, i: send(s, "GET", path),
                    total=total,
                    connections=connections,
                    headers=auth,
                )
                searched = await run_load(
                    server.url,
                    lambda s, i: send(s, "GET", path, params={"q": SEARCH_TERM}),
                    total=total,
                    connections=connections,
                    headers=auth,
                )
                return {
                    "decisions": DECISIONS,
                    "page_size": 50,
                    "search_term": SEARCH_TERM,
                    "search_page_items": found,
                    "healthz": base.as_dict(),
                    "page": plain.as_dict(),
                    "page_with_search": searched.as_dict(),
                    "page_ratio_to_healthz": round(plain.throughput / base.throughput, 3),
                    "search_ratio_to_healthz": round(searched.throughput / base.throughput, 3),
                    "targets": {"page": 0.30, "page_with_search": 0.10},
                }

            runs = [asyncio.run(measure()) for _ in range(RUNS)]
    return _median_of(runs)


def _median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median page ratio, with the medians of every ratio and the runs."""
    middle = sorted(runs, key=lambda r: r["page_ratio_to_healthz"])[len(runs) // 2]
    return {
        **middle,
        "runs": len(runs),
        "page_ratio_to_healthz": statistics.median(r["page_ratio_to_healthz"] for r in runs),
        "search_ratio_to_healthz": statistics.median(r["search_ratio_to_healthz"] for r in runs),
        "each_run": [
            {
                "page_ratio_to_healthz": r["page_ratio_to_healthz"],
                "search_ratio_to_healthz": r["search_ratio_to_healthz"],
                "healthz_throughput": r["healthz"]["throughput"],
                "page_throughput": r["page"]["throughput"],
                "search_throughput": r["page_with_search"]["throughput"],
            }
            for r in runs
        ],
    }


SCENARIOS = {"decision_log": (decision_log, ("sqlite", "postgres"))}
