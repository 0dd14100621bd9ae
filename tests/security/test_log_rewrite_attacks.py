"""Issue 11, item 5: the log wiped, rewound or rewritten, and the state it records changed.

Each test performs the attack as a reader-and-writer of the database would: raw SQL on the
organisation's rows, on both engines, after a member kept a checkpoint (and the verifier
key) from the API. `governance audit verify --org acme --checkpoint FILE --key FILE` then
runs as an operator would, in a subprocess. On e00c7fa none of these was detected (the wipe
gave "acme: intact, 0 entries", exit 0); each is detected and named now.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from governance.audit.rules import canonical_entry, entry_hash
from governance.audit.tables import AuditEntry, AuditHead
from governance.motions.tables import Motion
from governance.voting.box import Ballot
from tests.helpers import Api
from tests.web.motions.board import seat_board


@dataclass
class Scene:
    api: Api
    chain: str
    motion: str  # a carried secret ballot: chair, d1, d2 yes
    checkpoint: Path
    key: Path

    @property
    def url(self) -> str:
        return self.api.runtime.settings.database_url


def cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVERNANCE_")}
    env.update(GOVERNANCE_ENV="test", GOVERNANCE_DATABASE_URL=database_url)
    return subprocess.run(
        [sys.executable, "-m", "governance.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def verify_cli(
    scene: Scene, *, with_checkpoint: bool = True
) -> subprocess.CompletedProcess[str]:
    args = ["audit", "verify", "--org", "acme"]
    if with_checkpoint:
        args += ["--checkpoint", str(scene.checkpoint), "--key", str(scene.key)]
    return await asyncio.to_thread(cli, scene.url, *args)


@pytest.fixture
async def scene(api: Api, tmp_path: Path) -> Scene:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting()
    motion = await board.motion(meeting, method="secret")
    await board.seconded_and_open(motion)
    for name in ("chair", "d1", "d2"):
        assert (await board.vote(motion, name, "yes")).status_code == 201
    assert (await board.do(motion, "close-vote", "chair")).status_code == 200
    note = await api.get("/orgs/acme/audit/checkpoint", "d1")
    key = await api.get("/orgs/acme/audit/key", "d1")
    assert note.status_code == key.status_code == 200
    (tmp_path / "checkpoint.txt").write_text(note.text)
    (tmp_path / "vkey.txt").write_text(key.text)
    org = (await api.get("/orgs/acme", "ada")).json()
    return Scene(api, str(org["id"]), motion, tmp_path / "checkpoint.txt", tmp_path / "vkey.txt")


async def _rows(chain: str) -> list[dict[str, object]]:
    return await AuditEntry.select().where(AuditEntry.chain == chain).order_by(AuditEntry.seq)


async def _rehash_from(chain: str, seq: int) -> None:
    """Recompute every hash from `seq` on and move the head: what a careful forger does."""
    rows = await _rows(chain)
    prev = str(rows[seq - 2]["hash"]) if seq > 1 else "0" * 64
    for row in rows[seq - 1 :]:
        canonical = canonical_entry(
            chain=chain,
            seq=int(row["seq"]),  # type: ignore[call-overload]
            at=str(row["at"]),
            actor=str(row["actor"]),
            action=str(row["action"]),
            subject=str(row["subject"]),
            data_json=str(row["data"]),
        )
        new = entry_hash(prev, canonical)
        await AuditEntry.update({AuditEntry.prev_hash: prev, AuditEntry.hash: new}).where(
            AuditEntry.id == row["id"]
        )
        prev = new
    await AuditHead.update({AuditHead.seq: int(rows[-1]["seq"]), AuditHead.hash: prev}).where(  # type: ignore[call-overload]
        AuditHead.chain == chain
    )


async def wipe(scene: Scene) -> None:
    await AuditEntry.delete().where(AuditEntry.chain == scene.chain)
    await AuditHead.delete().where(AuditHead.chain == scene.chain)


async def truncate(scene: Scene) -> None:
    rows = await _rows(scene.chain)
    keep = rows[-4]
    await AuditEntry.delete().where(
        (AuditEntry.chain == scene.chain) & (AuditEntry.seq > keep["seq"])
    )
    await AuditHead.update({AuditHead.seq: keep["seq"], AuditHead.hash: keep["hash"]}).where(
        AuditHead.chain == scene.chain
    )


async def edit_and_rehash(scene: Scene) -> None:
    await AuditEntry.update({AuditEntry.actor: "mallory"}).where(
        (AuditEntry.chain == scene.chain) & (AuditEntry.seq == 3)
    )
    await _rehash_from(scene.chain, 3)


async def insert_forged(scene: Scene) -> None:
    """A forged entry slipped into the history (everything after it renumbered and rehashed)."""
    rows = await _rows(scene.chain)
    for row in reversed(rows[2:]):
        await AuditEntry.update({AuditEntry.seq: int(row["seq"]) + 1}).where(  # type: ignore[call-overload]
            AuditEntry.id == row["id"]
        )
    forged = dict(rows[2], id="forged" + "0" * 26, seq=3, actor="mallory")
    await AuditEntry.insert(AuditEntry(**forged))
    await _rehash_from(scene.chain, 3)


async def append_forged_decision(scene: Scene) -> None:
    """A forged `motion.failed` appended (well chained, head moved) for the carried motion."""
    rows = await _rows(scene.chain)
    last = rows[-1]
    forged = dict(
        last,
        id="forged" + "1" * 26,
        seq=int(last["seq"]) + 1,  # type: ignore[call-overload]
        action="motion.failed",
        subject=f"motion:{scene.motion}",
        data='{"number":"forged"}',
    )
    await AuditEntry.insert(AuditEntry(**forged))
    await _rehash_from(scene.chain, int(forged["seq"]))


Attack = Callable[[Scene], Awaitable[None]]


@pytest.mark.parametrize(
    ("attack", "named"),
    [
        (wipe, "WIPED"),
        (truncate, "TRUNCATED"),
        (edit_and_rehash, "REWRITTEN"),
        (insert_forged, "REWRITTEN"),
    ],
    ids=["wipe", "truncate-and-rewind", "edit-and-rehash", "insert-forged"],
)
async def test_a_kept_checkpoint_catches_the_rewritten_log(
    scene: Scene, attack: Attack, named: str
) -> None:
    intact = await verify_cli(scene)
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert "extends the checkpoint" in intact.stdout
    await attack(scene)
    caught = await verify_cli(scene)
    assert caught.returncode == 1, caught.stdout + caught.stderr
    assert f"acme: {named}:" in caught.stdout


async def test_the_rewrites_a_checkpoint_catches_verify_cleanly_without_one(scene: Scene) -> None:
    """Why the checkpoint is needed: a careful forger's chain is self-consistent."""
    await edit_and_rehash(scene)
    assert (await scene.api.get("/orgs/acme/audit/verify", "d1")).json()["ok"] is True
    assert (await verify_cli(scene, with_checkpoint=False)).returncode == 0


async def test_a_wiped_log_is_never_intact_even_without_a_checkpoint(scene: Scene) -> None:
    await wipe(scene)
    for with_checkpoint in (False, True):
        caught = await verify_cli(scene, with_checkpoint=with_checkpoint)
        assert caught.returncode == 1, caught.stdout
        assert "wiped" in caught.stdout.lower()
        assert "intact, 0 entries" not in caught.stdout
    api_verify = (await scene.api.get("/orgs/acme/audit/verify", "d1")).json()
    assert api_verify["ok"] is False and "wiped" in api_verify["problem"]


async def test_the_checkpoint_is_checked_with_the_configured_key_too(scene: Scene) -> None:
    args = ["audit", "verify", "--org", "acme", "--checkpoint", str(scene.checkpoint)]
    intact = await asyncio.to_thread(cli, scene.url, *args)
    assert intact.returncode == 0, intact.stdout + intact.stderr
    lines = scene.checkpoint.read_text().split("\n")
    lines[1] = str(int(lines[1]) + 1)  # claim one entry more: the signature no longer holds
    scene.checkpoint.write_text("\n".join(lines))
    forged = await asyncio.to_thread(cli, scene.url, *args)
    assert forged.returncode == 1 and "CHECKPOINT NOT VALID" in forged.stdout


async def _both_verifies_name(scene: Scene, words: str) -> None:
    api_verify = (await scene.api.get("/orgs/acme/audit/verify", "d1")).json()
    assert api_verify["ok"] is False, api_verify
    assert words in api_verify["problem"]
    caught = await verify_cli(scene)
    assert caught.returncode == 1, caught.stdout
    assert words in caught.stdout


async def test_an_appended_forged_decision_is_named(scene: Scene) -> None:
    await append_forged_decision(scene)
    await _both_verifies_name(scene, "records that it failed, but the motion's row says carried")


async def test_a_flipped_ballot_in_a_closed_box_is_named(scene: Scene) -> None:
    ballot = await Ballot.select(Ballot.id).where(Ballot.motion == scene.motion).first()
    assert ballot is not None
    await Ballot.update({Ballot.choice: "no"}).where(Ballot.id == ballot["id"])
    await _both_verifies_name(scene, "ballot box's digest differs")


async def test_an_outcome_rewritten_in_the_motion_row_is_named(scene: Scene) -> None:
    await Motion.update({Motion.status: "failed"}).where(Motion.id == scene.motion)
    await _both_verifies_name(scene, "records that it carried, but the motion's row says failed")


async def test_a_rewritten_tally_in_the_motion_row_is_named(scene: Scene) -> None:
    await Motion.update(
        {Motion.tally: '{"abstain":0,"eligible":3,"no":3,"voted":3,"yes":0}'}
    ).where(Motion.id == scene.motion)
    await _both_verifies_name(scene, "tally differs")


async def test_a_deleted_ballot_is_caught_by_the_api_as_by_the_cli(scene: Scene) -> None:
    ballot = await Ballot.select(Ballot.id).where(Ballot.motion == scene.motion).first()
    assert ballot is not None
    await Ballot.delete().where(Ballot.id == ballot["id"])
    await _both_verifies_name(scene, "2 ballots and 3 trackers for 3 voters")
