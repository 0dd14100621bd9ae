"""A request id, and security headers on every response.

The headers are added by a `before_send` hook, which Litestar runs for every response,
including those it makes before any route matches (404 for an unknown address, 405): a
route middleware would miss those. The request id is made when first needed (at the start
of a routed request, or by the error handler for an unrouted one) and kept in the scope.
"""

from __future__ import annotations

import secrets
from typing import Any

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from governance.members.access import request_scope

SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
HSTS = (b"strict-transport-security", b"max-age=31536000")


def ensure_request_id(scope: Any) -> str:
    """The request's id, made (and kept in the scope's state) on first use."""
    state: dict[str, Any] = scope.setdefault("state", {})
    rid = state.get("request_id")
    if not rid:
        rid = secrets.token_hex(8)
        state["request_id"] = rid
    return str(rid)


def security_headers_hook(*, hsts: bool = False) -> Any:
    """A Litestar `before_send` hook adding the security headers and the request id."""
    extra = [*SECURITY_HEADERS, *([HSTS] if hsts else [])]

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = list(message.get("headers", []))
        present = {bytes(name).lower() for name, _ in headers}
        headers.extend(h for h in extra if h[0] not in present)
        if b"x-request-id" not in present:
            headers.append((b"x-request-id", ensure_request_id(scope).encode()))
        message["headers"] = headers  # type: ignore[typeddict-unknown-key]

    return add_headers


class EdgeMiddleware:
    """Give each routed request its id at the start, so every log line can carry it, and
    its own scope for what is remembered for one request only (`members.access`)."""

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            ensure_request_id(scope)
            if "\x00" in scope["path"]:
                # A NUL byte (%00) names no file or resource; the static files router would
                # otherwise fail with a 500 on it.
                from litestar.exceptions import NotFoundException

                raise NotFoundException()
        with request_scope():
            await self.app(scope, receive, send)
