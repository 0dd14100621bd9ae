"""Meetings: scheduling one, its page (quorum in words, attendance, motions), running it."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from functools import partial
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from governance.errors import Conflict, Forbidden, InvalidInput
from governance.members import bodies, organisations
from governance.minutes.service import minutes_summary
from governance.motions import meetings, motions
from governance.web.auth import runtime_of
from governance.web.pages.common import (
    FormFields,
    Page,
    Service,
    act_on_page,
    act_then_redirect,
    again_with,
    call_service,
)

ATTENDANCE = ["present", "remote", "absent", "excused"]
METHODS = ["roll_call", "secret", "show_of_hands"]
THRESHOLDS = ["majority", "two_thirds", "majority_of_seats", "unanimous"]
KINDS = ["main", "appointment"]


def _your_seat_role(body: dict[str, Any], org: dict[str, Any]) -> str | None:
    me = (org.get("you") or {}).get("member_id")
    return next((s["role"] for s in body["seated"] if s["member_id"] == me), None)


def keeps_record(body: dict[str, Any], org: dict[str, Any]) -> bool:
    """The body's chair or secretary, or the organisation's secretary or administrators."""
    you = org.get("you") or {}
    return (
        _your_seat_role(body, org) in ("chair", "secretary")
        or bool(you.get("admin"))
        or "secretary" in (you.get("roles") or [])
    )


def _parse_when(day_text: str | None, time_text: str | None, zone: tzinfo = UTC) -> datetime:
    """The day and time typed in the form, read as local time in the organisation's zone."""
    try:
        moment = datetime.fromisoformat(f"{(day_text or '').strip()}T{(time_text or '').strip()}")
    except ValueError:
        raise InvalidInput(
            "Enter the day (for example 2026-03-31) and the time (for example 18:00).",
            field="day",
        ) from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _attendance(form: dict[str, str]) -> dict[str, Any]:
    return {"member_id": form.get("member_id", ""), "status": form.get("status", "")}


def _motion(form: dict[str, str]) -> dict[str, Any]:
    return {
        "title": form.get("title", ""),
        "text": form.get("text", ""),
        "kind": form.get("kind") or None,
        "threshold": form.get("threshold") or None,
        "method": form.get("method") or None,
    }


def _meeting(form: dict[str, str], zone: tzinfo = UTC) -> dict[str, Any]:
    return {
        "title": form.get("title", ""),
        "scheduled_for": _parse_when(form.get("day"), form.get("time"), zone),
        "location": form.get("location", ""),
        "agenda": form.get("agenda", "").splitlines(),
    }


class MeetingPages(Controller):
    path = "/orgs/{org:str}"
    include_in_schema = False

    async def _meeting_context(self, page: Page, org: str, meeting_id: str) -> dict[str, Any]:
        organisation = await organisations.get_organisation(page.actor, org)
        meeting = await meetings.get_meeting(page.actor, org, meeting_id)
        body = await bodies.get_body(page.actor, org, meeting["body"])
        seat_role = _your_seat_role(body, organisation)
        attendance = {a["member_id"]: a["status"] for a in meeting["attendance"]}
        return {
            "org": organisation,
            "meeting": meeting,
            "body": body,
            "seat_role": seat_role,
            "runs_meeting": keeps_record(body, organisation),
            "seated_here": seat_role is not None,
            "roll": [{**s, "attendance": attendance.get(s["member_id"])} for s in body["seated"]],
            "statuses": ATTENDANCE,
            "methods": METHODS,
            "thresholds": THRESHOLDS,
            "kinds": KINDS,
            "minutes": await minutes_summary(page.actor, org, meeting_id),
        }

    async def _render_meeting(
        self,
        page: Page,
        org: str,
        meeting_id: str,
        *,
        status: int = 200,
        **extra: Any,
    ) -> Template:
        context = await self._meeting_context(page, org, meeting_id)
        return page.render("meetings/meeting.html", status=status, **{**context, **extra})

    @get("/meetings/{meeting_id:str}")
    async def meeting(
        self, request: Request[Any, Any, Any], org: FromPath[str], meeting_id: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        done = request.query_params.get("done")
        return await self._render_meeting(page, org, meeting_id, done=done)

    async def _act(
        self,
        request: Request[Any, Any, Any],
        service: Service,
        fields: FormFields | None = None,
        **how: Any,
    ) -> Template | Redirect:
        """Run `service` on the meeting in the address with the form's `fields`; back to it."""
        org, meeting_id = request.path_params["org"], request.path_params["meeting_id"]
        action = call_service(request, service, org, meeting_id, fields=fields)
        render = partial(self._render_meeting, org=org, meeting_id=meeting_id)
        return await act_on_page(
            request, action, render, f"/orgs/{org}/meetings/{meeting_id}", **how
        )

    @post("/meetings/{meeting_id:str}/open")
    async def open(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._act(request, meetings.open_meeting, done="opened")

    @get("/meetings/{meeting_id:str}/adjourn")
    async def confirm_adjourn(
        self, request: Request[Any, Any, Any], org: FromPath[str], meeting_id: FromPath[str]
    ) -> Template:
        """Before adjourning: what is still open, and a button to confirm."""
        page = await Page.of(request)
        context = await self._meeting_context(page, org, meeting_id)
        if not (context["runs_meeting"] or (page.actor and page.actor.is_platform_admin)):
            raise Forbidden("Only the chair or the secretary can adjourn the meeting.")
        if context["meeting"]["status"] != "in_session":
            raise Conflict("The meeting is not in session, so it cannot be adjourned.")
        return page.render("meetings/adjourn.html", **context)

    @post("/meetings/{meeting_id:str}/adjourn")
    async def adjourn(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await self._act(request, meetings.adjourn_meeting, done="adjourned")

    @post("/meetings/{meeting_id:str}/attendance")
    async def attendance(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        """Record one seated member's attendance (one small form per person)."""
        return await self._act(request, meetings.set_attendance, _attendance, done="attendance")

    @post("/meetings/{meeting_id:str}/motions")
    async def move(
        self, request: Request[Any, Any, Any], org: FromPath[str], meeting_id: FromPath[str]
    ) -> Template | Redirect:
        """Move a motion (a seated member); it then needs a second."""
        return await act_then_redirect(
            request,
            call_service(request, motions.move_motion, org, meeting_id, fields=_motion),
            render_again=again_with(partial(self._render_meeting, org=org, meeting_id=meeting_id)),
            success_url=lambda moved: f"/orgs/{org}/motions/{moved['id']}",
            field="title",
        )

    @get("/bodies/{body_slug:str}/meetings/new")
    async def new_meeting_form(
        self, request: Request[Any, Any, Any], org: FromPath[str], body_slug: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        organisation = await organisations.get_organisation(page.actor, org)
        body = await bodies.get_body(page.actor, org, body_slug)
        if not keeps_record(body, organisation):
            raise Forbidden(
                "Only the body's chair or secretary, or the organisation's secretary, "
                "can schedule its meetings."
            )
        return page.render(
            "meetings/new.html", org=organisation, body=body, values={"time": "18:00"}
        )

    @post("/bodies/{body_slug:str}/meetings/new")
    async def new_meeting(
        self, request: Request[Any, Any, Any], org: FromPath[str], body_slug: FromPath[str]
    ) -> Template | Redirect:
        """Schedule a meeting (the body's chair or secretary, or the org's secretary)."""

        async def again(
            page: Page, status: int, errors: dict[str, str], values: dict[str, str]
        ) -> Template:
            return page.render(
                "meetings/new.html",
                status=status,
                org=await organisations.get_organisation(page.actor, org),
                body=await bodies.get_body(page.actor, org, body_slug),
                errors=errors,
                values=values,
            )

        return await act_then_redirect(
            request,
            call_service(
                request,
                meetings.create_meeting,
                org,
                body_slug,
                fields=partial(_meeting, zone=runtime_of(request).settings.zone),
            ),
            render_again=again,
            success_url=lambda created: f"/orgs/{org}/meetings/{created['id']}?done=created",
            field="title",
        )
