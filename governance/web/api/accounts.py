"""HTTP routes for one's own credentials: list and revoke API tokens, change the password."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, delete, get, post
from litestar.params import FromPath, JSONBody

from governance.members import accounts, credentials
from governance.members.access import require_actor
from governance.members.schemas import TokenIn
from governance.security import token_digest
from governance.web.auth import SESSION_COOKIE, ActorDep, RuntimeDep

JSON = dict[str, Any]


class PasswordChangeIn(msgspec.Struct):
    current_password: str
    new_password: str


def current_session(request: Request[Any, Any, Any]) -> str | None:
    """The id of the session making this request (kept signed in by a password change)."""
    if request.headers.get("authorization", "")[:7].lower() == "bearer ":
        return None
    token = request.cookies.get(SESSION_COOKIE)
    return token_digest(token) if token else None


class AccountController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post("/tokens")
    async def create_token(
        self, runtime: RuntimeDep, actor: ActorDep, data: JSONBody[TokenIn]
    ) -> JSON:
        """A personal API token, shown once."""
        return await accounts.create_api_token(runtime, require_actor(actor), name=data.name)

    @get("/tokens")
    async def tokens(self, actor: ActorDep) -> JSON:
        """Your API tokens: names and dates, never the secret."""
        return {"tokens": await credentials.list_tokens(actor)}

    @delete("/tokens/{token_id:str}", status_code=204)
    async def revoke(self, runtime: RuntimeDep, actor: ActorDep, token_id: FromPath[str]) -> None:
        """Revoke one of your API tokens; it stops working at once."""
        await credentials.revoke_token(runtime, actor, token_id)

    @post("/password", status_code=200)
    async def password(
        self,
        request: Request[Any, Any, Any],
        runtime: RuntimeDep,
        actor: ActorDep,
        data: JSONBody[PasswordChangeIn],
    ) -> JSON:
        """Change your password: every other session ends and older API tokens are revoked."""
        await credentials.change_password(
            runtime,
            actor,
            current_password=data.current_password,
            new_password=data.new_password,
            keep_session=current_session(request),
        )
        return {"changed": True, "other_sessions_ended": True, "older_tokens_revoked": True}
