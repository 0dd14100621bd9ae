"""Naming a body's trustees: the org admin chooses n members and the threshold t, and a new
ceremony starts (replacing an unfinished one; a complete key is refused, for now)."""

from __future__ import annotations

from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import is_unique_violation, lock_row, transaction
from governance.errors import Conflict, InvalidInput
from governance.ids import new_id
from governance.members.access import Actor, admin_access
from governance.members.bodies import load_body
from governance.members.tables import Body, Membership
from governance.runtime import Runtime
from governance.trustees.ceremonies import current_ceremony, trustees_of
from governance.trustees.reading import ceremony_view
from governance.trustees.rules import (
    UNFINISHED,
    CeremonyStatus,
    TrusteeStatus,
    ceremony_context,
    check_may_name,
    check_naming,
)
from governance.trustees.tables import Ceremony, Trustee


async def _check_members(org_id: str, member_ids: list[str]) -> None:
    """Every id is a member of this organisation in good standing."""
    rows = await Membership.select(Membership.id).where(
        (Membership.organisation == org_id)
        & Membership.id.is_in(member_ids)
        & Membership.suspended_at.is_null()
    )
    found = {r["id"] for r in rows}
    unknown = [m for m in member_ids if m not in found]
    if unknown:
        raise InvalidInput(
            "Every trustee must be a member of this organisation in good standing; "
            f"{len(unknown)} named are not.",
            field="member_ids",
            unknown=unknown,
        )


async def name_trustees(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    body_slug: str,
    *,
    member_ids: list[str],
    threshold: int,
) -> dict[str, Any]:
    """Name the body's trustees, numbered 1..n in the order given, and start a ceremony.

    Raises:
        Forbidden (not an org admin), NotFound, InvalidInput (naming the field),
        Conflict (the body's key is complete).
    """
    access = await admin_access(slug, actor)
    body = await load_body(access, body_slug)
    member_ids, threshold = check_naming(member_ids, threshold)
    await _check_members(access.org_id, member_ids)
    now = utcnow()
    ceremony_id = new_id()
    try:
        async with transaction(runtime.engine):
            await lock_row(Body, body["id"])
            previous = await current_ceremony(body["id"])
            check_may_name(previous["status"] if previous else None)
            replaced = None
            if previous is not None and previous["status"] in UNFINISHED:
                replaced = previous["id"]
                await Ceremony.update(
                    {
                        Ceremony.status: CeremonyStatus.failed.value,
                        Ceremony.failure: "replaced",
                        Ceremony.ended_at: now,
                    }
                ).where(Ceremony.id == replaced)
            context = ceremony_context(access.org["slug"], body["slug"], ceremony_id)
            await Ceremony.insert(
                Ceremony(
                    id=ceremony_id,
                    organisation=access.org_id,
                    body=body["id"],
                    attempt=(previous["attempt"] + 1) if previous else 1,
                    threshold=threshold,
                    trustees=len(member_ids),
                    status=CeremonyStatus.collecting_keys.value,
                    context=context,
                    created_at=now,
                )
            )
            await Trustee.insert(
                *(
                    Trustee(
                        ceremony=ceremony_id,
                        membership=member_id,
                        position=position,
                        status=TrusteeStatus.named.value,
                        created_at=now,
                    )
                    for position, member_id in enumerate(member_ids, start=1)
                )
            )
            await audit.service.append(
                chain=access.org_id,
                actor=access.actor_label,
                action=Action.TRUSTEES_NAMED,
                subject=f"ceremony:{ceremony_id}",
                data={
                    "ceremony": ceremony_id,
                    "body": body["slug"],
                    "context": context,
                    "threshold": threshold,
                    "trustees": member_ids,
                    "replaces": replaced,
                },
                now=now,
            )
    except Exception as error:
        if is_unique_violation(error):  # another naming of this body won the race
            raise Conflict(
                "The body's trustees were named at the same moment; read them and try again.",
                code="ceremony-race",
            ) from None
        raise
    ceremony = await Ceremony.select().where(Ceremony.id == ceremony_id).first()
    return ceremony_view(body, ceremony, await trustees_of(ceremony_id), access.member_id)
