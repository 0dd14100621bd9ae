"""An assembly of many seated members in session, and a storm of votes, over real HTTP.

Everything is done the way people do it: the platform admin (made by the CLI) signs in and
creates the organisation and the body; each member is added with a password, signs in and
makes an API token; the chair runs the meeting. Requests go round-robin over the server URLs
given, so with two servers the set-up itself is two processes writing at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.faults.server import ADMIN_EMAIL, PASSWORD

ORG = "faults"
BODY = "assembly"
CHOICES = ("yes", "no", "abstain")


@dataclass
class Voter:
    index: int
    email: str
    member_id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class World:
    urls: list[str]
    admin_token: str
    voters: list[Voter]
    meeting_id: str = ""
    _next: itertools.cycle[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._next = itertools.cycle(self.urls)

    def url(self) -> str:
        return next(self._next)

    def point_at(self, urls: Sequence[str]) -> None:
        """Send the following requests to these servers (after a restart)."""
        self.urls = list(urls)
        self._next = itertools.cycle(self.urls)

    @property
    def admin(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token}"}

    @property
    def chair(self) -> Voter:
        return self.voters[0]


def ok(response: httpx.Response, *statuses: int) -> Any:
    assert response.status_code in (statuses or (200, 201)), (
        f"{response.request.method} {response.request.url}: "
        f"{response.status_code} {response.text[:500]}"
    )
    return response.json()


async def sign_in_for_token(client: httpx.AsyncClient, base: str, email: str) -> str:
    """Password sign-in (session cookie), then an API token made with that session."""
    client.cookies.clear()
    ok(await client.post(f"{base}/api/v1/auth/login", json={"email": email, "password": PASSWORD}))
    csrf = client.cookies.get("csrftoken") or ""
    created = ok(
        await client.post(
            f"{base}/api/v1/auth/tokens", json={"name": "faults"}, headers={"x-csrftoken": csrf}
        ),
        201,
    )
    client.cookies.clear()
    return str(created["token"])


async def build_world(urls: Sequence[str], members: int, *, concurrency: int = 8) -> World:
    """Organisation `faults`, an assembly of `members` seats all filled, a meeting in session
    with everyone present. Member 0 chairs (and is the org secretary)."""
    urls = list(urls)
    async with httpx.AsyncClient(timeout=60) as client:
        admin_token = await sign_in_for_token(client, urls[0], ADMIN_EMAIL)
        world = World(urls=urls, admin_token=admin_token, voters=[])
        ok(
            await client.post(
                f"{world.url()}/api/v1/orgs",
                json={"slug": ORG, "name": "Fault Line Peers"},
                headers=world.admin,
            ),
            201,
        )
        ok(
            await client.post(
                f"{world.url()}/api/v1/orgs/{ORG}/bodies",
                json={
                    "slug": BODY,
                    "name": "General Assembly",
                    "kind": "assembly",
                    "seats": members,
                },
                headers=world.admin,
            ),
            201,
        )
    semaphore = asyncio.Semaphore(concurrency)

    async def join(index: int) -> Voter:
        email = f"member{index}@faults.example"
        async with semaphore, httpx.AsyncClient(timeout=60) as own:
            added = ok(
                await own.post(
                    f"{world.url()}/api/v1/orgs/{ORG}/members",
                    json={
                        "email": email,
                        "display_name": f"Member {index}",
                        "password": PASSWORD,
                        "roles": ["secretary"] if index == 0 else [],
                    },
                    headers=world.admin,
                ),
                201,
            )
            token = await sign_in_for_token(own, world.url(), email)
            ok(
                await own.post(
                    f"{world.url()}/api/v1/orgs/{ORG}/bodies/{BODY}/seats",
                    json={
                        "member_id": added["id"],
                        "role": "chair" if index == 0 else "director",
                        "starts_on": "2024-01-01",
                    },
                    headers=world.admin,
                ),
                201,
            )
            return Voter(index, email, str(added["id"]), token)

    world.voters = list(await asyncio.gather(*(join(i) for i in range(members))))
    chair = world.chair.headers
    async with httpx.AsyncClient(timeout=60) as client:
        meeting = ok(
            await client.post(
                f"{world.url()}/api/v1/orgs/{ORG}/bodies/{BODY}/meetings",
                json={"title": "Annual general meeting", "scheduled_for": "2026-06-01T18:00:00Z"},
                headers=chair,
            ),
            201,
        )
        world.meeting_id = str(meeting["id"])

        async def attend(voter: Voter) -> None:
            async with semaphore:
                ok(
                    await client.post(
                        f"{world.url()}/api/v1/orgs/{ORG}/meetings/{world.meeting_id}/attendance",
                        json={"member_id": voter.member_id, "status": "present"},
                        headers=chair,
                    )
                )

        await asyncio.gather(*(attend(v) for v in world.voters))
        ok(
            await client.post(
                f"{world.url()}/api/v1/orgs/{ORG}/meetings/{world.meeting_id}/open", headers=chair
            )
        )
    return world


async def open_motion(world: World, title: str, method: str) -> str:
    """Moved by the chair, seconded by member 1, vote opened by the chair; its id."""
    async with httpx.AsyncClient(timeout=60) as client:
        moved = ok(
            await client.post(
                f"{world.url()}/api/v1/orgs/{ORG}/meetings/{world.meeting_id}/motions",
                json={
                    "title": title,
                    "text": f"That the assembly {title.lower()}.",
                    "method": method,
                },
                headers=world.chair.headers,
            ),
            201,
        )
        motion = str(moved["id"])
        ok(
            await client.post(
                f"{world.url()}/api/v1/orgs/{ORG}/motions/{motion}/second",
                headers=world.voters[1].headers,
            )
        )
        opened = ok(
            await client.post(
                f"{world.url()}/api/v1/orgs/{ORG}/motions/{motion}/open-vote",
                headers=world.chair.headers,
            )
        )
        assert opened["status"] == "voting"
    return motion


@dataclass
class Cast:
    """One person's attempt to vote on one motion, and what they saw."""

    voter: Voter
    motion: str
    choice: str
    status: int | None = None  # None: no answer (connection refused, reset, timed out)
    receipt: str | None = None
    detail: str = ""
    server: str | None = None  # send to this server (default: the next, round-robin)

    @property
    def tracker(self) -> str | None:
        if self.receipt is None:
            return None
        return hashlib.sha256(self.receipt.encode()).hexdigest()


def casts_for(world: World, motions: Sequence[str], seed: int = 6) -> list[Cast]:
    """Every voter on every motion, with a choice each, in a shuffled order."""
    casts = [
        Cast(voter, motion, CHOICES[(voter.index + m) % len(CHOICES)])
        for m, motion in enumerate(motions)
        for voter in world.voters
    ]
    random.Random(seed).shuffle(casts)
    return casts


async def send_cast(client: httpx.AsyncClient, base: str, cast: Cast) -> None:
    """POST the vote; record the status and any receipt, or that no answer came."""
    try:
        response = await client.post(
            f"{base}/api/v1/orgs/{ORG}/motions/{cast.motion}/votes",
            json={"choice": cast.choice},
            headers=cast.voter.headers,
        )
    except httpx.HTTPError as error:
        cast.status, cast.detail = None, type(error).__name__
        return
    cast.status = response.status_code
    body = response.json()
    if response.status_code == 201:
        cast.receipt = body.get("receipt")
    else:
        cast.detail = str(body.get("detail", ""))


async def storm(
    world: World,
    casts: Sequence[Cast],
    *,
    concurrency: int = 32,
    after_each: Callable[[Cast], None] | None = None,
) -> None:
    """Fire every cast with `concurrency` in flight, round-robin over the servers."""
    semaphore = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:

        async def one(cast: Cast) -> None:
            async with semaphore:
                await send_cast(client, cast.server or world.url(), cast)
            if after_each is not None:
                after_each(cast)

        await asyncio.gather(*(one(c) for c in casts))


async def close_vote(world: World, motion: str) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=60) as client:
        closed = ok(
            await client.post(
                f"{world.url()}/api/v1/orgs/{ORG}/motions/{motion}/close-vote",
                headers=world.chair.headers,
            )
        )
    assert closed["status"] in ("carried", "failed"), closed
    return dict(closed)


async def get(world: World, path: str, headers: dict[str, str] | None = None) -> Any:
    async with httpx.AsyncClient(timeout=60) as client:
        return ok(
            await client.get(
                f"{world.url()}/api/v1/orgs/{ORG}{path}", headers=headers or world.admin
            )
        )


async def audit_entries(world: World) -> list[dict[str, Any]]:
    """The organisation's whole audit log, page by page, as an admin reads it."""
    entries: list[dict[str, Any]] = []
    after = 0
    while True:
        page = await get(world, f"/audit?after={after}&limit=1000")
        entries.extend(page["entries"])
        if page["next_after"] is None:
            return entries
        after = int(page["next_after"])


def roll_call_openings(
    entries: list[dict[str, Any]], casts: list[dict[str, Any]]
) -> dict[str, str]:
    """member id -> choice, as the closed roll call's close entry opens its `casts`' committed
    choices (each opening names one of the casts; verify checks the commitments)."""
    subject = casts[0]["subject"]
    (close,) = (
        e
        for e in entries
        if e["action"] in ("motion.carried", "motion.failed") and e["subject"] == subject
    )
    openings = close["data"]["openings"]
    assert sorted(o["seq"] for o in openings) == sorted(e["seq"] for e in casts)
    return {o["member_id"]: o["choice"] for o in openings}


def expected_tally(casts: Sequence[Cast], motion: str) -> dict[str, int]:
    counts = dict.fromkeys(CHOICES, 0)
    for cast in casts:
        if cast.motion == motion:
            counts[cast.choice] += 1
    return counts
