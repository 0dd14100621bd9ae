"""Concurrent writers to one organisation leave one gapless audit chain: 50 member additions
at once through one app (both engines), and through two server processes on PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.helpers import PASSWORD, Api

WRITES = 50
ADMIN_CREATE = [sys.executable, "-m", "governance.cli", "admin", "create"]


async def test_50_concurrent_additions_in_one_process_leave_a_gapless_chain(api: Api) -> None:
    await api.platform_admin()
    await api.org("acme")
    root = api.people["root"].headers

    async def add(i: int) -> httpx.Response:
        return await api.client.post(
            "/api/v1/orgs/acme/members",
            headers=root,
            json={"email": f"m{i}@acme.example", "display_name": f"Member {i}"},
        )

    responses = await asyncio.gather(*(add(i) for i in range(WRITES)))
    problems = [r.text for r in responses if r.status_code != 201]
    assert problems == []  # in particular no "database is locked"
    entries = (await api.get("/orgs/acme/audit?limit=1000", "root")).json()["entries"]
    assert [e["seq"] for e in entries] == list(range(1, WRITES + 2))
    verify = (await api.get("/orgs/acme/audit/verify", "root")).json()
    assert verify["ok"] is True and verify["entries"] == WRITES + 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def servers(database_url: str, count: int) -> Iterator[list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVERNANCE_")}
    env.update(
        GOVERNANCE_ENV="test",
        GOVERNANCE_DATABASE_URL=database_url,
        GOVERNANCE_PASSWORD_HASHING="fast",
    )
    processes: list[subprocess.Popen[bytes]] = []
    urls = []
    try:
        for _ in range(count):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "governance.cli", "serve", "--port", str(port)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        for url, process in zip(urls, processes, strict=True):
            while True:
                assert process.poll() is None, f"server for {url} exited"
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, f"server for {url} did not start"
                time.sleep(0.2)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


@pytest.mark.postgres_only
@pytest.mark.slow
async def test_50_concurrent_writes_from_two_server_processes_leave_one_chain(
    database_url: str,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVERNANCE_")}
    env.update(GOVERNANCE_ENV="test", GOVERNANCE_DATABASE_URL=database_url)
    created = await asyncio.to_thread(
        subprocess.run,
        [*ADMIN_CREATE, "--email", "root@p.example", "--name", "Root"],
        input=PASSWORD + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert created.returncode == 0, created.stderr
    with servers(database_url, 2) as urls:
        timeout = httpx.Timeout(30)
        async with httpx.AsyncClient(base_url=urls[0], timeout=timeout) as first:
            await first.post(
                "/api/v1/auth/login", json={"email": "root@p.example", "password": PASSWORD}
            )
            token = await first.post(
                "/api/v1/auth/tokens",
                json={"name": "load"},
                headers={"x-csrftoken": first.cookies["csrftoken"]},
            )
            assert token.status_code == 201, token.text
            headers = {"Authorization": f"Bearer {token.json()['token']}"}
            first.cookies.clear()
            org = await first.post(
                "/api/v1/orgs", json={"slug": "acme", "name": "Acme"}, headers=headers
            )
            assert org.status_code == 201
        clients = [
            httpx.AsyncClient(base_url=url, timeout=timeout, headers=headers) for url in urls
        ]
        try:

            async def write(i: int) -> httpx.Response:
                client = clients[i % 2]
                if i % 5 == 4:  # a mix of writes: settings changes as well as new members
                    return await client.patch("/api/v1/orgs/acme", json={"name": f"Acme {i}"})
                return await client.post(
                    "/api/v1/orgs/acme/members",
                    json={"email": f"m{i}@acme.example", "display_name": f"Member {i}"},
                )

            responses = await asyncio.wait_for(
                asyncio.gather(*(write(i) for i in range(WRITES))), timeout=120
            )
            assert [r.status_code for r in responses if r.status_code not in (200, 201)] == []
            entries = (await clients[1].get("/api/v1/orgs/acme/audit?limit=1000")).json()
            seqs = [e["seq"] for e in entries["entries"]]
            assert seqs == list(range(1, WRITES + 2))  # no gap, no duplicate
            for before, after in zip(entries["entries"], entries["entries"][1:], strict=False):
                assert after["prev_hash"] == before["hash"]
            for client in clients:
                verify = (await client.get("/api/v1/orgs/acme/audit/verify")).json()
                assert verify["ok"] is True and verify["entries"] == WRITES + 1
        finally:
            for client in clients:
                await client.aclose()
