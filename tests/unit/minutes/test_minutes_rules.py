"""The minutes lifecycle table and who reads which version: pure, no database."""

from __future__ import annotations

import itertools

import pytest

from governance.errors import Conflict, NotFound
from governance.minutes.rules import (
    FROZEN,
    TRANSITIONS,
    MinutesAction,
    MinutesStatus,
    Move,
    move,
    move_version,
    new_version_number,
    pick_version,
    version_to_publish,
    visible_statuses,
)

D, A, P = MinutesStatus.draft, MinutesStatus.approved, MinutesStatus.published


def test_the_table_is_the_lifecycle() -> None:
    assert {
        (None, MinutesAction.save_notes): Move(D, new_version=True),
        (D, MinutesAction.save_notes): Move(D, new_version=False),
        (None, MinutesAction.approve): Move(A, new_version=True),
        (D, MinutesAction.approve): Move(A, new_version=False),
        (A, MinutesAction.publish): Move(P, new_version=False),
        (A, MinutesAction.correct): Move(D, new_version=True),
        (P, MinutesAction.correct): Move(D, new_version=True),
    } == TRANSITIONS


@pytest.mark.parametrize(
    ("current", "action"),
    [
        pair
        for pair in itertools.product([None, *MinutesStatus], MinutesAction)
        if pair not in TRANSITIONS
    ],
)
def test_every_move_not_in_the_table_is_refused_in_words(
    current: MinutesStatus | None, action: MinutesAction
) -> None:
    with pytest.raises(Conflict) as refused:
        move(current, action, version=3)
    assert refused.value.detail.endswith(".")


def test_frozen_minutes_never_change_and_only_a_correction_leaves_them() -> None:
    for status in FROZEN:
        with pytest.raises(Conflict, match="Version 2 of these minutes has been approved"):
            move(status, MinutesAction.save_notes, version=2)
        with pytest.raises(Conflict):
            move(status, MinutesAction.approve, version=2)
        assert move(status, MinutesAction.correct, version=2) == Move(D, new_version=True)


def test_a_correction_needs_something_approved_to_correct() -> None:
    with pytest.raises(Conflict, match="nothing to correct"):
        move_version(None, MinutesAction.correct)
    with pytest.raises(Conflict, match="Version 4 is already a draft"):
        move_version({"status": "draft", "version": 4}, MinutesAction.correct)


def test_statuses_as_stored_text_are_accepted() -> None:
    assert move("approved", MinutesAction.publish).status == "published"


def test_version_numbers_count_up_from_one() -> None:
    assert new_version_number(None) == 1
    assert new_version_number(3) == 4


def test_publishing_takes_the_newest_approved_version_past_a_correction_draft() -> None:
    versions = [
        {"version": 1, "status": "published"},
        {"version": 2, "status": "approved"},
        {"version": 3, "status": "draft"},
    ]
    assert version_to_publish(versions)["version"] == 2
    assert version_to_publish(versions[:1])["version"] == 1  # nothing new: the published one
    with pytest.raises(Conflict, match="have not been approved yet"):
        version_to_publish([{"version": 1, "status": "draft"}])
    with pytest.raises(Conflict):
        version_to_publish([])


def test_who_reads_which_version() -> None:
    assert visible_statuses(keeper=True, member=True) == {D, A, P}
    assert visible_statuses(keeper=False, member=True) == {A, P}
    assert visible_statuses(keeper=False, member=False) == {P}


def test_a_version_you_may_not_read_is_not_found_like_one_that_does_not_exist() -> None:
    versions = [{"version": 1, "status": "approved"}, {"version": 2, "status": "draft"}]
    members = visible_statuses(keeper=False, member=True)
    assert pick_version(versions, members, None)["version"] == 1
    with pytest.raises(NotFound) as hidden:
        pick_version(versions, members, 2)
    with pytest.raises(NotFound) as missing:
        pick_version(versions, members, 9)
    assert hidden.value.detail.replace("2", "9") == missing.value.detail
    with pytest.raises(NotFound, match="not been approved yet"):
        pick_version(versions[1:], members, None)
