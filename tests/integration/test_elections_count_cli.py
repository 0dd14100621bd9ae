"""`governance elections count FILE.blt`: anyone can re-count a ballot file."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "scot_elex"


def count(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVERNANCE_")}
    return subprocess.run(
        [sys.executable, "-m", "governance.cli", "elections", "count", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def falkirk_north(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("blt") / "falkirk_north_2022.blt"
    path.write_bytes(gzip.decompress((DATA / "falkirk_2022_ward6.blt.gz").read_bytes()))
    return path


def test_prints_the_elected_by_name_in_order_of_election(falkirk_north: Path) -> None:
    done = count(str(falkirk_north))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Ward 6 - Falkirk North"
    assert "quota 1292.00000" in lines[1]
    start = lines.index("Elected, in order of election:")
    assert lines[start + 1 : start + 5] == [
        "  1. Cecil MEIKLEJOHN",
        "  2. Robert BISSETT",
        "  3. Iain SINCLAIR",
        "  4. James BUNDY",
    ]
    seed = hashlib.sha256(falkirk_north.read_bytes()).hexdigest()
    assert lines[-1] == f"Lots, if any were needed, drawn with seed {seed}."


def test_json_is_the_whole_report(falkirk_north: Path) -> None:
    done = count(str(falkirk_north), "--json", "--seed", "public-draw-2027")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["method"] == "scottish-stv" and report["seed"] == "public-draw-2027"
    assert report["elected"][0] == "Cecil MEIKLEJOHN" and len(report["stages"]) == 7
    assert report["stages"][1]["transfer_values"][0]["transfer_value"] == "0.42831"


def test_a_reservation_changes_who_is_elected_and_says_it_was_met(falkirk_north: Path) -> None:
    done = count(str(falkirk_north), "--reserved", "2", "--group", "5,7")
    assert done.returncode == 0, done.stderr
    assert "  4. Judith MCLAUGHLIN" in done.stdout
    assert "2 of the group elected; at least 2 were reserved." in done.stdout


def test_approval(falkirk_north: Path) -> None:
    done = count(str(falkirk_north), "--method", "approval", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["method"] == "approval"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--reserved", "1"], "--reserved needs --group"),
        (["--group", "one"], "--group is candidate numbers"),
        (["--reserved", "1", "--group", "9"], "numbered 1 to 7"),
    ],
)
def test_bad_options_exit_2_saying_why(falkirk_north: Path, args: list[str], words: str) -> None:
    done = count(str(falkirk_north), *args)
    assert done.returncode == 2 and words in done.stderr and done.stdout == ""


def test_a_bad_file_exits_2_naming_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.blt"
    bad.write_text("3 1\n1 1 2 0\n1 4 0\n0\nA\nB\nC\n", encoding="utf-8")
    done = count(str(bad))
    assert done.returncode == 2
    assert "Line 3: preferences are candidate numbers 1 to 3, not '4'." in done.stderr
    missing = count(str(tmp_path / "none.blt"))
    assert missing.returncode == 2 and "Cannot read" in missing.stderr
