"""Moving a verifiable motion binds it to its body's completed key ceremony (issue 15).

The joint key the ballots are encrypted under, and the trustees who may decrypt the tally,
are fixed when the motion is moved: a later ceremony of the body does not change them.
"""

from __future__ import annotations

import json
from typing import Any

from governance.errors import Conflict
from governance.members.access import OrgAccess
from governance.motions.verifiable_tables import VerifiableMotion, election_id
from governance.motions.voting_port import voting
from governance.trustees.ceremonies import current_ceremony, public_key_view, trustee_position

NO_KEY = (
    "A verifiable vote needs the body's trustees to have completed a key ceremony first "
    "(POST /orgs/{org}/bodies/{body}/trustees); this body has no completed key."
)


async def bind_to_ceremony(access: OrgAccess, motion_id: str, body_id: str) -> dict[str, Any]:
    """Inside the moving transaction: store the motion's ceremony and election id.

    Raises:
        Conflict: the body has no completed key ceremony (409, code `no-election-key`).
    """
    ceremony = await current_ceremony(body_id)
    if ceremony is None or ceremony["status"] != "complete":
        raise Conflict(NO_KEY, code="no-election-key")
    row = {
        "motion": motion_id,
        "ceremony": ceremony["id"],
        "election": election_id(access.org["slug"], motion_id),
    }
    await VerifiableMotion.insert(VerifiableMotion(**row, tally=None, no_quorum=0))
    return row


async def binding_of(motion_id: str) -> dict[str, Any] | None:
    """A verifiable motion's row (None for any other motion)."""
    return await VerifiableMotion.select().where(VerifiableMotion.motion == motion_id).first()


async def verifiable_view(motion_id: str) -> dict[str, Any] | None:
    """What a browser needs to encrypt a ballot, and a trustee to decrypt the tally: the
    election id, the ceremony (its context, threshold and the trustees' commitments, from
    which a trustee's page recomputes its verification key), the joint key, from the close
    the encrypted tally, and which trustees have posted their partial decryptions (their
    numbers; `decrypted` of `threshold` are in). Public values only."""
    binding = await binding_of(motion_id)
    if binding is None:
        return None
    decrypted_by = await voting().decrypted_by(motion_id)
    return {
        "election": binding["election"],
        **await public_key_view(binding["ceremony"]),
        "tally": json.loads(binding["tally"]) if binding["tally"] else None,
        "decrypted": len(decrypted_by),
        "decrypted_by": decrypted_by,
    }


async def trustee_number(motion_id: str, member_id: str | None) -> int | None:
    """The member's number among the trustees of the ceremony the motion is bound to."""
    binding = await binding_of(motion_id)
    return None if binding is None else await trustee_position(binding["ceremony"], member_id)
