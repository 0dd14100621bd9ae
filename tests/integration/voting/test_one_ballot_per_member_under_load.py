"""One vote per member, enforced by the database: 100 members each casting twice, all 200
requests at once, leave exactly 100 ballots, 100 trackers and 100 names on the roll."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, date, datetime

from governance.members import bodies, organisations
from governance.members.access import Actor
from governance.members.accounts import create_api_token
from governance.members.tables import Membership
from governance.motions import meetings
from governance.voting.box import Ballot, BallotTracker
from governance.voting.tables import BallotRoll
from tests.helpers import PASSWORD, Api

VOTERS = 100


async def _seat_assembly(api: Api) -> tuple[list[str], str]:
    """An assembly of VOTERS seated members (the first chairs), built through the services
    (cheaper than HTTP sign-ins); returns their API tokens and the meeting id."""
    runtime = api.runtime
    root = await api.platform_admin()
    admin = Actor(
        account_id=str(root.account_id),
        email=root.email,
        display_name="Root",
        is_platform_admin=True,
    )
    await api.org("crowd")
    await bodies.create_body(
        runtime, admin, "crowd", body_slug="all", name="Assembly", kind="assembly", seats=VOTERS
    )
    tokens, actors = [], []
    for i in range(VOTERS):
        member = await organisations.add_member(
            runtime,
            admin,
            "crowd",
            email=f"voter{i}@crowd.example",
            display_name=f"Voter {i}",
            password=PASSWORD,
            roles=["secretary"] if i == 0 else [],
        )
        await bodies.seat_member(
            runtime,
            admin,
            "crowd",
            "all",
            member_id=member["id"],
            role="chair" if i == 0 else "director",
            starts_on=date(2026, 1, 1),
        )
        account = (
            await Membership.select(Membership.account).where(Membership.id == member["id"]).first()
        )
        assert account is not None
        actor = Actor(
            account_id=account["account"],
            email=f"voter{i}@crowd.example",
            display_name=f"Voter {i}",
            is_platform_admin=False,
        )
        actors.append((actor, member["id"]))
        tokens.append((await create_api_token(runtime, actor, name="load"))["token"])
    chair = actors[0][0]
    meeting = await meetings.create_meeting(
        runtime,
        chair,
        "crowd",
        "all",
        title="AGM",
        scheduled_for=datetime(2026, 12, 1, tzinfo=UTC),
    )
    for _, member_id in actors:
        await meetings.set_attendance(
            runtime, chair, "crowd", meeting["id"], member_id=member_id, status="present"
        )
    await meetings.open_meeting(runtime, chair, "crowd", meeting["id"])
    return tokens, meeting["id"]


async def test_two_hundred_concurrent_casts_leave_one_ballot_each(api: Api) -> None:
    tokens, meeting_id = await _seat_assembly(api)
    chair = {"Authorization": f"Bearer {tokens[0]}"}
    second = {"Authorization": f"Bearer {tokens[1]}"}
    client = api.client
    moved = await client.post(
        f"/api/v1/orgs/crowd/meetings/{meeting_id}/motions",
        headers=chair,
        json={"title": "Elect", "text": "Elect the committee.", "method": "secret"},
    )
    assert moved.status_code == 201, moved.text
    motion = moved.json()["id"]
    assert (
        await client.post(f"/api/v1/orgs/crowd/motions/{motion}/second", headers=second)
    ).status_code == 200
    assert (
        await client.post(f"/api/v1/orgs/crowd/motions/{motion}/open-vote", headers=chair)
    ).status_code == 200

    async def cast(token: str, choice: str) -> int:
        response = await client.post(
            f"/api/v1/orgs/crowd/motions/{motion}/votes",
            headers={"Authorization": f"Bearer {token}"},
            json={"choice": choice},
        )
        if response.status_code == 409:
            assert response.json()["detail"] == "You have already voted on this motion."
        return response.status_code

    attempts = [cast(t, c) for t in tokens for c in ("yes", "no")]
    statuses = await asyncio.gather(*attempts)
    assert Counter(statuses) == {201: VOTERS, 409: VOTERS}
    assert await BallotRoll.count().where(BallotRoll.motion == motion) == VOTERS
    assert await Ballot.count().where(Ballot.motion == motion) == VOTERS
    assert await BallotTracker.count().where(BallotTracker.motion == motion) == VOTERS

    closed = await client.post(f"/api/v1/orgs/crowd/motions/{motion}/close-vote", headers=chair)
    assert closed.status_code == 200, closed.text
    tally = closed.json()["tally"]
    assert tally["voted"] == VOTERS and tally["yes"] + tally["no"] == VOTERS
