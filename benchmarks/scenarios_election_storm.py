"""The election scenario: a 5,000-member STV election storm.

* `election_storm`: an organisation of 5,000 members, each with a personal API token, ranks
  15 candidates for the 5 seats of its board over 100 connections at once
  (`POST .../elections/{id}/ballots`, 201). The members and tokens are seeded as the vote
  storm's are (`scenarios_votes._seed_assembly`, without its meeting), before the server
  starts. The election and its candidates are inserted straight into the tables, as the
  elections' integration tests do (calling and nominating have no service yet): electorate
  "members", opened an hour ago, closing tomorrow; every member joined a month ago.

  Each run has its own election. After the storm the election is closed by moving its
  `closes_at` into the past (a direct UPDATE), and the first `GET .../ballots` counts it:
  that request is timed (`count_seconds`), and it must report every ballot, with exactly
  the trackers of the receipts the casts were given.

The rankings are `scenarios_elections.synthetic_rankings` (uneven popularities, mostly
short), the same kind of box the count benchmark counts, in a shuffled voting order. The
throughput is beside `GET /healthz` measured against the same server in the same run, as a
ratio; several runs, medians.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx

from benchmarks.load import Reply, healthz, run_load, send
from benchmarks.scenarios_elections import CANDIDATES, SEATS, synthetic_rankings
from benchmarks.scenarios_votes import (
    API,
    Assembly,
    _bearer,
    _seed_assembly,
    bench_settings,
    bench_system,
    cpu_seconds,
    voting_order,
)
from benchmarks.server import Server, fresh_database, running_server

BOARD = "board"


@dataclass
class Election:
    """One run's election: its id and its standing candidates' ids, in nomination order."""

    id: str
    candidates: list[str]


async def _call_elections(database_url: str, world: Assembly, runs: int) -> list[Election]:
    """A board of `SEATS` seats, every member joined a month ago, and one open election per
    run, each with `CANDIDATES` members standing (rows inserted as the tests insert them)."""
    from governance.clock import utcnow
    from governance.db import started_engine
    from governance.elections.tables import Candidate
    from governance.elections.tables import Election as ElectionRow
    from governance.ids import new_id
    from governance.members import bodies
    from governance.members.tables import Body, Membership, Organisation
    from governance.runtime import Runtime

    settings = bench_settings(database_url)
    made: list[Election] = []
    async with started_engine(settings) as engine:
        runtime = Runtime.build(settings, engine)
        try:
            await bodies.create_body(
                runtime,
                bench_system(),
                world.org,
                body_slug=BOARD,
                name="Board",
                kind="board",
                seats=SEATS,
                lived_experience_quota=0.0,
            )
            org = await Organisation.select(Organisation.id).where(Organisation.slug == world.org)
            org_id = str(org[0]["id"])
            board = await Body.select(Body.id).where(
                (Body.organisation == org_id) & (Body.slug == BOARD)
            )
            board_id = str(board[0]["id"])
            now = utcnow()
            # On the roll: members in good standing who joined before voting opened.
            await Membership.update({Membership.joined_at: now - timedelta(days=30)}).where(
                Membership.organisation == org_id
            )
            opens = now - timedelta(hours=1)
            for run in range(runs):
                election_id = new_id()
                await ElectionRow.insert(
                    ElectionRow(
                        id=election_id,
                        organisation=org_id,
                        body=board_id,
                        title=f"Board election {run + 1}",
                        seats=SEATS,
                        method="stv",
                        electorate="members",
                        nominations_close=opens - timedelta(days=1),
                        opens_at=opens,
                        closes_at=now + timedelta(days=1),
                        term_starts_on=(now + timedelta(days=2)).date(),
                        reserved=0,
                        status="scheduled",
                        created_at=opens - timedelta(days=2),
                    )
                )
                standing = world.member_ids[2 + run : 2 + run + CANDIDATES]
                candidates = [new_id() for _ in standing]
                await Candidate.insert(
                    *(
                        Candidate(
                            id=candidate_id,
                            election=election_id,
                            membership=member_id,
                            statement="",
                            lived_experience_candidate=False,
                            created_at=opens - timedelta(days=2) + timedelta(minutes=n),
                        )
                        for n, (candidate_id, member_id) in enumerate(
                            zip(candidates, standing, strict=True)
                        )
                    )
                )
                made.append(Election(id=election_id, candidates=candidates))
        finally:
            await runtime.close()
    return made


async def _close_election(database_url: str, election_id: str) -> None:
    """Voting ends: `closes_at` a second ago (the count waits for the next request)."""
    from governance.clock import utcnow
    from governance.db import started_engine
    from governance.elections.tables import Election as ElectionRow

    async with started_engine(bench_settings(database_url)):
        await ElectionRow.update({ElectionRow.closes_at: utcnow() - timedelta(seconds=1)}).where(
            ElectionRow.id == election_id
        )


async def _count_and_check(
    base_url: str, world: Assembly, election: Election, trackers: set[str]
) -> dict[str, Any]:
    """The first read of the ballots counts the closed election: timed, and checked."""
    path = f"{API}/orgs/{world.org}/elections/{election.id}/ballots"
    async with httpx.AsyncClient(base_url=base_url, timeout=300) as client:
        started = time.perf_counter()
        counted = await client.get(path, headers=_bearer(world.tokens[0]))
        seconds = time.perf_counter() - started
        counted.raise_for_status()
        published = counted.json()
    listed = published.get("trackers", [])
    return {
        "count_seconds": round(seconds, 3),
        "ballots": published.get("ballots"),
        "trackers": len(listed),
        "trackers_match_receipts": set(listed) == trackers and len(listed) == len(trackers),
    }


def _tracker(reply: bytes) -> str | None:
    try:
        return str(json.loads(reply)["tracker"])
    except (ValueError, KeyError, TypeError):
        return None


async def _storm(
    server: Server, database_url: str, world: Assembly, election: Election, run: int,
    connections: int,
) -> dict[str, Any]:  # fmt: skip
    members = len(world.tokens)
    path = f"{API}/orgs/{world.org}/elections/{election.id}/ballots"
    headers = [_bearer(t) for t in world.tokens]
    order = voting_order(members, run)
    rankings = [
        [election.candidates[c - 1] for c in ranking]
        for ranking in synthetic_rankings(members, len(election.candidates), seed=run + 1)
    ]
    replies: list[bytes] = []

    async def cast(session: Any, index: int) -> Reply:
        voter = order[index]
        reply = await send(
            session, "POST", path, json={"ranking": rankings[voter]}, headers=headers[voter]
        )
        if reply.status == 201:
            replies.append(reply.body)  # parsed after the storm, not in the measured loop
        return reply

    cpu_before = cpu_seconds(server.process.pid)
    result = await run_load(
        server.url, cast, total=members, connections=connections, ok_statuses=(201,), timeout=30
    )
    cpu = cpu_seconds(server.process.pid) - cpu_before
    base = await healthz(server.url, total=5000, connections=connections)
    trackers = {t for t in map(_tracker, replies) if t is not None}
    await _close_election(database_url, election.id)
    check = await _count_and_check(server.url, world, election, trackers)
    counted = (
        check["ballots"] == members
        and check["trackers"] == members
        and len(trackers) == members
        and check["trackers_match_receipts"]
    )
    return {
        "ballots": result.as_dict(),
        "healthz": base.as_dict(),
        "ratio_to_healthz": round(result.throughput / base.throughput, 3)
        if base.throughput
        else None,
        "server_cpu_ms_per_ballot": round(1000 * cpu / members, 2),
        "count_seconds": check["count_seconds"],
        "every_ballot_counted": counted,
        "check": check,
    }


def election_storm(
    engine: str, *, members: int = 5000, connections: int = 100, runs: int = 3
) -> dict[str, Any]:
    """5,000 members rank 15 candidates in an STV election over 100 connections at once."""
    started = time.perf_counter()
    with fresh_database(engine) as url:
        world = asyncio.run(_seed_assembly(url, members, meeting=False))
        elections = asyncio.run(_call_elections(url, world, runs))
        seeded = time.perf_counter() - started
        with running_server(url) as server:
            results = [
                asyncio.run(_storm(server, url, world, election, run, connections))
                for run, election in enumerate(elections)
            ]
    ballots = [r["ballots"] for r in results]

    def median(key: str, rows: list[dict[str, Any]] | None = None) -> float:
        return round(statistics.median(float(r[key]) for r in (rows or ballots)), 3)

    errors = sum(int(b["errors"]) for b in ballots)
    timeouts = sum(int(b["timeouts"]) for b in ballots)
    counted = all(r["every_ballot_counted"] for r in results)
    return {
        "members": members,
        "candidates": CANDIDATES,
        "seats": SEATS,
        "connections": connections,
        "runs": len(results),
        "auth": "personal API tokens made by the service layer while seeding (no sign-in in "
        "the measured path); server and seeding run with GOVERNANCE_PASSWORD_HASHING=fast",
        "setup": f"members and tokens seeded through the services ({world.seed_seconds:.1f} s, "
        f"{seeded:.1f} s with the elections) before the server starts; one election per run, "
        "inserted into the tables, closed by an UPDATE of closes_at after its storm",
        "median": {
            "ballots_per_second": median("throughput"),
            "p50_ms": median("p50_ms"),
            "p99_ms": median("p99_ms"),
            "max_ms": median("max_ms"),
            "healthz_throughput": median("throughput", [r["healthz"] for r in results]),
            "ratio_to_healthz": round(
                statistics.median(float(r["ratio_to_healthz"] or 0) for r in results), 3
            ),
            "server_cpu_ms_per_ballot": median("server_cpu_ms_per_ballot", results),
            "count_seconds": median("count_seconds", results),
        },
        "errors": errors,
        "timeouts": timeouts,
        "counted": sum(int(r["check"]["ballots"] or 0) for r in results),
        "every_ballot_counted": counted,
        "targets": {
            "zero_errors_and_timeouts": errors == 0 and timeouts == 0,
            "every_ballot_counted": counted,
        },
        "each_run": results,
    }


SCENARIOS: dict[str, tuple[Callable[..., dict[str, Any]], tuple[str, ...]]] = {
    "election_storm": (election_storm, ("sqlite", "postgres")),
}
