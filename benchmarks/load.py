"""A bounded HTTP load generator: a fixed number of connections, a fixed amount of work.

Runs in the benchmark process, separate from the server process. It uses aiohttp's client,
which is several times cheaper per request than httpx: on two shared cores the generator
must not be what is measured. Every request's latency is kept; errors and timeouts are
counted, never retried.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import aiohttp


@dataclass
class Reply:
    status: int
    body: bytes


Request = Callable[[aiohttp.ClientSession, int], Awaitable[Reply]]


async def send(session: aiohttp.ClientSession, method: str, path: str, **kwargs: Any) -> Reply:
    """One request, its body read in full."""
    async with session.request(method, path, **kwargs) as response:
        return Reply(response.status, await response.read())


@dataclass
class LoadResult:
    requests: int
    errors: int
    timeouts: int
    seconds: float
    throughput: float
    p50_ms: float
    p99_ms: float
    max_ms: float

    def as_dict(self) -> dict[str, Any]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def percentile(values: Sequence[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


async def run_load(
    base_url: str,
    make_request: Request,
    *,
    total: int,
    connections: int,
    ok_statuses: tuple[int, ...] = (200, 201),
    timeout: float = 30.0,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    """Send `total` requests over `connections` concurrent connections."""
    latencies: list[float] = []
    errors = 0
    timeouts = 0
    counter = iter(range(total))
    connector = aiohttp.TCPConnector(limit=connections, force_close=False)
    async with aiohttp.ClientSession(
        base_url=base_url,
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=timeout),
        headers=headers,
    ) as session:

        async def worker() -> None:
            nonlocal errors, timeouts
            for index in counter:
                started = time.perf_counter()
                try:
                    reply = await make_request(session, index)
                    if reply.status not in ok_statuses:
                        errors += 1
                except TimeoutError:
                    timeouts += 1
                    continue
                except aiohttp.ClientError:
                    errors += 1
                    continue
                latencies.append((time.perf_counter() - started) * 1000)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        seconds = time.perf_counter() - began
    return LoadResult(
        requests=total,
        errors=errors,
        timeouts=timeouts,
        seconds=seconds,
        throughput=total / seconds if seconds else 0.0,
        p50_ms=statistics.median(latencies) if latencies else 0.0,
        p99_ms=percentile(latencies, 0.99),
        max_ms=max(latencies) if latencies else 0.0,
    )


async def healthz(base_url: str, *, total: int = 5000, connections: int = 50) -> LoadResult:
    """The trivial endpoint every throughput is compared with."""
    return await run_load(
        base_url, lambda s, i: send(s, "GET", "/healthz"), total=total, connections=connections
    )


def machine_cpu_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat (Linux)."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except OSError:
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def busy_fraction(before: tuple[int, int], after: tuple[int, int]) -> float | None:
    """How busy every core of the machine was between two `machine_cpu_ticks` readings."""
    total = after[1] - before[1]
    return round((after[0] - before[0]) / total, 3) if total else None
