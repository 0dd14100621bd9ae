"""Administrators' pages: the organisation's settings, add a member (with a one-time
invitation link), seat a member, end a seat. The services decide who may do what; the forms
only collect the answers."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from governance.clock import today
from governance.errors import DomainError, Forbidden, InvalidInput
from governance.members import bodies, organisations
from governance.members.rules import SeatRole
from governance.web.auth import runtime_of
from governance.web.pages.common import (
    Page,
    act_then_redirect,
    check_required,
    errors_for,
    form_list,
    parse_date,
    read_form,
    see_other,
)
from governance.web.pages.org_pages import composition_panel

ROLE_CHOICES = [r.value for r in SeatRole]
KIND_CHOICES = ["board", "committee", "assembly"]
RESERVED_BODY_SLUGS = {"new"}
NEW_BODY_DEFAULTS = {
    "kind": "board",
    "seats": "9",
    "lived_experience_quota": "51",
    "quorum": "50",
    "lived_experience_quorum": "yes",
}


ADD_MEMBER_REQUIRED = {
    "email": "Enter the new member's email address",
    "display_name": "Enter the new member's name",
}
NEW_BODY_REQUIRED = {
    "slug": "Enter a short name for web addresses, for example board",
    "name": "Enter the name of the board or committee",
    "seats": "Enter the number of seats",
}
SEAT_REQUIRED = {
    "member_id": "Choose the member to seat",
    "starts_on": "Enter the day the term starts",
}
END_SEAT_REQUIRED = {
    "ends_on": "Enter the day the seat ends",
    "reason": "Say briefly why the seat ends (for the record)",
}


def _whole(form: dict[str, str], name: str, message: str, low: int, high: int) -> int:
    text = (form.get(name) or "").strip().removesuffix("%").strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise InvalidInput(message, field=name)
    return int(text)


def parse_new_body(form: dict[str, str]) -> dict[str, Any]:
    """The new-body form as `bodies.create_body` arguments (shares typed as percentages)."""
    slug = (form.get("slug") or "").strip()
    if slug in RESERVED_BODY_SLUGS:
        raise InvalidInput("That short name is used by the site; choose another.", field="slug")
    seats = _whole(form, "seats", "Enter the number of seats, from 1 to 10,000.", 1, 10_000)
    quota = _whole(
        form,
        "lived_experience_quota",
        "Enter a whole percentage from 0 to 100, such as 51 (0 means no quota).",
        0,
        100,
    )
    quorum = _whole(
        form,
        "quorum",
        "Enter a whole percentage from 0 to 99, such as 50 (more than half).",
        0,
        99,
    )
    return {
        "body_slug": slug,
        "name": form.get("name", ""),
        "kind": form.get("kind", ""),
        "seats": seats,
        "lived_experience_quota": quota / 100,
        "quorum": quorum / 100,
        "lived_experience_quorum": form.get("lived_experience_quorum") == "yes",
    }


async def _admin_org(page: Page, org: str) -> dict[str, Any]:
    """The organisation, for an administrator's form (others are told plainly)."""
    organisation = await organisations.get_organisation(page.actor, org)
    if not (organisation.get("you") or {}).get("admin"):
        raise Forbidden("Only the organisation's administrators can do this.")
    return organisation


VISIBILITY = {"members": False, "public": True}


def settings_values(organisation: dict[str, Any]) -> dict[str, str]:
    """The settings form's fields as the organisation has them now."""
    settings = organisation["settings"]
    return {
        "name": organisation["name"],
        "visibility": "public" if settings["public"] else "members",
        "paper_size": settings["paper_size"],
    }


def parse_settings(form: dict[str, str]) -> dict[str, Any]:
    """The settings form as `organisations.update_settings` arguments."""
    visibility = form.get("visibility", "")
    if visibility not in VISIBILITY:
        raise InvalidInput(
            "Choose who can read the record: members only, or anyone.", field="visibility"
        )
    return {
        "name": form.get("name", ""),
        "public": VISIBILITY[visibility],
        "paper_size": form.get("paper_size", ""),
    }


def _seat_of(body: dict[str, Any], seat_id: str) -> dict[str, Any] | None:
    return next((s for s in body["seated"] if s["id"] == seat_id), None)


class AdminPages(Controller):
    path = "/orgs/{org:str}"
    include_in_schema = False

    @get("/settings")
    async def settings_form(self, request: Request[Any, Any, Any], org: FromPath[str]) -> Template:
        page = await Page.of(request)
        organisation = await _admin_org(page, org)
        return page.render(
            "admin/org_settings.html", org=organisation, values=settings_values(organisation)
        )

    @post("/settings")
    async def save_settings(
        self, request: Request[Any, Any, Any], org: FromPath[str]
    ) -> Template | Redirect:
        """Rename the organisation, open or close its record to the public, set the paper."""

        async def save(page: Page, form: dict[str, str]) -> None:
            await organisations.update_settings(
                runtime_of(request), page.actor, org, **parse_settings(form)
            )

        async def again(
            page: Page, status: int, errors: dict[str, str], values: dict[str, str]
        ) -> Template:
            return page.render(
                "admin/org_settings.html",
                status=status,
                org=await organisations.get_organisation(page.actor, org),
                errors=errors,
                values=values,
            )

        return await act_then_redirect(
            request,
            save,
            render_again=again,
            success_url=f"/orgs/{org}/settings?changed=saved",
            field="name",
            required={"name": "Enter a name for the organisation"},
        )

    @get("/members/new")
    async def add_member_form(
        self, request: Request[Any, Any, Any], org: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        return page.render("admin/add_member.html", org=await _admin_org(page, org))

    @post("/members/new")
    async def add_member(self, request: Request[Any, Any, Any], org: FromPath[str]) -> Template:
        """Add a member. The invitation link is shown on this response only, once."""
        page = await Page.of(request)
        form = await read_form(request)
        roles = await form_list(request, "roles")
        try:
            check_required(form, ADD_MEMBER_REQUIRED)
            added = await organisations.add_member(
                runtime_of(request),
                page.actor,
                org,
                email=form.get("email", ""),
                display_name=form.get("display_name", ""),
                roles=roles,
            )
        except DomainError as error:
            return page.render(
                "admin/add_member.html",
                status=error.status if error.status < 500 else 400,
                org=await organisations.get_organisation(page.actor, org),
                errors=errors_for(error, "email"),
                values={**form, "roles": roles},
            )
        invite_url = None
        if added.get("invite_token"):
            base = str(request.base_url).rstrip("/")
            invite_url = f"{base}/accept-invite?token={added['invite_token']}"
        return page.render(
            "admin/member_added.html",
            org=await organisations.get_organisation(page.actor, org),
            member=added,
            invite_url=invite_url,
        )

    @get("/bodies/new")
    async def new_body_form(self, request: Request[Any, Any, Any], org: FromPath[str]) -> Template:
        page = await Page.of(request)
        return page.render(
            "admin/new_body.html",
            org=await _admin_org(page, org),
            kinds=KIND_CHOICES,
            values=NEW_BODY_DEFAULTS,
        )

    @post("/bodies/new")
    async def new_body(
        self, request: Request[Any, Any, Any], org: FromPath[str]
    ) -> Template | Redirect:
        """Create a board, committee or assembly; mistakes are shown beside their fields."""
        page = await Page.of(request)
        form = await read_form(request)
        try:
            check_required(form, NEW_BODY_REQUIRED)
            created = await bodies.create_body(
                runtime_of(request), page.actor, org, **parse_new_body(form)
            )
        except DomainError as error:
            return page.render(
                "admin/new_body.html",
                status=error.status if error.status < 500 else 400,
                org=await organisations.get_organisation(page.actor, org),
                kinds=KIND_CHOICES,
                errors=errors_for(error, "slug"),
                values=form,
            )
        return see_other(f"/orgs/{org}/bodies/{created['slug']}?changed=created")

    async def _seat_context(self, page: Page, org: str, body_slug: str) -> dict[str, Any]:
        organisation = await _admin_org(page, org)
        body = await bodies.get_body(page.actor, org, body_slug)
        seated = {s["member_id"] for s in body["seated"]}
        members = [
            m for m in await organisations.list_members(page.actor, org) if m["id"] not in seated
        ]
        return {
            "org": organisation,
            "body": body,
            "panel": composition_panel(body["composition"], quota=body["lived_experience_quota"]),
            "members": members,
            "roles": ROLE_CHOICES,
        }

    @get("/bodies/{body_slug:str}/seats/new")
    async def seat_form(
        self, request: Request[Any, Any, Any], org: FromPath[str], body_slug: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        context = await self._seat_context(page, org, body_slug)
        return page.render(
            "admin/seat.html",
            values={"role": "director", "starts_on": today().isoformat()},
            **context,
        )

    @post("/bodies/{body_slug:str}/seats/new")
    async def seat(
        self, request: Request[Any, Any, Any], org: FromPath[str], body_slug: FromPath[str]
    ) -> Template | Redirect:
        """Seat a member; a seating that would break the quota is refused with its reason."""
        page = await Page.of(request)
        form = await read_form(request)
        try:
            check_required(form, SEAT_REQUIRED)
            starts_on = parse_date(form.get("starts_on"), field="starts_on")
            ends_on = parse_date(form.get("ends_on"), field="ends_on", required=False)
            assert starts_on is not None
            await bodies.seat_member(
                runtime_of(request),
                page.actor,
                org,
                body_slug,
                member_id=form.get("member_id", ""),
                role=form.get("role", ""),
                starts_on=starts_on,
                ends_on=ends_on,
            )
        except DomainError as error:
            context = await self._seat_context(page, org, body_slug)
            return page.render(
                "admin/seat.html",
                status=error.status if error.status < 500 else 400,
                errors=errors_for(error, "member_id"),
                values=form,
                **context,
            )
        return see_other(f"/orgs/{org}/bodies/{body_slug}?changed=seated")

    @get("/bodies/{body_slug:str}/seats/{seat_id:str}/end")
    async def end_seat_form(
        self,
        request: Request[Any, Any, Any],
        org: FromPath[str],
        body_slug: FromPath[str],
        seat_id: FromPath[str],
    ) -> Template:
        page = await Page.of(request)
        organisation = await organisations.get_organisation(page.actor, org)
        body = await bodies.get_body(page.actor, org, body_slug)
        seat = _seat_of(body, seat_id)
        you = organisation.get("you") or {}
        if not (you.get("admin") or (seat and seat["member_id"] == you.get("member_id"))):
            raise Forbidden("Only the seat holder or an administrator can end a seat.")
        return page.render(
            "admin/end_seat.html",
            org=organisation,
            body=body,
            seat=seat,
            seat_id=seat_id,
            values={"ends_on": today().isoformat()},
        )

    @post("/bodies/{body_slug:str}/seats/{seat_id:str}/end")
    async def end_seat(
        self,
        request: Request[Any, Any, Any],
        org: FromPath[str],
        body_slug: FromPath[str],
        seat_id: FromPath[str],
    ) -> Template | Redirect:
        """End a seat: always allowed to an administrator or the holder."""
        page = await Page.of(request)
        form = await read_form(request)
        try:
            check_required(form, END_SEAT_REQUIRED)
            ends_on = parse_date(form.get("ends_on"), field="ends_on")
            assert ends_on is not None
            await bodies.end_seat(
                runtime_of(request),
                page.actor,
                org,
                seat_id,
                ends_on=ends_on,
                reason=form.get("reason", ""),
            )
        except DomainError as error:
            organisation = await organisations.get_organisation(page.actor, org)
            body = await bodies.get_body(page.actor, org, body_slug)
            return page.render(
                "admin/end_seat.html",
                status=error.status if error.status < 500 else 400,
                org=organisation,
                body=body,
                seat=_seat_of(body, seat_id),
                seat_id=seat_id,
                errors=errors_for(error, "ends_on"),
                values=form,
            )
        return see_other(f"/orgs/{org}/bodies/{body_slug}?changed=ended")
