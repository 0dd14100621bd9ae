"""A verifiable approval election (issue 15): its key, its question, and what members see.

Calling an approval election with `verifiable: true` binds it to the body's completed key
ceremony (409 `no-election-key` otherwise), as moving a verifiable motion does
(`motions.verifiable_binding`): the joint key and the trustees who may decrypt are fixed then.
The question is the standing candidates in nomination order, which cannot change once
nominations close (withdrawing is only possible before), between 0 and all of them approved,
as an approval ballot on the secret box may be. Ballots, the close and the decryption are in
`verifiable_cast.py` and `verifiable_count.py`.
"""

from __future__ import annotations

import json
from typing import Any

from governance.elections.context import standing_candidates
from governance.elections.verifiable_tables import (
    ElectionPartialDecryption,
    VerifiableElection,
    election_ref,
)
from governance.errors import Conflict
from governance.members.access import OrgAccess
from governance.trustees.ceremonies import current_ceremony, public_key_view, trustee_position
from governance.trustees.tables import Ceremony
from governance.verifiable.record import Question
from governance.voting.verifiable_election import Election, election_for

NO_KEY = (
    "A verifiable election needs the body's trustees to have completed a key ceremony first "
    "(POST /orgs/{org}/bodies/{body}/trustees); this body has no completed key."
)


async def bind_election(access: OrgAccess, election_id: str, body_id: str) -> None:
    """Inside the calling transaction: store the election's ceremony and election id E.

    Raises:
        Conflict: the body has no completed key ceremony (409, code `no-election-key`).
    """
    ceremony = await current_ceremony(body_id)
    if ceremony is None or ceremony["status"] != "complete":
        raise Conflict(NO_KEY, code="no-election-key")
    await VerifiableElection.insert(
        VerifiableElection(
            id=election_id,
            ceremony=ceremony["id"],
            election=election_ref(access.org["slug"], election_id),
            tally=None,
        )
    )


async def binding_of(election_id: str) -> dict[str, Any] | None:
    """A verifiable election's row (None for any other election)."""
    return await VerifiableElection.select().where(VerifiableElection.id == election_id).first()


async def question_of(election_id: str) -> Question:
    """The ballot's question: standing candidates in nomination order, 0 to all approved."""
    candidates = [c["id"] for c in await standing_candidates(election_id)]
    return Question.approval(candidates, 0, len(candidates))


async def loaded(election_id: str) -> Election:
    """The election's key, trustees and tally, as the motions' decryption reads them."""
    binding = await binding_of(election_id)
    if binding is None:
        raise Conflict("This election is not verifiable.", code="not-verifiable")
    ceremony = await Ceremony.select().where(Ceremony.id == binding["ceremony"]).first()
    assert ceremony is not None and ceremony["joint_key"]  # bound only once complete
    return await election_for(binding, ceremony)


async def verifiable_view(election_id: str) -> dict[str, Any] | None:
    """What a browser needs to encrypt a ballot and a trustee to decrypt the tally: public
    values only (the question, E, the ceremony and its trustees' commitments, the joint key,
    the tally from the close, and which trustees have decrypted it, by number)."""
    binding = await binding_of(election_id)
    if binding is None:
        return None
    question = await question_of(election_id)
    decrypted_by = [
        int(row["trustee"])
        for row in await ElectionPartialDecryption.select(ElectionPartialDecryption.trustee)
        .where(ElectionPartialDecryption.election == election_id)
        .order_by(ElectionPartialDecryption.trustee)
    ]
    return {
        "election": binding["election"],
        "candidates": list(question.options),
        "minimum": question.minimum,
        "maximum": question.maximum,
        **await public_key_view(binding["ceremony"]),
        "tally": json.loads(binding["tally"]) if binding["tally"] else None,
        "decrypted": len(decrypted_by),
        "decrypted_by": decrypted_by,
    }


async def trustee_number(election_id: str, member_id: str | None) -> int | None:
    """The member's number among the trustees of the ceremony the election is bound to."""
    binding = await binding_of(election_id)
    return None if binding is None else await trustee_position(binding["ceremony"], member_id)
