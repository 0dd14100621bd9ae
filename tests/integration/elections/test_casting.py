"""Casting ballots in an election: secrecy of the box, one ballot per member, the roll."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import pytest

from governance.audit.tables import AuditEntry
from governance.clock import utcnow
from governance.elections.box import ElectionBallot, ElectionTracker
from governance.elections.casting import cast_ballot, turnout
from governance.elections.counting import ensure_counted
from governance.elections.tables import Election, ElectionRoll
from governance.errors import Conflict, Forbidden, InvalidInput
from governance.members.tables import Membership
from tests.integration.elections.conftest import SLUG, Org


async def _people(org: Org, n: int) -> list[str]:
    return [await org.member(f"m{i}") for i in range(n)]


async def test_the_box_keeps_no_cast_order_and_audit_no_marks(org: Org) -> None:
    await _people(org, 30)
    election = await org.election()
    a = await org.candidate(election, "m0", n=1)
    b = await org.candidate(election, "m1", n=2)
    c = await org.candidate(election, "m2", n=3)
    cast_order = []
    for i in range(30):
        ranking = [[a, b, c], [b, c, a], [c, a, b]][i % 3][: 1 + i % 3]
        reply = await cast_ballot(org.runtime, org.actor(f"m{i}"), SLUG, election, ranking=ranking)
        assert reply["voted"] and not reply["already_counted"]
        cast_order.append(" ".join(ranking))
    while_open = {r["id"] for r in await ElectionBallot.select(ElectionBallot.id)}
    await org.close(election)
    await ensure_counted(org.runtime, election)
    ballots = await ElectionBallot.raw("SELECT * FROM election_ballot")
    roll = await ElectionRoll.raw("SELECT * FROM election_roll")
    # No column ties a ballot to the roll or to a time.
    assert set(ballots[0]) == {"id", "election", "marks"}
    assert set(roll[0]) == {"id", "election", "membership", "receipt_check"}
    # The box was rewritten with fresh ids: nothing seen while open survives.
    assert not while_open & {b["id"] for b in ballots}
    # The stored order (by id, the physical order without a rowid) is not the cast order.
    by_id = [b["marks"] for b in sorted(ballots, key=lambda b: b["id"])]
    assert sorted(by_id) == sorted(cast_order)
    assert by_id != cast_order  # 30 ballots in 6 kinds: identity by chance is ~1e-14
    entries = await AuditEntry.select().where(AuditEntry.action == "election.ballot_cast")
    assert len(entries) == 30
    for entry in entries:
        data = json.loads(entry["data"])
        assert set(data) == {"election", "member"}
        assert not {a, b, c} & {str(v) for v in data.values()}


async def test_second_cast_409_and_same_receipt_200_writing_nothing(org: Org) -> None:
    await _people(org, 3)
    election = await org.election()
    a = await org.candidate(election, "m0")
    first = await cast_ballot(org.runtime, org.actor("m1"), SLUG, election, ranking=[a])
    with pytest.raises(Conflict):
        await cast_ballot(org.runtime, org.actor("m1"), SLUG, election, ranking=[a])
    entries = await AuditEntry.count()
    again = await cast_ballot(
        org.runtime, org.actor("m1"), SLUG, election, ranking=[a], receipt=first["receipt"]
    )
    assert again["already_counted"] is True
    assert again["tracker"] == first["tracker"]
    assert await AuditEntry.count() == entries
    assert await ElectionBallot.count() == 1
    assert await ElectionTracker.count() == 1
    # Someone else's receipt is only a second cast's 409 for them.
    await cast_ballot(org.runtime, org.actor("m2"), SLUG, election, ranking=[a])
    with pytest.raises(Conflict):
        await cast_ballot(
            org.runtime, org.actor("m2"), SLUG, election, ranking=[a], receipt=first["receipt"]
        )


async def test_concurrent_double_cast_leaves_one_ballot(org: Org) -> None:
    await _people(org, 2)
    election = await org.election()
    a = await org.candidate(election, "m0")
    results = await asyncio.gather(
        *(cast_ballot(org.runtime, org.actor("m1"), SLUG, election, ranking=[a]) for _ in range(4)),
        return_exceptions=True,
    )
    assert sum(isinstance(r, dict) for r in results) == 1, results
    assert all(isinstance(r, dict | Conflict) for r in results), results
    assert await ElectionRoll.count() == 1
    assert await ElectionBallot.count() == 1
    assert await ElectionTracker.count() == 1


async def test_suspended_or_late_members_and_the_clock_are_refused(org: Org) -> None:
    await _people(org, 3)
    election = await org.election()
    a = await org.candidate(election, "m0")
    await Membership.update({Membership.suspended_at: utcnow()}).where(
        Membership.id == org.id("m1")
    )
    with pytest.raises(Forbidden):
        await cast_ballot(org.runtime, org.actor("m1"), SLUG, election, ranking=[a])
    await Membership.update({Membership.joined_at: utcnow()}).where(Membership.id == org.id("m2"))
    with pytest.raises(Forbidden):
        await cast_ballot(org.runtime, org.actor("m2"), SLUG, election, ranking=[a])
    later = await org.election(opened_hours_ago=-1)
    la = await org.candidate(later, "m0")
    with pytest.raises(Conflict):
        await cast_ballot(org.runtime, org.actor("m0"), SLUG, later, ranking=[la])
    await org.close(election)
    with pytest.raises(Conflict):
        await cast_ballot(org.runtime, org.actor("m0"), SLUG, election, ranking=[a])
    assert await ElectionRoll.count() == 0


async def test_marks_are_checked(org: Org) -> None:
    await _people(org, 3)
    election = await org.election()
    a = await org.candidate(election, "m0")
    b = await org.candidate(election, "m1", n=1)
    await Election.update({Election.seats: 1}).where(Election.id == election)
    from governance.elections.tables import Candidate

    await Candidate.update({Candidate.withdrawn_at: utcnow() - timedelta(days=2)}).where(
        Candidate.id == b
    )
    for ranking, words in (([], "at least one"), ([a, a], "more than once"), ([b], "withdrawn")):
        with pytest.raises(InvalidInput, match=words) as raised:
            await cast_ballot(org.runtime, org.actor("m2"), SLUG, election, ranking=ranking)
        assert raised.value.field == "ranking"
    approval = await org.election(method="approval")
    await org.candidate(approval, "m0")
    blank = await cast_ballot(org.runtime, org.actor("m2"), SLUG, approval, approve=[])
    assert blank["voted"]


async def test_turnout_is_for_secretaries_and_counts_only(org: Org) -> None:
    await _people(org, 3)
    await org.member("sec", roles=["secretary"])
    election = await org.election()
    a = await org.candidate(election, "m0")
    await cast_ballot(org.runtime, org.actor("m1"), SLUG, election, ranking=[a])
    with pytest.raises(Forbidden):
        await turnout(org.runtime, org.actor("m1"), SLUG, election)
    seen = await turnout(org.runtime, org.actor("sec"), SLUG, election)
    assert seen == {"election_id": election, "eligible": 4, "voted": 1}


async def test_the_api_casts_and_refuses(org: Org, api: Any) -> None:
    await _people(org, 2)
    election = await org.election()
    a = await org.candidate(election, "m0")
    from governance.members.accounts import create_api_token

    token = (await create_api_token(org.runtime, org.actor("m1"), name="t"))["token"]
    headers = {"Authorization": f"Bearer {token}"}
    path = f"/api/v1/orgs/{SLUG}/elections/{election}"
    bad = await api.client.post(f"{path}/ballots", json={"ranking": [a, a]}, headers=headers)
    assert bad.status_code == 400, bad.text
    cast = await api.client.post(f"{path}/ballots", json={"ranking": [a]}, headers=headers)
    assert cast.status_code == 201, cast.text
    receipt = cast.json()["receipt"]
    again = await api.client.post(
        f"{path}/ballots", json={"ranking": [a], "receipt": receipt}, headers=headers
    )
    assert again.status_code == 200 and again.json()["already_counted"] is True
    second = await api.client.post(f"{path}/ballots", json={"ranking": [a]}, headers=headers)
    assert second.status_code == 409
    assert (await api.client.get(f"{path}/turnout", headers=headers)).status_code == 403
    await org.close(election)
    listed = await api.client.get(f"{path}/ballots", headers=headers)
    assert listed.status_code == 200 and listed.json()["ballots"] == 1
    blt = await api.client.get(f"{path}/ballots.blt", headers=headers)
    assert blt.status_code == 200 and blt.text.startswith("1 1")
