"""`governance demo --reset` starts the demo over, and a new database's first migration says
what happened, once (not Piccolo's "3 already complete / 3 not yet run")."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def cli(
    db: Path, *args: str, env_name: str = "development", stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVERNANCE_")}
    env.update(
        GOVERNANCE_ENV=env_name,
        GOVERNANCE_DATABASE_URL=f"sqlite:///{db}",
        GOVERNANCE_DATA_DIR=str(db.parent / "data"),
    )
    if env_name == "production":
        env["GOVERNANCE_SECRET_KEY"] = "x" * 40
    else:
        env["GOVERNANCE_PASSWORD_HASHING"] = "fast"
    return subprocess.run(
        [sys.executable, "-m", "governance.cli", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def accounts(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return sorted(r[0] for r in conn.execute("SELECT email FROM account"))


def test_a_new_database_says_once_that_it_was_set_up(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    first = cli(db, "demo")
    assert first.returncode == 0, first.stderr
    said = first.stdout + first.stderr
    assert "already complete" not in said and "not yet run" not in said
    assert said.count("Set up a new database") == 1
    assert "riverside-demo" in first.stdout
    again = cli(db, "demo")
    assert again.returncode == 0, again.stderr
    assert "migration" not in (again.stdout + again.stderr).lower()  # nothing to say
    assert "up to date" in cli(db, "migrate").stdout


def test_reset_starts_the_demo_over(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert cli(db, "demo").returncode == 0
    made = cli(
        db,
        "admin",
        "create",
        "--email",
        "late@example.org",
        "--name",
        "Late",
        stdin="a long password here\n",
    )
    assert made.returncode == 0, made.stderr
    assert "late@example.org" in accounts(db)
    reset = cli(db, "demo", "--reset")
    assert reset.returncode == 0, reset.stderr
    assert "starts again" in reset.stdout and "Set up a new database" in reset.stdout
    assert "late@example.org" not in accounts(db)
    assert "director@riverside.example" in accounts(db)
    with sqlite3.connect(db) as conn:
        voting = conn.execute("SELECT COUNT(*) FROM motion WHERE status = 'voting'").fetchone()
        rolls = conn.execute("SELECT COUNT(*) FROM ballot_roll").fetchone()
    assert voting[0] >= 1 and rolls is not None


@pytest.mark.parametrize("why", ["other organisation", "production"])
def test_reset_never_deletes_real_work(tmp_path: Path, why: str) -> None:
    db = tmp_path / "demo.db"
    assert cli(db, "demo").returncode == 0
    if why == "other organisation":
        with sqlite3.connect(db) as conn:
            conn.execute(
                "INSERT INTO organisation (id, slug, name, is_public, paper_size, created_at) "
                "VALUES ('o-real', 'real-peers', 'Real Peers', 0, 'A4', "
                "'2026-01-01T00:00:00+00:00')"
            )
        refused = cli(db, "demo", "--reset")
    else:
        refused = cli(db, "demo", "--reset", env_name="production")
    assert refused.returncode == 1
    assert "Nothing was reset" in refused.stderr
    assert db.exists() and "director@riverside.example" in accounts(db)
