"""Two organisations run the same election in the same way; they differ only in whether one
member, `x`, who neither stands nor holds a seat, has attested lived experience. Everything
anyone reads of the election, and every audit entry, must be the same in both (after the
random ids, hashes and clock times are named by order of appearance): a count or a refusal
that differed would tell members something about x."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from governance.audit.tables import AuditEntry
from governance.clock import utcnow
from governance.elections.tables import Election
from governance.members.tables import Membership, Organisation
from governance.voting.rules.receipts import new_receipt
from tests.helpers import Api

NAMES = {"sam": True, "lee": True, "nat": False, "nia": True, "v0": False, "v1": False}
STANDS = {"lee": True, "nat": False, "nia": False}  # name: as a lived-experience candidate
# No ties: a tie is broken by a draw seeded by the box's digest, which differs between the
# worlds as their candidate ids do.
RANKINGS = {"v0": ["nat", "lee"], "sam": ["nat", "lee"], "nat": ["nat", "nia"],
            "v1": ["nia", "lee"], "x": ["lee", "nia"]}  # fmt: skip
HEX = re.compile(r"\b[0-9a-f]{64}\b|\b[0-9a-f]{32}\b|\b[0-9a-f]{16}\b")
WHEN = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)?")


def _normal(world: str, seen: Any) -> str:
    text = json.dumps(seen, sort_keys=True).replace(world, "W").replace(world.title(), "W")
    names: dict[str, str] = {}
    text = HEX.sub(lambda m: names.setdefault(m.group(0), f"<{len(names)}>"), text)
    return WHEN.sub("<when>", text)


async def _run(api: Api, world: str, *, x_attests: bool, times: dict[str, Any]) -> str:
    await api.org(world)
    p = f"{world}_"
    await api.add_member(world, p + "ada", by="root", roles=["admin"])
    made = await api.post(
        f"/orgs/{world}/bodies",
        p + "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 5,
              "lived_experience_quota": 0.6},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    for name, lived in NAMES.items():
        await api.add_member(world, p + name, by=p + "ada", lived_experience=lived)
    await api.add_member(world, p + "x", by=p + "ada")
    await Membership.update({Membership.lived_experience: x_attests}).where(
        Membership.id == api.people[p + "x"].member_id
    )
    seat = await api.post(
        f"/orgs/{world}/bodies/board/seats",
        p + "ada",
        json={"member_id": api.people[p + "sam"].member_id, "role": "director",
              "starts_on": "2026-01-01", "ends_on": "2031-01-01"},
    )  # fmt: skip
    assert seat.status_code == 201, seat.text
    called = await api.post(
        f"/orgs/{world}/bodies/board/elections",
        p + "ada",
        json={"title": "Board", "seats": 2, "method": "stv", "electorate": "members",
              "term_starts_on": times["term"], **times["call"]},
    )  # fmt: skip
    assert called.status_code == 201, called.text
    eid = called.json()["id"]
    base = f"/orgs/{world}/elections/{eid}"
    seen: list[Any] = [called.json()]
    ids = {}
    for name, as_le in STANDS.items():
        stood = await api.post(
            f"{base}/candidates",
            p + name,
            json={"member_id": api.people[p + name].member_id, "statement": "Hello",
                  "lived_experience_candidate": as_le},
        )  # fmt: skip
        assert stood.status_code == 201, stood.text
        ids[name] = stood.json()["id"]
    readers = [p + "ada", p + "v0", p + "lee", p + "nia"]

    async def read_all(phase: str) -> None:
        for who in readers:
            for path in ("", "/turnout", "/ballots", "/ballots.blt"):
                reply = await api.get(base + path, who)
                said = reply.text if reply.status_code == 200 else reply.json()["detail"]
                if path.endswith(".blt") and reply.status_code == 200:
                    # Its ballots are sorted by their marks (candidate ids, random per world).
                    said = sorted(said.splitlines())
                seen.append((phase, who, path, reply.status_code, said))
            seen.append((await api.get(f"/orgs/{world}/elections", who)).json())
            seen.append((await api.get(f"/orgs/{world}/bodies/board/elections", who)).json())

    await read_all("nominating")
    opened = utcnow()  # after everyone joined: they are all on the roll
    await Election.update(
        {
            Election.nominations_close: opened - timedelta(milliseconds=2),
            Election.opens_at: opened,
            Election.closes_at: opened + timedelta(hours=1),
        }
    ).where(Election.id == eid)
    await read_all("open")
    for voter, ranking in RANKINGS.items():
        cast = await api.post(
            f"{base}/ballots",
            p + voter,
            json={"ranking": [ids[n] for n in ranking], "receipt": times["receipts"][voter]},
        )
        assert cast.status_code == 201, cast.text
        seen.append(cast.json()["tracker"])
    await read_all("voted")
    await Election.update({Election.closes_at: utcnow() - timedelta(milliseconds=1)}).where(
        Election.id == eid
    )
    await read_all("closed")
    certified = await api.post(f"{base}/certify", p + "ada")
    seen.append((certified.status_code, certified.json()))
    await read_all("certified")
    seen.append((await api.get(f"/orgs/{world}/bodies/board", p + "v0")).json())
    org = await Organisation.select(Organisation.id).where(Organisation.slug == world).first()
    assert org is not None
    entries = (
        await AuditEntry.select(AuditEntry.action, AuditEntry.subject, AuditEntry.data)
        .where(AuditEntry.chain == org["id"])
        .order_by(AuditEntry.seq)
    )
    # The entries of the other world's x attesting are not there (set in the table), so the
    # chains match entry for entry.
    seen.append(entries)
    return _normal(world, seen)


async def test_one_members_attestation_changes_nothing_anyone_reads(api: Api) -> None:
    await api.platform_admin()
    now = utcnow()
    times = {
        "call": {
            "nominations_close": (now + timedelta(hours=1)).isoformat(),
            "opens_at": (now + timedelta(hours=2)).isoformat(),
            "closes_at": (now + timedelta(hours=3)).isoformat(),
        },
        "term": (now + timedelta(days=1)).date().isoformat(),
        "receipts": {voter: new_receipt() for voter in RANKINGS},
    }
    without = await _run(api, "wa", x_attests=False, times=times)
    with_x = await _run(api, "wb", x_attests=True, times=times)
    assert without == with_x
