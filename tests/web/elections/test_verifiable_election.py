"""An approval election with `verifiable: true`, over HTTP on every engine: the board's
trustees hold the key (2 of 3); members stand; voters send ballots their browser encrypted
(one asks the server to encrypt); after the close the count waits for the trustees; two
decrypt; the most-approved are elected, with the reservation applied to the decrypted
approvals; the published record verifies (Python and `governance verify`), and the count's
audit entry carries its digest. STV cannot be verifiable (422), nor can an election be
verifiable on a body without a completed key (409). A database reader finds ciphertexts only.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from governance.audit.tables import AuditEntry
from governance.clock import utcnow
from governance.db import fetch_rows
from governance.elections.tables import Election
from governance.members.tables import Body
from governance.verifiable.ballot import encrypt_approval_ballot
from governance.verifiable.group import Point
from governance.verifiable.record import record_digest, verify_record
from tests.helpers import Api
from tests.web.verifiable.journey import board_with_key, partials_of

ORG = "acme"


def _when(hours: float) -> str:
    return (utcnow() + timedelta(hours=hours)).isoformat()


async def _call(api: Api, **overrides: Any) -> Any:
    body = {
        "title": "Board election",
        "seats": 2,
        "method": "approval",
        "electorate": "members",
        "nominations_close": _when(1),
        "opens_at": _when(2),
        "closes_at": _when(3),
        "verifiable": True,
        **overrides,
    }
    return await api.post(f"/orgs/{ORG}/bodies/board/elections", "ada", json=body)


async def _open(election_id: str) -> None:
    now = utcnow()
    await Election.update(
        {
            Election.nominations_close: now - timedelta(milliseconds=2),
            Election.opens_at: now - timedelta(milliseconds=1),
            Election.closes_at: now + timedelta(hours=1),
        }
    ).where(Election.id == election_id)


async def _close(election_id: str) -> None:
    await Election.update({Election.closes_at: utcnow() - timedelta(milliseconds=1)}).where(
        Election.id == election_id
    )


def _ballot(view: dict[str, Any], approve: list[str]) -> dict[str, Any]:
    """What a voter's browser sends: one 0/1 ciphertext per candidate, in ballot order."""
    v = view["verifiable"]
    order = v["candidates"]
    ballot, _ = encrypt_approval_ballot(
        Point.from_hex(v["election_key"]),
        v["election"],
        [1 if c in approve else 0 for c in order],
        v["minimum"],
        v["maximum"],
    )
    return ballot.to_json()


async def test_a_verifiable_approval_election_from_key_to_verified_record(
    api: Api, tmp_path: Path
) -> None:
    board, browsers, _ = await board_with_key(api)
    for name in ("kim", "lee", "max"):
        await api.add_member(ORG, name, by="ada", lived_experience=name == "kim")
    # Two new seats on the five-seat board; with two directors' attestations withdrawn, three
    # of the five continuing seats have lived experience and the 51% quota of seven reserves
    # one of the two seats being filled.
    await Body.update({Body.seats: 7}).where(Body.slug == "board")
    for name in ("d1", "d2"):
        withdrawn = await api.put(
            f"/orgs/{ORG}/members/me/lived-experience", name, json={"lived_experience": False}
        )
        assert withdrawn.status_code == 200, withdrawn.text
    called = await _call(api)
    assert called.status_code == 201, called.text
    assert called.json()["reserved"] == 1
    eid = called.json()["id"]
    assert called.json()["verifiable"]["election"] == f"{ORG}/elections/{eid}"
    for name in ("kim", "lee", "max"):
        stood = await api.post(
            f"/orgs/{ORG}/elections/{eid}/candidates",
            name,
            json={
                "member_id": api.people[name].member_id,
                "lived_experience_candidate": name == "kim",
            },
        )
        assert stood.status_code == 201, stood.text
    await _open(eid)
    view = (await api.get(f"/orgs/{ORG}/elections/{eid}", "chair")).json()
    ids = {c["display_name"].lower(): c["id"] for c in view["candidates"]}
    assert view["verifiable"]["candidates"] == [ids["kim"], ids["lee"], ids["max"]]
    assert (view["verifiable"]["minimum"], view["verifiable"]["maximum"]) == (0, 3)

    # Lee and Max are the most approved; Kim, the one lived-experience candidate, is reserved.
    votes = {
        "chair": ["lee", "max"],
        "secretary": ["lee", "max"],
        "d1": ["lee", "kim"],
        "d2": ["max"],
    }
    trackers = []
    for voter, names in votes.items():
        cast = await api.post(
            f"/orgs/{ORG}/elections/{eid}/ballots",
            voter,
            json={"ballot": _ballot(view, [ids[n] for n in names])},
        )
        assert cast.status_code == 201, cast.text
        assert cast.json()["server_encrypted"] is False
        trackers.append(cast.json()["tracker"])
    # Without JavaScript: the server encrypts, and says what that trusts.
    cast = await api.post(
        f"/orgs/{ORG}/elections/{eid}/ballots",
        "d3",
        json={"approve": [ids["lee"]], "server_encrypt": True},
    )
    assert cast.status_code == 201, cast.text
    assert "trusted the server" in cast.json()["note"]
    trackers.append(cast.json()["tracker"])
    again = await api.post(
        f"/orgs/{ORG}/elections/{eid}/ballots", "d1", json={"ballot": _ballot(view, [])}
    )
    assert again.status_code == 409, again.text
    # A plain approval ballot is not accepted in a verifiable election.
    plain = await api.post(f"/orgs/{ORG}/elections/{eid}/ballots", "kim", json={"approve": []})
    assert plain.status_code == 400, plain.text
    # A bad proof is refused, naming it, and nothing is stored.
    bad = _ballot(view, [ids["kim"]])
    bad["choices"][0], bad["choices"][1] = bad["choices"][1], bad["choices"][0]
    refused = await api.post(f"/orgs/{ORG}/elections/{eid}/ballots", "kim", json={"ballot": bad})
    assert refused.status_code == 400, refused.text
    stored = await fetch_rows(api.runtime.engine, "SELECT ballot FROM verifiable_election_ballot")
    assert len(stored) == 5
    # The database holds ciphertexts only: no candidate id in any stored ballot.
    for (text,) in stored:
        assert not any(i in text for i in ids.values())

    await _close(eid)
    closed = (await api.get(f"/orgs/{ORG}/elections/{eid}", "chair")).json()
    assert closed["status"] == "closed" and closed["phase"] == "decrypting"
    assert closed["result"] is None
    tally = closed["verifiable"]["tally"]
    assert [line["label"] for line in tally] == ["0", "1", "2"]
    early = await api.get(f"/orgs/{ORG}/elections/{eid}/record", "chair")
    assert early.status_code == 409, early.text

    lines = {**closed["verifiable"], "tally": tally}
    stranger = await api.post(
        f"/orgs/{ORG}/elections/{eid}/decryptions",
        "chair",
        json={"partials": partials_of(browsers["d1"], lines)},
    )
    assert stranger.status_code == 403, stranger.text
    first = await api.post(
        f"/orgs/{ORG}/elections/{eid}/decryptions",
        "d2",
        json={"partials": partials_of(browsers["d2"], lines)},
    )
    assert first.status_code == 200, first.text
    assert first.json()["phase"] == "decrypting"
    twice = await api.post(
        f"/orgs/{ORG}/elections/{eid}/decryptions",
        "d2",
        json={"partials": partials_of(browsers["d2"], lines)},
    )
    assert twice.status_code == 409, twice.text
    second = await api.post(
        f"/orgs/{ORG}/elections/{eid}/decryptions",
        "d3",
        json={"partials": partials_of(browsers["d3"], lines)},
    )
    assert second.status_code == 200, second.text
    counted = second.json()
    assert counted["phase"] == "counted"
    result = counted["result"]
    approvals = result["report"]["approvals"]
    assert (approvals["Kim"], approvals["Lee"], approvals["Max"]) == (1, 4, 3)
    # The reserved seat goes to Kim, in place of Max, the less approved of the other two.
    assert result["reserved"] == 1 and result["reservation_met"] is True
    assert set(result["elected"]) == {ids["kim"], ids["lee"]}

    got = await api.get(f"/orgs/{ORG}/elections/{eid}/record", "kim")
    assert got.status_code == 200, got.text
    record = got.json()
    assert verify_record(record) == []
    assert record["question"]["kind"] == "approval"
    assert sorted(b["tracker"] for b in record["ballots"]) == sorted(trackers)
    assert sum(b["server_encrypted"] for b in record["ballots"]) == 1
    assert [r["count"] for r in record["result"]] == [1, 4, 3]
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record))
    done = subprocess.run(
        [sys.executable, "-m", "governance.cli", "verify", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    entries = (
        await AuditEntry.select(AuditEntry.action, AuditEntry.data)
        .where(AuditEntry.subject == f"election:{eid}")
        .order_by(AuditEntry.seq)
    )
    [count] = [e for e in entries if e["action"] == "election.counted"]
    assert json.loads(count["data"])["record_digest"] == record_digest(record)
    certified = await api.post(f"/orgs/{ORG}/elections/{eid}/certify", "ada")
    assert certified.status_code == 200, certified.text
    assert (await board.get("/audit/verify", "ada"))["ok"] is True


async def test_stv_cannot_be_verifiable_and_a_body_needs_its_key(api: Api) -> None:
    board, _, _ = await board_with_key(api)
    stv = await _call(api, method="stv")
    assert stv.status_code == 400, stv.text
    assert "STV" in stv.json()["detail"]
    made = await api.post(
        f"/orgs/{ORG}/bodies", "ada",
        json={"slug": "panel", "name": "Panel", "kind": "committee", "seats": 3},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    keyless = await api.post(
        f"/orgs/{ORG}/bodies/panel/elections",
        "ada",
        json={"title": "Panel", "seats": 1, "method": "approval", "nominations_close": _when(1),
              "opens_at": _when(2), "closes_at": _when(3), "verifiable": True},
    )  # fmt: skip
    assert keyless.status_code == 409, keyless.text
    assert keyless.json()["type"].endswith("no-election-key")
    listed = (await api.get(f"/orgs/{ORG}/elections", "ada")).json()["elections"]
    assert listed == []
    assert board.org == ORG
