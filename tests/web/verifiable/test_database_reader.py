"""The issue's database-reader attacks, run against a verifiable motion, on both engines.

On the plain secret box these linked ballots to voters: on PostgreSQL a join of `ballot_roll`
and the box on `xmin`, and a `pg_dump`; on SQLite the WAL's frames and a `governance backup`
taken mid-vote. Here the attacker gets all of that, taken while the vote is open: the live
tables, the xmin join or the WAL file, a plain-text `pg_dump` or the backup copy. The link
from voter to ballot may still be made (the join does make it), but what it leads to is a
ciphertext nobody with the database can open:

* no 64-hex value anywhere in what the attacker holds is the election's secret key (g^x = y),
  a trustee's share (g^s = X_j) or any ballot's randomness (g^r = an option's alpha), so no
  ballot can be decrypted, nor a guessed choice re-encrypted to match its tracker;
* two voters who chose the same share no ciphertext and no tracker, so equal values cannot
  be grouped and counted beside names.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from governance.backup import _pg_tool, backup
from governance.db import fetch_rows
from governance.verifiable.group import EncodingError, Point, base_mul, scalar_from_hex
from governance.verifiable.threshold import Commitment, verification_key
from tests.helpers import Api
from tests.web.verifiable.journey import board_with_key, browser_ballot, open_verifiable
from tests.web.verifiable.test_motion_attacks import _all_text, _hex_tokens

VOTES = (("chair", "yes"), ("secretary", "no"), ("d1", "yes"), ("d3", "abstain"))


def _what_the_files_hold(api: Api, folder: Path) -> str:
    """The database's files as an attacker with the machine reads them, mid-vote: SQLite's
    backup copy and WAL file as bytes, or PostgreSQL's dump as plain SQL."""
    settings = api.runtime.settings
    copy = folder / "mid-vote.backup"
    backup(settings, str(copy))
    if not settings.is_postgres:
        wal = Path(settings.sqlite_path + "-wal")
        raw = copy.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        return raw.decode("latin-1")
    dump = subprocess.run(
        [_pg_tool("pg_dump"), "--format=plain", f"--dbname={settings.database_url}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return dump.stdout


async def _xmin_links(api: Api) -> list[tuple[str, str]]:
    """PostgreSQL: each roll row joined to the box row its transaction wrote."""
    rows = await fetch_rows(
        api.runtime.engine,
        "SELECT r.membership, b.ballot FROM ballot_roll r JOIN verifiable_ballot b"
        " ON r.xmin::text = b.xmin::text",
    )
    return [(str(member), str(ballot)) for member, ballot in rows]


async def test_the_database_readers_attacks_open_no_verifiable_ballot(
    api: Api, tmp_path: Path
) -> None:
    board, _, meeting_id = await board_with_key(api)
    motion_id, verifiable = await open_verifiable(board, meeting_id)
    for name, choice in VOTES:
        cast = await board.do(motion_id, "votes", name, ballot=browser_ballot(verifiable, choice))
        assert cast.status_code == 201, cast.text
    served = await board.do(motion_id, "votes", "d2", choice="yes", server_encrypt=True)
    assert served.status_code == 201, served.text

    held = _what_the_files_hold(api, tmp_path) + "\n" + await _all_text(api)
    if api.runtime.settings.is_postgres:
        links = await _xmin_links(api)
        # The join still finds who cast which row: that is the attack, and it succeeds...
        assert {m for m, _ in links} == {board.id(n) for n, _ in (*VOTES, ("d2", ""))}
    else:
        links = []

    # ...but no value the attacker holds opens any of those rows.
    y = Point.from_hex(verifiable["election_key"])
    commitments = [Commitment.from_json(c) for c in verifiable["commitments"]]
    shares = {verification_key(commitments, j) for j in range(1, len(commitments) + 1)}
    box = [
        str(r[0])
        for r in await fetch_rows(api.runtime.engine, "SELECT ballot FROM verifiable_ballot")
    ]
    assert len(box) == len(VOTES) + 1
    alphas = {Point.from_hex(o["alpha"]) for text in box for o in json.loads(text)["choices"]}
    secrets = {y} | shares | alphas
    tried = set()
    for token in _hex_tokens(held):
        try:
            scalar = scalar_from_hex(token)
        except EncodingError:
            continue
        tried.add(token)
        if scalar:
            assert base_mul(scalar) not in secrets, f"{token} opens a ballot"
    # What was tried is what the attacker holds: every scalar of every ballot's proofs is in it.
    proofs = {
        value
        for text in box
        for option in json.loads(text)["choices"]
        for pair in option["proof"]
        for value in pair.values()
    }
    assert proofs and proofs <= tried

    # Equal choices are not equal values: the chair's and d1's Yes share no ciphertext.
    by_member: dict[str, Any] = {m: json.loads(b) for m, b in links}
    ballots = list(by_member.values()) or [json.loads(t) for t in box]
    seen: set[str] = set()
    for ballot in ballots:
        for option in ballot["choices"]:
            assert option["alpha"] not in seen and option["beta"] not in seen
            seen |= {option["alpha"], option["beta"]}
    trackers = await fetch_rows(api.runtime.engine, "SELECT tracker FROM verifiable_ballot")
    assert len({str(t[0]) for t in trackers}) == len(box)
