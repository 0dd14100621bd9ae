"""Pages for the site root, signing in and out, and accepting an invitation."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect, Template

from governance.errors import DomainError, TooManyAttempts, Unauthenticated
from governance.members import accounts, organisations
from governance.members.tables import Membership
from governance.web.auth import (
    SESSION_COOKIE,
    clear_session_cookies,
    client_address,
    runtime_of,
    session_cookies,
)
from governance.web.pages.common import (
    FORM_ERROR,
    Page,
    check_required,
    check_signed_out_csrf,
    errors_for,
    read_form,
    safe_next,
    see_other,
)

DEMO_ORG = "riverside"
SIGN_IN_REQUIRED = {"email": "Enter your email address", "password": "Enter your password"}
INVITE_REQUIRED = {"password": "Enter the password you want to use"}


async def landing(account_id: str, next_path: str) -> str:
    """Where signing in leads: `next` if it was given (and is safe), else the member's
    organisation when they belong to exactly one, else the start page, which lists theirs."""
    if next_path:
        return next_path
    mine = await _my_organisations(account_id)
    return f"/orgs/{mine[0]['slug']}" if len(mine) == 1 else "/"


async def _my_organisations(account_id: str) -> list[dict[str, Any]]:
    """The organisations an account belongs to (the same read as `GET /api/v1/me`)."""
    rows = (
        await Membership.select(Membership.organisation.slug, Membership.organisation.name)
        .where(Membership.account == account_id)
        .order_by(Membership.organisation.name)
    )
    return [{"slug": r["organisation.slug"], "name": r["organisation.name"]} for r in rows]


class AuthPages(Controller):
    path = "/"
    include_in_schema = False

    @get("/")
    async def root(self, request: Request[Any, Any, Any]) -> Template:
        """Your organisations, or the way in to the demo organisation."""
        page = await Page.of(request)
        mine: list[dict[str, Any]] = []
        demo = None
        if page.actor is not None:
            mine = await _my_organisations(page.actor.account_id)
        try:
            demo = await organisations.get_organisation(None, DEMO_ORG)
        except DomainError:
            demo = None
        return page.render("auth/root.html", organisations=mine, demo=demo)

    @get("/sign-in")
    async def sign_in_form(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        page = await Page.of(request)
        next = request.query_params.get("next")
        done = request.query_params.get("done")
        if page.actor is not None:
            return see_other(safe_next(next))
        return page.render("auth/sign_in.html", next=safe_next(next, ""), done=done)

    @post("/sign-in")
    async def sign_in(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        await check_signed_out_csrf(request)
        form = await read_form(request)
        runtime = runtime_of(request)
        target = safe_next(form.get("next"), "")
        client = client_address(request)
        try:
            check_required(form, SIGN_IN_REQUIRED)
            result = await accounts.login(
                runtime,
                email=form.get("email", ""),
                password=form.get("password", ""),
                client=client,
            )
        except DomainError as error:
            page = await Page.of(request)
            status = 429 if isinstance(error, TooManyAttempts) else 400
            # Wrong credentials belong to both fields; the message is shown beside the email.
            errors = errors_for(
                error, "email" if isinstance(error, Unauthenticated) else FORM_ERROR
            )
            return page.render(
                "auth/sign_in.html",
                status=status,
                errors=errors,
                values={"email": form.get("email", "")},
                next=safe_next(form.get("next"), ""),
            )
        redirect = see_other(await landing(result.actor.account_id, target))
        redirect.cookies.extend(session_cookies(runtime, result.token, result.csrf_token))
        return redirect

    @post("/sign-out")
    async def sign_out(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """Sign out (the form carries the CSRF token): the session ends on the server."""
        await Page.of(request)  # checks the CSRF token of a signed-in session
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            await accounts.logout(runtime_of(request), token)
        redirect = see_other("/sign-in?done=signed-out")
        clear_session_cookies(redirect)
        return redirect

    @get("/accept-invite")
    async def accept_invite_form(self, request: Request[Any, Any, Any]) -> Template:
        page = await Page.of(request)
        token = request.query_params.get("token") or ""
        return page.render("auth/accept_invite.html", token=token)

    @post("/accept-invite")
    async def accept_invite(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        await check_signed_out_csrf(request)
        form = await read_form(request)
        try:
            check_required(form, INVITE_REQUIRED)
            await accounts.accept_invite(
                runtime_of(request), token=form.get("token", ""), password=form.get("password", "")
            )
        except DomainError as error:
            page = await Page.of(request)
            return page.render(
                "auth/accept_invite.html",
                status=error.status if error.status < 500 else 400,
                errors=errors_for(error, FORM_ERROR),
                token=form.get("token", ""),
            )
        return see_other("/sign-in?done=invited")
