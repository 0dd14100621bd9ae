"""Meetings: scheduling one, its page (quorum in words, attendance, motions), running it."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from governance.errors import DomainError, Forbidden, InvalidInput
from governance.members import bodies, organisations
from governance.minutes.service import minutes_summary
from governance.motions import meetings, motions
from governance.web.auth import runtime_of
from governance.web.pages.common import (
    FormAction,
    Page,
    act_on_page,
    errors_for,
    read_form,
    see_other,
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


def _parse_when(day_text: str | None, time_text: str | None) -> datetime:
    try:
        moment = datetime.fromisoformat(f"{(day_text or '').strip()}T{(time_text or '').strip()}")
    except ValueError:
        raise InvalidInput(
            "Enter the day (for example 2026-03-31) and the time (for example 18:00).",
            field="day",
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


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
        org: str,
        meeting_id: str,
        action: FormAction,
        **how: Any,
    ) -> Template | Redirect:
        """Run a form's `action` and come back to the meeting's page."""
        render = partial(self._render_meeting, org=org, meeting_id=meeting_id)
        return await act_on_page(
            request, action, render, f"/orgs/{org}/meetings/{meeting_id}", **how
        )

    @post("/meetings/{meeting_id:str}/open")
    async def open(
        self, request: Request[Any, Any, Any], org: FromPath[str], meeting_id: FromPath[str]
    ) -> Template | Redirect:
        async def act(page: Page, form: dict[str, str]) -> Any:
            return await meetings.open_meeting(runtime_of(request), page.actor, org, meeting_id)

        return await self._act(request, org, meeting_id, act, done="opened")

    @post("/meetings/{meeting_id:str}/adjourn")
    async def adjourn(
        self, request: Request[Any, Any, Any], org: FromPath[str], meeting_id: FromPath[str]
    ) -> Template | Redirect:
        async def act(page: Page, form: dict[str, str]) -> Any:
            return await meetings.adjourn_meeting(runtime_of(request), page.actor, org, meeting_id)

        return await self._act(request, org, meeting_id, act, done="adjourned")

    @post("/meetings/{meeting_id:str}/attendance")
    async def attendance(
        self, request: Request[Any, Any, Any], org: FromPath[str], meeting_id: FromPath[str]
    ) -> Template | Redirect:
        """Record one seated member's attendance (one small form per person)."""

        async def act(page: Page, form: dict[str, str]) -> Any:
            return await meetings.set_attendance(
                runtime_of(request),
                page.actor,
                org,
                meeting_id,
                member_id=form.get("member_id", ""),
                status=form.get("status", ""),
            )

        return await self._act(request, org, meeting_id, act, done="attendance")

    @post("/meetings/{meeting_id:str}/motions")
    async def move(
        self, request: Request[Any, Any, Any], org: FromPath[str], meeting_id: FromPath[str]
    ) -> Template | Redirect:
        """Move a motion (a seated member); it then needs a second."""
        page = await Page.of(request)
        form = await read_form(request)
        try:
            moved = await motions.move_motion(
                runtime_of(request),
                page.actor,
                org,
                meeting_id,
                title=form.get("title", ""),
                text=form.get("text", ""),
                kind=form.get("kind") or None,
                threshold=form.get("threshold") or None,
                method=form.get("method") or None,
            )
        except DomainError as error:
            return await self._render_meeting(
                page,
                org,
                meeting_id,
                status=error.status if error.status < 500 else 400,
                errors=errors_for(error, "title"),
                values=form,
            )
        return see_other(f"/orgs/{org}/motions/{moved['id']}")

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
        page = await Page.of(request)
        form = await read_form(request)
        try:
            created = await meetings.create_meeting(
                runtime_of(request),
                page.actor,
                org,
                body_slug,
                title=form.get("title", ""),
                scheduled_for=_parse_when(form.get("day"), form.get("time")),
                location=form.get("location", ""),
                agenda=form.get("agenda", "").splitlines(),
            )
        except DomainError as error:
            organisation = await organisations.get_organisation(page.actor, org)
            body = await bodies.get_body(page.actor, org, body_slug)
            return page.render(
                "meetings/new.html",
                status=error.status if error.status < 500 else 400,
                org=organisation,
                body=body,
                errors=errors_for(error, "title"),
                values=form,
            )
        return see_other(f"/orgs/{org}/meetings/{created['id']}?done=created")
