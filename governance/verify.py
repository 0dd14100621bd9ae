"""Whole-system verification: the one implementation behind `GET /audit/verify` and
`governance audit verify`.

For an organisation it checks, in order, and names the first failure:

1. its chain, row by row, against the recorded head;
2. that an organisation with recorded activity (members, bodies, meetings, motions) has a
   log at all: a wiped log with its head deleted verifies as an empty chain otherwise;
3. that every decided motion agrees with the chain's record of its close: outcome and tally
   in the motion's row, and for a secret vote the box against its roll, its digest and its
   count (`voting.integrity`).

With a checkpoint someone kept (`check_checkpoint`), whether the log today extends it.

It sits above the domains (it reads members' organisations, motions and voting's boxes), so
`audit` itself knows no domain.
"""

from __future__ import annotations

from governance.audit import service
from governance.audit.checkpoint import NoteError
from governance.audit.checkpoints import check_checkpoint, log_origin, verifier_key
from governance.audit.extension import ExtensionResult
from governance.audit.rules import VerifyResult
from governance.db import started_engine
from governance.members.tables import Body, Membership, Organisation
from governance.motions.tables import Meeting, Motion
from governance.settings import Settings
from governance.signing import load_key
from governance.voting.integrity import box_mismatches

WIPED = (
    "the organisation has recorded activity (members, bodies, meetings or motions) "
    "but no audit log: the log was wiped"
)


async def _has_activity(org_id: str) -> bool:
    for table, column in (
        (Membership, Membership.organisation),
        (Body, Body.organisation),
        (Meeting, Meeting.organisation),
        (Motion, Motion.organisation),
    ):
        if await table.exists().where(column == org_id):
            return True
    return False


async def verify_org(org_id: str) -> VerifyResult:
    """Verify one organisation's chain and the state it records (inside a started engine)."""
    result = await service.verify(org_id)
    if not result.ok:
        return result
    if result.entries == 0 and await _has_activity(org_id):
        return VerifyResult(False, 0, result.head_hash, 1, WIPED)
    mismatches = await box_mismatches(org_id)
    if not mismatches:
        return result
    first = mismatches[0]
    return VerifyResult(
        False,
        result.entries,
        result.head_hash,
        first.seq,
        f"motion {first.number}: {first.problem}",
    )


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
            if chain in labels:
                result = await verify_org(chain)
            else:
                result = await service.verify(chain)
            results.append((labels.get(chain, chain), result))
        return results


async def verify_checkpoint_file(
    settings: Settings, org_slug: str, note: str, vkey_text: str | None = None
) -> ExtensionResult | None:
    """Whether `org_slug`'s log extends the checkpoint `note`; None for no such organisation.

    The signature is checked with `vkey_text` when given, else with the public half of the
    configured signing key. Raises `NoteError` when the note is malformed or not signed by
    that key for this organisation's log.
    """
    if vkey_text is None:
        origin = log_origin(settings.log_origin, org_slug)
        vkey_text = verifier_key(origin, load_key(settings.signing_key_path))
    async with started_engine(settings):
        org = (
            await Organisation.select(Organisation.id).where(Organisation.slug == org_slug).first()
        )
        if org is None:
            return None
        return await check_checkpoint(org["id"], note, vkey_text)


__all__ = ["NoteError", "verify_all", "verify_checkpoint_file", "verify_org"]
