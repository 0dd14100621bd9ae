"""The page where a member checks that their browser can make a verifiable ballot (issue 15).

It loads the same modules the voting page uses (static/js/verifiable/, with subresource
integrity) and makes, checks and opens a test ballot under a throwaway key, all in the browser.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from governance.web.pages.common import Page


class VerifiablePages(Controller):
    path = "/verifiable"
    include_in_schema = False

    @get("/check")
    async def check(self, request: Request[Any, Any, Any]) -> Template:
        page = await Page.of(request)
        return page.render("verifiable/check.html", modules="check-page.js")
