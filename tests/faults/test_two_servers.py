"""Two server processes on one PostgreSQL database, both taking writes at once.

This is how the service scales out: the app holds no state of its own, so two `governance
serve` processes (two hosts, say) share the database. With the set-up itself spread over both
and every member voting through *both* servers at the same moment:

* each member is counted exactly once (one 201, one "already voted" 409), whichever server
  answered;
* the organisation has one unbroken, gapless audit chain, and both servers report the same
  head; `governance audit verify` agrees;
* a session signed in on server A works on server B (including a change, with its CSRF
  token), and signing out on A ends it on B too.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import httpx
import pytest

from governance.motions.rules.eligibility import ALREADY_VOTED
from tests.faults.server import PASSWORD, Server, create_platform_admin, run_cli, serving
from tests.faults.world import (
    Cast,
    World,
    audit_entries,
    build_world,
    casts_for,
    close_vote,
    expected_tally,
    get,
    ok,
    open_motion,
    storm,
)

MEMBERS = 60

pytestmark = [pytest.mark.slow, pytest.mark.postgres_only, pytest.mark.timeout(240)]


def test_two_servers_share_one_chain_and_one_set_of_sessions(
    database_url: str, tmp_path: Path
) -> None:
    create_platform_admin(database_url)
    with (
        serving(database_url, tmp_path / "a.log") as a,
        serving(database_url, tmp_path / "b.log") as b,
    ):
        asyncio.run(_both_at_once(a, b))
    verified = run_cli(database_url, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "faults: intact" in verified.stdout


async def _both_at_once(a: Server, b: Server) -> None:
    world = await build_world([a.url, b.url], MEMBERS)
    secret = await open_motion(world, "Elect the steering group", "secret")
    roll = await open_motion(world, "Adopt the budget", "roll_call")

    # Every member votes on each motion through A and through B at the same time.
    casts = [
        Cast(c.voter, c.motion, c.choice, server=server)
        for c in casts_for(world, [secret, roll])
        for server in (a.url, b.url)
    ]
    await storm(world, casts, concurrency=32)
    assert Counter(c.status for c in casts) == {201: 2 * MEMBERS, 409: 2 * MEMBERS}
    assert {c.detail for c in casts if c.status == 409} == {ALREADY_VOTED}
    counted = Counter((c.voter.member_id, c.motion) for c in casts if c.status == 201)
    assert set(counted.values()) == {1} and len(counted) == 2 * MEMBERS
    answered_by = Counter(c.server for c in casts if c.status == 201)
    assert answered_by[a.url] > 0 and answered_by[b.url] > 0, answered_by

    await _same_chain_on_both(world, a, b)

    await close_vote(world, roll)  # round-robin: one close on each server
    await close_vote(world, secret)
    motion = await get(world, f"/motions/{roll}")
    assert {v["member_id"]: v["choice"] for v in motion["votes"]} == {
        c.voter.member_id: c.choice for c in casts if c.motion == roll and c.status == 201
    }
    ballots = await get(world, f"/motions/{secret}/ballots")
    assert ballots["voted"] == len(ballots["trackers"]) == MEMBERS
    assert {c.tracker for c in casts if c.motion == secret and c.status == 201} == set(
        ballots["trackers"]
    )
    assert {k: ballots["tally"][k] for k in ("yes", "no", "abstain")} == expected_tally(
        [c for c in casts if c.status == 201], secret
    )

    entries = await _same_chain_on_both(world, a, b)
    actions = Counter((e["action"], e["subject"]) for e in entries)
    assert actions["ballot.cast", f"motion:{secret}"] == MEMBERS
    assert actions["vote.cast", f"motion:{roll}"] == MEMBERS

    await _sessions_are_shared(world, a, b)


async def _same_chain_on_both(world: World, a: Server, b: Server) -> list[dict[str, object]]:
    """Both servers verify the chain and report the same head; sequence numbers are gapless."""
    world.point_at([a.url])
    on_a = await get(world, "/audit/verify")
    entries = await audit_entries(world)
    world.point_at([b.url])
    on_b = await get(world, "/audit/verify")
    world.point_at([a.url, b.url])
    assert on_a["ok"] is True and on_b["ok"] is True, (on_a, on_b)
    assert (on_a["entries"], on_a["head_hash"]) == (on_b["entries"], on_b["head_hash"])
    assert [e["seq"] for e in entries] == list(range(1, on_a["entries"] + 1))
    return entries


async def _sessions_are_shared(world: World, a: Server, b: Server) -> None:
    email = world.voters[5].email
    async with httpx.AsyncClient(timeout=30) as client:
        signed_in = await client.post(
            f"{a.url}/api/v1/auth/login", json={"email": email, "password": PASSWORD}
        )
        ok(signed_in)
        session = {name: signed_in.cookies[name] for name in ("session", "csrftoken")}
        cookie = "; ".join(f"{k}={v}" for k, v in session.items())
        with_cookie = {"Cookie": cookie}
        client.cookies.clear()

        me = ok(await client.get(f"{b.url}/api/v1/me", headers=with_cookie))
        assert me["email"] == email

        # A change on B with the session (and CSRF token) from A.
        made = await client.post(
            f"{b.url}/api/v1/auth/tokens",
            json={"name": "made on B"},
            headers={**with_cookie, "x-csrftoken": session["csrftoken"]},
        )
        ok(made, 201)
        without_csrf = await client.post(
            f"{b.url}/api/v1/auth/tokens", json={"name": "no csrf"}, headers=with_cookie
        )
        assert without_csrf.status_code == 403

        # Sign out on A; the same cookie is then refused on B (and on A).
        ok(
            await client.post(
                f"{a.url}/api/v1/auth/logout",
                headers={**with_cookie, "x-csrftoken": session["csrftoken"]},
            )
        )
        for server in (b, a):
            after = await client.get(f"{server.url}/api/v1/me", headers=with_cookie)
            assert after.status_code == 401, (server.url, after.status_code, after.text)
