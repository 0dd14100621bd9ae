"""Reading a body's current ceremony and its trustees, and finding the caller among them.

Every service of the ceremony starts here: outside its transaction to refuse early (who may),
and again inside it, after the ceremony's row lock, to decide on what is committed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from governance.db import lock_row
from governance.errors import Forbidden, NotFound
from governance.members.access import OrgAccess
from governance.members.bodies import load_body
from governance.trustees.tables import Ceremony, Trustee
from governance.verifiable.threshold import Commitment


async def current_ceremony(body_id: str) -> dict[str, Any] | None:
    """The body's latest ceremony (the highest attempt), whatever its status."""
    return (
        await Ceremony.select()
        .where(Ceremony.body == body_id)
        .order_by(Ceremony.attempt, ascending=False)
        .first()
    )


async def trustees_of(ceremony_id: str) -> list[dict[str, Any]]:
    """The ceremony's trustees in order of position, with their names."""
    return list(
        await Trustee.select(
            Trustee.all_columns(),
            Trustee.membership.account.display_name.as_alias("display_name"),
        )
        .where(Trustee.ceremony == ceremony_id)
        .order_by(Trustee.position)
    )


async def public_key_view(ceremony_id: str) -> dict[str, Any]:
    """A ceremony's public values as a verifiable vote's view shows them: its id, context,
    threshold, number of trustees, joint key and the trustees' commitments (from which a
    trustee's page recomputes its verification key). Shared by motions and elections."""
    ceremony = await Ceremony.select().where(Ceremony.id == ceremony_id).first()
    assert ceremony is not None  # ceremonies are never deleted
    trustees = await trustees_of(ceremony_id)
    return {
        "ceremony": ceremony["id"],
        "ceremony_context": ceremony["context"],
        "threshold": ceremony["threshold"],
        "trustee_count": ceremony["trustees"],
        "election_key": ceremony["joint_key"],
        "commitments": [json.loads(t["commitment"]) for t in trustees if t["commitment"]],
    }


async def trustee_position(ceremony_id: str, member_id: str | None) -> int | None:
    """The member's number among the ceremony's trustees (None when not one of them)."""
    if member_id is None:
        return None
    trustees = await trustees_of(ceremony_id)
    return next((t["position"] for t in trustees if t["membership"] == member_id), None)


def commitment_of(trustee: dict[str, Any]) -> Commitment | None:
    """A trustee's stored commitment (checked when it was dealt), or None before it deals."""
    if trustee["commitment"] is None:
        return None
    return Commitment.from_json(json.loads(trustee["commitment"]))


@dataclass(frozen=True)
class AsTrustee:
    """The caller, a trustee of the body's current ceremony."""

    access: OrgAccess
    body: dict[str, Any]
    ceremony: dict[str, Any]
    trustees: list[dict[str, Any]]
    me: dict[str, Any]


async def as_trustee(access: OrgAccess, body_slug: str, *, doing: str) -> AsTrustee:
    """The body's current ceremony with the caller's place in it.

    Raises NotFound (no such body, no ceremony) or Forbidden (not one of its trustees).
    """
    body = await load_body(access, body_slug)
    ceremony = await current_ceremony(body["id"])
    if ceremony is None:
        raise NotFound("This body has no key ceremony.")
    return await _place(access, body, ceremony, doing=doing)


async def locked(found: AsTrustee, *, doing: str) -> AsTrustee:
    """Inside a transaction: lock the ceremony and read it and its trustees again."""
    await lock_row(Ceremony, found.ceremony["id"])
    ceremony = await Ceremony.select().where(Ceremony.id == found.ceremony["id"]).first()
    assert ceremony is not None  # ceremonies are never deleted
    return await _place(found.access, found.body, ceremony, doing=doing)


async def _place(
    access: OrgAccess, body: dict[str, Any], ceremony: dict[str, Any], *, doing: str
) -> AsTrustee:
    trustees = await trustees_of(ceremony["id"])
    me = next((t for t in trustees if t["membership"] == access.member_id), None)
    if access.member_id is None or me is None:
        raise Forbidden(f"Only a trustee of this body's key ceremony can {doing}.")
    return AsTrustee(access, body, ceremony, trustees, me)
