"""Agenda items over HTTP: editable until the meeting opens, ordered, each motion under one;
rescheduling and cancelling before it opens, with the reason recorded. Refusals change
nothing (the audit head and the meeting read the same)."""

from __future__ import annotations

import importlib
import json
from typing import Any

from governance.motions.tables import AgendaItem, Meeting
from tests.helpers import Api, in_transaction
from tests.web.motions.board import Board, seat_board
from tests.web.motions.test_refusals_change_nothing import refused

MIGRATION = importlib.import_module(
    "governance.motions.piccolo_migrations.motions_2026_12_02t02_00_00_000000"
)


def items_path(meeting: str, rest: str = "") -> str:
    return f"/orgs/acme/meetings/{meeting}/agenda-items{rest}"


async def audit_entries(board: Board, action: str) -> list[dict[str, Any]]:
    entries = (await board.api.get("/orgs/acme/audit", "ada")).json()["entries"]
    return [e for e in entries if e["action"] == action]


async def test_edit_the_agenda_before_the_meeting_opens(api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting(open_it=False)
    shown = await board.get(f"/meetings/{meeting}")
    assert shown["agenda"] == ["Welcome", "Budget"]
    welcome, budget = (i["id"] for i in shown["agenda_items"])
    assert [i["position"] for i in shown["agenda_items"]] == [1, 2]

    added = await api.post(
        items_path(meeting), "chair", json={"title": "Peer reports", "notes": "Five minutes each"}
    )
    assert added.status_code == 201, added.text
    reports = added.json()["agenda_items"][-1]
    assert reports["title"] == "Peer reports" and reports["notes"] == "Five minutes each"

    edited = await api.patch(
        items_path(meeting, f"/{budget}"), "secretary", json={"title": "Budget 2027"}
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["agenda"] == ["Welcome", "Budget 2027", "Peer reports"]

    order = [reports["id"], welcome, budget]
    reordered = await api.put(items_path(meeting, "/order"), "secretary", json={"order": order})
    assert reordered.status_code == 200, reordered.text
    assert [i["id"] for i in reordered.json()["agenda_items"]] == order
    assert [i["position"] for i in reordered.json()["agenda_items"]] == [1, 2, 3]

    removed = await api.request("DELETE", items_path(meeting, f"/{welcome}"), "secretary")
    assert removed.status_code == 200, removed.text
    after = removed.json()
    assert after["agenda"] == ["Peer reports", "Budget 2027"]
    assert [i["position"] for i in after["agenda_items"]] == [1, 2]

    # The mirror the minutes record reads is the items' titles.
    row = await Meeting.select(Meeting.agenda).where(Meeting.id == meeting).first()
    assert row is not None and json.loads(row["agenda"]) == ["Peer reports", "Budget 2027"]
    for action in ("added", "edited", "removed"):
        assert len(await audit_entries(board, f"meeting.agenda_item_{action}")) == 1
    [reorder] = await audit_entries(board, "meeting.agenda_reordered")
    assert reorder["data"]["order"] == order
    assert (await board.get("/audit/verify", "ada"))["ok"] is True


async def test_after_the_meeting_opens_the_agenda_stays_as_it_was(api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting()  # opened
    at = f"/meetings/{meeting}"
    [first, second] = [i["id"] for i in (await board.get(at))["agenda_items"]]
    attempts = [
        api.post(items_path(meeting), "secretary", json={"title": "Late item"}),
        api.patch(items_path(meeting, f"/{first}"), "secretary", json={"title": "Changed"}),
        api.request("DELETE", items_path(meeting, f"/{first}"), "secretary"),
        api.put(items_path(meeting, "/order"), "secretary", json={"order": [second, first]}),
        api.post(
            f"/orgs/acme{at}/reschedule",
            "secretary",
            json={"scheduled_for": "2026-12-09T18:00:00Z", "reason": "Clash"},
        ),
        api.post(f"/orgs/acme{at}/cancel", "secretary", json={"reason": "No longer needed"}),
    ]
    for attempt in attempts:
        detail = await refused(board, attempt, 409, at)
        assert "in session" in detail


async def test_bad_orders_and_bad_callers_change_nothing(api: Api) -> None:
    board = await seat_board(api, directors=2)
    await api.org("other")
    await api.add_member("other", "olga", by="root")
    meeting = await board.meeting(open_it=False)
    other = await board.meeting(open_it=False)
    at = f"/meetings/{meeting}"
    [first, second] = [i["id"] for i in (await board.get(at))["agenda_items"]]
    [foreign, _] = [i["id"] for i in (await board.get(f"/meetings/{other}"))["agenda_items"]]
    order = items_path(meeting, "/order")
    for bad in ([first], [first, first], [first, second, foreign], [first, foreign], []):
        await refused(board, api.put(order, "secretary", json={"order": bad}), 400, at)
    await refused(board, api.put(order, "secretary", json={"order": "x"}), 400, at)
    # An item of another meeting is not found here, whatever is asked of it.
    await refused(
        board,
        api.patch(items_path(meeting, f"/{foreign}"), "secretary", json={"title": "x"}),
        404,
        at,
    )
    await refused(
        board, api.request("DELETE", items_path(meeting, f"/{foreign}"), "secretary"), 404, at
    )
    # Only the record keepers; other organisations see nothing.
    await refused(board, api.post(items_path(meeting), "d1", json={"title": "Mine"}), 403, at)
    await refused(board, api.post(items_path(meeting), "olga", json={"title": "Mine"}), 404)
    await refused(board, api.post(items_path(meeting), None, json={"title": "Mine"}), 401)
    await refused(board, api.post(items_path(meeting), "secretary", json={"title": "  "}), 400, at)
    long = {"title": "x" * 501}
    await refused(board, api.post(items_path(meeting), "secretary", json=long), 400, at)
    cancel = f"/orgs/acme{at}/cancel"
    await refused(board, api.post(cancel, "d1", json={"reason": "Because"}), 403, at)
    await refused(board, api.post(cancel, "secretary", json={"reason": " "}), 400, at)
    reschedule = f"/orgs/acme{at}/reschedule"
    when = {"scheduled_for": "2026-12-09T18:00:00Z"}
    await refused(board, api.post(reschedule, "secretary", json=when), 400, at)
    await refused(board, api.post(reschedule, "secretary", json={**when, "reason": ""}), 400, at)


async def test_an_item_with_motions_under_it_cannot_be_removed(api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting(open_it=False)
    at = f"/meetings/{meeting}"
    first = (await board.get(at))["agenda_items"][0]["id"]
    await board.motion(meeting, agenda_item=first)
    detail = await refused(
        board, api.request("DELETE", items_path(meeting, f"/{first}"), "secretary"), 409, at
    )
    assert "1 motion is filed under this agenda item" in detail


async def test_cancel_then_open_is_refused(api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting(open_it=False)
    at = f"/meetings/{meeting}"
    cancelled = await api.post(
        f"/orgs/acme{at}/cancel", "chair", json={"reason": "The venue flooded."}
    )
    assert cancelled.status_code == 200, cancelled.text
    shown = await board.get(at, "d1")
    assert shown["status"] == "cancelled"
    assert shown["cancelled"]["reason"] == "The venue flooded."
    [entry] = await audit_entries(board, "meeting.cancelled")
    assert entry["data"] == {"reason": "The venue flooded."}

    assert "cancelled" in await refused(board, api.post(f"/orgs/acme{at}/open", "chair"), 409, at)
    motion = {
        "title": "A motion",
        "text": "That we meet.",
        "agenda_item": shown["agenda_items"][0]["id"],
    }
    moving = api.post(f"/orgs/acme{at}/motions", "chair", json=motion)
    assert "cancelled" in await refused(board, moving, 409, at)
    mark = {"member_id": board.id("d1"), "status": "present"}
    await refused(board, api.post(f"/orgs/acme{at}/attendance", "secretary", json=mark), 409, at)
    again = api.post(f"/orgs/acme{at}/cancel", "chair", json={"reason": "Twice"})
    assert "already cancelled" in await refused(board, again, 409, at)
    notes = api.put(f"/orgs/acme{at}/minutes", "secretary", json={"notes": "Nothing"})
    assert "no minutes" in await refused(board, notes, 409, at)
    await refused(board, api.post(items_path(meeting), "secretary", json={"title": "x"}), 409, at)


async def test_a_meeting_awaited_by_motions_is_not_cancelled(api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting(open_it=False)
    at = f"/meetings/{meeting}"
    motion = await board.motion(meeting)
    cancel = api.post(f"/orgs/acme{at}/cancel", "chair", json={"reason": "Quiet month"})
    assert "Reschedule the meeting instead" in await refused(board, cancel, 409, at)
    assert (await board.do(motion, "withdraw", "chair")).status_code == 200
    cancelled = await api.post(f"/orgs/acme{at}/cancel", "chair", json={"reason": "Quiet month"})
    assert cancelled.status_code == 200, cancelled.text


async def test_reschedule_records_the_reason(api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting(open_it=False)
    at = f"/meetings/{meeting}"
    before = await board.get(at)
    moved = await api.post(
        f"/orgs/acme{at}/reschedule",
        "secretary",
        json={
            "scheduled_for": "2026-12-09T19:30:00Z",
            "location": "Library, room 2",
            "reason": "The chair is away that week.",
        },
    )
    assert moved.status_code == 200, moved.text
    shown = moved.json()
    assert shown["status"] == "scheduled"
    assert shown["scheduled_for"].startswith("2026-12-09T19:30:00")
    assert shown["location"] == "Library, room 2"
    assert shown["rescheduled"]["reason"] == "The chair is away that week."
    assert shown["rescheduled"]["from"] == before["scheduled_for"]
    [entry] = await audit_entries(board, "meeting.rescheduled")
    assert entry["data"]["reason"] == "The chair is away that week."
    assert entry["data"]["was_scheduled_for"] == before["scheduled_for"]
    # Without a new location, the place stays.
    again = await api.post(
        f"/orgs/acme{at}/reschedule",
        "chair",
        json={"scheduled_for": "2026-12-10T18:00:00Z", "reason": "Room taken"},
    )
    assert again.json()["location"] == "Library, room 2"
    # It can still open at the new time.
    assert (await api.post(f"/orgs/acme{at}/open", "chair")).status_code == 200


async def test_a_motion_names_an_item_of_its_own_meeting(api: Api) -> None:
    board = await seat_board(api, directors=2)
    meeting = await board.meeting()
    other = await board.meeting(open_it=False)
    at = f"/meetings/{meeting}"
    [welcome, budget] = [i["id"] for i in (await board.get(at))["agenda_items"]]
    foreign = (await board.get(f"/meetings/{other}"))["agenda_items"][0]["id"]
    path = f"/orgs/acme{at}/motions"
    body = {"title": "Budget", "text": "That we adopt the budget."}
    for bad in (foreign, "nonsense"):
        moving = api.post(path, "chair", json={**body, "agenda_item": bad})
        assert "agenda item of this meeting" in await refused(board, moving, 400, at)

    main = await board.motion(meeting, agenda_item=budget)
    shown = await board.get(f"/motions/{main}")
    assert shown["agenda_item"] == budget
    assert {m["id"]: m["agenda_item"] for m in (await board.get(at))["motions"]} == {main: budget}
    # An amendment is filed under its main motion's item, and may not name another.
    amend = {"title": "Amend", "text": "Add a line.", "kind": "amendment", "amends": main}
    await refused(board, api.post(path, "chair", json={**amend, "agenda_item": welcome}), 400, at)
    amendment = await board.motion(meeting, **amend)
    assert (await board.get(f"/motions/{amendment}"))["agenda_item"] == budget
    # A client that names no item (the contract's request shape) still moves its motion.
    unfiled = await board.motion(meeting)
    assert (await board.get(f"/motions/{unfiled}"))["agenda_item"] is None


async def test_a_meeting_without_items_takes_motions_without_one(api: Api) -> None:
    board = await seat_board(api, directors=2)
    created = await api.post(
        "/orgs/acme/bodies/board/meetings",
        "secretary",
        json={"title": "No agenda", "scheduled_for": "2026-12-01T18:00:00Z"},
    )
    meeting = created.json()["id"]
    assert created.json()["agenda"] == [] and created.json()["agenda_items"] == []
    for name in board.members:  # business needs quorum and a present mover
        await board.attend(meeting, name, "present")
    motion = await board.motion(meeting)
    assert (await board.get(f"/motions/{motion}"))["agenda_item"] is None


async def test_the_migration_turns_old_agenda_lists_into_items(api: Api) -> None:
    board = await seat_board(api, directors=2)
    old = await board.meeting(open_it=False)
    empty = await board.meeting(open_it=False)
    # Make them look as they did before agenda items: the list in the column, no rows.
    async with await in_transaction(api.runtime):
        await AgendaItem.delete().where(AgendaItem.meeting.is_in([old, empty]))
        await Meeting.update(
            {Meeting.agenda: '["Welcome", " ", "Budget", "Any other business"]'}
        ).where(Meeting.id == old)
        await Meeting.update({Meeting.agenda: "[]"}).where(Meeting.id == empty)
    assert (await board.get(f"/meetings/{old}"))["agenda_items"] == []
    async with await in_transaction(api.runtime):
        made = await MIGRATION.convert_agendas(Meeting._meta.db)
    assert made == 3
    shown = await board.get(f"/meetings/{old}")
    assert shown["agenda"] == ["Welcome", "Budget", "Any other business"]
    assert [i["position"] for i in shown["agenda_items"]] == [1, 2, 3]
    assert (await board.get(f"/meetings/{empty}"))["agenda_items"] == []
    # Running it again adds nothing; the converted items can be edited like any other.
    async with await in_transaction(api.runtime):
        assert await MIGRATION.convert_agendas(Meeting._meta.db) == 0
    first = shown["agenda_items"][0]["id"]
    edited = await api.patch(items_path(old, f"/{first}"), "secretary", json={"notes": "Hello"})
    assert edited.status_code == 200, edited.text
