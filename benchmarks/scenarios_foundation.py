"""Scenarios that need only the foundation: sign-in storm, audit verify, two workers."""

from __future__ import annotations

import asyncio
import sqlite3
import statistics
import time
from typing import Any

import httpx

from benchmarks.load import (
    busy_fraction,
    healthz,
    machine_cpu_ticks,
    percentile,
    run_load,
    send,
)
from benchmarks.server import fresh_database, running_server
from benchmarks.setup_data import PASSWORD, build_org, create_platform_admin


async def _probe_healthz(base_url: str, stop: asyncio.Event) -> list[float]:
    """Sequential healthz requests while something else runs; their latencies in ms."""
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        while not stop.is_set():
            started = time.perf_counter()
            await client.get("/healthz")
            latencies.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.02)
    return latencies


def sign_in_storm(engine: str, *, members: int = 500) -> dict[str, Any]:
    """`members` people sign in (argon2id at the production profile) within a minute."""
    with fresh_database(engine) as url:
        create_platform_admin(url, hashing="standard")
        with running_server(url, hashing="standard") as server:
            world = asyncio.run(build_org(server.url, members=members, concurrency=2))
            base = asyncio.run(healthz(server.url, total=2000, connections=20))

            async def storm() -> tuple[Any, list[float]]:
                stop = asyncio.Event()
                probe = asyncio.create_task(_probe_healthz(server.url, stop))
                result = await run_load(
                    server.url,
                    lambda c, i: send(
                        c,
                        "POST",
                        "/api/v1/auth/login",
                        json={"email": world.emails[i], "password": PASSWORD},
                    ),
                    total=members,
                    connections=20,
                    ok_statuses=(200,),
                    timeout=60,
                )
                stop.set()
                return result, await probe

            result, probe = asyncio.run(storm())
    return {
        "members": members,
        "argon2id": "m=46 MiB, t=1, p=1 (OWASP option 1)",
        "sign_ins": result.as_dict(),
        "all_succeeded": result.errors == 0 and result.timeouts == 0,
        "within_a_minute": result.seconds <= 60,
        "healthz_alone": base.as_dict(),
        "healthz_during_p99_ms": round(percentile(probe, 0.99), 2),
        "healthz_during_median_ms": round(statistics.median(probe), 2) if probe else None,
    }


GENESIS = "0" * 64


def _chain_rows(chain: str, count: int) -> list[tuple[Any, ...]]:
    from governance.audit.rules import canonical_entry, canonical_json, entry_hash

    rows = []
    prev = GENESIS
    data = canonical_json({"body": "board", "member_id": "x" * 32, "role": "director"})
    for seq in range(1, count + 1):
        at = f"2026-01-01T00:00:00.{seq % 1_000_000:06d}+00:00"
        digest = entry_hash(
            prev,
            canonical_entry(
                chain=chain,
                seq=seq,
                at=at,
                actor="a" * 32,
                action="member.seated",
                subject=f"seat:{seq}",
                data_json=data,
            ),
        )
        rows.append(
            (
                f"{seq:032x}",
                chain,
                seq,
                at,
                "a" * 32,
                "member.seated",
                f"seat:{seq}",
                data,
                prev,
                digest,
            )
        )
        prev = digest
    return rows


def audit_verify(engine: str, *, entries: int = 1_000_000, runs: int = 3) -> dict[str, Any]:
    """Entries per second that `audit.service.verify` checks on a chain of `entries`."""
    from benchmarks.server import run_cli

    chain = "bench-chain"
    rows = _chain_rows(chain, entries)
    head = (chain, entries, rows[-1][-1])
    with fresh_database(engine) as url:
        run_cli(url, "migrate")
        insert = (
            "INSERT INTO audit_entry (id, chain, seq, at, actor, action, subject, data, "
            "prev_hash, hash) VALUES "
        )
        if engine == "sqlite":
            connection = sqlite3.connect(url.removeprefix("sqlite:///"))
            connection.executemany(insert + "(?,?,?,?,?,?,?,?,?,?)", rows)
            connection.execute("INSERT INTO audit_head (chain, seq, hash) VALUES (?,?,?)", head)
            connection.commit()
            connection.close()
        else:
            import asyncpg

            async def load() -> None:
                connection = await asyncpg.connect(url)
                await connection.copy_records_to_table(
                    "audit_entry",
                    records=rows,
                    columns=[
                        "id",
                        "chain",
                        "seq",
                        "at",
                        "actor",
                        "action",
                        "subject",
                        "data",
                        "prev_hash",
                        "hash",
                    ],
                )
                await connection.execute(
                    "INSERT INTO audit_head (chain, seq, hash) VALUES ($1,$2,$3)", *head
                )
                # What autovacuum would soon do after a bulk load: statistics and hint bits.
                await connection.execute("VACUUM ANALYZE audit_entry")
                await connection.close()

            asyncio.run(load())
        timings = []
        for _ in range(runs):
            timings.append(asyncio.run(_time_verify(url, chain, entries)))
    median = statistics.median(timings)
    return {
        "entries": entries,
        "seconds_median": round(median, 3),
        "entries_per_second": round(entries / median),
        "runs": [round(t, 3) for t in timings],
    }


async def _time_verify(url: str, chain: str, entries: int) -> float:
    from governance.audit import service
    from governance.db import started_engine
    from governance.settings import Settings

    settings = Settings(database_url=url, env="test", password_hashing="fast")
    async with started_engine(settings):
        started = time.perf_counter()
        result = await service.verify(chain)
        seconds = time.perf_counter() - started
    if not result.ok or result.entries != entries:
        raise RuntimeError(f"verify disagreed: {result}")
    return seconds


def two_workers(*, requests: int = 4000, connections: int = 50, runs: int = 3) -> dict[str, Any]:
    """Read throughput of one organisation page with one worker and with two, on PostgreSQL:
    the median of `runs` measurements against each (after a warm-up, which also lets both
    workers of the pair open their pools)."""
    figures: dict[str, Any] = {}
    with fresh_database("postgres") as url:
        create_platform_admin(url)
        for workers in (1, 2):
            with running_server(url, workers=workers) as server:
                world = asyncio.run(_world_once(server.url, figures))
                auth = {"Authorization": f"Bearer {world}"}

                def read(total: int, base_url: str = server.url, auth: Any = auth) -> Any:
                    return asyncio.run(
                        run_load(
                            base_url,
                            lambda c, i: send(c, "GET", "/api/v1/orgs/bench"),
                            total=total,
                            connections=connections,
                            headers=auth,
                        )
                    )

                read(500)  # warm-up
                rows = []
                for _ in range(runs):
                    base = asyncio.run(healthz(server.url, total=requests, connections=connections))
                    ticks = machine_cpu_ticks()
                    measured = read(requests).as_dict()
                    rows.append(
                        {
                            "read": measured,
                            "healthz": base.as_dict(),
                            # With every core near 1.0, a second worker has no CPU to use.
                            "machine_cpu_busy": busy_fraction(ticks, machine_cpu_ticks()),
                        }
                    )
                figures[f"workers_{workers}"] = {
                    "median_read_throughput": statistics.median(
                        r["read"]["throughput"] for r in rows
                    ),
                    "each_run": rows,
                }
    one = figures["workers_1"]["median_read_throughput"]
    two = figures["workers_2"]["median_read_throughput"]
    figures["ratio_two_to_one"] = round(two / one, 3) if one else None
    figures.pop("_token", None)
    return figures


async def _world_once(base_url: str, figures: dict[str, Any]) -> str:
    if "_token" not in figures:
        world = await build_org(base_url, members=0)
        figures["_token"] = world.admin_token
    return str(figures["_token"])
