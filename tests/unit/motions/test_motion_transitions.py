"""The motion state machine: every (status, action) pair is either in the table or refused
with a sentence that says why."""

from __future__ import annotations

import itertools

import pytest

from governance.errors import Conflict
from governance.motions.rules.transitions import (
    DECIDED,
    TRANSITIONS,
    MotionAction,
    MotionStatus,
    check_allowed,
    next_status,
)

S, A = MotionStatus, MotionAction

# The whole state machine, written out independently of the module's table.
EXPECTED_ALLOWED = {
    (S.moved, A.second): S.seconded,
    (S.moved, A.withdraw): S.withdrawn,
    (S.seconded, A.withdraw): S.withdrawn,
    (S.seconded, A.open_vote): S.voting,
    (S.voting, A.carry): S.carried,
    (S.voting, A.fail): S.failed,
    # A written consent whose closing time comes before its vote opened.
    (S.moved, A.lapse): S.failed,
    (S.seconded, A.lapse): S.failed,
    # A verifiable vote: closed, its tally waits for the trustees, then decided.
    (S.voting, A.await_decryption): S.decrypting,
    (S.decrypting, A.carry_decrypted): S.carried,
    (S.decrypting, A.fail_decrypted): S.failed,
}

TABLE_ACTIONS = [a for a in MotionAction if a is not A.close_vote]
ALL_PAIRS = list(itertools.product(MotionStatus, TABLE_ACTIONS))


def test_the_table_is_exactly_the_documented_machine() -> None:
    assert TRANSITIONS == EXPECTED_ALLOWED


@pytest.mark.parametrize(("current", "action"), ALL_PAIRS)
def test_every_pair_is_allowed_or_refused_in_words(
    current: MotionStatus, action: MotionAction
) -> None:
    if (current, action) in EXPECTED_ALLOWED:
        assert next_status(current, action) is EXPECTED_ALLOWED[(current, action)]
    else:
        with pytest.raises(Conflict) as refused:
            next_status(current, action)
        detail = refused.value.detail
        assert detail.endswith(".")
        assert "motion" in detail or "vote" in detail
        assert "_" not in detail  # no enum names leak into what a member reads
        assert refused.value.status == 409


@pytest.mark.parametrize(("current", "action"), ALL_PAIRS)
def test_nothing_leaves_a_decided_motion(current: MotionStatus, action: MotionAction) -> None:
    if current in DECIDED:
        with pytest.raises(Conflict):
            next_status(current, action)


def test_decided_is_the_three_final_states() -> None:
    assert {S.carried, S.failed, S.withdrawn} == DECIDED
    # Final means no row of the table starts there; every other status has a way out.
    starts = {current for current, _ in TRANSITIONS}
    assert starts == set(MotionStatus) - DECIDED


@pytest.mark.parametrize(
    ("current", "action", "detail"),
    [
        (S.withdrawn, A.second, "This motion has already been withdrawn."),
        (S.withdrawn, A.open_vote, "This motion has already been withdrawn."),
        (S.carried, A.withdraw, "This motion has already been decided: it carried."),
        (S.failed, A.open_vote, "This motion has already been decided: it failed."),
        (S.moved, A.open_vote, "A motion needs a seconder before the vote can open."),
        (S.seconded, A.second, "This motion has already been seconded."),
        (S.voting, A.open_vote, "The vote on this motion is already open."),
        (
            S.voting,
            A.withdraw,
            "The vote on this motion is open, so it can no longer be withdrawn.",
        ),
        (S.moved, A.carry, "The vote on this motion has not opened, so there is nothing to close."),
        (
            S.seconded,
            A.fail,
            "The vote on this motion has not opened, so there is nothing to close.",
        ),
    ],
)
def test_refusals_say_why(current: MotionStatus, action: MotionAction, detail: str) -> None:
    with pytest.raises(Conflict) as refused:
        next_status(current, action)
    assert refused.value.detail == detail
    assert refused.value.extra["motion_status"] == current.value


def test_close_vote_resolves_to_carried_or_failed() -> None:
    assert next_status(S.voting, A.close_vote, carried=True) is S.carried
    assert next_status(S.voting, A.close_vote, carried=False) is S.failed


@pytest.mark.parametrize("current", [s for s in MotionStatus if s is not S.voting])
def test_close_vote_is_refused_unless_voting(current: MotionStatus) -> None:
    with pytest.raises(Conflict):
        next_status(current, A.close_vote, carried=True)


def test_close_vote_needs_an_outcome() -> None:
    with pytest.raises(ValueError, match="carried"):
        next_status(S.voting, A.close_vote)


def test_an_outcome_only_goes_with_close_vote() -> None:
    with pytest.raises(ValueError, match="close_vote"):
        next_status(S.moved, A.second, carried=True)


def test_plain_strings_from_the_database_work() -> None:
    assert next_status("seconded", "open_vote") is S.voting  # type: ignore[arg-type]


@pytest.mark.parametrize(("current", "action"), [*ALL_PAIRS, *((s, A.close_vote) for s in S)])
def test_check_allowed_agrees_with_the_table(current: MotionStatus, action: MotionAction) -> None:
    allowed = (
        current is S.voting if action is A.close_vote else (current, action) in EXPECTED_ALLOWED
    )
    if allowed:
        check_allowed(current, action)
    else:
        with pytest.raises(Conflict):
            check_allowed(current, action)


def test_a_lapse_is_refused_once_the_vote_is_open() -> None:
    with pytest.raises(Conflict, match="decided by its count"):
        next_status(S.voting, A.lapse)
