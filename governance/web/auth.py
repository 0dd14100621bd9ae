"""Who is calling: a personal API token, or a session cookie (with CSRF on state changes).

Bearer tokens are not sent automatically by browsers, so they need no CSRF token. A session
cookie is, so every state-changing request authenticated by it must carry the session's CSRF
token, in the `x-csrftoken` header (API) or a `_csrf` form field (pages), and for the header
it must also equal the `csrftoken` cookie (double submit).
"""

from __future__ import annotations

import hmac
from typing import Any, NamedTuple

from litestar import Request, Response
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import FromPath

from governance.errors import Forbidden, Unauthenticated
from governance.members.access import Actor
from governance.members.accounts import session_actor, token_actor
from governance.runtime import Runtime

SESSION_COOKIE = "session"
CSRF_COOKIE = "csrftoken"
CSRF_HEADER = "x-csrftoken"
CSRF_FIELD = "_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def runtime_of(request: Request[Any, Any, Any]) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


def client_address(request: Request[Any, Any, Any]) -> str:
    """The caller's address, for counting failed sign-ins.

    `X-Forwarded-For` is believed only from a configured trusted proxy (none by default):
    from anyone else it is whatever an attacker wants it to be. Behind trusted proxies the
    client is the rightmost address that is not one of them.
    """
    peer = request.client.host if request.client else "unknown"
    trusted = runtime_of(request).settings.trusted_proxies
    if peer not in trusted:
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if hop not in trusted:
            return hop[:64]
    return peer


async def _submitted_csrf(request: Request[Any, Any, Any]) -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header:
        cookie = request.cookies.get(CSRF_COOKIE)
        if cookie is None or not hmac.compare_digest(cookie, header):
            return None
        return header
    if request.headers.get("content-type", "").startswith(FORM_TYPES):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def resolve_actor(request: Request[Any, Any, Any]) -> Actor | None:
    """The signed-in actor, or None; raises when a credential is present but unusable."""
    cached = request.scope.get("state", {}).get("actor_resolved")
    if cached is not None:
        return cached[0]  # type: ignore[no-any-return]
    actor = await _resolve(request)
    request.scope.setdefault("state", {})["actor_resolved"] = (actor,)  # type: ignore[typeddict-item]
    return actor


async def _resolve(request: Request[Any, Any, Any]) -> Actor | None:
    # A request to an organisation's address reads the caller's access to it with the
    # credential, in the same statement (`members.access.org_access` then uses it).
    org_slug = request.path_params.get("org")
    if not isinstance(org_slug, str):
        org_slug = None
    authorization = request.headers.get("authorization", "")
    if authorization[:7].lower() == "bearer ":
        actor = await token_actor(authorization[7:].strip(), org_slug)
        if actor is None:
            raise Unauthenticated("That API token is not valid. Create a new one and try again.")
        return actor
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    found = await session_actor(runtime_of(request), token, org_slug)
    if found is None:
        return None
    actor, csrf = found
    request.scope.setdefault("state", {})["csrf_token"] = csrf  # type: ignore[typeddict-item]
    if request.method not in SAFE_METHODS:
        submitted = await _submitted_csrf(request)
        if submitted is None or not hmac.compare_digest(submitted, csrf):
            raise Forbidden(
                "This request is missing its security token (CSRF). Reload the page and try "
                "again; scripts must send the x-csrftoken header equal to the csrftoken cookie.",
                code="csrf",
            )
    return actor


def csrf_token(request: Request[Any, Any, Any]) -> str | None:
    """The signed-in session's CSRF token (for `_csrf` form fields), once the actor is resolved."""
    return request.scope.get("state", {}).get("csrf_token")  # type: ignore[return-value]


async def provide_actor(request: Request[Any, Any, Any], runtime: RuntimeDep) -> Actor | None:
    """Litestar dependency: the actor, or None when signed out.

    It names `runtime` (the cached application-wide dependency, the same object as
    `runtime_of(request)`) so that Litestar resolves the two one after the other: dependencies
    it sees as independent of each other are resolved concurrently in an anyio task group
    (two tasks and a group per request), which costs more than both of them here.
    """
    del runtime  # only orders the resolution; `_resolve` reads the same object from the app
    return await resolve_actor(request)


def session_cookies(runtime: Runtime, token: str, csrf: str) -> list[Cookie]:
    secure = runtime.settings.secure_cookies
    max_age = runtime.settings.session_absolute_hours * 3600
    return [
        Cookie(
            key=SESSION_COOKIE,
            value=token,
            httponly=True,
            samesite="lax",
            secure=secure,
            path="/",
            max_age=max_age,
        ),
        Cookie(
            key=CSRF_COOKIE,
            value=csrf,
            httponly=False,
            samesite="lax",
            secure=secure,
            path="/",
            max_age=max_age,
        ),
    ]


def clear_session_cookies(response: Response[Any]) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


# Handler parameter types for the two application-wide dependencies.
ActorDep = NamedDependency[Actor | None]
RuntimeDep = NamedDependency[Runtime]


class OrgCall(NamedTuple):
    """A request to one organisation's address: what every organisation-scoped service
    takes first, in this order, so a handler calls `service(*call, ...)`."""

    runtime: Runtime
    actor: Actor | None
    org: str


async def provide_org_call(runtime: RuntimeDep, actor: ActorDep, org: FromPath[str]) -> OrgCall:
    """Litestar dependency `call`, for the routes under `/api/v1/orgs/{org}`."""
    return OrgCall(runtime, actor, org)


OrgCallDep = NamedDependency[OrgCall]
