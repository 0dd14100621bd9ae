"""A meeting's agenda page (add, edit, remove, reorder items), and rescheduling or cancelling
it: each on a page of its own, reached from the meeting's page while it is scheduled.

Reordering without JavaScript: each item has Up and Down buttons that move it one place.
Cancelling asks for a reason and a ticked confirmation; rescheduling, on its own page, for
the new time and the reason.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from governance.errors import Forbidden, InvalidInput, NotFound
from governance.members import bodies, organisations
from governance.motions import agenda, meetings, scheduling
from governance.web.pages.common import (
    Page,
    act_then_redirect,
    again_with,
    call_service,
)
from governance.web.pages.meeting_pages import _parse_when as parse_when
from governance.web.pages.meeting_pages import keeps_record

KEEPERS_ONLY = (
    "Only the body's chair or secretary, or the organisation's secretary, can change this "
    "meeting's agenda or schedule."
)


def _item_fields(form: dict[str, str]) -> dict[str, Any]:
    return {"title": form.get("title", ""), "notes": form.get("notes", "")}


def _move_fields(form: dict[str, str]) -> dict[str, Any]:
    return {"item_id": form.get("item", ""), "direction": form.get("direction", "")}


def _reschedule_fields(form: dict[str, str]) -> dict[str, Any]:
    return {
        "scheduled_for": parse_when(form.get("day"), form.get("time")),
        "location": form.get("location", ""),
        "reason": form.get("reason", ""),
    }


def _cancel_fields(form: dict[str, str]) -> dict[str, Any]:
    if form.get("confirm") != "yes":
        raise InvalidInput(
            "Tick the box to confirm that this meeting is cancelled.", field="confirm"
        )
    return {"reason": form.get("reason", "")}


class AgendaPages(Controller):
    path = "/orgs/{org:str}/meetings/{meeting_id:str}"
    include_in_schema = False

    async def _context(self, page: Page, org: str, meeting_id: str) -> dict[str, Any]:
        organisation = await organisations.get_organisation(page.actor, org)
        meeting = await meetings.get_meeting(page.actor, org, meeting_id)
        body = await bodies.get_body(page.actor, org, meeting["body"])
        if not keeps_record(body, organisation):
            raise Forbidden(KEEPERS_ONLY)
        return {"org": organisation, "meeting": meeting, "body": body}

    async def _render(
        self, page: Page, org: str, meeting_id: str, template: str, **extra: Any
    ) -> Template:
        status = extra.pop("status", 200)
        context = await self._context(page, org, meeting_id)
        return page.render(template, status=status, **{**context, **extra})

    async def _post(
        self,
        request: Request[Any, Any, Any],
        service: Any,
        *head: str,
        template: str,
        fields: Any = None,
        done: str,
        field: str = "_form",
        back: str = "agenda",
        **extra: Any,
    ) -> Template | Redirect:
        org, meeting_id = request.path_params["org"], request.path_params["meeting_id"]
        render = partial(self._render, org=org, meeting_id=meeting_id, template=template, **extra)
        where = f"/orgs/{org}/meetings/{meeting_id}"
        if back == "agenda":
            where += "/agenda"
        return await act_then_redirect(
            request,
            call_service(request, service, org, meeting_id, *head, fields=fields),
            render_again=again_with(render),
            success_url=f"{where}?done={done}",
            field=field,
        )

    # -- the agenda -------------------------------------------------------------------------

    @get("/agenda")
    async def agenda_page(
        self, request: Request[Any, Any, Any], org: FromPath[str], meeting_id: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        done = request.query_params.get("done")
        return await self._render(page, org, meeting_id, "meetings/agenda.html", done=done)

    @post("/agenda/items")
    async def add(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._post(
            request,
            agenda.add_item,
            template="meetings/agenda.html",
            fields=_item_fields,
            done="added",
            field="title",
        )

    @post("/agenda/move")
    async def move(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        """Move one item up or down (the Up and Down buttons)."""
        return await self._post(
            request,
            agenda.reorder_items,
            template="meetings/agenda.html",
            fields=_move_fields,
            done="moved",
        )

    @post("/agenda/items/{item_id:str}/remove")
    async def remove(
        self, request: Request[Any, Any, Any], item_id: FromPath[str]
    ) -> Template | Redirect:
        return await self._post(
            request, agenda.remove_item, item_id, template="meetings/agenda.html", done="removed"
        )

    @get("/agenda/items/{item_id:str}/edit")
    async def edit_form(
        self,
        request: Request[Any, Any, Any],
        org: FromPath[str],
        meeting_id: FromPath[str],
        item_id: FromPath[str],
    ) -> Template:
        page = await Page.of(request)
        context = await self._context(page, org, meeting_id)
        item = _find_item(context["meeting"], item_id)
        return page.render(
            "meetings/agenda_item.html",
            item=item,
            values={"title": item["title"], "notes": item["notes"]},
            **context,
        )

    @post("/agenda/items/{item_id:str}/edit")
    async def edit(
        self, request: Request[Any, Any, Any], meeting_id: FromPath[str], item_id: FromPath[str]
    ) -> Template | Redirect:
        org = request.path_params["org"]
        meeting = await meetings.get_meeting((await Page.of(request)).actor, org, meeting_id)
        return await self._post(
            request,
            agenda.edit_item,
            item_id,
            template="meetings/agenda_item.html",
            fields=_item_fields,
            done="edited",
            field="title",
            item=_find_item(meeting, item_id),
        )

    # -- rescheduling and cancelling -------------------------------------------------------

    @get("/reschedule")
    async def reschedule_form(
        self, request: Request[Any, Any, Any], org: FromPath[str], meeting_id: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        context = await self._context(page, org, meeting_id)
        when = str(context["meeting"]["scheduled_for"] or "")
        values = {"day": when[:10], "time": when[11:16], "location": context["meeting"]["location"]}
        return page.render("meetings/reschedule.html", values=values, **context)

    @post("/reschedule")
    async def reschedule(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._post(
            request,
            scheduling.reschedule_meeting,
            template="meetings/reschedule.html",
            fields=_reschedule_fields,
            done="rescheduled",
            field="reason",
            back="meeting",
        )

    @get("/cancel")
    async def cancel_form(
        self, request: Request[Any, Any, Any], org: FromPath[str], meeting_id: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        return await self._render(page, org, meeting_id, "meetings/cancel.html")

    @post("/cancel")
    async def cancel(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._post(
            request,
            scheduling.cancel_meeting,
            template="meetings/cancel.html",
            fields=_cancel_fields,
            done="cancelled",
            field="reason",
            back="meeting",
        )


def _find_item(meeting: dict[str, Any], item_id: str) -> dict[str, Any]:
    for item in meeting["agenda_items"]:
        if item["id"] == item_id:
            return dict(item)
    raise NotFound("There is no such item on this meeting's agenda.")
