"""An election from call to certification over HTTP, on every engine, as an organisation
would run its annual board election: the reply states the reservation, members stand
themselves (a lived-experience candidacy only on their own attestation), vote by secret
ballot, the first read after the close counts, and the admin's certification seats the
elected for the term, all in one transaction."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

from governance.audit.tables import AuditEntry
from governance.clock import utcnow
from governance.elections.tables import Election
from tests.helpers import Api

ORG = "peers"
CONTINUING = {"cara": True, "cole": True, "dan": False, "dee": False}  # name: lived experience
CANDIDATES = {  # name: stands as a lived-experience candidate
    "lee": True,
    "liv": True,
    "lou": True,
    "nat": False,
    "ned": False,
    "nia": False,
    "noa": False,
}
VOTERS = [f"v{i}" for i in range(12)]


def _when(hours: float) -> str:
    return (utcnow() + timedelta(hours=hours)).isoformat()


async def _org(api: Api) -> None:
    await api.platform_admin()
    await api.org(ORG)
    await api.add_member(ORG, "ada", by="root", roles=["admin"])
    made = await api.post(
        f"/orgs/{ORG}/bodies",
        "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 9,
              "lived_experience_quota": 0.51},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    for name, lived in CONTINUING.items():
        person = await api.add_member(ORG, name, by="ada", lived_experience=lived)
        seat = await api.post(
            f"/orgs/{ORG}/bodies/board/seats",
            "ada",
            json={"member_id": person.member_id, "role": "director",
                  "starts_on": "2026-01-01", "ends_on": "2030-01-01"},
        )  # fmt: skip
        assert seat.status_code == 201, seat.text
    for name, lived in CANDIDATES.items():
        await api.add_member(ORG, name, by="ada", lived_experience=lived or name == "nia")
    for name in VOTERS:
        await api.add_member(ORG, name, by="ada")


async def _call(api: Api, **overrides: Any) -> Any:
    body = {
        "title": "Annual board election",
        "seats": 5,
        "method": "stv",
        "electorate": "members",
        "nominations_close": _when(1),
        "opens_at": _when(2),
        "closes_at": _when(3),
        **overrides,
    }
    return await api.post(f"/orgs/{ORG}/bodies/board/elections", "ada", json=body)


async def _move_to(election_id: str, phase: str) -> None:
    """Move the election's timetable so that `phase` is now (the clock is the database's)."""
    now = utcnow()
    moments = {
        "open": (now - timedelta(milliseconds=2), now, now + timedelta(hours=1)),
        "closed": None,
    }[phase]
    if moments is None:  # closed: keep the opening (the roll), end voting a moment ago
        await Election.update({Election.closes_at: now - timedelta(milliseconds=1)}).where(
            Election.id == election_id
        )
        return
    await Election.update(
        {
            Election.nominations_close: moments[0],
            Election.opens_at: moments[1],
            Election.closes_at: moments[2],
        }
    ).where(Election.id == election_id)


async def test_members_elect_their_board_with_the_reserved_seats_filled(api: Api) -> None:
    await _org(api)
    # 9 seats at 51%: 5 must be held by members with lived experience. Of the 4 seats that
    # continue, 2 are, so 3 of the 5 seats being filled are reserved.
    called = await _call(api)
    assert called.status_code == 201, called.text
    election = called.json()
    assert (election["status"], election["reserved"], election["electorate"]) == (
        "nominating", 3, "members",
    )  # fmt: skip
    eid = election["id"]
    assert election["you"]["may_stand"] is True

    # Members stand themselves.
    for name, as_le in CANDIDATES.items():
        stood = await api.post(
            f"/orgs/{ORG}/elections/{eid}/candidates",
            name,
            json={"member_id": api.people[name].member_id, "statement": f"I am {name}.",
                  "lived_experience_candidate": as_le},
        )  # fmt: skip
        assert stood.status_code == 201, stood.text
        assert stood.json()["lived_experience_candidate"] is as_le
    shown = (await api.get(f"/orgs/{ORG}/elections/{eid}", "v0")).json()
    names = {c["display_name"]: c for c in shown["candidates"]}
    assert list(names) == [n.title() for n in CANDIDATES]  # nomination order = ballot order
    assert [n for n, c in names.items() if c["lived_experience_candidate"]] == ["Lee", "Liv", "Lou"]
    ids = {n.lower(): c["id"] for n, c in names.items()}

    # With ballots mostly for the other candidates, plain STV would seat fewer than three of
    # the lived-experience candidates: the reservation guards them.
    await _move_to(eid, "open")
    rankings = [["nat", "ned", "noa", "nia", "lee"]] * 5 + [["ned", "nat", "nia", "noa"]] * 4 + [
        ["lee", "liv", "lou"], ["liv", "lee"], ["lou", "nat"]
    ]  # fmt: skip
    for voter, ranking in zip(VOTERS, rankings, strict=True):
        cast = await api.post(
            f"/orgs/{ORG}/elections/{eid}/ballots",
            voter,
            json={"ranking": [ids[n] for n in ranking]},
        )
        assert cast.status_code == 201, cast.text
    turnout = await api.get(f"/orgs/{ORG}/elections/{eid}/turnout", "ada")
    assert turnout.json()["voted"] == 12

    await _move_to(eid, "closed")
    closed = (await api.get(f"/orgs/{ORG}/elections/{eid}", "v3")).json()
    assert closed["status"] == "closed" and closed["ballots"] == 12
    result = closed["result"]
    elected = {i for i in result["elected"]}
    assert len(elected) == 5
    assert {ids["lee"], ids["liv"], ids["lou"]} <= elected
    assert result["reserved"] == 3 and result["reserved_filled"] == 3
    assert result["reservation_met"] is True
    assert closed["you"]["may_certify"] is False  # a member cannot certify

    refused = await api.post(f"/orgs/{ORG}/elections/{eid}/certify", "v3")
    assert refused.status_code == 403
    certified = await api.post(f"/orgs/{ORG}/elections/{eid}/certify", "ada")
    assert certified.status_code == 200, certified.text
    assert certified.json()["status"] == "certified"
    again = await api.post(f"/orgs/{ORG}/elections/{eid}/certify", "ada")
    assert again.status_code == 409

    board = (await api.get(f"/orgs/{ORG}/bodies/board", "ada")).json()
    assert board["composition"]["filled"] == 9
    assert board["composition"]["compliant"] is True
    seated = await AuditEntry.select().where(AuditEntry.action == "member.seated")
    by_election = [json.loads(e["data"]) for e in seated if "election" in e["data"]]
    assert {d["member_id"] for d in by_election} == {
        c["member_id"] for c in shown["candidates"] if c["id"] in elected
    }
    assert {d["starts_on"] for d in by_election} == {closed["term_starts_on"]}
    certified_entries = await AuditEntry.select().where(AuditEntry.action == "election.certified")
    assert len(certified_entries) == 1


async def test_calling_refuses_what_cannot_be_run(api: Api) -> None:
    await _org(api)
    too_many = await _call(api, seats=6)  # 4 of 9 seats continue
    assert too_many.status_code == 409
    assert "at most 5" in too_many.json()["detail"]
    backwards = await _call(api, opens_at=_when(0.5))
    assert backwards.status_code == 400 and backwards.json()["field"] == "opens_at"
    past = await _call(api, nominations_close=_when(-1))
    assert past.status_code == 400 and past.json()["field"] == "nominations_close"
    method = await _call(api, method="plurality")
    assert method.status_code == 400 and method.json()["field"] == "method"
    zero = await _call(api, seats=0)
    assert zero.status_code == 400 and zero.json()["field"] == "seats"
    term = await _call(api, term_starts_on="2026-01-01")
    assert term.status_code == 400 and term.json()["field"] == "term_starts_on"
    member = await api.post(
        f"/orgs/{ORG}/bodies/board/elections",
        "v0",
        json={"title": "Mine", "seats": 1, "method": "stv", "nominations_close": _when(1),
              "opens_at": _when(2), "closes_at": _when(3)},
    )  # fmt: skip
    assert member.status_code == 403
    # Nothing was called and nothing audited by any of these.
    listed = (await api.get(f"/orgs/{ORG}/bodies/board/elections", "v0")).json()
    assert listed["elections"] == []
    assert await AuditEntry.count().where(AuditEntry.action == "election.created") == 0
    # A board's electorate defaults to its seated members.
    default = await _call(api, electorate=None)
    assert default.status_code == 201 and default.json()["electorate"] == "body"


async def test_standing_is_ones_own_choice(api: Api) -> None:
    await _org(api)
    eid = (await _call(api)).json()["id"]
    path = f"/orgs/{ORG}/elections/{eid}/candidates"
    nat = api.people["nat"].member_id
    # Nobody nominates someone else.
    other = await api.post(path, "ada", json={"member_id": nat})
    assert other.status_code == 403
    # A lived-experience candidacy needs the member's own attestation.
    unattested = await api.post(path, "nat", json={"member_id": nat,
                                                  "lived_experience_candidate": True})  # fmt: skip
    assert unattested.status_code == 400
    assert unattested.json()["field"] == "lived_experience_candidate"
    # An attested member may still stand without saying so: nothing about them is shown.
    nia = await api.post(path, "nia", json={"member_id": api.people["nia"].member_id})
    assert nia.status_code == 201 and nia.json()["lived_experience_candidate"] is False
    stood = await api.post(path, "nat", json={"member_id": nat, "statement": "  Hello.  "})
    assert stood.status_code == 201 and stood.json()["statement"] == "Hello."
    twice = await api.post(path, "nat", json={"member_id": nat})
    assert twice.status_code == 409
    candidate = stood.json()["id"]
    by_other = await api.post(f"{path}/{candidate}/withdraw", "v0")
    assert by_other.status_code == 403
    out = await api.post(f"{path}/{candidate}/withdraw", "nat")
    assert out.status_code == 200
    shown = (await api.get(f"/orgs/{ORG}/elections/{eid}", "v0")).json()
    assert [c["display_name"] for c in shown["candidates"]] == ["Nia"]
    back = await api.post(path, "nat", json={"member_id": nat})
    assert back.status_code == 201 and back.json()["id"] == candidate
    shown = (await api.get(f"/orgs/{ORG}/elections/{eid}", "v0")).json()
    assert [c["display_name"] for c in shown["candidates"]] == ["Nia", "Nat"]
    entries = await AuditEntry.select().where(AuditEntry.action == "candidate.nominated")
    assert len(entries) == 3
    for entry in entries:  # the attestation of nobody who did not choose to say it
        assert json.loads(entry["data"])["lived_experience_candidate"] is False
    # After nominations close, nobody stands or withdraws.
    await _move_to(eid, "open")
    late = await api.post(path, "ned", json={"member_id": api.people["ned"].member_id})
    assert late.status_code == 409
    assert (
        "nominations have closed" in late.json()["detail"]
        or "voting is open" in (late.json()["detail"])
    )
    withdraw_late = await api.post(f"{path}/{candidate}/withdraw", "nat")
    assert withdraw_late.status_code == 409


async def test_too_few_stand_for_the_reservation(api: Api) -> None:
    await _org(api)
    eid = (await _call(api, method="approval")).json()["id"]
    path = f"/orgs/{ORG}/elections/{eid}/candidates"
    for name in ("lee", "nat", "ned", "noa", "v0", "v1"):
        stood = await api.post(
            path,
            name,
            json={"member_id": api.people[name].member_id,
                  "lived_experience_candidate": name == "lee"},
        )  # fmt: skip
        assert stood.status_code == 201, stood.text
    shown = (await api.get(f"/orgs/{ORG}/elections/{eid}", "v0")).json()
    ids = {c["display_name"].lower(): c["id"] for c in shown["candidates"]}
    await _move_to(eid, "open")
    for voter in VOTERS:
        cast = await api.post(
            f"/orgs/{ORG}/elections/{eid}/ballots",
            voter,
            json={"approve": [ids[n] for n in ("nat", "ned", "noa", "v0")]},
        )
        assert cast.status_code == 201, cast.text
    await _move_to(eid, "closed")
    result = (await api.get(f"/orgs/{ORG}/elections/{eid}", "v0")).json()["result"]
    # Lee stood alone for 3 reserved seats: elected with no approvals at all, and the result
    # says the reservation could not be met.
    assert set(result["elected"]) == {ids[n] for n in ("lee", "nat", "ned", "noa", "v0")}
    assert result["reservation_met"] is False and result["reserved_filled"] == 1
    certified = await api.post(f"/orgs/{ORG}/elections/{eid}/certify", "ada")
    assert certified.status_code == 200, certified.text
    board = (await api.get(f"/orgs/{ORG}/bodies/board", "ada")).json()
    assert board["composition"]["filled"] == 9
    # The members' choice stands, and the board's verdict says the quota is not met.
    assert board["composition"]["compliant"] is False


async def test_racing_certifications_seat_the_elected_once(api: Api) -> None:
    await _org(api)
    eid = (await _call(api, seats=2, method="approval")).json()["id"]
    for name in ("nat", "ned"):
        stood = await api.post(
            f"/orgs/{ORG}/elections/{eid}/candidates",
            name,
            json={"member_id": api.people[name].member_id},
        )
        assert stood.status_code == 201, stood.text
    await _move_to(eid, "closed")  # nobody voted: both candidates are elected to 2 seats
    # Two requests at once (the client is shared, so both go through the same app).
    first, second = await asyncio.gather(
        api.post(f"/orgs/{ORG}/elections/{eid}/certify", "ada"),
        api.post(f"/orgs/{ORG}/elections/{eid}/certify", "ada"),
    )
    assert sorted([first.status_code, second.status_code]) == [200, 409]
    board = (await api.get(f"/orgs/{ORG}/bodies/board", "ada")).json()
    assert board["composition"]["filled"] == 6
    assert await AuditEntry.count().where(AuditEntry.action == "election.certified") == 1
    verify = (await api.get(f"/orgs/{ORG}/audit/verify", "ada")).json()
    assert verify["ok"] is True
