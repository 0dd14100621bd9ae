"""The ceremony as anyone in the organisation may see it, and a trustee's incoming shares.

Only public values: who the trustees are, their numbers and progress, their ceremony keys,
commitments and proofs, and the joint key once complete. A trustee's encrypted shares go to
that trustee alone (they are unreadable to anyone else, but there is no need to hand them
round).
"""

from __future__ import annotations

import json
from typing import Any

from governance.members.access import Actor, OrgAccess, member_access
from governance.members.bodies import load_body
from governance.runtime import Runtime
from governance.text import iso
from governance.trustees.ceremonies import as_trustee, current_ceremony, trustees_of
from governance.trustees.tables import EncryptedShare


def _trustee_view(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "index": row["position"],
        "member_id": row["membership"],
        "display_name": row["display_name"],
        "status": row["status"],
        "public_key": row["public_key"],
        "key_proof": json.loads(row["key_proof"]) if row["key_proof"] else None,
        "commitment": json.loads(row["commitment"]) if row["commitment"] else None,
    }


def ceremony_view(
    body: dict[str, Any],
    ceremony: dict[str, Any] | None,
    trustees: list[dict[str, Any]],
    member_id: str | None,
) -> dict[str, Any]:
    """The public state; `status` is `none` for a body whose trustees were never named."""
    you = next((t["position"] for t in trustees if t["membership"] == member_id), None)
    if ceremony is None:
        return {
            "body": body["slug"],
            "ceremony": None,
            "status": "none",
            "threshold": None,
            "trustee_count": 0,
            "trustees": [],
            "joint_public_key": None,
            "failure": None,
            "you": None,
        }
    failure = None
    if ceremony["failure"] is not None:
        failure = {"reason": ceremony["failure"], "dealer": ceremony["blamed"]}
    return {
        "body": body["slug"],
        "ceremony": ceremony["id"],
        "attempt": ceremony["attempt"],
        "context": ceremony["context"],
        "status": ceremony["status"],
        "threshold": ceremony["threshold"],
        "trustee_count": ceremony["trustees"],
        "trustees": [_trustee_view(t) for t in trustees],
        "joint_public_key": ceremony["joint_key"],
        "failure": failure,
        "created_at": iso(ceremony["created_at"]),
        "ended_at": iso(ceremony["ended_at"]),
        "you": you,
    }


async def view_now(access: OrgAccess, body: dict[str, Any]) -> dict[str, Any]:
    """The body's current ceremony as it stands (after a change, for the reply)."""
    ceremony = await current_ceremony(body["id"])
    trustees = await trustees_of(ceremony["id"]) if ceremony else []
    return ceremony_view(body, ceremony, trustees, access.member_id)


async def get_ceremony(
    runtime: Runtime, actor: Actor | None, slug: str, body_slug: str
) -> dict[str, Any]:
    """The body's current ceremony (any member of the organisation)."""
    access = await member_access(slug, actor)
    return await view_now(access, await load_body(access, body_slug))


async def my_shares(
    runtime: Runtime, actor: Actor | None, slug: str, body_slug: str
) -> dict[str, Any]:
    """The encrypted shares dealt so far to the caller, a trustee, by dealer."""
    access = await member_access(slug, actor)
    found = await as_trustee(access, body_slug, doing="read its shares")
    rows = (
        await EncryptedShare.select()
        .where(
            (EncryptedShare.ceremony == found.ceremony["id"])
            & (EncryptedShare.recipient == found.me["position"])
        )
        .order_by(EncryptedShare.dealer)
    )
    return {
        "ceremony": found.ceremony["id"],
        "context": found.ceremony["context"],
        "index": found.me["position"],
        "shares": [
            {
                "from": r["dealer"],
                "to": r["recipient"],
                "ephemeral": r["ephemeral"],
                "masked": r["masked"],
            }
            for r in rows
        ],
    }
