"""A meeting's minutes page: read them; for the secretary or chair, edit the draft notes,
publish approved minutes, or start a correction."""

from __future__ import annotations

from functools import partial
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from governance.errors import InvalidInput
from governance.members import organisations
from governance.minutes import publishing, service
from governance.minutes.markdown import render_notes
from governance.web.pages.common import (
    FormFields,
    Page,
    Service,
    act_on_page,
    call_service,
    errors_for,
    read_form,
)

DONE = {
    "saved": "The notes are saved.",
    "published": "The minutes are published.",
    "correction": "A new draft version is open for your correction.",
}


def _notes(form: dict[str, str]) -> dict[str, Any]:
    return {"notes": form.get("notes", "").replace("\r\n", "\n")}


class MinutesPages(Controller):
    path = "/orgs/{org:str}/meetings/{meeting_id:str}/minutes"
    include_in_schema = False

    async def _render(
        self, page: Page, org: str, meeting_id: str, *, status: int = 200, **extra: Any
    ) -> Template:
        organisation = await organisations.get_organisation(page.actor, org)
        summary = await service.minutes_summary(page.actor, org, meeting_id)
        minutes = None
        if summary["status"] is not None:
            minutes = await service.get_minutes(page.actor, org, meeting_id)
        return page.render(
            "minutes/minutes.html",
            status=status,
            org=organisation,
            meeting_id=meeting_id,
            summary=summary,
            minutes=minutes,
            done_text=DONE,
            **extra,
        )

    @get("/")
    async def show(
        self, request: Request[Any, Any, Any], org: FromPath[str], meeting_id: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        return await self._render(page, org, meeting_id, done=request.query_params.get("done"))

    async def _act(
        self,
        request: Request[Any, Any, Any],
        service: Service,
        fields: FormFields | None = None,
        **how: Any,
    ) -> Template | Redirect:
        """Run `service` on the meeting's minutes with the form's `fields`, and come back to
        them (503 when the PDF cannot be made)."""
        org, meeting_id = request.path_params["org"], request.path_params["meeting_id"]
        action = call_service(request, service, org, meeting_id, fields=fields)
        render = partial(self._render, org=org, meeting_id=meeting_id)
        url = f"/orgs/{org}/meetings/{meeting_id}/minutes"
        return await act_on_page(request, action, render, url, unavailable_status=503, **how)

    @post("/")
    async def save(
        self, request: Request[Any, Any, Any], org: FromPath[str], meeting_id: FromPath[str]
    ) -> Template | Redirect:
        """Save the notes, or (the Preview button) show them rendered without saving."""
        form = await read_form(request)
        if form.get("action") == "preview":
            page = await Page.of(request)
            notes = _notes(form)["notes"]
            await service.keeper_access(page.actor, org, meeting_id)
            try:
                service.check_notes(notes)
            except InvalidInput as error:
                return await self._render(
                    page, org, meeting_id, status=400, errors=errors_for(error), values=form
                )
            return await self._render(
                page, org, meeting_id, values=form, preview_html=render_notes(notes)
            )

        return await self._act(request, service.save_notes, _notes, done="saved", field="notes")

    @post("/publish")
    async def publish(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._act(request, publishing.publish_minutes, done="published")

    @post("/corrections")
    async def correction(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._act(request, service.start_correction, done="correction")
