"""A meeting's agenda item rows: reading them, and the first ones of a new meeting.

Changing them once the meeting exists is `governance.motions.agenda`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from governance.errors import InvalidInput
from governance.motions.rules.agenda import MAX_AGENDA_ITEMS, TITLE_MAX
from governance.motions.tables import AgendaItem


async def agenda_items(meeting_id: str) -> list[dict[str, Any]]:
    """The meeting's items in order: `{id, position, title, notes}`."""
    rows = (
        await AgendaItem.select(
            AgendaItem.id, AgendaItem.position, AgendaItem.title, AgendaItem.notes
        )
        .where(AgendaItem.meeting == meeting_id)
        .order_by(AgendaItem.position)
    )
    return [dict(r) for r in rows]


def clean_titles(agenda: Sequence[str] | None) -> list[str]:
    """The titles of a new meeting's agenda (`agenda?: [str]`), blank lines dropped."""
    titles = [str(i).strip() for i in agenda or [] if str(i).strip()]
    if len(titles) > MAX_AGENDA_ITEMS:
        raise InvalidInput(f"An agenda holds at most {MAX_AGENDA_ITEMS} items.", field="agenda")
    if any(len(t) > TITLE_MAX for t in titles):
        raise InvalidInput(
            f"Keep each agenda item to {TITLE_MAX} characters or fewer.", field="agenda"
        )
    return titles


async def insert_items(meeting_id: str, titles: Sequence[str], now: datetime) -> None:
    """Add `titles` as the items of a new meeting (inside its creating transaction)."""
    rows = [
        AgendaItem(
            meeting=meeting_id,
            position=position,
            title=title,
            notes="",
            created_at=now,
            updated_at=now,
        )
        for position, title in enumerate(titles, start=1)
    ]
    if rows:
        await AgendaItem.insert(*rows)
