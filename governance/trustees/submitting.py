"""A trustee's two publications: its ceremony key, then its dealing.

Each is checked in full before anything is written (every encoding, every proof), and
written with its audit entry in one transaction under the ceremony's row lock, so a refused
submission leaves nothing behind and two racing ones cannot both pass the state check.
"""

from __future__ import annotations

import json
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import transaction
from governance.errors import Conflict
from governance.members.access import Actor, member_access
from governance.runtime import Runtime
from governance.trustees.ceremonies import as_trustee, locked
from governance.trustees.reading import view_now
from governance.trustees.rules import (
    CeremonyStatus,
    TrusteeStatus,
    check_step,
    parse_ceremony_key,
    parse_dealing,
)
from governance.trustees.tables import Ceremony, EncryptedShare, Trustee
from governance.verifiable.group import scalar_hex

_DEALT = (TrusteeStatus.dealt, TrusteeStatus.accepted, TrusteeStatus.complained)


async def submit_key(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    body_slug: str,
    *,
    public_key: Any,
    proof: Any,
) -> dict[str, Any]:
    """The caller's ceremony key P_j with its proof (context `C/trustee/j/key`).

    When the last trustee's key is in, the ceremony moves to `dealing`.

    Raises:
        Forbidden (not a trustee), NotFound, InvalidInput (a bad encoding or proof),
        Conflict (not collecting keys, or already submitted).
    """
    doing = "submit a ceremony key"
    access = await member_access(slug, actor)
    found = await as_trustee(access, body_slug, doing=doing)
    position = found.me["position"]
    point = parse_ceremony_key(public_key, proof, found.ceremony["context"], position)
    check_step(found.ceremony["status"], CeremonyStatus.collecting_keys, doing)
    stored_proof = json.dumps(
        {"challenge": proof["challenge"], "response": proof["response"]}, sort_keys=True
    )
    now = utcnow()
    async with transaction(runtime.engine):
        found = await locked(found, doing=doing)
        ceremony = found.ceremony
        check_step(ceremony["status"], CeremonyStatus.collecting_keys, doing)
        if found.me["status"] != TrusteeStatus.named:
            raise Conflict("You have already submitted your ceremony key.", code="already-done")
        await Trustee.update(
            {
                Trustee.public_key: point.hex(),
                Trustee.key_proof: stored_proof,
                Trustee.status: TrusteeStatus.key_submitted.value,
            }
        ).where(Trustee.id == found.me["id"])
        all_in = all(
            t["id"] == found.me["id"] or t["status"] != TrusteeStatus.named for t in found.trustees
        )
        if all_in:
            await Ceremony.update({Ceremony.status: CeremonyStatus.dealing.value}).where(
                Ceremony.id == ceremony["id"]
            )
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.CEREMONY_KEY_SUBMITTED,
            subject=f"ceremony:{ceremony['id']}",
            data={
                "ceremony": ceremony["id"],
                "trustee": position,
                "public_key": point.hex(),
                "all_keys_in": all_in,
            },
            now=now,
        )
    return await view_now(access, found.body)


async def submit_dealing(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    body_slug: str,
    *,
    commitments: Any,
    proof: Any,
    shares: Any,
) -> dict[str, Any]:
    """The caller's Feldman commitments, with the proof of knowledge of its part of the key,
    and one encrypted share for every other trustee (docs/VERIFY.md 6.1).

    Raises:
        Forbidden (not a trustee), NotFound, InvalidInput (a bad encoding or proof, a missing
        or extra share), Conflict (not dealing, or already dealt).
    """
    doing = "deal"
    access = await member_access(slug, actor)
    found = await as_trustee(access, body_slug, doing=doing)
    ceremony = found.ceremony
    position = found.me["position"]
    commitment, encrypted = parse_dealing(
        position=position,
        threshold=ceremony["threshold"],
        positions=[t["position"] for t in found.trustees],
        context=ceremony["context"],
        commitments=commitments,
        proof=proof,
        shares=shares,
    )
    check_step(ceremony["status"], CeremonyStatus.dealing, doing)
    now = utcnow()
    async with transaction(runtime.engine):
        found = await locked(found, doing=doing)
        check_step(found.ceremony["status"], CeremonyStatus.dealing, doing)
        if found.me["status"] in _DEALT:
            raise Conflict("You have already dealt your shares.", code="already-done")
        await Trustee.update(
            {
                Trustee.commitment: json.dumps(commitment.to_json(), sort_keys=True),
                Trustee.status: TrusteeStatus.dealt.value,
            }
        ).where(Trustee.id == found.me["id"])
        if encrypted:
            await EncryptedShare.insert(
                *(
                    EncryptedShare(
                        ceremony=ceremony["id"],
                        dealer=s.dealer,
                        recipient=s.recipient,
                        ephemeral=s.ephemeral.hex(),
                        masked=scalar_hex(s.masked),
                    )
                    for s in encrypted
                )
            )
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.CEREMONY_DEALT,
            subject=f"ceremony:{ceremony['id']}",
            data={
                "ceremony": ceremony["id"],
                "trustee": position,
                "commitment": commitment.to_json(),
                "shares_to": sorted(s.recipient for s in encrypted),
            },
            now=now,
        )
    return await view_now(access, found.body)
