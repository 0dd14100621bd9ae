"""Build a benchmark's world through the real API (and the CLI for the platform admin)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import httpx

from benchmarks.server import run_cli

ADMIN_EMAIL = "bench-admin@bench.example"
PASSWORD = "benchmark-password-1"


@dataclass
class World:
    org: str
    admin_token: str
    member_tokens: list[str] = field(default_factory=list)
    member_ids: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)


def create_platform_admin(database_url: str, hashing: str = "fast") -> None:
    run_cli(database_url, "migrate", hashing=hashing)
    run_cli(
        database_url,
        "admin",
        "create",
        "--email",
        ADMIN_EMAIL,
        "--name",
        "Bench Admin",
        hashing=hashing,
        stdin=PASSWORD + "\n",
    )


async def token_for(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> str:
    client.cookies.clear()
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    response.raise_for_status()
    csrf = client.cookies.get("csrftoken") or ""
    created = await client.post(
        "/api/v1/auth/tokens", json={"name": "bench"}, headers={"x-csrftoken": csrf}
    )
    created.raise_for_status()
    client.cookies.clear()
    return str(created.json()["token"])


async def build_org(
    base_url: str,
    *,
    org: str = "bench",
    members: int = 0,
    tokens: bool = False,
    concurrency: int = 8,
) -> World:
    """An organisation with `members` members (each signed in for a token if asked)."""
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        admin = await token_for(client, ADMIN_EMAIL)
        auth = {"Authorization": f"Bearer {admin}"}
        (
            await client.post(
                "/api/v1/orgs", json={"slug": org, "name": "Bench Peers"}, headers=auth
            )
        ).raise_for_status()
        world = World(org=org, admin_token=admin)
        semaphore = asyncio.Semaphore(concurrency)

        async def add(index: int) -> tuple[str, str, str | None]:
            email = f"m{index}@bench.example"
            async with semaphore, httpx.AsyncClient(base_url=base_url, timeout=60) as own:
                response = await own.post(
                    f"/api/v1/orgs/{org}/members",
                    json={"email": email, "display_name": f"Member {index}", "password": PASSWORD},
                    headers=auth,
                )
                response.raise_for_status()
                token = await token_for(own, email) if tokens else None
                return email, str(response.json()["id"]), token

        results = await asyncio.gather(*(add(i) for i in range(members)))
        for email, member_id, token in results:
            world.emails.append(email)
            world.member_ids.append(member_id)
            if token:
                world.member_tokens.append(token)
        return world
