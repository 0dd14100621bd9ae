"""The trustees decrypt a verifiable motion's tally; t valid partials decide the motion.

docs/VERIFY.md 8: trustee j posts, for every tally line in label order (yes, no, abstain),
D_j = alpha^(x_j) with a proof (context `E/trustee/j/decrypt/<label>`), checked here against
X_j, recomputed from the ceremony's commitments, before anything is stored. Only trustees of
the ceremony the motion was bound to may post (403), once each (409). When t distinct
trustees' partials are in, the counts are combined (only the tally is ever decrypted, never
one ballot) and the motion is decided through `closing.decide_counted`, the path every vote
takes to `motions.decided`.
"""

from __future__ import annotations

import json
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import is_unique_violation, lock_row, transaction
from governance.errors import Conflict, Forbidden, InvalidInput
from governance.ids import new_id
from governance.members.access import Actor, member_access
from governance.motions.context import load_motion
from governance.motions.reading import get_motion
from governance.motions.rules.transitions import MotionStatus
from governance.motions.tables import Motion
from governance.motions.verifiable_binding import binding_of
from governance.runtime import Runtime
from governance.verifiable.ballot import MOTION_CHOICES
from governance.verifiable.group import EncodingError
from governance.verifiable.record import record_digest
from governance.verifiable.threshold import PartialDecryption, verify_partial
from governance.voting.closing import decide_counted
from governance.voting.tables import BallotRoll
from governance.voting.verifiable_box import PartialDecryptionRow
from governance.voting.verifiable_election import (
    Election,
    decrypted_counts,
    load_election,
    stored_partials,
)
from governance.voting.verifiable_record import stored_record


def parse_partials(data: object, trustee: int, election: Election) -> list[PartialDecryption]:
    """The posted partials, one per tally line in label order, each with a valid proof.

    Raises:
        InvalidInput: naming the line (or the field) that is wrong.
    """
    lines = election.tally()
    if not isinstance(data, list) or len(data) != len(lines):
        raise InvalidInput(
            f"Send `partials`: one partial decryption per tally line, in the order "
            f"{', '.join(label for label, _ in lines)}.",
            field="partials",
        )
    out = []
    for (label, ct), item in zip(lines, data, strict=True):
        try:
            partial = PartialDecryption.from_json(item)
        except EncodingError as error:
            raise InvalidInput(
                f"The partial decryption of {label} is malformed: {error}.", field="partials"
            ) from None
        if partial.trustee != trustee:
            raise InvalidInput(
                f"The partial decryption of {label} names trustee {partial.trustee}; "
                f"you are trustee {trustee}.",
                field="partials",
            )
        key = election.keys.verification_keys[trustee]
        if not verify_partial(
            partial, key, election.keys.election_key, ct, election.election, label
        ):
            raise InvalidInput(
                f"The proof of your partial decryption of {label} does not hold.",
                field="partials",
                fault="partial-proof",
            )
        out.append(partial)
    return out


async def post_decryption(
    runtime: Runtime, actor: Actor | None, slug: str, motion_id: str, *, partials: object
) -> dict[str, Any]:
    """A trustee of the motion's ceremony posts its partial decryptions of the tally."""
    access = await member_access(slug, actor)
    motion = await load_motion(access, motion_id)
    if await binding_of(motion_id) is None:
        raise Conflict("This motion is not a verifiable vote.", code="not-verifiable")
    election = await load_election(motion_id)
    me = next((t for t in election.trustees if t["membership"] == access.member_id), None)
    if access.member_id is None or me is None:
        raise Forbidden(
            "Only a trustee of the key ceremony this motion uses can decrypt its tally."
        )
    if motion["status"] != MotionStatus.decrypting:
        raise Conflict(_not_decrypting(motion["status"]), code="not-decrypting")
    checked = parse_partials(partials, me["position"], election)
    now = utcnow()
    try:
        async with transaction(runtime.engine):
            await lock_row(Motion, motion_id)
            motion = await load_motion(access, motion_id)
            if motion["status"] != MotionStatus.decrypting:
                raise Conflict(_not_decrypting(motion["status"]), code="not-decrypting")
            payload = [p.to_json() for p in checked]
            await PartialDecryptionRow.insert(
                PartialDecryptionRow(
                    id=new_id(),
                    motion=motion_id,
                    trustee=me["position"],
                    partials=json.dumps(payload),
                )
            )
            await audit.service.append(
                chain=access.org_id,
                actor=access.actor_label,
                action=Action.PARTIAL_DECRYPTION_POSTED,
                subject=f"motion:{motion_id}",
                data={"trustee": me["position"], "partials": payload},
                now=now,
            )
            await _decide_if_enough(access.org_id, access.actor_label, motion, election, now)
    except Exception as error:
        if is_unique_violation(error):
            raise Conflict(
                "You have already posted your partial decryption of this tally.",
                code="already-decrypted",
            ) from error
        raise
    return await get_motion(runtime, actor, slug, motion_id)


def _not_decrypting(status: str) -> str:
    if status == MotionStatus.voting:
        return "The vote is still open: the tally is decrypted after the chair closes it."
    if status in (MotionStatus.carried, MotionStatus.failed):
        return "This motion's tally has already been decrypted and the motion decided."
    return "This motion's vote has not closed, so there is no tally to decrypt."


async def _decide_if_enough(
    org_id: str, actor_label: str, motion: dict[str, Any], election: Election, now: Any
) -> None:
    """With t distinct trustees' partials in: combine, count, and decide the motion; the
    decision's entry carries the digest of the record it publishes (docs/VERIFY.md 10.4)."""
    partials = await stored_partials(motion["id"])
    threshold = election.keys.threshold
    if len(partials[MOTION_CHOICES[0]]) < threshold:
        return
    roll = {
        r["membership"]
        for r in await BallotRoll.select(BallotRoll.membership).where(
            BallotRoll.motion == motion["id"]
        )
    }
    counts = decrypted_counts(election, partials, len(roll))
    choices = [label for label in MOTION_CHOICES for _ in range(counts[label])]
    decrypted_by = [p.trustee for p in partials[MOTION_CHOICES[0]][:threshold]]
    await decide_counted(
        org_id=org_id,
        actor_label=actor_label,
        motion=motion,
        now=now,
        reason="trustees",
        choices=choices,
        voted=len(roll),
        voter_ids=roll,
        sealed={
            "decrypted_by": decrypted_by,
            "counts": counts,
            "record_digest": record_digest(await stored_record(motion["id"], counts, election)),
        },
        no_quorum=bool(election.binding["no_quorum"]),
    )
