"""A meeting's minutes page: read them; for the secretary or chair, edit the draft notes,
publish approved minutes, or start a correction."""

from __future__ import annotations

from functools import partial
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from governance.errors import InvalidInput
from governance.members import bodies, organisations
from governance.minutes import corrections, publishing, service
from governance.minutes.markdown import render_notes
from governance.web.pages.common import (
    ATTENDANCE_REQUIRED,
    FormFields,
    Page,
    Service,
    act_on_page,
    call_service,
    errors_for,
    read_form,
    row_errors,
)

DONE = {
    "saved": "The notes are saved.",
    "published": "The minutes are published.",
    "correction": "A new draft version is open for your correction.",
    "attendance": "The attendance is corrected. The change is in the audit log.",
}
ATTENDANCE = ["present", "remote", "absent", "excused"]


def _notes(form: dict[str, str]) -> dict[str, Any]:
    return {"notes": form.get("notes", "").replace("\r\n", "\n")}


async def _correctable_roll(page: Page, org: str, record: dict[str, Any]) -> list[dict[str, Any]]:
    """Everyone in the record's attendance, then the body's seated members not in it."""
    if not record["meeting"].get("adjourned_at"):
        return []  # still to be held or sitting: attendance is recorded on the meeting
    status = {p["member_id"]: p["status"] for p in record["attendance"]}
    roll = [
        {"member_id": p["member_id"], "display_name": p["display_name"], "status": p["status"]}
        for p in record["attendance"]
    ]
    body = await bodies.get_body(page.actor, org, record["body"]["slug"])
    roll += [
        {"member_id": s["member_id"], "display_name": s["display_name"], "status": None}
        for s in body["seated"]
        if s["member_id"] not in status
    ]
    return roll


class MinutesPages(Controller):
    path = "/orgs/{org:str}/meetings/{meeting_id:str}/minutes"
    include_in_schema = False

    async def _render(
        self, page: Page, org: str, meeting_id: str, *, status: int = 200, **extra: Any
    ) -> Template:
        organisation = await organisations.get_organisation(page.actor, org)
        summary = await service.minutes_summary(page.actor, org, meeting_id)
        if "errors" in extra:
            extra["errors"] = row_errors(extra["errors"], extra.get("values") or {})
        minutes = None
        roll: list[dict[str, Any]] = []
        if summary["status"] is not None:
            minutes = await service.get_minutes(page.actor, org, meeting_id)
            if summary["keeper"] and minutes["status"] == "draft":
                roll = await _correctable_roll(page, org, minutes["record"])
        return page.render(
            "minutes/minutes.html",
            status=status,
            org=organisation,
            meeting_id=meeting_id,
            summary=summary,
            minutes=minutes,
            done_text=DONE,
            roll=roll,
            statuses=ATTENDANCE,
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

    @post("/attendance")
    async def correct_attendance(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        """Correct one seated member's attendance in the draft (one small form per person)."""

        def fields(form: dict[str, str]) -> dict[str, Any]:
            return {"member_id": form.get("member_id", ""), "status": form.get("status", "")}

        return await self._act(
            request,
            corrections.correct_attendance,
            fields,
            done="attendance",
            required=ATTENDANCE_REQUIRED,
        )

    @post("/publish")
    async def publish(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._act(request, publishing.publish_minutes, done="published")

    @post("/corrections")
    async def correction(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._act(request, service.start_correction, done="correction")
