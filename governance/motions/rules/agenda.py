"""Agenda items, rescheduling and cancelling: what a meeting allows before it opens.

A meeting's agenda is a list of items, in order, that the body's chair or secretary can
change only while the meeting is `scheduled`: once it opens, the agenda is the one the
meeting sat with (and the one its minutes state). Rescheduling and cancelling are also only
for a meeting that has not opened, and each needs a reason, recorded and shown.

Every motion in a meeting that has agenda items belongs to one of them; an amendment belongs
to its main motion's item.
"""

from __future__ import annotations

from collections.abc import Sequence

from governance.errors import Conflict, InvalidInput
from governance.motions.rules._parse import plural
from governance.motions.rules.procedure import MeetingStatus

MAX_AGENDA_ITEMS = 100
TITLE_MAX = 500
NOTES_MAX = 5_000
REASON_MAX = 1_000

_NOT_EDITABLE = {
    MeetingStatus.in_session: "The meeting is in session, so its agenda can no longer change.",
    MeetingStatus.adjourned: "The meeting has been adjourned, so its agenda can no longer change.",
    MeetingStatus.cancelled: "The meeting was cancelled, so its agenda can no longer change.",
}

_NOT_RESCHEDULABLE = {
    MeetingStatus.in_session: "The meeting is already in session, so it cannot be {verb}.",
    MeetingStatus.adjourned: "The meeting has been adjourned, so it cannot be {verb}.",
    MeetingStatus.cancelled: "The meeting was already cancelled, so it cannot be {verb}.",
}


def agenda_editable_check(meeting_status: MeetingStatus | str) -> None:
    """Agenda items can be added, edited, removed and reordered until the meeting opens.

    Raises:
        Conflict: the meeting is in session, adjourned or cancelled.
    """
    status = MeetingStatus(meeting_status)
    if status is not MeetingStatus.scheduled:
        raise Conflict(_NOT_EDITABLE[status], meeting_status=status.value)


def room_for_item_check(count: int) -> None:
    """An agenda holds at most `MAX_AGENDA_ITEMS` items.

    Raises:
        InvalidInput: the agenda is full.
    """
    if count >= MAX_AGENDA_ITEMS:
        raise InvalidInput(
            f"An agenda holds at most {MAX_AGENDA_ITEMS} items; remove one first.", field="title"
        )


def removal_check(motions_under_item: int) -> None:
    """An item that motions have been filed under cannot be removed (they would lose it).

    Raises:
        Conflict: motions belong to the item.
    """
    if motions_under_item > 0:
        raise Conflict(
            f"{plural(motions_under_item, 'motion')} {'is' if motions_under_item == 1 else 'are'}"
            " filed under this agenda item, so it cannot be removed. Edit its title instead."
        )


def new_order(current: Sequence[str], given: Sequence[str]) -> list[str]:
    """The agenda's new order: `given` must name every current item exactly once.

    Args:
        current: The ids of the meeting's items, in their present order.
        given: The ids in the order wanted.

    Raises:
        InvalidInput: `given` repeats an id, leaves one out or names one not on this agenda.
    """
    given = [str(i) for i in given]
    if len(set(given)) != len(given):
        raise InvalidInput("The new order lists an agenda item twice.", field="order")
    unknown = set(given) - set(current)
    if unknown:
        raise InvalidInput(
            "The new order names an item that is not on this meeting's agenda.", field="order"
        )
    missing = len(set(current) - set(given))
    if missing:
        raise InvalidInput(
            f"The new order leaves out {plural(missing, 'agenda item')}; list every item once.",
            field="order",
        )
    return given


def moved(order: Sequence[str], item_id: str, step: int) -> list[str]:
    """`order` with `item_id` moved one place up (`step=-1`) or down (`step=1`).

    Moving the first item up or the last one down leaves the order as it is.

    Raises:
        InvalidInput: the item is not in `order`, or `step` is not -1 or 1.
    """
    if step not in (-1, 1):
        raise InvalidInput("An item moves one place up or down.", field="direction")
    order = list(order)
    if item_id not in order:
        raise InvalidInput("That item is not on this meeting's agenda.", field="item")
    at = order.index(item_id)
    to = at + step
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
    return order


def schedule_change_check(meeting_status: MeetingStatus | str, *, cancelling: bool) -> None:
    """A meeting can be rescheduled or cancelled only while it is scheduled.

    Raises:
        Conflict: it has opened, has been adjourned, or was cancelled already.
    """
    status = MeetingStatus(meeting_status)
    if status is not MeetingStatus.scheduled:
        verb = "cancelled" if cancelling else "rescheduled"
        raise Conflict(_NOT_RESCHEDULABLE[status].format(verb=verb), meeting_status=status.value)


def cancel_check(open_motions: int) -> None:
    """A meeting with motions moved for it (and not withdrawn) cannot be cancelled: they
    would be left with no meeting to be decided in.

    Raises:
        Conflict: naming how many, and what to do instead.
    """
    if open_motions > 0:
        raise Conflict(
            f"{plural(open_motions, 'motion')} {'has' if open_motions == 1 else 'have'} been "
            "moved for this meeting. Reschedule the meeting instead, or ask the movers to "
            "withdraw them first."
        )


def motion_item_check(
    *,
    meeting_items: Sequence[str],
    given: str | None,
    main_motion_item: str | None = None,
    is_amendment: bool = False,
) -> str | None:
    """The agenda item a new motion in a meeting belongs to.

    Args:
        meeting_items: The ids of the meeting's agenda items.
        given: The item the mover named, if any.
        main_motion_item: For an amendment, the item of the motion it amends.
        is_amendment: An amendment belongs to its main motion's item; naming another is
            refused, naming none inherits it.

    Returns:
        The item's id, or None when the motion is not filed under an item (a meeting with no
        agenda items, or a caller of the API that does not name one: the contract's request
        shape has no `agenda_item`, so it stays optional there).

    Raises:
        InvalidInput: the item named is not on this meeting's agenda, or an amendment names
            an item other than its main motion's.
    """
    if is_amendment:
        if given is not None and given != main_motion_item:
            raise InvalidInput(
                "An amendment belongs to the agenda item of the motion it amends; leave "
                "agenda_item out.",
                field="agenda_item",
            )
        return main_motion_item
    if given is None:
        return None
    if given not in meeting_items:
        raise InvalidInput(
            "Choose an agenda item of this meeting for the motion.", field="agenda_item"
        )
    return given
