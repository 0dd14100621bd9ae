"""The `governance` command as an operator runs it: migrate, demo, members import, backup."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from governance.db import started_engine
from governance.members import organisations
from governance.members.access import Actor
from governance.members.tables import Account, Membership, Organisation
from governance.runtime import Runtime
from tests import conftest

ROOT = Actor(account_id="cli", email="", display_name="tests", is_platform_admin=True)


def cli(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVERNANCE_")}
    env.update(
        GOVERNANCE_ENV="test",
        GOVERNANCE_DATABASE_URL=database_url,
        GOVERNANCE_PASSWORD_HASHING="fast",
    )
    return subprocess.run(
        [sys.executable, "-m", "governance.cli", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


async def run(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(cli, database_url, *args, stdin=stdin)


async def members_of(database_url: str, slug: str) -> list[str]:
    async with started_engine(conftest.test_settings(database_url)):
        org = await Organisation.select(Organisation.id).where(Organisation.slug == slug).first()
        if org is None:
            return []
        rows = await Membership.select(Membership.account.email).where(
            Membership.organisation == org["id"]
        )
        return sorted(r["account.email"] for r in rows)


async def test_migrate_is_idempotent(database_url: str) -> None:
    for _ in range(2):
        done = await run(database_url, "migrate")
        assert done.returncode == 0, done.stderr
        assert "up to date" in done.stdout


async def test_members_import_reports_each_rejected_line_and_imports_the_rest(
    database_url: str, tmp_path: Path
) -> None:
    settings = conftest.test_settings(database_url)
    async with started_engine(settings) as engine:
        runtime = Runtime.build(settings, engine)
        try:
            await organisations.create_organisation(runtime, ROOT, slug="acme", name="Acme")
        finally:
            await runtime.close()
    csv_file = tmp_path / "members.csv"
    csv_file.write_text(
        "email,display_name,roles\n"
        "ada@acme.example,Ada,admin\n"
        "not-an-email,Bad Email,\n"
        "bo@acme.example,Bo,secretary;admin\n"
        "cy@acme.example,,\n"
        "dee@acme.example,Dee,king\n"
        "ada@acme.example,Ada Again,\n"
        "eve@acme.example,Eve,\n",
        encoding="utf-8",
    )
    done = await run(database_url, "members", "import", "acme", str(csv_file))
    assert done.returncode == 1
    assert "Added 3 member(s); rejected 4 row(s)." in done.stdout
    for line in (3, 5, 6, 7):
        assert f"line {line}:" in done.stderr, done.stderr
    for line in (2, 4, 8):
        assert f"line {line}:" not in done.stderr
    assert "already a member" in done.stderr
    assert await members_of(database_url, "acme") == [
        "ada@acme.example",
        "bo@acme.example",
        "eve@acme.example",
    ]
    clean = tmp_path / "clean.csv"
    clean.write_text("email,display_name\nfay@acme.example,Fay\n", encoding="utf-8")
    assert (await run(database_url, "members", "import", "acme", str(clean))).returncode == 0
    bad_header = tmp_path / "header.csv"
    bad_header.write_text("mail,name\nx@y.z,X\n", encoding="utf-8")
    refused = await run(database_url, "members", "import", "acme", str(bad_header))
    assert refused.returncode == 1 and "line 1:" in refused.stderr
    nowhere = await run(database_url, "members", "import", "nowhere", str(clean))
    assert nowhere.returncode == 2
    assert "no organisation 'nowhere'" in nowhere.stderr and "line" not in nowhere.stderr


@pytest.mark.slow
async def test_demo_is_idempotent_and_prints_the_sign_ins(database_url: str) -> None:
    first = await run(database_url, "demo")
    assert first.returncode == 0, first.stderr
    for who in ("chair", "secretary", "director", "member"):
        assert f"{who}@riverside.example" in first.stdout
    assert "riverside-demo" in first.stdout
    before = await members_of(database_url, "riverside")
    assert len(before) >= 4
    second = await run(database_url, "demo")
    assert second.returncode == 0, second.stderr
    assert await members_of(database_url, "riverside") == before
    verify = await run(database_url, "audit", "verify", "--org", "riverside")
    assert verify.returncode == 0, verify.stdout + verify.stderr


async def account_exists(database_url: str, email: str) -> bool:
    async with started_engine(conftest.test_settings(database_url)):
        return bool(await Account.exists().where(Account.email == email))


def pg_tools_match_server() -> str | None:
    """Why pg_dump/pg_restore cannot be used here, or None when they can."""
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        return "pg_dump/pg_restore are not on PATH"
    return None


async def test_backup_and_restore_round_trip(database_url: str, tmp_path: Path) -> None:
    if database_url.startswith("postgresql") and (why := pg_tools_match_server()):
        pytest.skip(why)
    created = await run(
        database_url, "admin", "create", "--email", "kept@p.example", "--name", "Kept",
        stdin="a long enough password\n",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    backup = tmp_path / "backups" / "gov.backup"
    done = await run(database_url, "backup", str(backup))
    if done.returncode != 0 and database_url.startswith("postgresql"):
        pytest.skip(f"pg_dump could not back up this server: {done.stderr.strip()[:200]}")
    assert done.returncode == 0, done.stderr
    assert backup.exists() and backup.stat().st_size > 0
    later = await run(
        database_url, "admin", "create", "--email", "later@p.example", "--name", "Later",
        stdin="a long enough password\n",
    )  # fmt: skip
    assert later.returncode == 0
    assert await account_exists(database_url, "later@p.example")
    restored = await run(database_url, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert await account_exists(database_url, "kept@p.example")
    assert not await account_exists(database_url, "later@p.example")
    verify = await run(database_url, "audit", "verify")
    assert verify.returncode == 0, verify.stdout
    missing = await run(database_url, "restore", str(tmp_path / "nope.backup"))
    assert missing.returncode != 0
