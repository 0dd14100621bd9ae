"""The motion state machine: one explicit table of every allowed move.

    moved --second--> seconded --open_vote--> voting --carry--> carried
      |                  |                       \\--fail---> failed
      \\--withdraw--------+--withdraw--> withdrawn
      \\--lapse-----------+--lapse-----> failed

    A verifiable vote closes into `decrypting`, decided once its tally is decrypted:
    voting --await_decryption--> decrypting --carry_decrypted--> carried
                                            \\--fail_decrypted---> failed

A written consent follows the same table: the service opens its vote as soon as it is
seconded, and fails it at its closing time (`fail` once its vote is open, `lapse` if it was
never seconded, so never opened).

Closing a vote is two actions in the table, `carry` and `fail`, so the table stays a plain
mapping. Callers that only know "close the vote" pass `close_vote` with `carried=`; it is
resolved to `carry` or `fail` before the table is consulted.
"""

from __future__ import annotations

from enum import StrEnum

from governance.errors import Conflict


class MotionStatus(StrEnum):
    moved = "moved"
    seconded = "seconded"
    voting = "voting"
    #: A verifiable vote closed: its encrypted tally waits for the trustees' decryptions.
    decrypting = "decrypting"
    carried = "carried"
    failed = "failed"
    withdrawn = "withdrawn"


class MotionAction(StrEnum):
    second = "second"
    withdraw = "withdraw"
    open_vote = "open_vote"
    carry = "carry"
    fail = "fail"
    #: A written consent reaching its closing time before its vote opened.
    lapse = "lapse"
    #: A verifiable vote's close: the box is shut, the trustees are to decrypt its tally.
    await_decryption = "await_decryption"
    #: A verifiable vote's tally decrypted by t trustees: the outcome (not `close_vote`,
    #: which only an open vote takes).
    carry_decrypted = "carry_decrypted"
    fail_decrypted = "fail_decrypted"
    #: Not in the table: resolved to `carry` or `fail` by `next_status(..., carried=...)`.
    close_vote = "close_vote"


TRANSITIONS: dict[tuple[MotionStatus, MotionAction], MotionStatus] = {
    (MotionStatus.moved, MotionAction.second): MotionStatus.seconded,
    (MotionStatus.moved, MotionAction.withdraw): MotionStatus.withdrawn,
    (MotionStatus.seconded, MotionAction.withdraw): MotionStatus.withdrawn,
    (MotionStatus.seconded, MotionAction.open_vote): MotionStatus.voting,
    (MotionStatus.voting, MotionAction.carry): MotionStatus.carried,
    (MotionStatus.voting, MotionAction.fail): MotionStatus.failed,
    (MotionStatus.voting, MotionAction.await_decryption): MotionStatus.decrypting,
    (MotionStatus.decrypting, MotionAction.carry_decrypted): MotionStatus.carried,
    (MotionStatus.decrypting, MotionAction.fail_decrypted): MotionStatus.failed,
    (MotionStatus.moved, MotionAction.lapse): MotionStatus.failed,
    (MotionStatus.seconded, MotionAction.lapse): MotionStatus.failed,
}

DECIDED: frozenset[MotionStatus] = frozenset(
    {MotionStatus.carried, MotionStatus.failed, MotionStatus.withdrawn}
)

#: Decided by a vote (or lapsed): the statuses whose motion carries a tally. Not the same
#: as `DECIDED`, which also holds `withdrawn`.
TALLIED: frozenset[MotionStatus] = frozenset({MotionStatus.carried, MotionStatus.failed})

#: Before the vote opens: the motion can still be amended, withdrawn, or recused from.
BEFORE_VOTE: frozenset[MotionStatus] = frozenset({MotionStatus.moved, MotionStatus.seconded})

_CLOSING = (MotionAction.carry, MotionAction.fail, MotionAction.close_vote)
_DECRYPTING = (
    MotionAction.await_decryption,
    MotionAction.carry_decrypted,
    MotionAction.fail_decrypted,
)


def close_action(carried: bool) -> MotionAction:
    """The table action for closing a vote with this outcome."""
    return MotionAction.carry if carried else MotionAction.fail


def refusal_reason(current: MotionStatus, action: MotionAction) -> str:
    """Why `action` cannot be taken on a motion in `current` status, in plain words.

    Only meaningful for pairs that are not in `TRANSITIONS`.
    """
    current, action = MotionStatus(current), MotionAction(action)
    if current is MotionStatus.withdrawn:
        return "This motion has already been withdrawn."
    if current in (MotionStatus.carried, MotionStatus.failed):
        return f"This motion has already been decided: it {current.value}."
    if action in _DECRYPTING and current is MotionStatus.voting:
        return "The vote on this motion is still open: its tally is decrypted after the close."
    if current is MotionStatus.voting:
        return {
            MotionAction.second: "This motion has already been seconded and its vote is open.",
            MotionAction.withdraw: "The vote on this motion is open, so it can no longer be "
            "withdrawn.",
            MotionAction.open_vote: "The vote on this motion is already open.",
            MotionAction.lapse: "The vote on this motion is open, so it is decided by its "
            "count, not lapsed.",
        }[action]
    if current is MotionStatus.decrypting:
        return "The vote on this motion has closed; its tally waits for the trustees."
    if action in _CLOSING or action in _DECRYPTING:
        return "The vote on this motion has not opened, so there is nothing to close."
    if current is MotionStatus.seconded:  # action is second
        return "This motion has already been seconded."
    # current is moved, action is open_vote
    return "A motion needs a seconder before the vote can open."


def check_allowed(current: MotionStatus | str, action: MotionAction | str) -> None:
    """Refuse `action` on a motion in `current` status exactly as `next_status` would.

    For checking before work that must not start on a refused motion (counting a ballot box
    before closing, say) when the outcome is not known yet. `close_vote` is allowed when
    either outcome is.

    Raises:
        Conflict: the motion's status does not allow the action; the detail says why.
    """
    current, action = MotionStatus(current), MotionAction(action)
    if action is MotionAction.close_vote:
        next_status(current, action, carried=True)
        next_status(current, action, carried=False)
    else:
        next_status(current, action)


def next_status(
    current: MotionStatus, action: MotionAction, *, carried: bool | None = None
) -> MotionStatus:
    """The status a motion moves to when `action` is taken, or a refusal.

    Args:
        current: The motion's status now.
        action: What someone wants to do. `close_vote` needs `carried`.
        carried: The outcome, for `close_vote` only.

    Raises:
        Conflict: the motion's status does not allow the action; the detail says why.
        ValueError: `close_vote` without `carried`, or `carried` given with another action.
    """
    current, action = MotionStatus(current), MotionAction(action)
    if action is MotionAction.close_vote:
        if carried is None:
            raise ValueError("close_vote needs carried=True or carried=False")
        action = close_action(carried)
    elif carried is not None:
        raise ValueError(f"carried only goes with close_vote, not {action.value}")
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise Conflict(refusal_reason(current, action), motion_status=current.value) from None
