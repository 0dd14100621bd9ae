"""A signed-in person's own credentials: their API tokens and their password.

Changing a password ends every other session of the account and revokes the API tokens made
before the change, so whoever knew the old password (or held a token made with it) is out.
"""

from __future__ import annotations

from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.audit.service import PLATFORM_CHAIN
from governance.clock import utcnow
from governance.db import transaction
from governance.errors import InvalidInput, NotFound, TooManyAttempts
from governance.members.access import Actor, require_actor
from governance.members.accounts import end_sessions_and_tokens
from governance.members.tables import Account, ApiToken
from governance.runtime import Runtime
from governance.security import check_password_rules
from governance.text import iso


async def list_tokens(actor: Actor | None) -> list[dict[str, Any]]:
    """One's own API tokens, newest first: names and dates, never the secret or its hash."""
    me = require_actor(actor)
    rows = (
        await ApiToken.select(
            ApiToken.id, ApiToken.name, ApiToken.created_at, ApiToken.last_used_at
        )
        .where(ApiToken.account == me.account_id)
        .order_by(ApiToken.created_at, ascending=False)
    )
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "created_at": iso(r["created_at"]),
            "last_used_at": iso(r["last_used_at"]),
        }
        for r in rows
    ]


async def revoke_token(runtime: Runtime, actor: Actor | None, token_id: str) -> None:
    """Revoke one of one's own tokens; someone else's is "not found", as if it did not exist."""
    me = require_actor(actor)
    now = utcnow()
    async with transaction(runtime.engine):
        row = (
            await ApiToken.select(ApiToken.id, ApiToken.name)
            .where((ApiToken.id == token_id) & (ApiToken.account == me.account_id))
            .first()
        )
        if row is None:
            raise NotFound("You have no API token with that id. It may have been revoked.")
        await ApiToken.delete().where(ApiToken.id == token_id)
        await audit.service.append(
            chain=PLATFORM_CHAIN,
            actor=me.account_id,
            action=Action.TOKEN_REVOKED,
            subject=f"account:{me.account_id}",
            data={"token_id": token_id, "name": row["name"]},
            now=now,
        )


async def change_password(
    runtime: Runtime,
    actor: Actor | None,
    *,
    current_password: str,
    new_password: str,
    keep_session: str | None = None,
) -> None:
    """Change one's password after proving the current one (counted like a failed sign-in).

    `keep_session` (the id of the session making the change) stays signed in; every other
    session ends and every API token made before now is revoked.
    """
    me = require_actor(actor)
    settings = runtime.settings
    key = f"password:{me.account_id}"
    wait = await runtime.failures.retry_after(
        key, settings.login_failures_per_account, settings.login_window_seconds
    )
    if wait is not None:
        raise TooManyAttempts(
            f"Too many wrong passwords. Wait {wait} seconds, then try again.", retry_after=wait
        )
    row = await Account.select(Account.password_hash).where(Account.id == me.account_id).first()
    stored = row["password_hash"] if row else None
    if not await runtime.passwords.verify(stored, current_password or ""):
        await runtime.failures.record_failure(key, settings.login_window_seconds)
        raise InvalidInput(
            "That is not your current password. Type it again.", field="current_password"
        )
    check_password_rules(
        new_password or "", field="new_password", user_inputs=(me.email, me.display_name)
    )
    if new_password == current_password:
        raise InvalidInput(
            "The new password is the same as the current one. Choose another.",
            field="new_password",
        )
    new_hash = await runtime.passwords.hash(new_password)
    now = utcnow()
    async with transaction(runtime.engine):
        await Account.update({Account.password_hash: new_hash}).where(Account.id == me.account_id)
        await end_sessions_and_tokens(me.account_id, now=now, keep_session=keep_session)
        await audit.service.append(
            chain=PLATFORM_CHAIN,
            actor=me.account_id,
            action=Action.PASSWORD_CHANGED,
            subject=f"account:{me.account_id}",
            data={},
            now=now,
        )
