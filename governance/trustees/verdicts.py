"""Each trustee's word on the shares it received: accepted, or a complaint naming a dealer.

The server cannot check a share (it cannot read one); the recipient can, against the
dealer's public commitment. One complaint fails the ceremony, naming the dealer, and the
admin must name trustees again. When every trustee has accepted, the ceremony is complete and
its joint key y = prod_i A_i0 is computed from the stored commitments and kept.
"""

from __future__ import annotations

from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import transaction
from governance.errors import Conflict
from governance.members.access import Actor, member_access
from governance.runtime import Runtime
from governance.trustees.ceremonies import AsTrustee, as_trustee, commitment_of, locked
from governance.trustees.reading import view_now
from governance.trustees.rules import (
    CeremonyStatus,
    TrusteeStatus,
    check_complaint,
    check_dealer,
    check_step,
)
from governance.trustees.tables import Ceremony, ShareVerdict, Trustee
from governance.verifiable.threshold import election_public_key

_DEALT = (TrusteeStatus.dealt, TrusteeStatus.accepted, TrusteeStatus.complained)
_SPOKEN = (TrusteeStatus.accepted, TrusteeStatus.complained)


def _not_spoken(found: AsTrustee) -> None:
    if found.me["status"] in _SPOKEN:
        raise Conflict("You have already given your word on your shares.", code="already-done")


async def accept(
    runtime: Runtime, actor: Actor | None, slug: str, body_slug: str
) -> dict[str, Any]:
    """The caller has unmasked every share dealt to it and each passed Feldman's check.

    Raises:
        Forbidden (not a trustee), NotFound, Conflict (not dealing, someone has not dealt yet,
        or the caller has already accepted or complained).
    """
    doing = "accept your shares"
    access = await member_access(slug, actor)
    found = await as_trustee(access, body_slug, doing=doing)
    check_step(found.ceremony["status"], CeremonyStatus.dealing, doing)
    now = utcnow()
    async with transaction(runtime.engine):
        found = await locked(found, doing=doing)
        ceremony = found.ceremony
        check_step(ceremony["status"], CeremonyStatus.dealing, doing)
        _not_spoken(found)
        waiting = [t["position"] for t in found.trustees if t["status"] not in _DEALT]
        if waiting:
            raise Conflict(
                "Not every trustee has dealt yet: you can accept once all shares are in.",
                code="not-dealt",
                waiting_for=waiting,
            )
        position = found.me["position"]
        await ShareVerdict.insert(
            ShareVerdict(
                ceremony=ceremony["id"], position=position, verdict="accepted", created_at=now
            )
        )
        await Trustee.update({Trustee.status: TrusteeStatus.accepted.value}).where(
            Trustee.id == found.me["id"]
        )
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.CEREMONY_SHARES_ACCEPTED,
            subject=f"ceremony:{ceremony['id']}",
            data={"ceremony": ceremony["id"], "trustee": position},
            now=now,
        )
        if all(
            t["id"] == found.me["id"] or t["status"] == TrusteeStatus.accepted
            for t in found.trustees
        ):
            await _complete(access.org_id, access.actor_label, found, now)
    return await view_now(access, found.body)


async def _complete(chain: str, actor_label: str, found: AsTrustee, now: Any) -> None:
    """Every trustee accepted: y from the commitments (each checked when it was dealt)."""
    commitments = [commitment_of(t) for t in found.trustees]
    assert all(c is not None for c in commitments)  # every trustee dealt before accepting
    joint = election_public_key([c for c in commitments if c is not None])
    ceremony = found.ceremony
    if joint.is_identity:  # cannot happen without breaking the proofs of knowledge
        await Ceremony.update(
            {
                Ceremony.status: CeremonyStatus.failed.value,
                Ceremony.failure: "identity",
                Ceremony.ended_at: now,
            }
        ).where(Ceremony.id == ceremony["id"])
        await audit.service.append(
            chain=chain,
            actor=actor_label,
            action=Action.CEREMONY_FAILED,
            subject=f"ceremony:{ceremony['id']}",
            data={"ceremony": ceremony["id"], "reason": "identity", "against": None},
            now=now,
        )
        return
    await Ceremony.update(
        {
            Ceremony.status: CeremonyStatus.complete.value,
            Ceremony.joint_key: joint.hex(),
            Ceremony.ended_at: now,
        }
    ).where(Ceremony.id == ceremony["id"])
    await audit.service.append(
        chain=chain,
        actor=actor_label,
        action=Action.CEREMONY_COMPLETED,
        subject=f"ceremony:{ceremony['id']}",
        data={
            "ceremony": ceremony["id"],
            "body": found.body["slug"],
            "context": ceremony["context"],
            "threshold": ceremony["threshold"],
            "trustees": ceremony["trustees"],
            "joint_public_key": joint.hex(),
        },
        now=now,
    )


async def complain(
    runtime: Runtime, actor: Actor | None, slug: str, body_slug: str, *, dealer: Any
) -> dict[str, Any]:
    """The share from trustee `dealer` failed the caller's check: the ceremony fails.

    Raises:
        Forbidden (not a trustee), NotFound, InvalidInput (`from` is not another trustee),
        Conflict (not dealing, that trustee has not dealt, or the caller has already spoken).
    """
    doing = "complain about a share"
    access = await member_access(slug, actor)
    found = await as_trustee(access, body_slug, doing=doing)
    check_dealer(dealer, found.me["position"], found.ceremony["trustees"])
    check_step(found.ceremony["status"], CeremonyStatus.dealing, doing)
    now = utcnow()
    async with transaction(runtime.engine):
        found = await locked(found, doing=doing)
        ceremony = found.ceremony
        check_step(ceremony["status"], CeremonyStatus.dealing, doing)
        _not_spoken(found)
        position = found.me["position"]
        dealt = [t["position"] for t in found.trustees if t["status"] in _DEALT]
        against = check_complaint(dealer, position, dealt, ceremony["trustees"])
        await ShareVerdict.insert(
            ShareVerdict(
                ceremony=ceremony["id"],
                position=position,
                verdict="complained",
                against=against,
                created_at=now,
            )
        )
        await Trustee.update({Trustee.status: TrusteeStatus.complained.value}).where(
            Trustee.id == found.me["id"]
        )
        await Ceremony.update(
            {
                Ceremony.status: CeremonyStatus.failed.value,
                Ceremony.failure: "complaint",
                Ceremony.blamed: against,
                Ceremony.ended_at: now,
            }
        ).where(Ceremony.id == ceremony["id"])
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.CEREMONY_FAILED,
            subject=f"ceremony:{ceremony['id']}",
            data={
                "ceremony": ceremony["id"],
                "reason": "complaint",
                "trustee": position,
                "against": against,
            },
            now=now,
        )
    return await view_now(access, found.body)
