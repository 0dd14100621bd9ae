"""HTTP routes for a meeting's agenda items, and for rescheduling or cancelling it.

Each handler parses input, calls one service function and returns the meeting's JSON.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, delete, patch, post, put
from litestar.params import FromPath, JSONBody
from msgspec.structs import asdict

from governance.motions import agenda, scheduling
from governance.motions.schemas import (
    AgendaItemChange,
    AgendaItemIn,
    AgendaOrderIn,
    CancelIn,
    RescheduleIn,
)
from governance.web.auth import OrgCallDep

JSON = dict[str, Any]


class AgendaController(Controller):
    path = "/api/v1/orgs/{org:str}/meetings/{meeting_id:str}"
    tags = ["meetings"]

    @post("/agenda-items")
    async def add(
        self, call: OrgCallDep, meeting_id: FromPath[str], data: JSONBody[AgendaItemIn]
    ) -> JSON:
        """Add an item at the end of the agenda (until the meeting opens); 201, the meeting."""
        return await agenda.add_item(*call, meeting_id, **asdict(data))

    @put("/agenda-items/order", status_code=200)
    async def reorder(
        self, call: OrgCallDep, meeting_id: FromPath[str], data: JSONBody[AgendaOrderIn]
    ) -> JSON:
        """Put the items in a new order: `order` lists every item's id exactly once."""
        return await agenda.reorder_items(*call, meeting_id, order=data.order)

    @patch("/agenda-items/{item_id:str}", status_code=200)
    async def edit(
        self,
        call: OrgCallDep,
        meeting_id: FromPath[str],
        item_id: FromPath[str],
        data: JSONBody[AgendaItemChange],
    ) -> JSON:
        """Change an item's `title` and/or `notes` (until the meeting opens)."""
        return await agenda.edit_item(*call, meeting_id, item_id, **asdict(data))

    @delete("/agenda-items/{item_id:str}", status_code=200)
    async def remove(
        self, call: OrgCallDep, meeting_id: FromPath[str], item_id: FromPath[str]
    ) -> JSON:
        """Take an item off the agenda (until the meeting opens; not while motions use it)."""
        return await agenda.remove_item(*call, meeting_id, item_id)

    @post("/reschedule", status_code=200)
    async def reschedule(
        self, call: OrgCallDep, meeting_id: FromPath[str], data: JSONBody[RescheduleIn]
    ) -> JSON:
        """Move a scheduled meeting to a new time (and place), with the reason."""
        return await scheduling.reschedule_meeting(*call, meeting_id, **asdict(data))

    @post("/cancel", status_code=200)
    async def cancel(
        self, call: OrgCallDep, meeting_id: FromPath[str], data: JSONBody[CancelIn]
    ) -> JSON:
        """Cancel a scheduled meeting, with the reason."""
        return await scheduling.cancel_meeting(*call, meeting_id, reason=data.reason)
