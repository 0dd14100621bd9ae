"""Accounts and signing in: sessions, API tokens, invitations, platform administrators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.audit.service import PLATFORM_CHAIN
from governance.clock import utcnow
from governance.db import fetch_indexed, is_unique_violation, lock_row, transaction
from governance.errors import Conflict, InvalidInput, TooManyAttempts, Unauthenticated
from governance.members.access import (
    ORG_ACCESS_COLUMNS,
    ORG_ACCESS_FOR_ACCOUNT,
    Actor,
    remember_org_access,
)
from governance.members.rules import NAME_SENTENCE, check_text
from governance.members.tables import Account, ApiToken, AuthSession, Invitation
from governance.runtime import Runtime
from governance.security import check_password_rules, new_token, token_digest

WRONG_CREDENTIALS = "That email and password do not match an account. Check both and try again."
INVITE_DAYS = 14


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively, without surrounding spaces."""
    value = (email or "").strip().lower()
    if "@" not in value or len(value) > 320 or value.startswith("@") or value.endswith("@"):
        raise InvalidInput("Enter an email address such as name@example.org.", field="email")
    return value


def check_display_name(name: str) -> str:
    return check_text(name, field="display_name", sentence=NAME_SENTENCE)


def _actor(row: dict[str, Any]) -> Actor:
    return Actor(
        account_id=row["id"],
        email=row["email"],
        display_name=row["display_name"],
        is_platform_admin=bool(row["is_platform_admin"]),
    )


@dataclass(frozen=True)
class SignIn:
    """A new session: the cookie token (shown once) and its CSRF token."""

    token: str
    csrf_token: str
    actor: Actor


async def login(runtime: Runtime, *, email: str, password: str, client: str) -> SignIn:
    """Check credentials (rate limited) and start a new server-side session."""
    settings = runtime.settings
    window = settings.login_window_seconds
    try:
        email_key = normalise_email(email)
    except InvalidInput:
        email_key = (email or "").strip().lower()[:320]
    # Counted per account *and* address: guessing from one address holds up that address
    # only, never the owner elsewhere (a lock-out anyone could cause before a vote).
    counted = (
        (f"account:{email_key}|{client}", settings.login_failures_per_account),
        (f"account:{email_key}", settings.login_failures_per_account_total),
        (f"client:{client}", settings.login_failures_per_client),
    )
    for key, limit in counted:
        wait = await runtime.failures.retry_after(key, limit, window)
        if wait is not None:
            raise TooManyAttempts(
                f"Too many failed sign-ins. Wait {wait} seconds, then try again.",
                retry_after=wait,
            )
    row = await Account.select().where(Account.email == email_key).first()
    ok = await runtime.passwords.verify(row["password_hash"] if row else None, password or "")
    if not ok or row is None:
        for key, _limit in counted:
            await runtime.failures.record_failure(key, window)
        raise Unauthenticated(WRONG_CREDENTIALS, code="wrong-credentials")
    now = utcnow()
    token, csrf = new_token(), new_token()
    new_hash = None
    if runtime.passwords.needs_rehash(row["password_hash"]):
        new_hash = await runtime.passwords.hash(password)
    async with transaction(runtime.engine):
        await AuthSession.insert(
            AuthSession(
                id=token_digest(token),
                account=row["id"],
                csrf_token=csrf,
                created_at=now,
                last_seen_at=now,
            )
        )
        if new_hash is not None:
            await Account.update({Account.password_hash: new_hash}).where(Account.id == row["id"])
    return SignIn(token=token, csrf_token=csrf, actor=_actor(row))


_SESSION_SQL = (
    "SELECT s.csrf_token, s.created_at, s.last_seen_at,"
    " a.id, a.email, a.display_name, a.is_platform_admin"
    " FROM auth_session s JOIN account a ON a.id = s.account WHERE s.id = $1"
)
_BEARER_SQL = (
    "SELECT a.id, a.email, a.display_name, a.is_platform_admin"
    " FROM api_token t JOIN account a ON a.id = t.account WHERE t.token_hash = $1"
)
# The same, and the caller's access to the organisation the request is addressed to
# ($2 its slug): `ORG_ACCESS_COLUMNS` after the credential's own columns.
_SESSION_AND_ORG_SQL = (
    f"SELECT s.csrf_token, s.created_at, s.last_seen_at,"  # noqa: S608 - fixed SQL
    f" a.id, a.email, a.display_name, a.is_platform_admin, {ORG_ACCESS_COLUMNS}"
    f" FROM auth_session s JOIN account a ON a.id = s.account{ORG_ACCESS_FOR_ACCOUNT}"
    " WHERE s.id = $1"
)
_BEARER_AND_ORG_SQL = (
    f"SELECT a.id, a.email, a.display_name, a.is_platform_admin, {ORG_ACCESS_COLUMNS}"  # noqa: S608 - fixed SQL
    f" FROM api_token t JOIN account a ON a.id = t.account{ORG_ACCESS_FOR_ACCOUNT}"
    " WHERE t.token_hash = $1"
)
# last_seen_at is written at most this often: every write queues on SQLite's single writer.
LAST_SEEN_EVERY = timedelta(minutes=1)


def _remember_access(org_slug: str | None, actor: Actor, row: Any, at: int) -> None:
    """Keep the org access columns read with the credential (`members.access.org_access`)."""
    if org_slug is not None:
        access_row = tuple(row[at:]) if row[at] is not None else None
        remember_org_access(org_slug, actor.account_id, access_row)


def _actor_of(row: Any, at: int) -> Actor:
    return Actor(
        account_id=row[at],
        email=row[at + 1],
        display_name=row[at + 2],
        is_platform_admin=bool(row[at + 3]),
    )


async def session_actor(
    runtime: Runtime, token: str, org_slug: str | None = None
) -> tuple[Actor, str] | None:
    """The actor and CSRF token of a live session, or None (expired sessions are removed).

    One fixed statement, read every request (nothing cached: a session ended on another
    server is refused at once). With `org_slug` (the organisation the request is addressed
    to) the same statement also reads the caller's access to it, kept for this request.
    """
    if not token or len(token) > 200:
        return None
    digest = token_digest(token)
    if org_slug is None:
        rows = await fetch_indexed(runtime.engine, _SESSION_SQL, digest)
    else:
        rows = await fetch_indexed(runtime.engine, _SESSION_AND_ORG_SQL, digest, org_slug)
    if not rows:
        return None
    csrf, created_at, last_seen_at = rows[0][0], rows[0][1], rows[0][2]
    now = utcnow()
    settings = runtime.settings
    idle = timedelta(minutes=settings.session_idle_minutes)
    absolute = timedelta(hours=settings.session_absolute_hours)
    if now - last_seen_at > idle or now - created_at > absolute:
        async with transaction(runtime.engine):
            await AuthSession.delete().where(AuthSession.id == digest)
        return None
    if now - last_seen_at > LAST_SEEN_EVERY:
        async with transaction(runtime.engine):
            await AuthSession.update({AuthSession.last_seen_at: now}).where(
                AuthSession.id == digest
            )
    actor = _actor_of(rows[0], 3)
    _remember_access(org_slug, actor, rows[0], 7)
    return actor, csrf


async def logout(runtime: Runtime, token: str) -> None:
    """Destroy the session on the server."""
    async with transaction(runtime.engine):
        await AuthSession.delete().where(AuthSession.id == token_digest(token))


async def token_actor(token: str, org_slug: str | None = None) -> Actor | None:
    """The actor behind a personal API token, or None (one fixed statement, never cached);
    with `org_slug`, as `session_actor`, the caller's access to that organisation too."""
    if not token or len(token) > 200:
        return None
    digest = token_digest(token)
    engine = ApiToken._meta.db
    if org_slug is None:
        rows = await fetch_indexed(engine, _BEARER_SQL, digest)
    else:
        rows = await fetch_indexed(engine, _BEARER_AND_ORG_SQL, digest, org_slug)
    if not rows:
        return None
    actor = _actor_of(rows[0], 0)
    _remember_access(org_slug, actor, rows[0], 4)
    return actor


async def create_api_token(runtime: Runtime, actor: Actor, *, name: str) -> dict[str, Any]:
    """A new personal API token, returned once; only its hash is kept."""
    label = check_text(name, field="name", sentence="Give the token a name of 1 to 200 characters.")
    token = new_token("gov_")
    now = utcnow()
    row = ApiToken(
        account=actor.account_id, name=label, token_hash=token_digest(token), created_at=now
    )
    async with transaction(runtime.engine):
        await ApiToken.insert(row)
        await audit.service.append(
            chain=PLATFORM_CHAIN,
            actor=actor.account_id,
            action=Action.TOKEN_CREATED,
            subject=f"account:{actor.account_id}",
            data={"token_id": row.id, "name": label},
            now=now,
        )
    return {"id": row.id, "name": label, "token": token, "created_at": now.isoformat()}


async def create_platform_admin(
    runtime: Runtime, *, email: str, display_name: str, password: str
) -> Actor:
    """Create a platform administrator (the CLI is the only caller)."""
    email = normalise_email(email)
    name = check_display_name(display_name)
    check_password_rules(password)
    password_hash = await runtime.passwords.hash(password)
    now = utcnow()
    row = Account(
        email=email,
        display_name=name,
        password_hash=password_hash,
        is_platform_admin=True,
        created_at=now,
    )
    try:
        async with transaction(runtime.engine):
            await Account.insert(row)
            await audit.service.append(
                chain=PLATFORM_CHAIN,
                actor="cli",
                action=Action.PLATFORM_ADMIN_CREATED,
                subject=f"account:{row.id}",
                data={"email": email},
                now=now,
            )
    except Exception as error:
        if is_unique_violation(error):
            raise Conflict(f"An account with the email {email} already exists.") from error
        raise
    return _actor(row.to_dict())


async def new_invitation(account_id: str, org_id: str, now: datetime) -> str:
    """Create an invitation inside the caller's transaction; returns the one-time token."""
    token = new_token("inv_")
    await Invitation.insert(
        Invitation(
            account=account_id,
            organisation=org_id,
            token_hash=token_digest(token),
            expires_at=now + timedelta(days=INVITE_DAYS),
        )
    )
    return token


async def accept_invite(runtime: Runtime, *, token: str, password: str) -> Actor:
    """Set the first password of an invited account; the token works once.

    Only an account that has never had a password can be given one this way, and only with
    an invitation that organisation made for it (`organisations.add_member` makes one only
    when it creates the account). Every session and API token of the account ends, and any
    other invitation of it becomes void.
    """
    check_password_rules(password)
    password_hash = await runtime.passwords.hash(password)
    now = utcnow()
    refused = Conflict(
        "This invitation link has expired or was already used. "
        "Ask your organisation's administrator for a new one.",
        code="invitation-invalid",
    )
    async with transaction(runtime.engine):
        invite = (
            await Invitation.select()
            .where(Invitation.token_hash == token_digest(token or ""))
            .first()
        )
        if invite is None or invite["used_at"] is not None or invite["expires_at"] < now:
            raise refused
        # Two acceptances racing: the second waits here, then finds the password set.
        await lock_row(Account, invite["account"])
        account = await Account.select().where(Account.id == invite["account"]).first()
        if account is None or account["password_hash"] is not None:
            raise refused
        await Invitation.update({Invitation.used_at: now}).where(
            (Invitation.account == invite["account"]) & (Invitation.used_at.is_null())
        )
        # Only where still unset: two acceptances racing cannot both set it.
        await Account.update({Account.password_hash: password_hash}).where(
            (Account.id == invite["account"]) & (Account.password_hash.is_null())
        )
        await end_sessions_and_tokens(invite["account"], now=now)
        await audit.service.append(
            chain=invite["organisation"],
            actor=invite["account"],
            action=Action.INVITATION_ACCEPTED,
            subject=f"account:{invite['account']}",
            data={},
            now=now,
        )
    return _actor(account)


async def end_sessions_and_tokens(
    account_id: str, *, now: datetime, keep_session: str | None = None
) -> None:
    """End every session of the account (but `keep_session`, a session id) and revoke its
    API tokens made before `now`; inside the caller's transaction."""
    sessions = AuthSession.delete().where(AuthSession.account == account_id)
    if keep_session is not None:
        sessions = sessions.where(AuthSession.id != keep_session)
    await sessions
    await ApiToken.delete().where((ApiToken.account == account_id) & (ApiToken.created_at <= now))
