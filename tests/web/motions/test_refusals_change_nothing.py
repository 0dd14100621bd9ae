"""Every refusal answers with the right status and a sentence, and changes nothing: the audit
head stays where it was and the meeting or motion reads the same as before."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Any

from governance.motions.expiry import close_expired_consents
from governance.motions.tables import Motion
from tests.helpers import Api
from tests.web.motions.board import Board, seat_board


async def refused(board: Board, attempt: Awaitable[Any], status: int, *watch: str) -> str:
    """Make the attempt; check its status and that neither the audit nor `watch` changed."""
    head = await board.audit_head()
    before = [await board.get(path) for path in watch]
    response = await attempt
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await board.audit_head() == head
    assert [await board.get(path) for path in watch] == before
    return str(response.json()["detail"])


async def test_meeting_refusals(api: Api) -> None:
    board = await seat_board(api, directors=2)
    await api.org("other")
    await api.add_member("other", "olga", by="root")
    path = "/orgs/acme/bodies/board/meetings"
    new = {"title": "Extra", "scheduled_for": "2026-12-02T18:00:00Z"}
    assert "chair or secretary" in await refused(board, api.post(path, "d1", json=new), 403)
    await refused(board, api.post(path, "olga", json=new), 404)
    await refused(board, api.post(path, None, json=new), 401)
    await refused(board, api.post(path, "ada", json={**new, "title": " "}), 400)

    meeting = await board.meeting(open_it=False)
    at = f"/meetings/{meeting}"
    mark = f"/orgs/acme/meetings/{meeting}/attendance"
    present = {"member_id": board.id("d1"), "status": "present"}
    await refused(board, api.post(mark, "d1", json=present), 403, at)
    await refused(board, api.post(mark, "olga", json=present), 404)
    await refused(board, api.get(f"/orgs/acme{at}", "olga"), 404)
    await refused(board, api.get(f"/orgs/acme{at}"), 401)
    await refused(board, api.post(mark, "secretary", json={**present, "status": "late"}), 400, at)
    outsider = {"member_id": api.people["olga"].member_id, "status": "present"}
    await refused(board, api.post(mark, "secretary", json=outsider), 400, at)

    await refused(board, api.post(f"/orgs/acme{at}/open", "d1"), 403, at)
    await refused(board, api.post(f"/orgs/acme{at}/adjourn", "chair"), 409, at)
    assert (await api.post(f"/orgs/acme{at}/open", "chair")).status_code == 200
    await refused(board, api.post(f"/orgs/acme{at}/open", "chair"), 409, at)

    motion = await board.motion(meeting)
    await board.seconded_and_open(motion)
    detail = await refused(board, api.post(f"/orgs/acme{at}/adjourn", "secretary"), 409, at)
    assert "Close it before adjourning" in detail
    assert (await board.do(motion, "close-vote", "chair")).status_code == 200
    assert (await api.post(f"/orgs/acme{at}/adjourn", "secretary")).status_code == 200
    await refused(board, api.post(mark, "secretary", json=present), 409, at)
    await refused(board, api.post(f"/orgs/acme{at}/open", "chair"), 409, at)
    moved = api.post(f"/orgs/acme{at}/motions", "d1", json={"title": "Late", "text": "Too late"})
    await refused(board, moved, 409, at)


async def test_motion_refusals(api: Api) -> None:
    board = await seat_board(api, directors=2)
    await api.org("other")
    await api.add_member("other", "olga", by="root")
    meeting = await board.meeting(open_it=False)
    at = f"/meetings/{meeting}"
    move = f"/orgs/acme{at}/motions"
    plain = {"title": "Paint", "text": "Paint the hall."}
    assert "seated" in await refused(board, api.post(move, "ada", json=plain), 403, at)
    await refused(board, api.post(move, "olga", json=plain), 404)
    for bad in (
        {"kind": "motion"},
        {"method": "email"},
        {"threshold": "most"},
        {"kind": "amendment"},
        {"kind": "amendment", "amends": "nope"},
        {"minutes_of": meeting},
        {"kind": "approve_minutes", "minutes_of": "nope"},
        {"text": ""},
    ):
        await refused(board, api.post(move, "d1", json={**plain, **bad}), 400, at)

    motion = await board.motion(meeting, "d1")
    watched = f"/motions/{motion}"
    assert "someone other" in await refused(board, board.do(motion, "second", "d1"), 409, watched)
    await refused(board, board.do(motion, "second", "ada"), 403, watched)
    await refused(board, board.do(motion, "second", "olga"), 404)
    await refused(board, api.get(f"/orgs/acme{watched}", "olga"), 404)
    await refused(board, board.do(motion, "withdraw", "d2"), 403, watched)
    await refused(board, board.do(motion, "open-vote", "chair"), 409, watched)  # not seconded
    await refused(board, board.do(motion, "recuse", "ada", reason="x"), 403, watched)
    await refused(board, board.do(motion, "recuse", "d2", reason=" "), 400, watched)
    assert (await board.do(motion, "recuse", "d2", reason="My firm bids.")).status_code == 200
    await refused(board, board.do(motion, "recuse", "d2", reason="Again"), 409, watched)
    assert (await board.do(motion, "second", "secretary")).status_code == 200
    await refused(board, board.do(motion, "second", "chair"), 409, watched)
    detail = await refused(board, board.do(motion, "open-vote", "chair"), 409, watched)
    assert detail == "The meeting has not been opened yet; open the meeting first."
    assert (await api.post(f"/orgs/acme{at}/open", "secretary")).status_code == 200
    await refused(board, board.do(motion, "open-vote", "d1"), 403, watched)
    await refused(board, board.do(motion, "open-vote", "ada"), 403, watched)
    assert (await board.do(motion, "open-vote", "chair")).status_code == 200
    await refused(board, board.do(motion, "open-vote", "chair"), 409, watched)
    await refused(board, board.do(motion, "withdraw", "d1"), 409, watched)
    await refused(board, board.do(motion, "recuse", "d1", reason="Late"), 409, watched)
    amend = {**plain, "kind": "amendment", "amends": motion}
    await refused(board, api.post(move, "d2", json=amend), 409, watched)

    # Withdrawing a motion takes its pending amendments with it.
    other = await board.motion(meeting, "d2")
    amendment = await board.motion(meeting, "d1", kind="amendment", amends=other)
    withdrawn = await board.do(other, "withdraw", "d2")
    assert withdrawn.json()["status"] == "withdrawn"
    assert (await board.get(f"/motions/{amendment}"))["status"] == "withdrawn"


async def test_vote_refusals(api: Api) -> None:
    board = await seat_board(api, directors=3)
    await api.org("other")
    await api.add_member("other", "olga", by="root")
    meeting = await board.meeting(present=["chair", "secretary", "d1", "d2"])
    motion = await board.motion(meeting)
    watched = f"/motions/{motion}"
    await refused(board, board.vote(motion, "d1", "yes"), 409, watched)  # not open yet
    await board.seconded_and_open(motion)
    await refused(board, board.vote(motion, "d1", "maybe"), 400, watched)
    assert "present" in await refused(board, board.vote(motion, "d3", "yes"), 403, watched)
    assert "seated" in await refused(board, board.vote(motion, "ada", "yes"), 403, watched)
    await refused(board, board.vote(motion, "olga", "yes"), 404)
    await refused(board, api.post(f"/orgs/acme{watched}/votes", None, json={"choice": "y"}), 401)
    assert (await board.vote(motion, "d1", "yes")).status_code == 201
    detail = await refused(board, board.vote(motion, "d1", "no"), 409, watched)
    assert detail == "You have already voted on this motion."
    await refused(board, board.do(motion, "show-of-hands", "chair", yes=1, no=0), 409, watched)
    await refused(board, api.get(f"/orgs/acme{watched}/ballots", "d1"), 409, watched)
    await refused(board, board.do(motion, "close-vote", "d1"), 403, watched)
    await refused(board, board.do(motion, "close-vote", "ada"), 403, watched)
    assert (await board.do(motion, "close-vote", "chair")).json()["status"] == "carried"
    await refused(board, board.vote(motion, "d2", "yes"), 409, watched)
    await refused(board, board.do(motion, "close-vote", "chair"), 409, watched)

    hands = await board.motion(meeting, method="show_of_hands", threshold="two_thirds")
    watched = f"/motions/{hands}"
    await board.seconded_and_open(hands)
    assert "show of hands" in await refused(board, board.vote(hands, "d1", "yes"), 409, watched)
    counts = {"yes": 3, "no": 1, "abstain": 1}  # five hands, four present
    assert "Count again" in await refused(
        board, board.do(hands, "show-of-hands", "chair", **counts), 400, watched
    )
    await refused(board, board.do(hands, "show-of-hands", "d1", yes=1, no=0), 403, watched)
    await refused(board, board.do(hands, "close-vote", "chair"), 409, watched)  # no counts yet
    entered = await board.do(hands, "show-of-hands", "chair", yes=2, no=1, abstain=1)
    assert entered.status_code == 200
    assert "tally" not in await board.get(watched)
    closed = (await board.do(hands, "close-vote", "chair")).json()
    assert closed["status"] == "carried"
    assert closed["tally"] == {"yes": 2, "no": 1, "abstain": 1, "eligible": 4, "voted": 4}


async def test_a_body_out_of_compliance_votes_only_on_appointments(api: Api) -> None:
    board = await seat_board(api, directors=3, without_lived_experience=2)
    withdrawn = await api.put(
        "/orgs/acme/members/me/lived-experience", "d1", json={"lived_experience": False}
    )
    assert withdrawn.status_code == 200
    meeting = await board.meeting()
    motion = await board.motion(meeting)
    assert (await board.do(motion, "second", "d2")).status_code == 200
    detail = await refused(board, board.do(motion, "open-vote", "chair"), 409, f"/motions/{motion}")
    assert "below its lived-experience quota" in detail
    # An appointment names whom it appoints (CONTRACT, Procedure): a seat must be open, and
    # a mover who may see lived-experience counts (here the chair, made an admin) may name
    # someone for a seat reserved for members with lived experience.
    d3_seat = next(
        s for s in (await board.get("/bodies/board"))["seated"] if s["member_id"] == board.id("d3")
    )
    ended = await board.api.post(
        f"/orgs/acme/seats/{d3_seat['id']}/end",
        "ada",
        json={"ends_on": "2026-01-02", "reason": "Moved away"},
    )
    assert ended.status_code == 200, ended.text
    await api.add_member("acme", "lee", by="ada", lived_experience=True)
    admin = await api.put(
        f"/orgs/acme/members/{board.id('chair')}/roles", "ada", json={"roles": ["admin"]}
    )
    assert admin.status_code == 200, admin.text
    appoints = {
        "member_id": board.id("lee"),
        "role": "director",
        "starts_on": datetime.now(UTC).date().isoformat(),
    }
    appointment = await board.motion(
        meeting, kind="appointment", title="Appoint Lee", appoints=appoints
    )
    await board.seconded_and_open(appointment, seconder="d2")


async def test_written_consent_refusals_and_lapse(api: Api) -> None:
    board = await seat_board(api, directors=2)
    path = "/orgs/acme/bodies/board/motions"
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    consent = {"title": "Lease", "text": "Sign the lease.", "closes_at": soon}
    await refused(board, api.post(path, "d1", json={**consent, "closes_at": past}), 400)
    await refused(board, api.post(path, "ada", json=consent), 403)
    motion = (await api.post(path, "d1", json=consent)).json()["id"]
    watched = f"/motions/{motion}"
    await refused(board, board.vote(motion, "d2", "yes"), 409, watched)  # not seconded
    assert (await board.do(motion, "second", "d2")).json()["status"] == "voting"
    await refused(board, board.do(motion, "open-vote", "chair"), 409, watched)
    await refused(board, board.do(motion, "close-vote", "chair"), 409, watched)
    await refused(board, board.do(motion, "recuse", "chair", reason="Late"), 409, watched)
    for name in ("chair", "secretary", "d1"):
        assert (await board.vote(motion, name, "yes")).status_code == 201
    assert (await board.vote(motion, "d2", "no")).status_code == 201
    assert (await board.get(watched))["status"] == "voting"  # not unanimous, still open

    # Time passes (the test moves the closing time instead): it lapses when next read.
    await Motion.update({Motion.closes_at: datetime.now(UTC) - timedelta(seconds=1)}).where(
        Motion.id == motion
    )
    lapsed = await board.get(watched, "d1")
    assert lapsed["status"] == "failed"
    assert lapsed["tally"] == {"yes": 3, "no": 1, "abstain": 0, "eligible": 4, "voted": 4}
    await refused(board, board.vote(motion, "d2", "yes"), 409, watched)

    # Or all at once, from a command or timer.
    quiet = (await api.post(path, "d1", json=consent)).json()["id"]
    await Motion.update({Motion.closes_at: datetime.now(UTC) - timedelta(seconds=1)}).where(
        Motion.id == quiet
    )
    assert await close_expired_consents(api.runtime) == [quiet]
    assert await close_expired_consents(api.runtime) == []
    assert (await board.get(f"/motions/{quiet}"))["status"] == "failed"
