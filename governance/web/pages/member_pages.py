"""Members: the list, one member's page, and your own profile with your private attestation."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from governance.errors import DomainError, InvalidInput
from governance.members import organisations
from governance.web.auth import runtime_of
from governance.web.pages.common import Page, errors_for, read_form, see_other

ATTEST_CHOICES = {"yes": True, "no": False}


class MemberPages(Controller):
    path = "/orgs/{org:str}"
    include_in_schema = False

    @get("/members")
    async def members(self, request: Request[Any, Any, Any], org: FromPath[str]) -> Template:
        page = await Page.of(request)
        organisation = await organisations.get_organisation(page.actor, org)
        found = await organisations.list_members(page.actor, org)
        return page.render("members/list.html", org=organisation, members=found)

    @get("/members/{member_id:str}")
    async def member(
        self, request: Request[Any, Any, Any], org: FromPath[str], member_id: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        organisation = await organisations.get_organisation(page.actor, org)
        found = await organisations.get_member(page.actor, org, member_id)
        is_self = found["id"] == (organisation.get("you") or {}).get("member_id")
        return page.render("members/member.html", org=organisation, member=found, is_self=is_self)

    @get("/me")
    async def me(self, request: Request[Any, Any, Any], org: FromPath[str]) -> Template:
        """Your profile, where you set or withdraw your lived-experience attestation."""
        page = await Page.of(request)
        organisation = await organisations.get_organisation(page.actor, org)
        found = await organisations.get_member(page.actor, org, "me")
        saved = request.query_params.get("saved")
        return page.render("members/me.html", org=organisation, member=found, saved=saved)

    @post("/me/lived-experience")
    async def set_lived_experience(
        self, request: Request[Any, Any, Any], org: FromPath[str]
    ) -> Template | Redirect:
        page = await Page.of(request)
        form = await read_form(request)
        try:
            choice = form.get("lived_experience", "")
            if choice not in ATTEST_CHOICES:
                raise InvalidInput("Choose one of the two answers.", field="lived_experience")
            await organisations.set_lived_experience(
                runtime_of(request), page.actor, org, ATTEST_CHOICES[choice]
            )
        except DomainError as error:
            organisation = await organisations.get_organisation(page.actor, org)
            found = await organisations.get_member(page.actor, org, "me")
            return page.render(
                "members/me.html",
                status=400,
                org=organisation,
                member=found,
                errors=errors_for(error, "lived_experience"),
            )
        return see_other(f"/orgs/{org}/me?saved=1")
