"""The audit log over HTTP and from the command line: paging, verify, and tampering caught."""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import sys

from governance.audit.tables import AuditEntry, AuditHead
from tests.helpers import Api


async def busy_org(api: Api) -> str:
    """acme with a handful of entries; returns its id (the chain)."""
    await api.platform_admin()
    org = await api.org("acme")
    await api.add_member("acme", "ada", by="root", roles=["admin"], lived_experience=True)
    await api.add_member("acme", "bo", by="ada")
    await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 5},
    )
    await api.post(
        "/orgs/acme/bodies/board/seats",
        "ada",
        json={"member_id": api.people["ada"].member_id, "role": "chair", "starts_on": "2026-01-01"},
    )
    return str(org["id"])


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


async def test_entries_are_chained_paged_and_verified(api: Api) -> None:
    await busy_org(api)
    everything = (await api.get("/orgs/acme/audit", "bo")).json()
    entries = everything["entries"]
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert [e["action"] for e in entries][:2] == ["organisation.created", "member.added"]
    assert {"body.created", "member.seated", "member.lived_experience_changed"} <= {
        e["action"] for e in entries
    }
    assert set(entries[0]) >= {
        "seq",
        "at",
        "actor",
        "action",
        "subject",
        "data",
        "prev_hash",
        "hash",
    }
    assert entries[0]["prev_hash"] == "0" * 64
    for before, after in itertools.pairwise(entries):
        assert after["prev_hash"] == before["hash"]
    assert everything["next_after"] == entries[-1]["seq"]
    page = (await api.get("/orgs/acme/audit?after=2&limit=2", "bo")).json()
    assert [e["seq"] for e in page["entries"]] == [3, 4]
    assert page["next_after"] == 4
    rest = (await api.get(f"/orgs/acme/audit?after={entries[-1]['seq']}", "bo")).json()
    assert rest == {"entries": [], "next_after": None}
    bad = await api.get("/orgs/acme/audit?after=-1", "bo")
    assert bad.status_code == 400
    verify = (await api.get("/orgs/acme/audit/verify", "bo")).json()
    assert verify == {
        "ok": True,
        "entries": len(entries),
        "head_hash": entries[-1]["hash"],
        "first_bad_seq": None,
        "problem": None,
    }


async def test_a_refused_change_leaves_no_entry(api: Api) -> None:
    await busy_org(api)
    before = (await api.get("/orgs/acme/audit/verify", "ada")).json()["entries"]
    refused = await api.post(
        "/orgs/acme/bodies/board/seats",
        "ada",
        json={"member_id": api.people["ada"].member_id, "role": "chair", "starts_on": "2026-01-01"},
    )
    assert refused.status_code == 409
    assert (await api.get("/orgs/acme/audit/verify", "ada")).json()["entries"] == before


async def test_an_edited_row_is_named_by_the_api_and_the_cli(api: Api) -> None:
    chain = await busy_org(api)
    url = api.runtime.settings.database_url
    intact = await asyncio.to_thread(cli, url, "audit", "verify", "--org", "acme")
    assert intact.returncode == 0, intact.stderr
    head = (await api.get("/orgs/acme/audit/verify", "ada")).json()
    assert f"{head['entries']} entries" in intact.stdout
    assert head["head_hash"] in intact.stdout
    everyone = await asyncio.to_thread(cli, url, "audit", "verify")
    assert everyone.returncode == 0 and "acme" in everyone.stdout

    await AuditEntry.update({AuditEntry.data: '{"display_name":"Mallory"}'}).where(
        (AuditEntry.chain == chain) & (AuditEntry.seq == 3)
    )
    verify = (await api.get("/orgs/acme/audit/verify", "bo")).json()
    assert verify["ok"] is False
    assert verify["first_bad_seq"] == 3
    assert verify["entries"] == 2
    broken = await asyncio.to_thread(cli, url, "audit", "verify", "--org", "acme")
    assert broken.returncode == 1
    assert "BROKEN at entry 3" in broken.stdout
    missing = await asyncio.to_thread(cli, url, "audit", "verify", "--org", "nowhere")
    assert missing.returncode == 2


async def test_an_edit_by_raw_sql_with_a_recomputed_hash_is_still_caught(api: Api) -> None:
    chain = await busy_org(api)
    await AuditEntry.raw(
        "UPDATE audit_entry SET actor = {}, hash = {} WHERE chain = {} AND seq = {}",
        "mallory",
        "f" * 64,
        chain,
        2,
    )
    verify = (await api.get("/orgs/acme/audit/verify", "bo")).json()
    assert (verify["ok"], verify["first_bad_seq"]) == (False, 2)


async def test_a_deleted_middle_row_is_named(api: Api) -> None:
    chain = await busy_org(api)
    await AuditEntry.delete().where((AuditEntry.chain == chain) & (AuditEntry.seq == 4))
    verify = (await api.get("/orgs/acme/audit/verify", "bo")).json()
    assert (verify["ok"], verify["first_bad_seq"]) == (False, 4)


async def test_a_deleted_last_row_is_caught_by_the_recorded_head(api: Api) -> None:
    chain = await busy_org(api)
    last = (await api.get("/orgs/acme/audit/verify", "bo")).json()["entries"]
    await AuditEntry.delete().where((AuditEntry.chain == chain) & (AuditEntry.seq == last))
    verify = (await api.get("/orgs/acme/audit/verify", "bo")).json()
    assert verify["ok"] is False
    assert verify["first_bad_seq"] == last
    url = api.runtime.settings.database_url
    broken = await asyncio.to_thread(cli, url, "audit", "verify", "--org", "acme")
    assert broken.returncode == 1
    assert f"BROKEN at entry {last}" in broken.stdout


async def test_deleting_the_last_row_and_rewinding_the_head_is_what_the_head_cannot_catch(
    api: Api,
) -> None:
    """Documenting the limit: an attacker who rewrites the head too truncates cleanly; the
    head hash published elsewhere (for example in minutes) is what catches that."""
    chain = await busy_org(api)
    before = (await api.get("/orgs/acme/audit/verify", "bo")).json()
    last = before["entries"]
    prev = (await api.get(f"/orgs/acme/audit?after={last - 2}&limit=1", "ada")).json()
    await AuditEntry.delete().where((AuditEntry.chain == chain) & (AuditEntry.seq == last))
    await AuditHead.update(
        {AuditHead.seq: last - 1, AuditHead.hash: prev["entries"][0]["hash"]}
    ).where(AuditHead.chain == chain)
    after = (await api.get("/orgs/acme/audit/verify", "bo")).json()
    assert after["ok"] is True
    assert after["head_hash"] != before["head_hash"]


async def test_chains_are_separate_per_organisation(api: Api) -> None:
    await busy_org(api)
    await api.org("other")
    other = (await api.get("/orgs/other/audit", "root")).json()["entries"]
    assert [e["seq"] for e in other] == [1]
    assert other[0]["action"] == "organisation.created"
