"""Pages for one's own sign-in: change the password, list and revoke API tokens."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from governance.members import credentials
from governance.web.api.accounts import current_session
from governance.web.auth import runtime_of
from governance.web.pages.common import Page, act_then_redirect, see_other


async def _render(
    page: Page, status: int = 200, errors: dict[str, str] | None = None, done: str | None = None
) -> Template:
    tokens = await credentials.list_tokens(page.actor)
    return page.render(
        "account/account.html", status=status, errors=errors or {}, tokens=tokens, done=done
    )


class AccountPages(Controller):
    path = "/account"
    include_in_schema = False

    @get("/")
    async def account(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        page = await Page.of(request)
        if page.actor is None:
            return see_other("/sign-in?next=/account")
        return await _render(page, done=request.query_params.get("done"))

    @post("/password")
    async def change_password(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        async def action(page: Page, form: dict[str, str]) -> None:
            await credentials.change_password(
                runtime_of(request),
                page.actor,
                current_password=form.get("current_password", ""),
                new_password=form.get("new_password", ""),
                keep_session=current_session(request),
            )

        async def again(
            page: Page, status: int, errors: dict[str, str], values: dict[str, str]
        ) -> Template:
            return await _render(page, status, errors)

        return await act_then_redirect(
            request,
            action,
            render_again=again,
            success_url="/account?done=password",
            field="current_password",
            required={
                "current_password": "Enter your current password",
                "new_password": "Enter the new password you want to use",
            },
        )

    @post("/tokens/{token_id:str}/revoke")
    async def revoke(
        self, request: Request[Any, Any, Any], token_id: FromPath[str]
    ) -> Template | Redirect:
        async def action(page: Page, form: dict[str, str]) -> None:
            await credentials.revoke_token(runtime_of(request), page.actor, token_id)

        async def again(
            page: Page, status: int, errors: dict[str, str], values: dict[str, str]
        ) -> Template:
            return await _render(page, status, errors)

        return await act_then_redirect(
            request, action, render_again=again, success_url="/account?done=revoked"
        )
