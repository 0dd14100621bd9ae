"""How an error looks on a page: the problem handler (governance.web.problems) asks here.

A request is a page request when its path is not under the API (or the schema, health or
static files) and the browser accepts HTML. A 401 on a page sends the person to the sign-in
page and back again afterwards; every other error is a calm HTML page with the same
plain-language sentence the API would give.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from litestar import Request, Response
from litestar.response import Redirect, Template

from governance.web.auth import csrf_token

NOT_PAGES = ("/api/", "/schema", "/healthz", "/static/")


def wants_html(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path
    if path.startswith(NOT_PAGES) or path == "/api":
        return False
    accept = request.headers.get("accept", "")
    content_type = request.headers.get("content-type", "")
    return "text/html" in accept or content_type.startswith("application/x-www-form-urlencoded")


def _back_to(request: Request[Any, Any, Any]) -> str:
    """Where to return after signing in: this page, or for a form post the page it was on."""
    if request.method == "GET":
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        return target
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.path.startswith("/") and referer.netloc in ("", request.url.netloc):
        return referer.path + ("?" + referer.query if referer.query else "")
    return "/"


def html_problem(
    request: Request[Any, Any, Any],
    *,
    status: int,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    if status == 401:
        return Redirect(path=f"/sign-in?next={quote(_back_to(request), safe='/')}", status_code=303)
    return Template(
        template_name="errors/error.html",
        context={
            "status": status,
            "title": title,
            "detail": detail,
            "csrf": csrf_token(request),
            "actor": request.scope.get("state", {}).get("actor_resolved", (None,))[0],
            "path": request.url.path,
            "errors": {},
            "values": {},
        },
        status_code=status,
        headers=headers,
    )
