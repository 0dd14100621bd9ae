"""`kill -9` in the middle of a storm of votes loses nothing anyone was told was counted.

The real server takes a secret ballot and a roll-call vote from every member of an assembly
at once; after a third of the votes have been acknowledged, the server is killed outright
(SIGKILL: no shutdown, no flush). Started again on the same database, it must show:

* every vote that got a 201 counted, with the choice that was sent (roll call: the member is
  on the published roll with that choice; secret: the voter's receipt is among the published
  trackers);
* a voter whose request got no answer can simply try again: the server says either "counted
  now" (201) or "you have already voted" (409), never anything else;
* a second `kill -9` while the chair closes the secret ballot (the box is rewritten in a new
  order then) leaves it closed whole or still open, never half-rewritten;
* after the close, the ballots equal the roll for the secret vote, and the tallies are exactly
  what the members chose;
* no vote without its audit entry, and no audit entry without its vote: one `ballot.cast` /
  `vote.cast` entry per member on the roll;
* the audit chain verifies, over HTTP and with `governance audit verify`.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

import pytest

from governance.motions.rules.eligibility import ALREADY_VOTED
from tests.faults.server import Server, create_platform_admin, run_cli
from tests.faults.world import (
    ORG,
    Cast,
    audit_entries,
    build_world,
    casts_for,
    close_vote,
    expected_tally,
    get,
    open_motion,
    roll_call_openings,
    storm,
)

MEMBERS = 64
KILL_AFTER_ACKNOWLEDGED = MEMBERS * 2 // 3  # a third of the 2 * MEMBERS votes

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]


def test_kill_9_mid_storm_loses_no_acknowledged_vote(database_url: str, tmp_path: Path) -> None:
    create_platform_admin(database_url)
    servers = [Server(database_url, tmp_path / "server.log").start()]
    try:
        asyncio.run(_crash_and_recover(database_url, servers, tmp_path))
    finally:
        for server in servers:
            server.stop()
    verified = run_cli(database_url, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "faults: intact" in verified.stdout


async def _crash_and_recover(database_url: str, servers: list[Server], tmp_path: Path) -> None:
    first = servers[0]
    world = await build_world([first.url], MEMBERS)
    secret = await open_motion(world, "Elect the steering group", "secret")
    roll = await open_motion(world, "Adopt the budget", "roll_call")
    casts = casts_for(world, [secret, roll])

    acknowledged = 0

    def kill_when_a_third_is_in(cast: Cast) -> None:
        nonlocal acknowledged
        if cast.status == 201:
            acknowledged += 1
            if acknowledged == KILL_AFTER_ACKNOWLEDGED:
                first.kill()

    await storm(world, casts, concurrency=32, after_each=kill_when_a_third_is_in)
    assert first.process is not None and first.process.returncode == -9, "never killed"

    before = Counter(c.status for c in casts)
    lost = [c for c in casts if c.status is None]
    # Only two outcomes before the kill: counted, or no answer at all.
    assert set(before) <= {201, None}, before
    assert before[201] >= KILL_AFTER_ACKNOWLEDGED
    assert lost, "the kill came after the storm: nothing was in flight"

    # Restart on the same database.
    second = Server(database_url, tmp_path / "server.log").start()
    servers.append(second)
    world.point_at([second.url])

    verify = await get(world, "/audit/verify")
    assert verify["ok"] is True, verify

    # Everyone who got no answer tries again, as a member with a dropped connection would.
    retried = [Cast(c.voter, c.motion, c.choice) for c in lost]
    await storm(world, retried, concurrency=16)
    for cast in retried:
        assert cast.status == 201 or (cast.status == 409 and cast.detail == ALREADY_VOTED), (
            cast.status,
            cast.detail,
        )
    final = {(c.voter.member_id, c.motion): c for c in casts if c.status == 201}
    final.update({(c.voter.member_id, c.motion): c for c in retried if c.status == 201})

    # The chair closes the roll call, then the secret ballot (which rewrites the box in a new
    # random order), and the server dies part way through that (timed by the first close):
    # the close happens whole or not at all.
    started = time.monotonic()
    await close_vote(world, roll)
    took = time.monotonic() - started
    await second.kill_during(
        f"/api/v1/orgs/{ORG}/motions/{secret}/close-vote", world.chair.headers, after=took * 0.7
    )
    third = Server(database_url, tmp_path / "server.log").start()
    servers.append(third)
    world.point_at([third.url])
    if (await get(world, f"/motions/{secret}"))["status"] == "voting":
        await close_vote(world, secret)

    # Roll call: every member on the roll once, with the choice they sent.
    motion = await get(world, f"/motions/{roll}")
    on_roll = {v["member_id"]: v["choice"] for v in motion["votes"]}
    assert len(motion["votes"]) == MEMBERS
    assert on_roll == {c.voter.member_id: c.choice for c in casts if c.motion == roll}
    assert {k: motion["tally"][k] for k in ("yes", "no", "abstain")} == expected_tally(casts, roll)
    assert motion["tally"]["voted"] == MEMBERS

    # Secret ballot: ballots equal the roll, every receipt handed out is published.
    ballots = await get(world, f"/motions/{secret}/ballots")
    assert ballots["voted"] == MEMBERS
    assert len(ballots["trackers"]) == MEMBERS == len(set(ballots["trackers"]))
    handed_out = {c.tracker for c in final.values() if c.motion == secret}
    assert handed_out <= set(ballots["trackers"])
    assert {k: ballots["tally"][k] for k in ("yes", "no", "abstain")} == expected_tally(
        casts, secret
    )
    assert ballots["tally"]["voted"] == MEMBERS

    # Nothing half-written: one audit entry per vote, and the chain unbroken.
    entries = await audit_entries(world)
    secret_entries = [
        e for e in entries if e["action"] == "ballot.cast" and e["subject"] == f"motion:{secret}"
    ]
    roll_entries = [
        e for e in entries if e["action"] == "vote.cast" and e["subject"] == f"motion:{roll}"
    ]
    assert len(secret_entries) == MEMBERS
    assert {e["data"]["member_id"] for e in secret_entries} == {v.member_id for v in world.voters}
    assert roll_call_openings(entries, roll_entries) == on_roll
    assert len(roll_entries) == MEMBERS
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    verify = await get(world, "/audit/verify")
    assert verify["ok"] is True and verify["entries"] == len(entries), verify
