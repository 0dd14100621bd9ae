"""Attacks on elections (issue 14): each test is a promise of docs/SECURITY.md "Elections"
that would fail if the promise broke, on every engine unless marked.

The promises: nobody's attestation shows except a candidate's own public choice; the
secret ballot; one ballot per voter; nobody stands someone else; only admins certify, once;
bad input changes nothing; the roll is frozen when voting opens.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from governance.audit.tables import AuditEntry
from governance.clock import utcnow
from governance.elections import casting, counting, nominations
from governance.elections.box import ElectionBallot, ElectionTracker
from governance.elections.tables import Candidate, Election, ElectionRoll
from governance.members.tables import Membership
from tests.helpers import Api

ORG = "peers"
OTHER = "rivals"


def _when(hours: float) -> str:
    return (utcnow() + timedelta(hours=hours)).isoformat()


async def _world(api: Api) -> str:
    """An organisation with a board of 5 (quota 40%, nobody seated), two candidates to be,
    four voters and `x`, a member who neither stands nor sits; returns a called election."""
    await api.platform_admin()
    await api.org(ORG)
    await api.add_member(ORG, "ada", by="root", roles=["admin"])
    made = await api.post(
        f"/orgs/{ORG}/bodies",
        "ada",
        json={"slug": "board", "name": "Board", "kind": "board", "seats": 5,
              "lived_experience_quota": 0.4},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    await api.add_member(ORG, "lee", by="ada", lived_experience=True)
    await api.add_member(ORG, "nat", by="ada")
    for name in ("v0", "v1", "v2", "v3", "x"):
        await api.add_member(ORG, name, by="ada")
    called = await api.post(
        f"/orgs/{ORG}/bodies/board/elections",
        "ada",
        json={"title": "Board election", "seats": 2, "method": "stv", "electorate": "members",
              "nominations_close": _when(1), "opens_at": _when(2), "closes_at": _when(3)},
    )  # fmt: skip
    assert called.status_code == 201, called.text
    return str(called.json()["id"])


async def _stand(api: Api, eid: str) -> dict[str, str]:
    ids = {}
    for name, as_le in (("lee", True), ("nat", False)):
        stood = await api.post(
            f"/orgs/{ORG}/elections/{eid}/candidates",
            name,
            json={"member_id": api.people[name].member_id, "lived_experience_candidate": as_le},
        )
        assert stood.status_code == 201, stood.text
        ids[name] = stood.json()["id"]
    return ids


async def _open(eid: str) -> None:
    now = utcnow()
    await Election.update(
        {
            Election.nominations_close: now - timedelta(milliseconds=2),
            Election.opens_at: now,
            Election.closes_at: now + timedelta(hours=1),
        }
    ).where(Election.id == eid)


async def _close(eid: str) -> None:
    await Election.update({Election.closes_at: utcnow() - timedelta(milliseconds=1)}).where(
        Election.id == eid
    )


async def _cast(api: Api, eid: str, who: str, ranking: list[str]) -> Any:
    return await api.post(f"/orgs/{ORG}/elections/{eid}/ballots", who, json={"ranking": ranking})


async def _audit_head() -> tuple[int, int]:
    return (await AuditEntry.count(), await ElectionBallot.count())


# -- The secret ballot and the close ---------------------------------------------------------


async def test_a_cast_that_loses_the_race_with_the_count_writes_nothing(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cast checked while voting was open, whose write comes after the count, must not put
    a ballot in a box already counted (it would sit outside the result, unshuffled, and the
    published trackers would no longer match the count)."""
    eid = await _world(api)
    ids = await _stand(api, eid)
    await _open(eid)
    assert (await _cast(api, eid, "v0", [ids["lee"]])).status_code == 201

    async def close_and_count() -> None:
        await _close(eid)
        await counting.ensure_counted(api.runtime, eid)

    # The count runs between the cast's check of the phase and its write: here, right
    # after the cast reads the standing candidates.
    real_standing = casting.standing_candidates

    async def standing_then_count(election_id: str) -> list[dict[str, Any]]:
        rows = await real_standing(election_id)
        await close_and_count()
        return rows

    monkeypatch.setattr(casting, "standing_candidates", standing_then_count)
    late = await _cast(api, eid, "v1", [ids["nat"]])
    assert late.status_code == 409, late.text
    election = await Election.select().where(Election.id == eid).first()
    assert election is not None and election["status"] == "counted"
    assert election["ballots"] == 1
    assert await ElectionBallot.count().where(ElectionBallot.election == eid) == 1
    assert await ElectionTracker.count().where(ElectionTracker.election == eid) == 1
    assert await ElectionRoll.count().where(ElectionRoll.election == eid) == 1
    assert await AuditEntry.count().where(AuditEntry.action == "election.ballot_cast") == 1


@pytest.mark.postgres_only
async def test_racing_double_casts_leave_one_ballot(api: Api) -> None:
    eid = await _world(api)
    ids = await _stand(api, eid)
    await _open(eid)
    replies = await asyncio.gather(*(_cast(api, eid, "v0", [ids["lee"]]) for _ in range(6)))
    assert sorted(r.status_code for r in replies) == [201] + [409] * 5
    assert await ElectionBallot.count().where(ElectionBallot.election == eid) == 1
    assert await ElectionTracker.count().where(ElectionTracker.election == eid) == 1
    assert await AuditEntry.count().where(AuditEntry.action == "election.ballot_cast") == 1


# -- Attestations ----------------------------------------------------------------------------


async def _everything_x_could_change(api: Api, eid: str) -> list[Any]:
    """What members and officers read of the election now (views, turnout, box, BLT, the
    election's audit entries), with x's own `you` left out."""
    seen: list[Any] = []
    reads = [(f"/orgs/{ORG}/elections{path}", who) for who in ("ada", "v0", "lee")
             for path in (f"/{eid}", "", f"/{eid}/ballots", f"/{eid}/ballots.blt")]  # fmt: skip
    reads.append((f"/orgs/{ORG}/elections/{eid}/turnout", "ada"))
    for path, who in reads:
        reply = await api.get(path, who)
        # A refusal carries its own request id: compare what it says.
        said = reply.text if reply.status_code == 200 else reply.json()["detail"]
        seen.append((path, who, reply.status_code, said))
    entries = await AuditEntry.select(AuditEntry.action, AuditEntry.data).where(
        AuditEntry.subject == f"election:{eid}"
    )
    seen.append(sorted((e["action"], e["data"]) for e in entries))
    return seen


async def _flip_x(api: Api) -> None:
    member = api.people["x"].member_id
    row = await Membership.select(Membership.lived_experience).where(Membership.id == member)
    await Membership.update({Membership.lived_experience: not row[0]["lived_experience"]}).where(
        Membership.id == member
    )


async def test_a_non_candidates_attestation_changes_nothing_anyone_reads(api: Api) -> None:
    """Two worlds that differ only in x's attestation (x neither stands nor sits) read the
    same in every phase, counts included."""
    eid = await _world(api)
    ids = await _stand(api, eid)
    await _open(eid)
    for voter in ("v0", "v1", "x"):
        assert (await _cast(api, eid, voter, [ids["nat"], ids["lee"]])).status_code == 201
    for phase in ("open", "closed"):
        if phase == "closed":
            await _close(eid)
        before = await _everything_x_could_change(api, eid)
        await _flip_x(api)
        after = await _everything_x_could_change(api, eid)
        await _flip_x(api)
        assert before == after, phase


async def test_the_you_part_is_the_callers_own(api: Api) -> None:
    eid = await _world(api)
    ids = await _stand(api, eid)
    await _open(eid)
    assert (await _cast(api, eid, "v0", [ids["lee"]])).status_code == 201
    # v1 reads the election: nothing in it says v0 voted, nor anything of lee but the choice.
    view = (await api.get(f"/orgs/{ORG}/elections/{eid}", "v1")).json()
    assert view["you"]["member_id"] == api.people["v1"].member_id
    assert view["you"]["voted"] is False and view["you"]["candidate_id"] is None
    assert "voted" not in str(view["candidates"]) and 'lived_experience"' not in str(view)
    # A query string naming someone else changes nothing.
    other = await api.get(
        f"/orgs/{ORG}/elections/{eid}?member_id={api.people['v0'].member_id}", "v1"
    )
    assert other.json()["you"] == view["you"]


# -- Who may do what -------------------------------------------------------------------------


async def _rival(api: Api) -> str:
    """Another organisation with its own board and an election on it; returns its id."""
    await api.org(OTHER)
    await api.add_member(OTHER, "rob", by="root", roles=["admin"])
    made = await api.post(
        f"/orgs/{OTHER}/bodies",
        "rob",
        json={"slug": "council", "name": "Council", "kind": "board", "seats": 3,
              "lived_experience_quota": 0.0},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    called = await api.post(
        f"/orgs/{OTHER}/bodies/council/elections",
        "rob",
        json={"title": "Council", "seats": 1, "method": "approval", "electorate": "members",
              "nominations_close": _when(1), "opens_at": _when(2), "closes_at": _when(3)},
    )  # fmt: skip
    assert called.status_code == 201, called.text
    stood = await api.post(
        f"/orgs/{OTHER}/elections/{called.json()['id']}/candidates",
        "rob",
        json={"member_id": api.people["rob"].member_id},
    )
    assert stood.status_code == 201, stood.text
    return str(called.json()["id"])


async def test_another_organisations_election_is_not_there(api: Api) -> None:
    eid = await _world(api)
    ids = await _stand(api, eid)
    rival = await _rival(api)
    rival_candidate = (await api.get(f"/orgs/{OTHER}/elections/{rival}", "rob")).json()[
        "candidates"
    ][0]["id"]
    await _open(eid)
    await _open(rival)
    before = await AuditEntry.count()
    for path in ("", "/turnout", "/ballots", "/ballots.blt", "/report.pdf"):
        # Through our organisation's address, or theirs: 404 / 403, never their data.
        ours = await api.get(f"/orgs/{ORG}/elections/{rival}{path}", "ada")
        assert ours.status_code == 404, (path, ours.text)
        theirs = await api.get(f"/orgs/{OTHER}/elections/{rival}{path}", "ada")
        assert theirs.status_code in (403, 404), (path, theirs.text)
    cast = await api.post(
        f"/orgs/{ORG}/elections/{rival}/ballots", "v0", json={"approve": [rival_candidate]}
    )
    assert cast.status_code == 404
    # Their candidate on our ballot.
    mixed = await _cast(api, eid, "v0", [rival_candidate, ids["lee"]])
    assert mixed.status_code == 400 and mixed.json()["field"] == "ranking"
    # An election on their body, called through our organisation.
    on_theirs = await api.post(
        f"/orgs/{ORG}/bodies/council/elections",
        "ada",
        json={"title": "Take over", "seats": 1, "method": "stv",
              "nominations_close": _when(1), "opens_at": _when(2), "closes_at": _when(3)},
    )  # fmt: skip
    assert on_theirs.status_code == 404
    certify = await api.post(f"/orgs/{ORG}/elections/{rival}/certify", "ada")
    assert certify.status_code == 404
    withdraw = await api.post(
        f"/orgs/{ORG}/elections/{rival}/candidates/{rival_candidate}/withdraw", "ada"
    )
    assert withdraw.status_code == 404
    withdraw_ours = await api.post(
        f"/orgs/{ORG}/elections/{eid}/candidates/{rival_candidate}/withdraw", "ada"
    )
    assert withdraw_ours.status_code in (404, 409)
    assert await AuditEntry.count() == before
    assert await ElectionBallot.count() == 0


async def test_turnout_is_for_officers_only(api: Api) -> None:
    eid = await _world(api)
    await _stand(api, eid)
    await _open(eid)
    for who in ("v0", "lee", None):
        refused = await api.get(f"/orgs/{ORG}/elections/{eid}/turnout", who)
        assert refused.status_code in (401, 403), (who, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
    assert (await api.get(f"/orgs/{ORG}/elections/{eid}", "v0")).json()["you"][
        "sees_turnout"
    ] is False


async def test_the_roll_is_frozen_when_voting_opens(api: Api) -> None:
    eid = await _world(api)
    ids = await _stand(api, eid)
    await _open(eid)
    await asyncio.sleep(0.01)
    await api.add_member(ORG, "late", by="ada")
    view = (await api.get(f"/orgs/{ORG}/elections/{eid}", "late")).json()
    assert view["you"]["on_roll"] is False
    refused = await _cast(api, eid, "late", [ids["lee"]])
    assert refused.status_code == 403, refused.text
    assert await ElectionRoll.count().where(ElectionRoll.election == eid) == 0
    turnout = (await api.get(f"/orgs/{ORG}/elections/{eid}/turnout", "ada")).json()
    assert turnout["eligible"] == 8  # ada, lee, nat, v0-v3, x: not `late`


async def test_a_suspended_member_neither_stands_nor_votes(api: Api) -> None:
    eid = await _world(api)
    suspended = await api.post(
        f"/orgs/{ORG}/members/{api.people['v0'].member_id}/suspend",
        "ada",
        json={"reason": "Conduct review"},
    )
    assert suspended.status_code == 200, suspended.text
    stand = await api.post(
        f"/orgs/{ORG}/elections/{eid}/candidates",
        "v0",
        json={"member_id": api.people["v0"].member_id},
    )
    assert stand.status_code == 403, stand.text
    ids = await _stand(api, eid)
    await _open(eid)
    cast = await _cast(api, eid, "v0", [ids["lee"]])
    assert cast.status_code == 403, cast.text
    assert await ElectionRoll.count().where(ElectionRoll.election == eid) == 0


async def test_certifying_is_for_an_admin_once_after_the_count(api: Api) -> None:
    eid = await _world(api)
    ids = await _stand(api, eid)
    await _open(eid)
    for voter in ("v0", "v1", "v2"):
        assert (await _cast(api, eid, voter, [ids["lee"], ids["nat"]])).status_code == 201
    early = await api.post(f"/orgs/{ORG}/elections/{eid}/certify", "ada")
    assert early.status_code == 409, early.text
    await _close(eid)
    for who in ("v0", "lee", None):
        refused = await api.post(f"/orgs/{ORG}/elections/{eid}/certify", who)
        assert refused.status_code in (401, 403), who
    replies = await asyncio.gather(
        *(api.post(f"/orgs/{ORG}/elections/{eid}/certify", "ada") for _ in range(4))
    )
    assert sorted(r.status_code for r in replies) == [200, 409, 409, 409]
    assert await AuditEntry.count().where(AuditEntry.action == "election.certified") == 1
    assert await AuditEntry.count().where(AuditEntry.action == "election.counted") == 1
    seated = await AuditEntry.count().where(AuditEntry.action == "member.seated")
    assert seated == 2


# -- Bad input -------------------------------------------------------------------------------

# Not here: `"seats": "2"`, which Litestar's lax decoding turns into 2 on every route (a
# number in quotes, not a wrong one).
BAD_CALLS = [
    {"title": 5, "seats": 2, "method": "stv"},
    {"title": "T", "seats": True, "method": "stv"},
    {"title": "T", "seats": 2, "method": "stv", "opens_at": "tomorrow"},
    {"title": "T", "seats": 2, "method": ["stv"]},
    {"title": "T", "seats": 2, "method": "stv", "term_ends_on": "2020-13-40"},
]
BAD_STANDS = [
    {},
    {"member_id": 7},
    {"member_id": "MINE", "statement": ["x"]},
    {"member_id": "MINE", "lived_experience_candidate": "yes"},
    {"member_id": "MINE", "statement": "x" * 4001},
]
BAD_CASTS = [
    {},
    {"ranking": "LEE"},
    {"ranking": [1, 2]},
    {"ranking": ["LEE", "LEE"]},
    {"ranking": []},
    {"ranking": ["LEE"], "approve": ["LEE"]},
    {"ranking": ["nobody"]},
    {"ranking": ["LEE"], "receipt": 12},
    {"ranking": ["LEE"], "receipt": "not a receipt"},
    {"ranking": [None]},
    {"ranking": [["LEE"]]},
]


def _fill(body: dict[str, Any], **names: str) -> dict[str, Any]:
    def one(value: Any) -> Any:
        if isinstance(value, str):
            return names.get(value, value)
        if isinstance(value, list):
            return [one(v) for v in value]
        return value

    return {k: one(v) for k, v in body.items()}


async def _refused_and_nothing_written(response: Any, before: tuple[int, int]) -> None:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 400
    assert await _audit_head() == before


async def test_bad_input_on_every_election_route_changes_nothing(api: Api) -> None:
    eid = await _world(api)
    timetable = {"nominations_close": _when(1), "opens_at": _when(2), "closes_at": _when(3)}
    for body in BAD_CALLS:
        before = await _audit_head()
        reply = await api.post(
            f"/orgs/{ORG}/bodies/board/elections", "ada", json={**timetable, **body}
        )
        await _refused_and_nothing_written(reply, before)
    mine = api.people["v0"].member_id
    for body in BAD_STANDS:
        before = await _audit_head()
        reply = await api.post(
            f"/orgs/{ORG}/elections/{eid}/candidates", "v0", json=_fill(body, MINE=mine)
        )
        await _refused_and_nothing_written(reply, before)
    ids = await _stand(api, eid)
    await _open(eid)
    for body in BAD_CASTS:
        before = await _audit_head()
        reply = await _cast_raw(api, eid, _fill(body, LEE=ids["lee"]))
        await _refused_and_nothing_written(reply, before)
    for raw in (b"[]", b'"ranking"', b"{", b"null", b"\xff"):
        before = await _audit_head()
        for path in (
            f"/orgs/{ORG}/elections/{eid}/ballots",
            f"/orgs/{ORG}/elections/{eid}/candidates",
            f"/orgs/{ORG}/bodies/board/elections",
        ):
            reply = await api.post(
                path, "ada", content=raw, headers={"content-type": "application/json"}
            )
            await _refused_and_nothing_written(reply, before)
    assert await ElectionRoll.count() == 0


async def _cast_raw(api: Api, eid: str, body: dict[str, Any]) -> Any:
    return await api.post(f"/orgs/{ORG}/elections/{eid}/ballots", "v0", json=body)


async def test_a_refused_request_does_not_count_the_box(api: Api) -> None:
    """The count runs on the first read by someone who may read the election; a request
    refused (no sign-in, another organisation, bad input) writes nothing, the count included."""
    eid = await _world(api)
    ids = await _stand(api, eid)
    await _rival(api)
    await _open(eid)
    assert (await _cast(api, eid, "v0", [ids["lee"]])).status_code == 201
    await _close(eid)
    before = await AuditEntry.count()
    refused = [
        await api.post(f"/orgs/{ORG}/elections/{eid}/ballots", None, json={"ranking": []}),
        await api.get(f"/orgs/{ORG}/elections/{eid}/turnout", None),
        await api.post(f"/orgs/{OTHER}/elections/{eid}/ballots", "rob", json={"ranking": []}),
        await api.get(f"/orgs/{OTHER}/elections/{eid}/turnout", "rob"),
        await api.get(f"/orgs/{OTHER}/elections/{eid}", "rob"),
        await api.get(f"/orgs/{OTHER}/elections/{eid}/ballots", "rob"),
        await api.get(f"/orgs/{OTHER}/elections/{eid}/report.pdf", "rob"),
        await api.get(f"/orgs/{ORG}/elections/{eid}/turnout", "v1"),
        await api.post(f"/orgs/{ORG}/elections/{eid}/ballots", "v1", json={"receipt": 5}),
    ]
    assert [r.status_code for r in refused] == [401, 401, 404, 404, 404, 404, 404, 403, 400]
    assert await AuditEntry.count() == before
    election = await Election.select(Election.status).where(Election.id == eid).first()
    assert election == {"status": "scheduled"}
    # The first read by a member counts it.
    read = await api.get(f"/orgs/{ORG}/elections/{eid}", "v1")
    assert read.json()["ballots"] == 1


async def test_nobody_is_seated_onto_a_bodys_roll_after_voting_opens(api: Api) -> None:
    """A body's election: its roll is who was seated when voting opened. Seating someone
    afterwards, even with a start date before the opening, does not give them a ballot."""
    await _world(api)
    seat = {"role": "director", "starts_on": "2026-01-01", "ends_on": "2031-01-01"}
    for name in ("v0", "v2"):
        seated = await api.post(
            f"/orgs/{ORG}/bodies/board/seats",
            "ada",
            json={"member_id": api.people[name].member_id, **seat},
        )
        assert seated.status_code == 201, seated.text
    called = await api.post(
        f"/orgs/{ORG}/bodies/board/elections",
        "ada",
        json={"title": "By-election", "seats": 1, "method": "stv", "electorate": "body",
              "nominations_close": _when(1), "opens_at": _when(2), "closes_at": _when(3)},
    )  # fmt: skip
    assert called.status_code == 201, called.text
    eid = called.json()["id"]
    ids = await _stand(api, eid)
    await _open(eid)
    await asyncio.sleep(0.01)
    late = await api.post(
        f"/orgs/{ORG}/bodies/board/seats", "ada", json={"member_id": api.people["v1"].member_id,
                                                         **seat}
    )  # fmt: skip
    assert late.status_code == 201, late.text
    assert (await api.get(f"/orgs/{ORG}/elections/{eid}", "v1")).json()["you"]["on_roll"] is False
    refused = await _cast(api, eid, "v1", [ids["lee"]])
    assert refused.status_code == 403, refused.text
    assert (await _cast(api, eid, "v0", [ids["lee"]])).status_code == 201
    turnout = (await api.get(f"/orgs/{ORG}/elections/{eid}/turnout", "ada")).json()
    assert (turnout["eligible"], turnout["voted"]) == (2, 1)


async def test_standing_when_nominations_close_meanwhile_writes_nothing(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nominations close between the stand's first check and its write: refused, nothing
    written (the phase is checked again with the election locked)."""
    eid = await _world(api)
    real = nominations.is_in_good_standing

    async def standing_then_closed(member_id: str, **kwargs: Any) -> bool:
        await Election.update(
            {Election.nominations_close: utcnow() - timedelta(milliseconds=1)}
        ).where(Election.id == eid)
        return await real(member_id, **kwargs)

    monkeypatch.setattr(nominations, "is_in_good_standing", standing_then_closed)
    before = await AuditEntry.count()
    late = await api.post(
        f"/orgs/{ORG}/elections/{eid}/candidates",
        "nat",
        json={"member_id": api.people["nat"].member_id},
    )
    assert late.status_code == 409, late.text
    assert await Candidate.count().where(Candidate.election == eid) == 0
    assert await AuditEntry.count() == before


async def test_a_receipt_sent_by_someone_else_confirms_nothing(api: Api) -> None:
    """v1 sends v0's receipt: an ordinary ballot of v1's own, never "already counted" (which
    would tell v1 that v0 voted); v0 sending it again is recognised."""
    eid = await _world(api)
    ids = await _stand(api, eid)
    await _open(eid)
    first = await api.post(
        f"/orgs/{ORG}/elections/{eid}/ballots", "v0", json={"ranking": [ids["lee"]]}
    )
    receipt = first.json()["receipt"]
    copied = await api.post(
        f"/orgs/{ORG}/elections/{eid}/ballots",
        "v1",
        json={"ranking": [ids["nat"]], "receipt": receipt},
    )
    assert copied.status_code == 201 and copied.json()["already_counted"] is False
    again = await api.post(
        f"/orgs/{ORG}/elections/{eid}/ballots",
        "v0",
        json={"ranking": [ids["nat"]], "receipt": receipt},
    )
    assert again.status_code == 200 and again.json()["already_counted"] is True
    other = await api.post(
        f"/orgs/{ORG}/elections/{eid}/ballots", "v0", json={"ranking": [ids["nat"]]}
    )
    assert other.status_code == 409
    assert await ElectionBallot.count().where(ElectionBallot.election == eid) == 2


@pytest.mark.postgres_only
async def test_racing_first_reads_after_the_close_count_once(api: Api) -> None:
    eid = await _world(api)
    ids = await _stand(api, eid)
    await _open(eid)
    for voter in ("v0", "v1", "v2"):
        assert (await _cast(api, eid, voter, [ids["nat"], ids["lee"]])).status_code == 201
    await _close(eid)
    paths = ["", "/ballots", "/ballots.blt", "/turnout", "", "/ballots"]
    replies = await asyncio.gather(
        *(api.get(f"/orgs/{ORG}/elections/{eid}{p}", "ada") for p in paths)
    )
    assert [r.status_code for r in replies] == [200] * len(paths)
    assert await AuditEntry.count().where(AuditEntry.action == "election.counted") == 1
    assert await ElectionBallot.count().where(ElectionBallot.election == eid) == 3
    assert {r.json()["ballots"] for r in replies if r.headers["content-type"].startswith(
        "application/json") and "ballots" in r.json()} == {3}  # fmt: skip


@pytest.mark.postgres_only
async def test_casts_racing_the_close_are_counted_or_refused_never_left_over(api: Api) -> None:
    eid = await _world(api)
    ids = await _stand(api, eid)
    await _open(eid)

    async def close_and_read() -> Any:
        await _close(eid)
        return await api.get(f"/orgs/{ORG}/elections/{eid}", "ada")

    voters = ["v0", "v1", "v2", "v3", "x", "lee", "nat"]
    replies = await asyncio.gather(
        *(_cast(api, eid, v, [ids["lee"]]) for v in voters[:4]),
        close_and_read(),
        *(_cast(api, eid, v, [ids["nat"]]) for v in voters[4:]),
    )
    casts = [r.status_code for i, r in enumerate(replies) if i != 4]
    assert set(casts) <= {201, 409}, casts
    counted = (await api.get(f"/orgs/{ORG}/elections/{eid}", "ada")).json()
    in_box = await ElectionBallot.count().where(ElectionBallot.election == eid)
    assert counted["ballots"] == in_box == casts.count(201)
    assert await ElectionTracker.count().where(ElectionTracker.election == eid) == in_box
    assert await ElectionRoll.count().where(ElectionRoll.election == eid) == in_box


async def test_a_refused_certification_seats_nobody(api: Api) -> None:
    """One elected member is seated meanwhile: the certification is refused whole, lee (seated
    first, as a lived-experience candidate) included, and nothing is written."""
    eid = await _world(api)
    ids = await _stand(api, eid)
    await _open(eid)
    for voter in ("v0", "v1", "v2"):
        assert (await _cast(api, eid, voter, [ids["lee"], ids["nat"]])).status_code == 201
    await _close(eid)
    counted = (await api.get(f"/orgs/{ORG}/elections/{eid}", "ada")).json()
    assert set(counted["result"]["elected"]) == {ids["lee"], ids["nat"]}
    seated = await api.post(
        f"/orgs/{ORG}/bodies/board/seats",
        "ada",
        json={"member_id": api.people["nat"].member_id, "role": "director",
              "starts_on": "2026-01-01", "ends_on": "2031-01-01"},
    )  # fmt: skip
    assert seated.status_code == 201, seated.text
    before = await AuditEntry.count()
    refused = await api.post(f"/orgs/{ORG}/elections/{eid}/certify", "ada")
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert await AuditEntry.count() == before
    board = (await api.get(f"/orgs/{ORG}/bodies/board", "ada")).json()
    assert board["composition"]["filled"] == 1
    after = (await api.get(f"/orgs/{ORG}/elections/{eid}", "ada")).json()
    assert after["status"] == "closed" and after["certified_at"] is None


@pytest.mark.parametrize(
    "election_id", ["nope", "%27%20OR%201%3D1%20--", "a" * 300, "%C3%A9", "..%2F..%2Fetc"]
)
async def test_an_odd_election_id_is_not_found(api: Api, election_id: str) -> None:
    await _world(api)
    before = await AuditEntry.count()
    base = f"/orgs/{ORG}/elections/{election_id}"
    for method, path, body in (
        ("get", "", None), ("get", "/turnout", None), ("get", "/ballots", None),
        ("get", "/ballots.blt", None), ("get", "/report.pdf", None),
        ("post", "/ballots", {"ranking": ["x"]}), ("post", "/certify", None),
        ("post", "/candidates", {"member_id": api.people["v0"].member_id}),
        ("post", "/candidates/x/withdraw", None),
    ):  # fmt: skip
        who = "ada" if path != "/candidates" else "v0"
        reply = await api.request(method.upper(), base + path, who, json=body)
        assert reply.status_code == 404, (path, reply.status_code, reply.text)
        assert reply.headers["content-type"].startswith("application/problem+json")
    assert await AuditEntry.count() == before


async def test_another_bodys_secretary_runs_nothing_here(api: Api) -> None:
    eid = await _world(api)
    made = await api.post(
        f"/orgs/{ORG}/bodies",
        "ada",
        json={"slug": "committee", "name": "Committee", "kind": "committee", "seats": 3,
              "lived_experience_quota": 0.0},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    seated = await api.post(
        f"/orgs/{ORG}/bodies/committee/seats",
        "ada",
        json={"member_id": api.people["v3"].member_id, "role": "secretary",
              "starts_on": "2026-01-01", "ends_on": "2031-01-01"},
    )  # fmt: skip
    assert seated.status_code == 201, seated.text
    await _stand(api, eid)
    await _open(eid)
    before = await AuditEntry.count()
    turnout = await api.get(f"/orgs/{ORG}/elections/{eid}/turnout", "v3")
    assert turnout.status_code == 403, turnout.text
    called = await api.post(
        f"/orgs/{ORG}/bodies/board/elections",
        "v3",
        json={"title": "Mine", "seats": 1, "method": "stv",
              "nominations_close": _when(1), "opens_at": _when(2), "closes_at": _when(3)},
    )  # fmt: skip
    assert called.status_code == 403, called.text
    view = (await api.get(f"/orgs/{ORG}/elections/{eid}", "v3")).json()
    assert view["you"]["sees_turnout"] is False
    assert await AuditEntry.count() == before


@pytest.mark.postgres_only
async def test_racing_stands_make_one_candidacy(api: Api) -> None:
    eid = await _world(api)
    body = {"member_id": api.people["nat"].member_id}
    replies = await asyncio.gather(
        *(api.post(f"/orgs/{ORG}/elections/{eid}/candidates", "nat", json=body) for _ in range(5))
    )
    assert sorted(r.status_code for r in replies) == [201] + [409] * 4
    assert await Candidate.count().where(Candidate.election == eid) == 1
    assert await AuditEntry.count().where(AuditEntry.action == "candidate.nominated") == 1


async def test_reinstating_after_the_opening_adds_no_voter(api: Api) -> None:
    eid = await _world(api)
    member = api.people["v0"].member_id
    suspended = await api.post(
        f"/orgs/{ORG}/members/{member}/suspend", "ada", json={"reason": "Conduct review"}
    )
    assert suspended.status_code == 200, suspended.text
    ids = await _stand(api, eid)
    await _open(eid)
    await asyncio.sleep(0.01)
    before = (await api.get(f"/orgs/{ORG}/elections/{eid}/turnout", "ada")).json()["eligible"]
    reinstated = await api.post(f"/orgs/{ORG}/members/{member}/reinstate", "ada")
    assert reinstated.status_code == 200, reinstated.text
    cast = await _cast(api, eid, "v0", [ids["lee"]])
    assert cast.status_code == 403, cast.text
    after = (await api.get(f"/orgs/{ORG}/elections/{eid}/turnout", "ada")).json()["eligible"]
    assert after == before  # nor counted as eligible
