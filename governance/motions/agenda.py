"""A meeting's agenda items: adding, editing, removing and reordering them before it opens.

Who may: the body's chair or secretary, or the organisation's secretary (or an admin), as
for scheduling the meeting. Each change runs in one write transaction under a lock on the
meeting's row (so it cannot interleave with the meeting opening), checks the meeting is still
`scheduled`, writes, rewrites the meeting's `agenda` mirror (the titles as a JSON list) and
appends its audit entry. Every refusal raises before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import today, utcnow
from governance.db import lock_row, transaction
from governance.errors import InvalidInput, NotFound
from governance.members.access import Actor, OrgAccess, member_access
from governance.motions.agenda_rows import agenda_items
from governance.motions.context import load_meeting, require_record_keeper
from governance.motions.meetings import get_meeting
from governance.motions.rules.agenda import (
    NOTES_MAX,
    TITLE_MAX,
    agenda_editable_check,
    moved,
    new_order,
    removal_check,
    room_for_item_check,
)
from governance.motions.tables import AgendaItem, Meeting, Motion
from governance.runtime import Runtime
from governance.text import clean_text


async def _sync_mirror(meeting_id: str) -> list[dict[str, Any]]:
    """Rewrite `Meeting.agenda` from the items; return the items."""
    items = await agenda_items(meeting_id)
    await Meeting.update({Meeting.agenda: json.dumps([i["title"] for i in items])}).where(
        Meeting.id == meeting_id
    )
    return items


async def _renumber(meeting_id: str, order: Sequence[str]) -> None:
    """Give the items positions 1..n in `order`, without ever repeating one (the unique
    index on meeting and position is checked row by row on PostgreSQL)."""
    await AgendaItem.update({AgendaItem.position: AgendaItem.position * -1}).where(
        AgendaItem.meeting == meeting_id
    )
    for position, item_id in enumerate(order, start=1):
        await AgendaItem.update({AgendaItem.position: position}).where(
            (AgendaItem.id == item_id) & (AgendaItem.meeting == meeting_id)
        )


async def _keeper(actor: Actor | None, slug: str, meeting_id: str) -> OrgAccess:
    access = await member_access(slug, actor)
    meeting = await load_meeting(access, meeting_id)
    await require_record_keeper(access, meeting["body"], today())
    return access


async def _locked_editable(meeting_id: str) -> None:
    """Lock the meeting's row, then check its agenda may still change."""
    await lock_row(Meeting, meeting_id)
    current = await Meeting.select(Meeting.status).where(Meeting.id == meeting_id).first()
    assert current is not None
    agenda_editable_check(current["status"])


async def _item(meeting_id: str, item_id: str) -> dict[str, Any]:
    row = (
        await AgendaItem.select()
        .where((AgendaItem.id == item_id) & (AgendaItem.meeting == meeting_id))
        .first()
    )
    if row is None:
        raise NotFound("There is no such item on this meeting's agenda.")
    return dict(row)


async def _record(
    access: OrgAccess, meeting_id: str, action: Action, data: dict[str, Any], now: datetime
) -> None:
    await audit.service.append(
        chain=access.org_id,
        actor=access.actor_label,
        action=action,
        subject=f"meeting:{meeting_id}",
        data=data,
        now=now,
    )


async def add_item(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    meeting_id: str,
    *,
    title: str,
    notes: str | None = None,
) -> dict[str, Any]:
    """Add an item at the end of the agenda; returns the meeting."""
    access = await _keeper(actor, slug, meeting_id)
    title = clean_text(title, field="title", max_len=TITLE_MAX)
    notes = clean_text(notes, field="notes", max_len=NOTES_MAX, required=False)
    now = utcnow()
    async with transaction(runtime.engine):
        await _locked_editable(meeting_id)
        count = await AgendaItem.count().where(AgendaItem.meeting == meeting_id)
        room_for_item_check(count)
        item = AgendaItem(
            meeting=meeting_id,
            position=count + 1,
            title=title,
            notes=notes,
            created_at=now,
            updated_at=now,
        )
        await AgendaItem.insert(item)
        await _sync_mirror(meeting_id)
        await _record(
            access,
            meeting_id,
            Action.AGENDA_ITEM_ADDED,
            {"item_id": item.id, "position": count + 1, "title": title, "notes": notes},
            now,
        )
    return await get_meeting(actor, slug, meeting_id)


async def edit_item(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    meeting_id: str,
    item_id: str,
    *,
    title: str | None = None,
    notes: str | None = None,
) -> dict[str, Any]:
    """Change an item's title and/or notes (what is left out stays); returns the meeting."""
    access = await _keeper(actor, slug, meeting_id)
    if title is not None:
        title = clean_text(title, field="title", max_len=TITLE_MAX)
    if notes is not None:
        notes = clean_text(notes, field="notes", max_len=NOTES_MAX, required=False)
    now = utcnow()
    async with transaction(runtime.engine):
        await _locked_editable(meeting_id)
        item = await _item(meeting_id, item_id)
        new_title = item["title"] if title is None else title
        new_notes = item["notes"] if notes is None else notes
        if (new_title, new_notes) != (item["title"], item["notes"]):
            await AgendaItem.update(
                {
                    AgendaItem.title: new_title,
                    AgendaItem.notes: new_notes,
                    AgendaItem.updated_at: now,
                }
            ).where(AgendaItem.id == item_id)
            await _sync_mirror(meeting_id)
            await _record(
                access,
                meeting_id,
                Action.AGENDA_ITEM_EDITED,
                {"item_id": item_id, "title": new_title, "notes": new_notes},
                now,
            )
    return await get_meeting(actor, slug, meeting_id)


async def remove_item(
    runtime: Runtime, actor: Actor | None, slug: str, meeting_id: str, item_id: str
) -> dict[str, Any]:
    """Take an item off the agenda (refused while motions are filed under it)."""
    access = await _keeper(actor, slug, meeting_id)
    now = utcnow()
    async with transaction(runtime.engine):
        await _locked_editable(meeting_id)
        item = await _item(meeting_id, item_id)
        removal_check(await Motion.count().where(Motion.agenda_item == item_id))
        await AgendaItem.delete().where(AgendaItem.id == item_id)
        rest = [i["id"] for i in await agenda_items(meeting_id)]
        await _renumber(meeting_id, rest)
        await _sync_mirror(meeting_id)
        await _record(
            access,
            meeting_id,
            Action.AGENDA_ITEM_REMOVED,
            {"item_id": item_id, "title": item["title"]},
            now,
        )
    return await get_meeting(actor, slug, meeting_id)


async def reorder_items(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    meeting_id: str,
    *,
    order: Sequence[str] | None = None,
    item_id: str | None = None,
    direction: str | None = None,
) -> dict[str, Any]:
    """Put the items in a new order: the whole `order` (every item's id once), or one item
    moved one place (`item_id` with `direction` `up` or `down`, for the page's buttons)."""
    access = await _keeper(actor, slug, meeting_id)
    if (order is None) == (item_id is None):
        raise InvalidInput("Give the new order of every agenda item.", field="order")
    now = utcnow()
    async with transaction(runtime.engine):
        await _locked_editable(meeting_id)
        current = [i["id"] for i in await agenda_items(meeting_id)]
        if order is not None:
            wanted = new_order(current, order)
        else:
            assert item_id is not None
            steps = {"up": -1, "down": 1}
            if direction not in steps:
                raise InvalidInput("Move the item up or down.", field="direction")
            wanted = moved(current, item_id, steps[direction])
        if wanted != current:
            await _renumber(meeting_id, wanted)
            await _sync_mirror(meeting_id)
            await _record(access, meeting_id, Action.AGENDA_REORDERED, {"order": wanted}, now)
    return await get_meeting(actor, slug, meeting_id)
