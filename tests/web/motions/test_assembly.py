"""A members' assembly over HTTP, on every engine: nobody is seated by hand, yet every member
in good standing moves, seconds and votes, and quorum is reckoned against them; a suspended
member is refused with a sentence and not counted, and votes again once reinstated."""

from __future__ import annotations

import asyncio

from tests.helpers import Api
from tests.web.motions.board import Board

ORG = "peers"
OTHERS = [f"m{i}" for i in range(1, 28)]  # with ada, the chair and the secretary: 30


async def _assembly(api: Api) -> Board:
    await api.platform_admin()
    await api.org(ORG)
    await api.add_member(ORG, "ada", by="root", roles=["admin"])
    created = await api.post(
        f"/orgs/{ORG}/bodies",
        "ada",
        json={"slug": "agm", "name": "Members' assembly", "kind": "assembly", "seats": 2},
    )
    assert created.status_code == 201, created.text
    assert created.json()["lived_experience_quota"] == 0
    board = Board(api=api, org=ORG, body="agm", members=["chair", "secretary", *OTHERS])
    for name in ("chair", "secretary"):
        await api.add_member(ORG, name, by="ada")
        seat = await api.post(
            f"/orgs/{ORG}/bodies/agm/seats",
            "ada",
            json={"member_id": board.id(name), "role": name, "starts_on": "2026-01-01"},
        )
        assert seat.status_code == 201, seat.text
    for name in OTHERS:
        await api.add_member(ORG, name, by="ada")
    return board


async def test_an_assembly_needs_no_seating(api: Api) -> None:
    board = await _assembly(api)
    present = ["chair", "secretary", *OTHERS[:18]]  # 20 of the 30 members
    meeting = await board.meeting(present=present, open_it=False)
    shown = await board.get(f"/meetings/{meeting}", "m1")
    # 30 members in good standing: more than half is 16.
    assert shown["quorum"]["required"] == 16
    assert shown["quorum"]["met"] is True
    assert "lived_experience_present" not in shown["quorum"]

    # Suspension: admins only, never themself, not twice; the member and admins see it.
    refused = await api.post(
        f"/orgs/{ORG}/members/{board.id('m6')}/suspend", "m1", json={"reason": "Not an admin."}
    )
    assert refused.status_code == 403
    own = await api.post(
        f"/orgs/{ORG}/members/{api.people['ada'].member_id}/suspend",
        "ada",
        json={"reason": "Testing."},
    )
    assert own.status_code == 403
    suspended = await api.post(
        f"/orgs/{ORG}/members/{board.id('m5')}/suspend", "ada", json={"reason": "Unpaid dues."}
    )
    assert suspended.status_code == 200, suspended.text
    assert suspended.json()["suspended"] is True
    again = await api.post(
        f"/orgs/{ORG}/members/{board.id('m5')}/suspend", "ada", json={"reason": "Again."}
    )
    assert again.status_code == 409
    assert (await board.get("/members/me", "m5"))["suspended"] is True
    assert "suspended" not in await board.get(f"/members/{board.id('m5')}", "m6")
    # 29 in good standing now: more than half is 15.
    assert (await board.get(f"/meetings/{meeting}", "m1"))["quorum"]["required"] == 15
    assert (await api.post(f"/orgs/{ORG}/meetings/{meeting}/open", "chair")).status_code == 200

    # Any member in good standing moves and seconds; the suspended member cannot.
    no_move = await api.post(
        f"/orgs/{ORG}/meetings/{meeting}/motions",
        "m5",
        json={"title": "Dues", "text": "That dues are waived."},
    )
    assert no_move.status_code == 403
    assert "suspended" in no_move.json()["detail"]
    motion = await board.motion(meeting, "m1", title="Accounts", text="That we adopt them.")
    no_second = await board.do(motion, "second", "m5")
    assert no_second.status_code == 403
    assert "suspended" in no_second.json()["detail"]
    assert (await board.do(motion, "second", "m2")).status_code == 200
    assert (await board.do(motion, "open-vote", "chair")).status_code == 200

    no_vote = await board.vote(motion, "m5", "yes")
    assert no_vote.status_code == 403
    assert "suspended" in no_vote.json()["detail"]
    absent = await board.vote(motion, "m20", "yes")
    assert absent.status_code == 403
    voters = [n for n in present if n != "m5"]
    for name in voters:
        cast = await board.vote(motion, name, "no" if name == "m7" else "yes")
        assert cast.status_code == 201, cast.text
    closed = await board.do(motion, "close-vote", "chair")
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "carried"
    assert closed.json()["tally"] == {"yes": 18, "no": 1, "abstain": 0, "eligible": 19, "voted": 19}

    # Reinstated, m5 votes again, in a secret ballot this time.
    reinstated = await api.post(f"/orgs/{ORG}/members/{board.id('m5')}/reinstate", "ada")
    assert reinstated.status_code == 200, reinstated.text
    assert reinstated.json()["suspended"] is False
    twice = await api.post(f"/orgs/{ORG}/members/{board.id('m5')}/reinstate", "ada")
    assert twice.status_code == 409
    secret = await board.motion(
        meeting, "m3", title="Auditor", text="Appoint Pat.", method="secret"
    )
    assert (await board.do(secret, "second", "m5")).status_code == 200
    assert (await board.do(secret, "open-vote", "chair")).status_code == 200
    for name in present:
        cast = await board.vote(secret, name, "abstain" if name == "m8" else "yes")
        assert cast.status_code == 201, cast.text
    counted = (await board.do(secret, "close-vote", "chair")).json()
    assert counted["status"] == "carried"
    assert counted["tally"] == {"yes": 19, "no": 0, "abstain": 1, "eligible": 20, "voted": 20}

    entries, _ = await board.audit_head()
    assert entries > 0


async def test_the_assembly_page_counts_its_electorate(api: Api) -> None:
    board = await _assembly(api)
    assert (await board.get("/bodies/agm", "m1"))["electorate"] == 30
    suspended = await api.post(
        f"/orgs/{ORG}/members/{board.id('m1')}/suspend", "ada", json={"reason": "Dues."}
    )
    assert suspended.status_code == 200
    page = await board.get("/bodies/agm", "m2")
    assert page["electorate"] == 29
    assert [s["role"] for s in page["seated"]] == ["chair", "secretary"]


async def test_a_vote_racing_a_suspension_is_whole_or_refused(api: Api) -> None:
    """Attack: cast while an admin suspends you. Either the vote was in before the
    suspension (counted, audited) or it is refused; never a vote without its entry."""
    board = await _assembly(api)
    present = ["chair", "secretary", *OTHERS[:20]]  # quorum holds with six suspended
    meeting = await board.meeting(present=present)
    motion = await board.motion(meeting, "m1", title="Budget", text="That we adopt it.")
    assert (await board.do(motion, "second", "m2")).status_code == 200
    assert (await board.do(motion, "open-vote", "chair")).status_code == 200
    racers = OTHERS[3:9]

    async def suspend(name: str) -> int:
        done = await api.post(
            f"/orgs/{ORG}/members/{board.id(name)}/suspend", "ada", json={"reason": "Race."}
        )
        return int(done.status_code)

    async def vote(name: str) -> int:
        return int((await board.vote(motion, name, "yes")).status_code)

    results = await asyncio.gather(*(job for name in racers for job in (vote(name), suspend(name))))
    votes, suspensions = results[0::2], results[1::2]
    assert set(suspensions) == {200}
    assert set(votes) <= {201, 403}
    in_time = votes.count(201)
    for name in ("chair", "secretary"):
        assert (await board.vote(motion, name, "yes")).status_code == 201
    entries = (await board.get("/audit?limit=1000", "ada"))["entries"]
    assert sum(1 for e in entries if e["action"] == "vote.cast") == in_time + 2
    assert sum(1 for e in entries if e["action"] == "member.suspended") == len(racers)
    closing = await board.do(motion, "close-vote", "chair")
    assert closing.status_code == 200, closing.text
    closed = closing.json()
    assert closed["tally"]["voted"] == in_time + 2
    # Whoever was refused is no longer eligible; whoever voted in time still counts.
    assert closed["tally"]["eligible"] == len(present) - len(racers) + in_time
    assert (await board.get("/audit/verify", "ada"))["ok"] is True
