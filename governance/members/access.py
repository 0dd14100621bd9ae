"""Who is asking, and what they may do in an organisation.

A non-member asking about a private organisation's resources gets the same answer as for
one that does not exist (404), so membership and existence do not leak across tenants. An
anonymous caller gets 401 for anything that is not public.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from governance.db import fetch_indexed
from governance.errors import Forbidden, NotFound, Unauthenticated
from governance.members.rules import OrgRole
from governance.members.tables import Organisation


@dataclass(frozen=True)
class Actor:
    """A signed-in account."""

    account_id: str
    email: str
    display_name: str
    is_platform_admin: bool


@dataclass(frozen=True)
class OrgAccess:
    """An organisation as seen by one caller."""

    org: dict[str, Any]
    actor: Actor | None
    membership: dict[str, Any] | None

    @property
    def org_id(self) -> str:
        return str(self.org["id"])

    @property
    def member_id(self) -> str | None:
        return str(self.membership["id"]) if self.membership else None

    @property
    def roles(self) -> set[str]:
        if not self.membership:
            return set()
        return {r for r in str(self.membership["roles"]).split(",") if r}

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    @property
    def is_platform_admin(self) -> bool:
        return bool(self.actor and self.actor.is_platform_admin)

    @property
    def is_admin(self) -> bool:
        return self.is_platform_admin or OrgRole.admin in self.roles

    @property
    def is_secretary(self) -> bool:
        """The organisation's secretary (or an admin, who may do what a secretary does)."""
        return self.is_admin or OrgRole.secretary in self.roles

    @property
    def actor_label(self) -> str:
        return self.actor.account_id if self.actor else "anonymous"

    def require_member(self) -> None:
        if not (self.is_member or self.is_platform_admin):
            raise NotFound("There is no such organisation, or you are not a member of it.")

    def require_admin(self) -> None:
        self.require_member()
        if not self.is_admin:
            raise Forbidden("Only the organisation's administrators can do this.")


def require_actor(actor: Actor | None) -> Actor:
    """The actor, or 401 when nobody is signed in."""
    if actor is None:
        raise Unauthenticated("Please sign in to do this.")
    return actor


async def member_access(slug: str, actor: Actor | None) -> OrgAccess:
    """The organisation for a signed-in member of it (or a platform administrator).

    The one preamble of every service that acts for a member: 401 when nobody is signed in,
    404 for a non-member (the same answer as for an organisation that does not exist).
    """
    access = await org_access(slug, require_actor(actor))
    access.require_member()
    return access


async def admin_access(slug: str, actor: Actor | None) -> OrgAccess:
    """As `member_access`, and 403 unless the caller is one of the organisation's admins."""
    access = await member_access(slug, actor)
    access.require_admin()
    return access


_ORG_COLUMNS = ("id", "slug", "name", "is_public", "paper_size", "created_at")
_MEMBERSHIP_COLUMNS = ("id", "organisation", "account", "roles", "lived_experience", "joined_at")
# The organisation (`o`) and the caller's membership of it (`m`, if any): the first twelve
# columns of every org access row. A statement that needs more in the same trip (a vote's
# eligibility) selects these first, from this FROM clause, then its own columns.
ORG_ACCESS_COLUMNS = (
    "o.id, o.slug, o.name, o.is_public, o.paper_size, o.created_at,"
    " m.id, m.organisation, m.account, m.roles, m.lived_experience, m.joined_at"
)
ORG_ACCESS_FROM = (
    "organisation o LEFT JOIN membership m ON m.organisation = o.id AND m.account = $2"
)
_ORG_ACCESS_SQL = f"SELECT {ORG_ACCESS_COLUMNS} FROM {ORG_ACCESS_FROM} WHERE o.slug = $1"  # noqa: S608 - fixed SQL


# The caller's org access read together with their credential, at the start of a request
# to an organisation's address (`members.accounts`): (slug, account id, the org access row,
# or None when there is no such organisation). Used once, by the request's first
# `org_access`; `request_scope` (the edge middleware) restores the previous value when the
# request ends.
_PREFETCHED: ContextVar[tuple[str, str, Sequence[Any] | None] | None] = ContextVar(
    "org_access_prefetched", default=None
)
# The organisation and the caller's membership, keyed by the credential instead of an
# account id ($2 the slug; `a` the account): appended to a credential's own statement.
ORG_ACCESS_FOR_ACCOUNT = (
    " LEFT JOIN organisation o ON o.slug = $2"
    " LEFT JOIN membership m ON m.organisation = o.id AND m.account = a.id"
)


def remember_org_access(slug: str, account_id: str, row: Sequence[Any] | None) -> None:
    """Keep, for the rest of this request, the org access row read with the credential."""
    _PREFETCHED.set((slug, account_id, row))


@contextlib.contextmanager
def request_scope() -> Iterator[None]:
    """One request: nothing remembered before it is seen in it, nor after it."""
    token = _PREFETCHED.set(None)
    try:
        yield
    finally:
        _PREFETCHED.reset(token)


async def org_access(slug: str, actor: Actor | None, *, public_ok: bool = False) -> OrgAccess:
    """Load the organisation for `actor`; members (or the public, where allowed) only.

    In a request whose credential was read with this organisation's access, the first call
    (the service's check, before it changes anything) uses that row instead of another
    trip; it is then forgotten, so a later call (a reply built after a change to the
    organisation or the membership) reads afresh.
    """
    if actor is not None:
        prefetched = _PREFETCHED.get()
        if prefetched is not None and prefetched[:2] == (slug, actor.account_id):
            _PREFETCHED.set(None)
            return access_from_row(prefetched[2], actor, public_ok=public_ok)
    found = await fetch_indexed(
        Organisation._meta.db, _ORG_ACCESS_SQL, slug, actor.account_id if actor else ""
    )
    return access_from_row(found[0] if found else None, actor, public_ok=public_ok)


def access_from_row(
    row: Sequence[Any] | None, actor: Actor | None, *, public_ok: bool = False
) -> OrgAccess:
    """`org_access`'s answer from a row that starts with `ORG_ACCESS_COLUMNS` (None: no such
    organisation): the access, or the same refusal (401 signed out, 404 for a non-member)."""
    org: dict[str, Any] | None = None
    membership: dict[str, Any] | None = None
    if row is not None:
        org = dict(zip(_ORG_COLUMNS, row[:6], strict=True))
        org["is_public"] = bool(org["is_public"])
        if actor is not None and row[6] is not None:
            membership = dict(zip(_MEMBERSHIP_COLUMNS, row[6:12], strict=True))
            membership["lived_experience"] = bool(membership["lived_experience"])
    if actor is None:
        if org is not None and public_ok and org["is_public"]:
            return OrgAccess(org=org, actor=None, membership=None)
        raise Unauthenticated("Please sign in to see this organisation.")
    if org is None:
        raise NotFound("There is no such organisation, or you are not a member of it.")
    access = OrgAccess(org=org, actor=actor, membership=membership)
    if not (access.is_member or access.is_platform_admin):
        if public_ok and org["is_public"]:
            return access
        raise NotFound("There is no such organisation, or you are not a member of it.")
    return access
