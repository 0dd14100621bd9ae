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
from governance.members.electorate import electorate
from governance.minutes.quorum_history import meeting_quorum_history
from governance.minutes.service import minutes_summary
from governance.motions import meetings, motions, pro_tem
from governance.motions.rules.floor import next_step, on_the_floor
from governance.motions.rules.kinds import TARGET_FIELD
from governance.text import day_in
from governance.web.auth import runtime_of
from governance.web.pages.common import (
    ATTENDANCE_REQUIRED,
    FormFields,
    Page,
    RenderAgain,
    Service,
    act_on_page,
    act_then_redirect,
    again_with,
    call_service,
    row_errors,
)

ATTENDANCE = ["present", "remote", "absent", "excused"]
METHODS = ["roll_call", "secret", "show_of_hands"]
THRESHOLDS = ["majority", "two_thirds", "majority_of_seats", "unanimous"]
KINDS = [
    "main",
    "appointment",
    "rescind",
    "postpone",
    "refer",
    "reconsider",
    "approve_minutes",
]
ROLES = ["director", "chair", "vice_chair", "secretary", "treasurer"]
MOTION_REQUIRED = {
    "title": "Enter a short title for the motion",
    "text": "Enter what the board would decide",
}


def motion_required(form: dict[str, str]) -> dict[str, str]:
    """A motion's title and text; its agenda item when the meeting has items; for approving
    minutes, also the meeting they are of (all reported at once)."""
    required = dict(MOTION_REQUIRED)
    if form.get("agenda_required") == "yes":
        required = {"agenda_item": "Choose the agenda item this motion is under", **required}
    if form.get("kind") == "approve_minutes":
        required["minutes_of"] = "Choose the meeting whose minutes you approve"
    return required


MEETING_REQUIRED = {
    "title": "Enter the meeting's title",
    "day": "Enter the day of the meeting",
    "time": "Enter the time the meeting starts",
}


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


def records_pro_tem(body: dict[str, Any], org: dict[str, Any]) -> bool:
    """The body's secretary, or the organisation's secretary or administrators."""
    you = org.get("you") or {}
    return (
        _your_seat_role(body, org) == "secretary"
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


def _pro_tem(form: dict[str, str]) -> dict[str, Any]:
    return {"member_id": form.get("member_id", "")}


def _motion(form: dict[str, str]) -> dict[str, Any]:
    # The page's form lists the meeting's agenda items and asks for one (the API does not).
    if form.get("agenda_required") == "yes" and not form.get("agenda_item"):
        raise InvalidInput("Choose the agenda item this motion is under.", field="agenda_item")
    fields: dict[str, Any] = {
        "title": form.get("title", ""),
        "text": form.get("text", ""),
        "kind": form.get("kind") or None,
        "threshold": form.get("threshold") or None,
        "method": form.get("method") or None,
        "agenda_item": form.get("agenda_item") or None,
        "minutes_of": (form.get("minutes_of") or None)
        if form.get("kind") == "approve_minutes"
        else None,
    }
    fields.update(_acts_on(form))
    return fields


def _acts_on(form: dict[str, str]) -> dict[str, Any]:
    """The fields the chosen kind needs, from the form's "what it acts on" part; the form
    always posts every one of them, so only the chosen kind's are passed on."""
    kind = form.get("kind") or ""
    fields: dict[str, Any] = {}
    if kind in TARGET_FIELD:
        fields[TARGET_FIELD[kind]] = form.get("target") or ""
    if kind == "postpone":
        fields["to_meeting"] = form.get("to_meeting") or ""
    if kind == "refer":
        fields["to_body"] = form.get("to_body") or ""
    if kind == "appointment":
        fields["appoints"] = {
            "member_id": form.get("appoints.member_id", ""),
            "role": form.get("appoints.role", ""),
            "starts_on": form.get("appoints.starts_on") or None,
            "ends_on": form.get("appoints.ends_on") or None,
        }
    return fields


def _target_errors(render_again: RenderAgain) -> RenderAgain:
    """Show an error about `rescinds`, `postpones`, ... beside the form's one `target`."""

    async def again(
        page: Page, status: int, errors: dict[str, str], values: dict[str, str]
    ) -> Template:
        named = set(TARGET_FIELD.values())
        errors = {("target" if k in named else k): v for k, v in errors.items()}
        return await render_again(page, status, errors, values)

    return again


async def _kind_choices(
    page: Page, org: str, meeting: dict[str, Any], body: dict[str, Any]
) -> dict[str, Any]:
    """The options of the motion form's "what it acts on" part."""
    runtime = runtime_of(page.request)
    carried = await motions.list_motions(
        runtime, page.actor, org, body_slug=body["slug"], status="carried"
    )
    later = await meetings.list_meetings(page.actor, org, body["slug"])
    return {
        "target_options": [
            (m["id"], f"{m['number']}: {m['title']} ({m['status']})")
            for m in [*meeting["motions"], *carried]
        ],
        "meeting_options": [
            (m["id"], f"{m['title']}, {str(m['scheduled_for'])[:10]}")
            for m in later
            if m["status"] == "scheduled" and m["id"] != meeting["id"]
        ],
        "committee_options": [
            (b["slug"], b["name"])
            for b in await bodies.list_bodies(page.actor, org)
            if b["kind"] == "committee"
        ],
        "member_options": [
            (m["id"], m["display_name"]) for m in await organisations.list_members(page.actor, org)
        ],
        "role_options": [(r, r.replace("_", " ").capitalize()) for r in ROLES],
    }


def _meeting(form: dict[str, str], zone: tzinfo = UTC) -> dict[str, Any]:
    return {
        "title": form.get("title", ""),
        "scheduled_for": _parse_when(form.get("day"), form.get("time"), zone),
        "location": form.get("location", ""),
        "agenda": form.get("agenda", "").splitlines(),
    }


async def _earlier_meetings(page: Page, org: str, meeting: dict[str, Any]) -> list[tuple[str, str]]:
    """The body's adjourned meetings (not this one), as `(id, label)` options for a motion to
    approve their minutes, the most recent first."""
    listed = await meetings.list_meetings(page.actor, org, meeting["body"])
    zone = runtime_of(page.request).settings.zone
    return [
        (m["id"], f"{m['title']} ({day_in(m['scheduled_for'], zone)})")
        for m in listed
        if m["status"] == "adjourned" and m["id"] != meeting["id"]
    ]


class MeetingPages(Controller):
    path = "/orgs/{org:str}"
    include_in_schema = False

    async def _meeting_context(self, page: Page, org: str, meeting_id: str) -> dict[str, Any]:
        organisation = await organisations.get_organisation(page.actor, org)
        meeting = await meetings.get_meeting(page.actor, org, meeting_id, public_ok=True)
        attendance = {a["member_id"]: a["status"] for a in meeting["attendance"]}
        if not (organisation.get("you") or {}).get("member_id") and not (
            page.actor and page.actor.is_platform_admin
        ):
            # A public reader: the meeting as the record shows it (no seats, no forms).
            return {
                "org": organisation,
                "meeting": meeting,
                "body": None,
                "seat_role": None,
                "runs_meeting": False,
                "seated_here": False,
                "roll": [{**a, "attendance": a["status"]} for a in meeting["attendance"]],
                "statuses": ATTENDANCE,
                "minutes": await minutes_summary(page.actor, org, meeting_id),
                "minutes_meetings": [],
            }
        body = await bodies.get_body(page.actor, org, meeting["body"])
        if body["kind"] == "assembly":
            # An assembly's roll is its electorate, every member in good standing.
            body = {
                **body,
                "seated": [
                    {
                        "member_id": s["membership"],
                        "display_name": s["membership.account.display_name"],
                        "role": s["role"],
                    }
                    for s in sorted(
                        await electorate(body["id"]),
                        key=lambda s: s["membership.account.display_name"] or "",
                    )
                ],
            }
        seat_role = _your_seat_role(body, organisation)
        me = (organisation.get("you") or {}).get("member_id")
        presiding = meeting.get("presiding") or {}
        roll = [{**s, "attendance": attendance.get(s["member_id"])} for s in body["seated"]]
        return {
            "org": organisation,
            "meeting": meeting,
            "body": body,
            "seat_role": seat_role,
            "you_preside": me is not None and presiding.get("member_id") == me,
            "you_present": attendance.get(me or "") in ("present", "remote"),
            "floor": on_the_floor(meeting["motions"]),
            "next_step": next_step(
                meeting_status=meeting["status"],
                quorum_met=bool(meeting["quorum"]["met"]),
                motions=meeting["motions"],
            ),
            # Only while it sits: replayed later with today's attestations, a past meeting's
            # history would change when someone's attestation does (the minutes keep the
            # history as it was, frozen at approval).
            "quorum_history": (
                await meeting_quorum_history(page.actor, org, meeting_id)
                if meeting["status"] == "in_session"
                else []
            ),
            "present_seated": [r for r in roll if r["attendance"] in ("present", "remote")],
            "records_pro_tem": records_pro_tem(body, organisation),
            "runs_meeting": keeps_record(body, organisation),
            "seated_here": seat_role is not None,
            "roll": roll,
            "statuses": ATTENDANCE,
            "methods": METHODS,
            "thresholds": THRESHOLDS,
            "kinds": KINDS,
            "minutes": await minutes_summary(page.actor, org, meeting_id),
            "minutes_meetings": await _earlier_meetings(page, org, meeting) if seat_role else [],
            **(
                await _kind_choices(page, org, meeting, body)
                if seat_role is not None and meeting["status"] != "adjourned"
                else {}
            ),
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
        if "errors" in extra:
            extra["errors"] = row_errors(extra["errors"], extra.get("values") or {})
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
        return await self._act(
            request,
            meetings.set_attendance,
            _attendance,
            done="attendance",
            required=ATTENDANCE_REQUIRED,
        )

    @post("/meetings/{meeting_id:str}/chair-pro-tem")
    async def chair_pro_tem(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        """Record the chair pro tem the meeting elected (the body's secretary, or the org's
        secretary or an admin)."""
        return await self._act(
            request, pro_tem.record_chair_pro_tem, _pro_tem, done="pro-tem", field="member_id"
        )

    @post("/meetings/{meeting_id:str}/motions")
    async def move(
        self, request: Request[Any, Any, Any], org: FromPath[str], meeting_id: FromPath[str]
    ) -> Template | Redirect:
        """Move a motion (a seated member); it then needs a second."""
        return await act_then_redirect(
            request,
            call_service(request, motions.move_motion, org, meeting_id, fields=_motion),
            render_again=_target_errors(
                again_with(partial(self._render_meeting, org=org, meeting_id=meeting_id))
            ),
            success_url=lambda moved: f"/orgs/{org}/motions/{moved['id']}",
            field="title",
            required=motion_required,
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
            required=MEETING_REQUIRED,
        )
