"""The vote scenario: a 1,000-member secret-ballot storm.

* `vote_storm`: an assembly of 1,000 seated members, all present, casts a secret ballot over
  100 connections at once. The world is seeded through the service layer (the same code the
  API calls) against the fresh database before the server starts; every member gets a
  personal API token there, so no sign-in (no argon2) is in the measured path. Each run
  moves, seconds and opens a new secret motion over HTTP, storms it, closes it, and checks
  every vote was counted (tally `voted`, the published trackers, `audit/verify`).

The minutes scenarios are in `scenarios_minutes.py`.

Every throughput is beside `GET /healthz` measured against the same server in the same run,
as a ratio; several runs, medians.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from benchmarks.load import healthz, run_load, send
from benchmarks.server import Server, fresh_database, running_server

API = "/api/v1"

# ---------------------------------------------------------------------------------------------
# Vote storm
# ---------------------------------------------------------------------------------------------

VOTE_TARGETS = {"p99_ms": 250.0, "ratio_to_healthz": 0.15}


@dataclass
class Assembly:
    """What the seeding made: the org, the open meeting, and a token per seated member."""

    org: str
    body: str
    meeting_id: str  # "" when seeded without a meeting
    tokens: list[str] = field(default_factory=list)  # index 0 is the chair
    member_ids: list[str] = field(default_factory=list)  # membership ids, as `tokens`
    seed_seconds: float = 0.0


def bench_settings(database_url: str) -> Any:
    """The settings the seeding uses: the test environment, fast password hashing."""
    from governance.settings import Settings

    return Settings(database_url=database_url, env="test", password_hashing="fast")


def bench_system() -> Any:
    """The platform-admin actor the seeding acts as."""
    from governance.members.access import Actor

    return Actor(account_id="bench", email="", display_name="bench", is_platform_admin=True)


async def _seed_assembly(database_url: str, members: int, *, meeting: bool = True) -> Assembly:
    """Org, assembly of `members` seats, and a member with a token for each seat; with
    `meeting`, every member seated and present at an open meeting (the vote storm's world).
    Without it (the election storm's), no seats and no meeting: only members and tokens."""
    from governance.clock import today
    from governance.db import migrate, started_engine
    from governance.members import accounts, bodies, organisations
    from governance.members.access import Actor
    from governance.members.tables import Account
    from governance.motions import meetings
    from governance.runtime import Runtime

    started = time.perf_counter()
    settings = bench_settings(database_url)
    system = bench_system()
    org, body = "assembly", "general"
    async with started_engine(settings) as engine:
        await migrate(engine)
        runtime = Runtime.build(settings, engine)
        try:
            await organisations.create_organisation(
                runtime, system, slug=org, name="Bench Assembly"
            )
            await bodies.create_body(
                runtime,
                system,
                org,
                body_slug=body,
                name="General Assembly",
                kind="assembly",
                seats=members,
            )
            member_ids = []
            for index in range(members):
                added = await organisations.add_member(
                    runtime,
                    system,
                    org,
                    email=f"v{index}@assembly.example",
                    display_name=f"Voter {index}",
                    roles=["secretary"] if index == 1 else [],
                )
                member_ids.append(str(added["id"]))
            start = today() - timedelta(days=30)
            for index, member_id in enumerate(member_ids if meeting else []):
                role = {0: "chair", 1: "secretary"}.get(index, "director")
                await bodies.seat_member(
                    runtime, system, org, body, member_id=member_id, role=role, starts_on=start
                )
            rows = await Account.select(Account.id, Account.email, Account.display_name).where(
                Account.email.like("%@assembly.example")
            )
            by_email = {r["email"]: r for r in rows}
            tokens = []
            for index in range(members):
                row = by_email[f"v{index}@assembly.example"]
                actor = Actor(
                    account_id=row["id"],
                    email=row["email"],
                    display_name=row["display_name"],
                    is_platform_admin=False,
                )
                created = await accounts.create_api_token(runtime, actor, name="bench")
                tokens.append(str(created["token"]))
            meeting_id = ""
            if meeting:
                made = await meetings.create_meeting(
                    runtime,
                    system,
                    org,
                    body,
                    title="Annual general meeting",
                    scheduled_for=datetime.now(UTC),
                    agenda=["Elections"],
                )
                meeting_id = str(made["id"])
                for member_id in member_ids:
                    await meetings.set_attendance(
                        runtime, system, org, meeting_id, member_id=member_id, status="present"
                    )
                chair = Actor(
                    account_id=by_email["v0@assembly.example"]["id"],
                    email="v0@assembly.example",
                    display_name="Voter 0",
                    is_platform_admin=False,
                )
                await meetings.open_meeting(runtime, chair, org, meeting_id)
        finally:
            await runtime.close()
    return Assembly(
        org=org,
        body=body,
        meeting_id=meeting_id,
        tokens=tokens,
        member_ids=member_ids,
        seed_seconds=time.perf_counter() - started,
    )


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _open_secret_motion(base_url: str, world: Assembly, run: int) -> str:
    """Move (chair), second (secretary) and open (chair) a secret motion; its id."""
    chair, seconder = _bearer(world.tokens[0]), _bearer(world.tokens[1])
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        moved = await client.post(
            f"{API}/orgs/{world.org}/meetings/{world.meeting_id}/motions",
            json={
                "title": f"Elect the steering group (ballot {run + 1})",
                "text": "That the assembly elects the steering group nominated in the papers.",
                "method": "secret",
            },
            headers=chair,
        )
        moved.raise_for_status()
        motion_id = str(moved.json()["id"])
        base = f"{API}/orgs/{world.org}/motions/{motion_id}"
        (await client.post(f"{base}/second", headers=seconder)).raise_for_status()
        (await client.post(f"{base}/open-vote", headers=chair)).raise_for_status()
    return motion_id


async def _close_and_check(base_url: str, world: Assembly, motion_id: str) -> dict[str, Any]:
    """Close the vote; the tally, the trackers and the audit chain must count every vote."""
    chair = _bearer(world.tokens[0])
    base = f"{API}/orgs/{world.org}/motions/{motion_id}"
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        closed = await client.post(f"{base}/close-vote", headers=chair)
        closed.raise_for_status()
        tally = closed.json().get("tally") or {}
        ballots = await client.get(f"{base}/ballots", headers=chair)
        ballots.raise_for_status()
        published = ballots.json()
        verify = await client.get(f"{API}/orgs/{world.org}/audit/verify", headers=chair)
        verify.raise_for_status()
        audit = verify.json()
    return {
        "status": closed.json().get("status"),
        "tally": tally,
        "trackers": len(published.get("trackers", [])),
        "ballots_voted": published.get("voted"),
        "audit_ok": bool(audit.get("ok")),
        "audit_entries": audit.get("entries"),
    }


def voting_order(members: int, run: int) -> list[int]:
    """Voters in a shuffled but fixed order for this run, so the chair is not always first."""
    return sorted(range(members), key=lambda i: hashlib.sha256(f"{run}:{i}".encode()).digest())


def _choice(index: int) -> str:
    return ("yes", "yes", "no", "abstain")[index % 4]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time used so far by process `pid` (Linux), or 0.0 when unknown."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


async def _storm(server: Server, world: Assembly, run: int, connections: int) -> dict[str, Any]:
    base_url = server.url
    members = len(world.tokens)
    motion_id = await _open_secret_motion(base_url, world, run)
    path = f"{API}/orgs/{world.org}/motions/{motion_id}/votes"
    headers = [_bearer(t) for t in world.tokens]
    order = voting_order(members, run)

    def cast(session: Any, index: int) -> Any:
        voter = order[index]
        return send(session, "POST", path, json={"choice": _choice(voter)}, headers=headers[voter])

    cpu_before = cpu_seconds(server.process.pid)
    result = await run_load(
        base_url, cast, total=members, connections=connections, ok_statuses=(201,), timeout=30
    )
    cpu = cpu_seconds(server.process.pid) - cpu_before
    base = await healthz(base_url, total=5000, connections=connections)
    check = await _close_and_check(base_url, world, motion_id)
    expected = {
        "yes": sum(1 for i in range(members) if _choice(i) == "yes"),
        "no": sum(1 for i in range(members) if _choice(i) == "no"),
        "abstain": sum(1 for i in range(members) if _choice(i) == "abstain"),
    }
    counted = (
        check["tally"].get("voted") == members
        and check["trackers"] == members
        and check["ballots_voted"] == members
        and all(check["tally"].get(k) == v for k, v in expected.items())
        and check["audit_ok"]
    )
    return {
        "votes": result.as_dict(),
        "healthz": base.as_dict(),
        "ratio_to_healthz": round(result.throughput / base.throughput, 3)
        if base.throughput
        else None,
        # Less sensitive to other work on the machine than wall-clock figures.
        "server_cpu_ms_per_vote": round(1000 * cpu / members, 2),
        "every_vote_counted": counted,
        "check": check,
    }


def vote_storm(
    engine: str, *, members: int = 1000, connections: int = 100, runs: int = 3
) -> dict[str, Any]:
    """1,000 members of an assembly cast a secret ballot over 100 connections at once."""
    with fresh_database(engine) as url:
        world = asyncio.run(_seed_assembly(url, members))
        with running_server(url) as server:
            results = [asyncio.run(_storm(server, world, run, connections)) for run in range(runs)]
    votes = [r["votes"] for r in results]

    def median(key: str, rows: list[dict[str, Any]] | None = None) -> float:
        return round(statistics.median(float(r[key]) for r in (rows or votes)), 3)

    ratio = round(statistics.median(float(r["ratio_to_healthz"] or 0) for r in results), 3)
    p99 = median("p99_ms")
    errors = sum(int(v["errors"]) for v in votes)
    timeouts = sum(int(v["timeouts"]) for v in votes)
    counted = all(r["every_vote_counted"] for r in results)
    return {
        "members": members,
        "connections": connections,
        "runs": len(results),
        "auth": "personal API tokens made by the service layer while seeding (no sign-in in "
        "the measured path); server and seeding run with GOVERNANCE_PASSWORD_HASHING=fast",
        "setup": "seeded through the services before the server starts "
        f"({world.seed_seconds:.1f} s); each run moves, seconds and opens a new secret motion "
        "over HTTP in the same open meeting",
        "median": {
            "throughput": median("throughput"),
            "p50_ms": median("p50_ms"),
            "p99_ms": p99,
            "max_ms": median("max_ms"),
            "healthz_throughput": median("throughput", [r["healthz"] for r in results]),
            "ratio_to_healthz": ratio,
            "server_cpu_ms_per_vote": median("server_cpu_ms_per_vote", results),
        },
        "errors": errors,
        "timeouts": timeouts,
        "every_vote_counted": counted,
        "targets": {
            "zero_errors_and_timeouts": errors == 0 and timeouts == 0,
            "p99_ms_at_most_250": p99 <= VOTE_TARGETS["p99_ms"],
            "ratio_at_least_0_15": ratio >= VOTE_TARGETS["ratio_to_healthz"],
            "every_vote_counted": counted,
        },
        "each_run": results,
    }


SCENARIOS: dict[str, tuple[Callable[..., dict[str, Any]], tuple[str, ...]]] = {
    "vote_storm": (vote_storm, ("sqlite", "postgres")),
}
