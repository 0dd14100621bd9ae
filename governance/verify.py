"""Whole-system verification for `governance audit verify`: every audit chain (or one
organisation's), and for each organisation's intact chain its secret ballot boxes against
their rolls.

It sits above the domains (it reads members' organisations and voting's boxes), so `audit`
itself knows no domain.
"""

from __future__ import annotations

from governance.audit import service
from governance.audit.actions import Action
from governance.audit.rules import VerifyResult
from governance.db import started_engine
from governance.members.tables import Organisation
from governance.settings import Settings
from governance.voting.integrity import box_mismatches


async def verify_all(
    settings: Settings, *, org_slug: str | None = None
) -> list[tuple[str, VerifyResult]] | None:
    """(label, result) for each chain; None when `org_slug` names no organisation."""
    async with started_engine(settings):
        orgs = await Organisation.select(Organisation.id, Organisation.slug)
        labels = {o["id"]: o["slug"] for o in orgs}
        if org_slug is not None:
            chain_ids = [i for i, s in labels.items() if s == org_slug]
            if not chain_ids:
                return None
        else:
            chain_ids = sorted(set(await service.chains()) | set(labels))
        results = []
        for chain in chain_ids:
            result = await service.verify(chain)
            if result.ok and chain in labels:
                result = await _check_ballot_boxes(chain, result)
            results.append((labels.get(chain, chain), result))
        return results


async def _check_ballot_boxes(chain: str, intact: VerifyResult) -> VerifyResult:
    """An intact chain is still broken if a closed secret vote's box no longer matches its
    roll; the bad entry is the one that recorded that vote's close."""
    mismatches = await box_mismatches(chain)
    if not mismatches:
        return intact
    first = mismatches[0]
    seq = await service.seq_of(
        chain,
        subject=f"motion:{first.motion_id}",
        actions=(Action.MOTION_CARRIED, Action.MOTION_FAILED),
    )
    return VerifyResult(
        False, intact.entries, intact.head_hash, seq, f"motion {first.number}: {first.problem}"
    )
