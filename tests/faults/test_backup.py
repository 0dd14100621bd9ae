"""`governance backup` while the server takes votes gives a copy that restores whole.

An operator backs up in the middle of a storm of votes (secret ballot and roll call), then
restores the backup into a fresh, empty database and serves it. The restored copy must be one
consistent moment of the original:

* every vote acknowledged before the backup started is in it (with its choice; its receipt
  among the trackers);
* nothing is in it that nobody cast: every published tracker is a receipt some voter got;
* ballots equal the roll, and each vote has exactly one audit entry;
* its audit chain verifies, with `governance audit verify` and over HTTP, before and after
  the chair closes the votes on the restored copy.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.faults.server import (
    Server,
    create_platform_admin,
    empty_database,
    run_cli,
    serving,
)
from tests.faults.world import (
    Cast,
    World,
    audit_entries,
    build_world,
    casts_for,
    close_vote,
    get,
    open_motion,
    roll_call_openings,
    storm,
)

MEMBERS = 60
BACKUP_AFTER_ACKNOWLEDGED = MEMBERS // 2  # a quarter of the 2 * MEMBERS votes

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]


@dataclass
class Storm:
    world: World
    secret: str
    roll: str
    casts: list[Cast]
    before_backup: list[Cast] = field(default_factory=list)
    after_backup: int = 0


def test_backup_mid_storm_restores_a_consistent_copy(database_url: str, tmp_path: Path) -> None:
    create_platform_admin(database_url)
    path = tmp_path / "backups" / "governance.backup"
    with serving(database_url, tmp_path / "server.log") as server:
        voted = asyncio.run(_storm_with_backup(server, database_url, path))
    assert path.exists() and path.stat().st_size > 0

    with empty_database(database_url, tmp_path) as restored_url:
        restored = run_cli(restored_url, "restore", str(path))
        assert restored.returncode == 0, restored.stdout + restored.stderr
        verified = run_cli(restored_url, "audit", "verify")
        assert verified.returncode == 0, verified.stdout + verified.stderr
        with serving(restored_url, tmp_path / "restored.log") as server:
            asyncio.run(_check_restored(voted, server))
        verified = run_cli(restored_url, "audit", "verify")
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert "faults: intact" in verified.stdout


async def _storm_with_backup(server: Server, database_url: str, path: Path) -> Storm:
    world = await build_world([server.url], MEMBERS)
    secret = await open_motion(world, "Elect the steering group", "secret")
    roll = await open_motion(world, "Adopt the budget", "roll_call")
    voted = Storm(world, secret, roll, casts_for(world, [secret, roll], seed=7))
    started = asyncio.Event()
    acknowledged: list[Cast] = []

    def count(cast: Cast) -> None:
        if cast.status == 201:
            acknowledged.append(cast)
            if len(acknowledged) == BACKUP_AFTER_ACKNOWLEDGED:
                started.set()

    async def take_backup() -> None:
        await started.wait()
        voted.before_backup = list(acknowledged)
        done = await asyncio.to_thread(run_cli, database_url, "backup", str(path))
        assert done.returncode == 0, done.stdout + done.stderr
        voted.after_backup = len(acknowledged)

    backup_task = asyncio.create_task(take_backup())
    await storm(world, voted.casts, concurrency=8, after_each=count)
    await backup_task
    assert all(c.status == 201 for c in voted.casts), [c.detail for c in voted.casts]
    # The backup really was taken mid-storm: votes were still coming in when it started.
    assert len(voted.before_backup) < len(voted.casts)
    return voted


async def _check_restored(voted: Storm, server: Server) -> None:
    world = voted.world
    world.point_at([server.url])
    verify = await get(world, "/audit/verify")
    assert verify["ok"] is True, verify

    await close_vote(world, voted.roll)
    await close_vote(world, voted.secret)

    # Roll call: everything acknowledged before the backup, nothing nobody cast.
    motion = await get(world, f"/motions/{voted.roll}")
    on_roll = {v["member_id"]: v["choice"] for v in motion["votes"]}
    cast = {c.voter.member_id: c.choice for c in voted.casts if c.motion == voted.roll}
    early = {c.voter.member_id: c.choice for c in voted.before_backup if c.motion == voted.roll}
    assert early.items() <= on_roll.items() <= cast.items()
    assert motion["tally"]["voted"] == len(on_roll)

    # Secret ballot: ballots equal the roll; early receipts are there, no phantom ballots.
    ballots = await get(world, f"/motions/{voted.secret}/ballots")
    trackers = set(ballots["trackers"])
    assert len(ballots["trackers"]) == len(trackers) == ballots["voted"]
    tally = ballots["tally"]
    assert tally["yes"] + tally["no"] + tally["abstain"] == ballots["voted"] == tally["voted"]
    early_trackers = {c.tracker for c in voted.before_backup if c.motion == voted.secret}
    all_trackers = {c.tracker for c in voted.casts if c.motion == voted.secret}
    assert early_trackers <= trackers <= all_trackers

    # One audit entry per vote in the copy, and the chain unbroken after the closes.
    entries = await audit_entries(world)
    cast_entries = [
        e
        for e in entries
        if e["action"] == "ballot.cast" and e["subject"] == f"motion:{voted.secret}"
    ]
    vote_entries = [
        e for e in entries if e["action"] == "vote.cast" and e["subject"] == f"motion:{voted.roll}"
    ]
    assert len(cast_entries) == ballots["voted"]
    assert roll_call_openings(entries, vote_entries) == on_roll
    assert len(vote_entries) == len(on_roll)
    verify = await get(world, "/audit/verify")
    assert verify["ok"] is True and verify["entries"] == len(entries), verify
