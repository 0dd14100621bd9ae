"""The count of a closed election: what the pure count elects, the reservation, the BLT."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from governance.audit.tables import AuditEntry
from governance.elections.box import ElectionBallot
from governance.elections.casting import cast_ballot
from governance.elections.count import count_stv, make_election
from governance.elections.counting import ballots_blt, ensure_counted, published_trackers
from governance.elections.tables import Election
from tests.integration.elections.conftest import SLUG, Org


async def _cast_all(org: Org, election: str, rankings: list[list[str]]) -> list[str]:
    trackers = []
    for i, ranking in enumerate(rankings):
        reply = await cast_ballot(org.runtime, org.actor(f"v{i}"), SLUG, election, ranking=ranking)
        trackers.append(reply["tracker"])
    return trackers


async def _setup(org: Org, voters: int, *, le: set[str] = frozenset()) -> tuple[str, list[str]]:
    for name in ("ann", "bob", "cat", "dan"):
        await org.member(name, lived_experience=name in le)
    for i in range(voters):
        await org.member(f"v{i}")
    election = await org.election(seats=2)
    ids = [
        await org.candidate(election, name, le=name in le, n=n)
        for n, name in enumerate(("ann", "bob", "cat", "dan"))
    ]
    return election, ids


async def test_the_count_elects_what_the_pure_count_elects(org: Org, tmp_path: Path) -> None:
    election, (ann, bob, cat, dan) = await _setup(org, 9)
    rankings = [[ann, bob]] * 4 + [[bob, cat]] * 2 + [[cat, dan]] * 2 + [[dan, cat]]
    trackers = await _cast_all(org, election, rankings)
    assert await ensure_counted(org.runtime, election) is None  # still open
    await org.close(election)
    result = await ensure_counted(org.runtime, election)
    assert result is not None
    number = {ann: 1, bob: 2, cat: 3, dan: 4}
    expected = count_stv(
        make_election(
            ["Ann", "Bob", "Cat", "Dan"],
            2,
            [tuple(number[c] for c in r) for r in rankings],
            title="Board election",
        ),
        seed=result["seed"],
    )
    names = {ann: "Ann", bob: "Bob", cat: "Cat", dan: "Dan"}
    assert [names[c] for c in result["elected"]] == list(expected.elected)
    row = await Election.select().where(Election.id == election).first()
    assert row is not None and row["status"] == "counted" and row["ballots"] == 9
    assert row["box_digest"] == result["seed"]
    # Idempotent: a second call counts nothing again.
    again = await ensure_counted(org.runtime, election)
    assert again == result
    counted = await AuditEntry.select().where(AuditEntry.action == "election.counted")
    assert len(counted) == 1
    data = json.loads(counted[0]["data"])
    assert data["elected"] == result["elected"] and data["ballots"] == 9
    published = await published_trackers(org.runtime, org.actor("v0"), SLUG, election)
    assert published["trackers"] == sorted(trackers) and published["ballots"] == 9
    # The BLT export re-counts to the same result with `governance elections count`.
    blt = tmp_path / "box.blt"
    blt.write_text(await ballots_blt(org.runtime, org.actor("v0"), SLUG, election))
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVERNANCE_")}
    done = subprocess.run(
        [sys.executable, "-m", "governance.cli", "elections", "count", str(blt), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["elected"] == [names[c] for c in result["elected"]]


async def test_the_reserved_seat_goes_to_a_lived_experience_candidate(org: Org) -> None:
    # Quota 0.5 of a 5-seat board with nobody seated: 2 seats filled -> 1 reserved.
    election, (ann, bob, _cat, dan) = await _setup(org, 9, le={"dan"})
    rankings = [[ann, bob]] * 4 + [[bob, ann]] * 4 + [[dan]]
    await _cast_all(org, election, rankings)
    await org.close(election)
    result = await ensure_counted(org.runtime, election)
    assert result is not None
    assert result["reserved"] == 1
    assert dan in result["elected"] and len(result["elected"]) == 2
    assert result["reserved_filled"] == 1 and result["reservation_met"] is True
    assert await ElectionBallot.count() == 9
