"""Organisations and their members, including the private lived-experience attestation.

Privacy: `member_view` is the only function that turns a membership into something a reader
sees, and it includes `lived_experience` only for the member themself and org admins.
Audit entries record that the attestation *changed*, never its value.
"""

from __future__ import annotations

from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import is_unique_violation, transaction
from governance.errors import Conflict, Forbidden, InvalidInput, NotFound
from governance.members.access import (
    Actor,
    OrgAccess,
    admin_access,
    member_access,
    org_access,
    require_actor,
)
from governance.members.accounts import check_display_name, new_invitation, normalise_email
from governance.members.rules import NAME_SENTENCE, OrgRole, check_slug, check_text
from governance.members.tables import Account, Membership, Organisation
from governance.runtime import Runtime
from governance.security import check_password_rules

PAPER_SIZES = ("A4", "Letter")


def org_view(org: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": org["id"],
        "slug": org["slug"],
        "name": org["name"],
        "settings": {"public": bool(org["is_public"]), "paper_size": org["paper_size"]},
    }


def check_roles(roles: list[str] | None) -> str:
    values = sorted(set(roles or []))
    for role in values:
        if role not in OrgRole.__members__:
            raise InvalidInput(
                f"Unknown role {role!r}. Roles are admin and secretary.", field="roles"
            )
    return ",".join(values)


def member_view(row: dict[str, Any], access: OrgAccess) -> dict[str, Any]:
    """A membership as `access`'s caller may see it."""
    is_self = access.member_id == row["id"]
    view: dict[str, Any] = {
        "id": row["id"],
        "display_name": row["account.display_name"],
        "roles": [r for r in str(row["roles"]).split(",") if r],
        "joined_at": row["joined_at"].isoformat(),
    }
    if is_self or access.is_admin:
        view["email"] = row["account.email"]
        view["lived_experience"] = bool(row["lived_experience"])
        # Not lived-experience data, but kept to the member and admins all the same.
        view["suspended"] = row.get("suspended_at") is not None
    return view


def _member_query() -> Any:
    return Membership.select(
        Membership.id,
        Membership.roles,
        Membership.lived_experience,
        Membership.joined_at,
        Membership.suspended_at,
        Membership.account.id,
        Membership.account.display_name,
        Membership.account.email,
    )


async def create_organisation(
    runtime: Runtime, actor: Actor | None, *, slug: str, name: str
) -> dict[str, Any]:
    actor = require_actor(actor)
    if not actor.is_platform_admin:
        raise Forbidden("Only platform administrators can create organisations.")
    check_slug(slug)
    name = check_text(name, field="name", sentence=NAME_SENTENCE)
    now = utcnow()
    row = Organisation(slug=slug, name=name, is_public=False, paper_size="A4", created_at=now)
    try:
        async with transaction(runtime.engine):
            await Organisation.insert(row)
            await audit.service.append(
                chain=row.id,
                actor=actor.account_id,
                action=Action.ORGANISATION_CREATED,
                subject=f"organisation:{row.id}",
                data={"slug": slug, "name": name},
                now=now,
            )
    except Exception as error:
        if is_unique_violation(error):
            raise Conflict(f"The address {slug!r} is taken; choose another slug.") from error
        raise
    return org_view(row.to_dict())


async def get_organisation(actor: Actor | None, slug: str) -> dict[str, Any]:
    access = await org_access(slug, actor, public_ok=True)
    view = org_view(access.org)
    view["you"] = (
        {"member_id": access.member_id, "roles": sorted(access.roles), "admin": access.is_admin}
        if access.actor
        else None
    )
    return view


async def update_settings(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    *,
    name: str | None = None,
    public: bool | None = None,
    paper_size: str | None = None,
) -> dict[str, Any]:
    access = await admin_access(slug, actor)
    changes: dict[Any, Any] = {}
    if name is not None:
        changes[Organisation.name] = check_text(name, field="name", sentence=NAME_SENTENCE)
    if public is not None:
        changes[Organisation.is_public] = public
    if paper_size is not None:
        if paper_size not in PAPER_SIZES:
            raise InvalidInput("Paper size is A4 or Letter.", field="paper_size")
        changes[Organisation.paper_size] = paper_size
    if changes:
        now = utcnow()
        async with transaction(runtime.engine):
            await Organisation.update(changes).where(Organisation.id == access.org_id)
            await audit.service.append(
                chain=access.org_id,
                actor=access.actor_label,
                action=Action.ORGANISATION_UPDATED,
                subject=f"organisation:{access.org_id}",
                data={col._meta.name: value for col, value in changes.items()},
                now=now,
            )
    return await get_organisation(actor, slug)


async def add_member(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    *,
    email: str,
    display_name: str,
    roles: list[str] | None = None,
    password: str | None = None,
) -> dict[str, Any]:
    """Add a member, creating the account if new; invite when no password is given.

    Only the organisation that creates an account gets an invitation token for it (the one
    credential that can set its first password). An existing account, with or without a
    password, is only given the membership: no token, no password change, and the reply
    (and audit entry) holds the name the caller gave, nothing read from the account.
    """
    access = await admin_access(slug, actor)
    email = normalise_email(email)
    display_name = check_display_name(display_name)
    role_text = check_roles(roles)
    if password is not None:
        check_password_rules(password, user_inputs=(email, display_name))
    existing = await Account.select().where(Account.email == email).first()
    password_hash = None
    if existing is None and password is not None:
        password_hash = await runtime.passwords.hash(password)
    now = utcnow()
    invite_token = None
    try:
        async with transaction(runtime.engine):
            if existing is None:
                account = Account(
                    email=email,
                    display_name=display_name,
                    password_hash=password_hash,
                    created_at=now,
                )
                await Account.insert(account)
                account_id = account.id
                needs_password = password_hash is None
            else:
                account_id = existing["id"]
                needs_password = False  # its invitation, if any, belongs to its creator
            membership = Membership(
                organisation=access.org_id,
                account=account_id,
                roles=role_text,
                lived_experience=False,
                joined_at=now,
            )
            await Membership.insert(membership)
            if needs_password:
                invite_token = await new_invitation(account_id, access.org_id, now)
            await audit.service.append(
                chain=access.org_id,
                actor=access.actor_label,
                action=Action.MEMBER_ADDED,
                subject=f"member:{membership.id}",
                data={
                    "display_name": display_name,
                    "roles": role_text.split(",") if role_text else [],
                    "invited": invite_token is not None,
                },
                now=now,
            )
    except Exception as error:
        if is_unique_violation(error):
            raise Conflict(f"{email} is already a member of this organisation.") from error
        raise
    view = await get_member(actor, slug, membership.id)
    view["display_name"] = display_name  # never echo a name the caller did not give
    if invite_token is not None:
        view["invite_token"] = invite_token
    return view


async def list_members(actor: Actor | None, slug: str) -> list[dict[str, Any]]:
    access = await member_access(slug, actor)
    rows = (
        await _member_query()
        .where(Membership.organisation == access.org_id)
        .order_by(Membership.account.display_name)
    )
    return [member_view(r, access) for r in rows]


async def get_member(actor: Actor | None, slug: str, member_id: str) -> dict[str, Any]:
    access = await member_access(slug, actor)
    if member_id == "me":
        if access.member_id is None:
            raise NotFound("You are not a member of this organisation.")
        member_id = access.member_id
    row = (
        await _member_query()
        .where((Membership.organisation == access.org_id) & (Membership.id == member_id))
        .first()
    )
    if row is None:
        raise NotFound("There is no such member in this organisation.")
    return member_view(row, access)


async def set_roles(
    runtime: Runtime, actor: Actor | None, slug: str, member_id: str, roles: list[str]
) -> dict[str, Any]:
    access = await admin_access(slug, actor)
    role_text = check_roles(roles)
    now = utcnow()
    async with transaction(runtime.engine):
        found = (
            await Membership.select(Membership.id)
            .where((Membership.organisation == access.org_id) & (Membership.id == member_id))
            .first()
        )
        if found is None:
            raise NotFound("There is no such member in this organisation.")
        await Membership.update({Membership.roles: role_text}).where(Membership.id == member_id)
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.ROLES_CHANGED,
            subject=f"member:{member_id}",
            data={"roles": role_text.split(",") if role_text else []},
            now=now,
        )
    return await get_member(actor, slug, member_id)


async def set_lived_experience(
    runtime: Runtime, actor: Actor | None, slug: str, value: bool
) -> dict[str, Any]:
    """The member's own attestation. Nobody else can set it; the audit never holds it, and
    holds whose it was and when only as commitments (`governance.audit.commitments`)."""
    access = await member_access(slug, actor)
    if access.member_id is None:
        raise NotFound("You are not a member of this organisation.")
    now = utcnow()
    async with transaction(runtime.engine):
        await Membership.update({Membership.lived_experience: bool(value)}).where(
            Membership.id == access.member_id
        )
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.LIVED_EXPERIENCE_CHANGED,
            subject=f"member:{access.member_id}",
            data={"lived_experience": "changed"},
            now=now,
            # Who and when enter the chain only as salted commitments, opened to org admins
            # alone: a reader cannot name the member by recomputing the entry's hash.
            private=("actor", "subject", "at"),
        )
    return await get_member(actor, slug, access.member_id)
