"""Motions that act on something (CONTRACT, Procedure): an appointment seats whom it names,
a rescind marks a decision rescinded in the log with a link, a postpone moves a motion to a
later meeting, a refer sends it to a committee, a reconsider reopens a roll call, and each
shows in the minutes' record."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.helpers import Api
from tests.web.motions.board import Board, seat_board

LATER = "2027-01-12T18:00:00Z"
TODAY = datetime.now(UTC).date()  # an appointment starts today or later


async def _end_seat(board: Board, name: str) -> None:
    seats = (await board.get("/bodies/board"))["seated"]
    seat = next(s for s in seats if s["member_id"] == board.id(name))
    ended = await board.api.post(
        f"/orgs/{board.org}/seats/{seat['id']}/end",
        "ada",
        json={"ends_on": "2026-01-02", "reason": "Moved away"},
    )
    assert ended.status_code == 200, ended.text
    board.members.remove(name)


async def _entries(board: Board, subject: str, action: str) -> list[dict[str, Any]]:
    entries = (await board.get("/audit?limit=1000", "ada"))["entries"]
    return [e for e in entries if e["subject"] == subject and e["action"] == action]


async def _carry(board: Board, motion_id: str, seconder: str = "secretary") -> dict[str, Any]:
    await board.seconded_and_open(motion_id, seconder=seconder)
    for name in board.members:
        assert (await board.vote(motion_id, name, "yes")).status_code == 201
    closed = await board.do(motion_id, "close-vote", "chair")
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "carried"
    return dict(closed.json())


async def _later_meeting(board: Board, body: str = "board", who: str = "secretary") -> str:
    made = await board.api.post(
        f"/orgs/{board.org}/bodies/{body}/meetings",
        who,
        json={"title": "January meeting", "scheduled_for": LATER},
    )
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def _appoints(board: Board, name: str) -> dict[str, Any]:
    return {"member_id": board.id(name), "role": "director", "starts_on": TODAY.isoformat()}


async def test_an_appointment_that_carries_seats_the_member(api: Api) -> None:
    board = await seat_board(api, directors=2)
    await _end_seat(board, "d2")  # a vacancy: three of four seats held, all lived experience
    await api.add_member("acme", "lee", by="ada")
    meeting = await board.meeting()
    appointment = await board.motion(
        meeting, kind="appointment", title="Appoint Lee", appoints=_appoints(board, "lee")
    )
    shown = await board.get(f"/motions/{appointment}")
    assert shown["appoints"] == {**_appoints(board, "lee"), "ends_on": None}
    assert board.id("lee") not in {
        s["member_id"] for s in (await board.get("/bodies/board"))["seated"]
    }
    await _carry(board, appointment)
    seated = {s["member_id"]: s for s in (await board.get("/bodies/board"))["seated"]}
    assert seated[board.id("lee")]["role"] == "director"
    [entry] = [
        e
        for e in (await board.get("/audit?limit=1000", "ada"))["entries"]
        if e["action"] == "member.seated" and e["data"].get("appointed_by") == appointment
    ]
    assert entry["data"]["member_id"] == board.id("lee")
    record = (await board.get(f"/meetings/{meeting}/minutes"))["record"]
    [made] = [m for m in record["motions"] if m["id"] == appointment]
    assert made["effect"] == f"Lee was appointed director from {TODAY.day} {TODAY:%B %Y}."
    await board.audit_head()


async def test_an_appointment_that_would_break_the_quota_is_refused_by_its_carry_not_its_move(
    api: Api,
) -> None:
    # Four seats, three reserved for lived experience; d2 (without) holds the one other seat.
    board = await seat_board(api, directors=2, without_lived_experience=1)
    await _end_seat(board, "d1")
    await api.add_member("acme", "lee", by="ada")  # no attestation
    await api.add_member("acme", "kim", by="ada", lived_experience=True)
    meeting = await board.meeting()
    path = f"/orgs/acme/meetings/{meeting}/motions"

    async def move(who: str, name: str) -> Any:
        return await api.post(
            path,
            who,
            json={
                "title": f"Appoint {name}",
                "text": "That we appoint them.",
                "kind": "appointment",
                "appoints": _appoints(board, name),
            },
        )

    # The chair may not see attestations: a seat is free, so both are moved alike ...
    lee, kim = await move("chair", "lee"), await move("chair", "kim")
    assert lee.status_code == kim.status_code == 201, (lee.text, kim.text)
    # ... and the quota is applied when Lee's carries: it fails, naming nobody's status.
    await board.seconded_and_open(lee.json()["id"])
    for name in board.members:
        assert (await board.vote(lee.json()["id"], name, "yes")).status_code == 201
    closed = await board.do(lee.json()["id"], "close-vote", "chair")
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "failed", closed.text
    assert board.id("lee") not in {
        s["member_id"] for s in (await board.get("/bodies/board"))["seated"]
    }
    # An org admin on the board sees counts: the quota rule exactly.
    made_admin = await api.put(
        f"/orgs/acme/members/{board.id('chair')}/roles", "ada", json={"roles": ["admin"]}
    )
    assert made_admin.status_code == 200
    refused = await move("chair", "lee")
    assert refused.status_code == 409
    assert "would break the lived-experience quota" in refused.json()["detail"]
    assert (await move("chair", "kim")).status_code == 201


async def test_an_appointment_needs_whom_it_appoints(api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting()
    path = f"/orgs/acme/meetings/{meeting}/motions"
    bare = {"title": "Appoint", "text": "That we appoint.", "kind": "appointment"}
    missing = await api.post(path, "chair", json=bare)
    assert missing.status_code == 400
    assert "appoints" in missing.text
    stray = await api.post(
        path, "chair", json={"title": "A", "text": "B", "appoints": _appoints(board, "d1")}
    )
    assert stray.status_code == 400
    nobody = await api.post(
        path,
        "chair",
        json={**bare, "appoints": {**_appoints(board, "d1"), "member_id": "not-a-member"}},
    )
    assert nobody.status_code == 400
    assert nobody.json()["field"] == "appoints.member_id"
    seated = await api.post(path, "chair", json={**bare, "appoints": _appoints(board, "d1")})
    assert seated.status_code == 409  # d1 already holds a seat (and every seat is filled)


async def test_a_rescinded_decision_shows_in_the_log_with_a_link(api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting()
    first = await board.motion(meeting, title="Buy a van")
    await _carry(board, first)
    path = f"/orgs/acme/meetings/{meeting}/motions"
    weak = await api.post(
        path,
        "d1",
        json={
            "title": "Rescind",
            "text": "Undo it.",
            "kind": "rescind",
            "rescinds": first,
            "threshold": "majority",
        },
    )
    assert weak.status_code == 400
    assert weak.json()["field"] == "threshold"
    rescind = await board.motion(
        meeting, "d1", title="Rescind the van", kind="rescind", rescinds=first
    )
    shown = await board.get(f"/motions/{rescind}")
    assert shown["threshold"] == "two_thirds"
    assert shown["rescinds"] == first
    await _carry(board, rescind, seconder="d2")
    decision = await board.get(f"/decisions/{first}", "d1")
    assert decision["rescinded_by"] == rescind
    assert decision["outcome"] == "carried"
    log = {d["id"]: d for d in (await board.get("/decisions", "d1"))["items"]}
    assert log[first]["rescinded_by"] == rescind
    assert log[rescind]["rescinded_by"] is None
    page = await api.client.get(
        f"/orgs/acme/decisions/{first}", headers={**api.people["d1"].headers, "accept": "text/html"}
    )
    assert page.status_code == 200
    assert f'href="/orgs/acme/decisions/{rescind}"' in page.text
    assert len(await _entries(board, f"motion:{first}", "motion.rescinded")) == 1
    again = await api.post(
        path, "d1", json={"title": "Again", "text": "Again.", "kind": "rescind", "rescinds": first}
    )
    assert again.status_code == 409  # already rescinded
    record = (await board.get(f"/meetings/{meeting}/minutes"))["record"]
    [made] = [m for m in record["motions"] if m["id"] == rescind]
    number = (await board.get(f"/motions/{first}"))["number"]
    assert made["effect"] == f"Motion {number} was rescinded."
    await board.audit_head()


async def test_a_postponed_motion_moves_to_the_later_meeting(api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting()
    later = await _later_meeting(board)
    target = await board.motion(meeting, title="New roof")
    path = f"/orgs/acme/meetings/{meeting}/motions"
    earlier = await api.post(
        path,
        "d1",
        json={
            "title": "Postpone",
            "text": "Later.",
            "kind": "postpone",
            "postpones": target,
            "to_meeting": meeting,  # this meeting is not later than itself
        },
    )
    assert earlier.status_code == 400
    postpone = await board.motion(
        meeting,
        "d1",
        title="Postpone the roof",
        kind="postpone",
        postpones=target,
        to_meeting=later,
    )
    twice = await board.motion(
        meeting, "d2", title="Postpone it too", kind="postpone", postpones=target, to_meeting=later
    )
    await board.seconded_and_open(twice, seconder="d1")
    await _carry(board, postpone, seconder="d2")
    # The second one's count carries, but the roof has left this meeting: it fails, saying so.
    for name in board.members:
        assert (await board.vote(twice, name, "yes")).status_code == 201
    closed = await board.do(twice, "close-vote", "chair")
    assert closed.json()["status"] == "failed", closed.text
    [failed] = await _entries(board, f"motion:{twice}", "motion.failed")
    assert "no longer waiting" in failed["data"]["reason"]
    moved = await board.get(f"/motions/{target}")
    assert moved["meeting_id"] == later
    assert moved["status"] == "moved"
    assert len(await _entries(board, f"motion:{target}", "motion.postponed")) == 1
    record = (await board.get(f"/meetings/{meeting}/minutes"))["record"]
    assert target not in {m["id"] for m in record["motions"]}
    [made] = [m for m in record["motions"] if m["id"] == postpone]
    assert made["effect"] == (
        f"Motion {moved['number']} was postponed to the meeting of 12 January 2027."
    )
    await board.audit_head()


async def test_a_referred_motion_goes_to_the_committee(api: Api) -> None:
    board = await seat_board(api, directors=2)
    committee = await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "finance", "name": "Finance committee", "kind": "committee", "seats": 3},
    )
    assert committee.status_code == 201, committee.text
    committee_meeting = await _later_meeting(board, "finance", "ada")
    meeting = await board.meeting()
    target = await board.motion(meeting, title="Budget")
    path = f"/orgs/acme/meetings/{meeting}/motions"
    to_board = await api.post(
        path,
        "d1",
        json={"title": "R", "text": "R.", "kind": "refer", "refers": target, "to_body": "board"},
    )
    assert to_board.status_code == 400  # a board is not a committee
    refer = await board.motion(
        meeting, "d1", title="Refer the budget", kind="refer", refers=target, to_body="finance"
    )
    await _carry(board, refer, seconder="d2")
    moved = await board.get(f"/motions/{target}")
    assert moved["body"] == "finance"
    assert moved["meeting_id"] == committee_meeting
    assert moved["status"] == "moved"
    assert moved["seconder"] is None
    assert len(await _entries(board, f"motion:{target}", "motion.referred")) == 1
    record = (await board.get(f"/meetings/{meeting}/minutes"))["record"]
    [made] = [m for m in record["motions"] if m["id"] == refer]
    assert made["effect"] == f"Motion {moved['number']} was referred to Finance committee."
    await board.audit_head()


async def test_reconsider_only_by_the_prevailing_side_and_only_once(api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting()
    target = await board.motion(meeting, title="Close on Sundays")
    await board.seconded_and_open(target)
    for name, choice in (("chair", "yes"), ("secretary", "yes"), ("d1", "yes"), ("d2", "no")):
        assert (await board.vote(target, name, choice)).status_code == 201
    assert (await board.do(target, "close-vote", "chair")).json()["status"] == "carried"
    path = f"/orgs/acme/meetings/{meeting}/motions"
    fields = {"title": "Reconsider", "text": "Again.", "kind": "reconsider", "reconsiders": target}
    before = await board.audit_head()
    losing = await api.post(path, "d2", json=fields)
    assert losing.status_code == 403
    assert "voted yes" in losing.json()["detail"]
    assert await board.audit_head() == before
    reconsider = await board.motion(meeting, "d1", **fields)
    assert (await api.post(path, "secretary", json=fields)).status_code == 409  # only once
    await _carry(board, reconsider, seconder="d2")
    reopened = await board.get(f"/motions/{target}")
    assert reopened["status"] == "seconded"
    assert "tally" not in reopened
    [entry] = await _entries(board, f"motion:{target}", "motion.reopened")
    assert entry["data"]["earlier"]["tally"]["yes"] == 3
    assert target not in {d["id"] for d in (await board.get("/decisions", "d1"))["items"]}
    await board.audit_head()  # verify agrees with the reopened row
    opened = await board.do(target, "open-vote", "chair")
    assert opened.status_code == 200, opened.text
    for name in board.members:
        assert (await board.vote(target, name, "no")).status_code == 201
    closed = await board.do(target, "close-vote", "chair")
    assert closed.json()["status"] == "failed"
    assert closed.json()["tally"]["no"] == 4
    await board.audit_head()  # the second close opens only the second round's casts


async def test_a_motion_acting_on_the_boards_record_cannot_be_referred_to_a_committee(
    api: Api,
) -> None:
    """The attack: move a rescind of a board decision, refer the rescind to a committee,
    and let the committee's few members carry it against the board's record."""
    board = await seat_board(api, directors=2)
    committee = await api.post(
        "/orgs/acme/bodies",
        "ada",
        json={"slug": "finance", "name": "Finance committee", "kind": "committee", "seats": 3},
    )
    assert committee.status_code == 201, committee.text
    await _later_meeting(board, "finance", "ada")
    meeting = await board.meeting()
    first = await board.motion(meeting, title="Buy a van")
    await _carry(board, first)
    rescind = await board.motion(
        meeting, "d1", title="Rescind the van", kind="rescind", rescinds=first
    )
    before = await board.audit_head()
    refer = await api.post(
        f"/orgs/acme/meetings/{meeting}/motions",
        "d1",
        json={"title": "R", "text": "R.", "kind": "refer", "refers": rescind, "to_body": "finance"},
    )
    assert refer.status_code == 409, refer.text
    assert "Only an ordinary motion" in refer.json()["detail"]
    assert await board.audit_head() == before
    assert (await board.get(f"/motions/{rescind}"))["body"] == "board"


async def test_a_rescinded_decision_cannot_be_reconsidered(api: Api) -> None:
    """Reconsidering a decision already rescinded would reopen it with a stale
    `rescinded_by`: a motion rescinded but voted again."""
    board = await seat_board(api, directors=2)
    meeting = await board.meeting()
    target = await board.motion(meeting, title="Close on Sundays")
    await _carry(board, target)
    rescind = await board.motion(meeting, "d1", title="Rescind", kind="rescind", rescinds=target)
    await _carry(board, rescind, seconder="d2")
    fields = {"title": "Reconsider", "text": "Again.", "kind": "reconsider", "reconsiders": target}
    before = await board.audit_head()
    again = await api.post(f"/orgs/acme/meetings/{meeting}/motions", "d1", json=fields)
    assert again.status_code == 409, again.text
    assert "rescinded" in again.json()["detail"]
    assert await board.audit_head() == before
    assert (await board.get(f"/motions/{target}"))["status"] == "carried"
