"""Agenda items, rescheduling and cancelling: the pure rules."""

from __future__ import annotations

import importlib

import pytest

from governance.errors import Conflict, InvalidInput
from governance.motions.rules.agenda import (
    MAX_AGENDA_ITEMS,
    agenda_editable_check,
    cancel_check,
    motion_item_check,
    moved,
    new_order,
    removal_check,
    room_for_item_check,
    schedule_change_check,
)
from governance.motions.rules.meetings import (
    MeetingAction,
    attendance_check,
    moving_check,
    next_meeting_status,
)
from governance.motions.rules.procedure import (
    MeetingStatus,
    minutes_approval_check,
    open_vote_problems,
)

CLOSED = [MeetingStatus.in_session, MeetingStatus.adjourned, MeetingStatus.cancelled]


def test_the_agenda_changes_only_before_the_meeting_opens() -> None:
    agenda_editable_check("scheduled")
    for status in CLOSED:
        with pytest.raises(Conflict) as refused:
            agenda_editable_check(status)
        assert "can no longer change" in refused.value.detail


def test_an_agenda_is_at_most_a_hundred_items() -> None:
    room_for_item_check(MAX_AGENDA_ITEMS - 1)
    with pytest.raises(InvalidInput):
        room_for_item_check(MAX_AGENDA_ITEMS)


def test_an_item_with_motions_under_it_stays() -> None:
    removal_check(0)
    with pytest.raises(Conflict, match="2 motions are filed"):
        removal_check(2)


def test_a_new_order_is_a_permutation_of_the_items() -> None:
    assert new_order(["a", "b", "c"], ["c", "a", "b"]) == ["c", "a", "b"]
    assert new_order([], []) == []
    with pytest.raises(InvalidInput, match="twice"):
        new_order(["a", "b"], ["a", "a"])
    with pytest.raises(InvalidInput, match="leaves out 1 agenda item"):
        new_order(["a", "b"], ["a"])
    with pytest.raises(InvalidInput, match="not on this meeting"):
        new_order(["a", "b"], ["a", "b", "z"])
    with pytest.raises(InvalidInput, match="not on this meeting"):
        new_order(["a", "b"], ["a", "z"])


def test_moving_one_item_up_or_down() -> None:
    assert moved(["a", "b", "c"], "b", -1) == ["b", "a", "c"]
    assert moved(["a", "b", "c"], "b", 1) == ["a", "c", "b"]
    assert moved(["a", "b", "c"], "a", -1) == ["a", "b", "c"]
    assert moved(["a", "b", "c"], "c", 1) == ["a", "b", "c"]
    with pytest.raises(InvalidInput):
        moved(["a"], "z", 1)
    with pytest.raises(InvalidInput):
        moved(["a", "b"], "a", 2)


def test_reschedule_and_cancel_only_while_scheduled() -> None:
    schedule_change_check("scheduled", cancelling=False)
    schedule_change_check("scheduled", cancelling=True)
    for status in CLOSED:
        with pytest.raises(Conflict, match="cannot be cancelled"):
            schedule_change_check(status, cancelling=True)
        with pytest.raises(Conflict, match="cannot be rescheduled"):
            schedule_change_check(status, cancelling=False)


def test_a_meeting_awaited_by_motions_is_rescheduled_not_cancelled() -> None:
    cancel_check(0)
    with pytest.raises(Conflict, match="1 motion has been moved"):
        cancel_check(1)


def test_a_cancelled_meeting_never_opens_and_takes_nothing() -> None:
    for action in MeetingAction:
        with pytest.raises(Conflict, match="cancelled"):
            next_meeting_status("cancelled", action)
    with pytest.raises(Conflict, match="cancelled"):
        attendance_check("cancelled")
    with pytest.raises(Conflict, match="cancelled"):
        moving_check("cancelled")
    with pytest.raises(Conflict, match="adjourned"):
        moving_check("adjourned")
    moving_check("scheduled")
    moving_check("in_session")
    with pytest.raises(Conflict, match="no minutes"):
        minutes_approval_check(minutes_meeting_status="cancelled", same_meeting=False)
    problems = open_vote_problems(
        status="seconded",
        in_meeting=True,
        meeting_status="cancelled",
        quorum={"met": True, "reasons": []},
        body_compliant=True,
        kind="main",
        pending_amendments=0,
    )
    assert problems == ["The meeting was cancelled, so no vote can open in it."]


def test_a_motion_is_filed_under_an_item_of_its_meeting() -> None:
    items = ["i1", "i2"]
    assert motion_item_check(meeting_items=items, given="i2") == "i2"
    with pytest.raises(InvalidInput) as refused:
        motion_item_check(meeting_items=items, given="elsewhere")
    assert refused.value.field == "agenda_item"
    with pytest.raises(InvalidInput):
        motion_item_check(meeting_items=[], given="i1")
    # Without items, or from a client that names none, the motion is not filed under one.
    assert motion_item_check(meeting_items=[], given=None) is None
    assert motion_item_check(meeting_items=items, given=None) is None


def test_an_amendment_inherits_its_main_motions_item() -> None:
    items = ["i1", "i2"]
    inherit = {"meeting_items": items, "main_motion_item": "i1", "is_amendment": True}
    assert motion_item_check(given=None, **inherit) == "i1"  # type: ignore[arg-type]
    assert motion_item_check(given="i1", **inherit) == "i1"  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="agenda item of the motion it amends"):
        motion_item_check(given="i2", **inherit)  # type: ignore[arg-type]


MIGRATION = importlib.import_module(
    "governance.motions.piccolo_migrations.motions_2026_12_02t02_00_00_000000"
)


def test_the_migration_reads_old_agenda_lists() -> None:
    titles = MIGRATION.legacy_titles
    assert titles('["Welcome", "  Budget  ", "", "   "]') == ["Welcome", "Budget"]
    assert titles("[]") == []
    assert titles("") == []
    assert titles(None) == []
    assert titles("not json") == []
    assert titles('{"a": 1}') == []
    assert titles(f'["{"x" * 600}"]') == ["x" * 500]
