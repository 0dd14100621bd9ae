"""The trustees decrypt a verifiable election's tally; t valid partials count it.

As for a verifiable motion (`governance.voting.verifiable_decrypt`, docs/VERIFY.md 8): trustee
j of the ceremony the election was bound to posts, for every tally line in ballot order, its
partial decryption with a proof, checked before anything is stored; others get 403, a second
post 409. When t distinct trustees' partials are in, each candidate's approvals are decrypted
(only the tally, never a ballot) and counted by `count.rank_approvals` with the reservation
recomputed at the close, exactly as the secret box's marks are counted; the `election.counted`
entry carries the digest of the public record (`GET .../record`), built here in the same
transaction, so the signed checkpoint that covers it commits to the record.
"""

from __future__ import annotations

import json
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import is_unique_violation, lock_row, transaction
from governance.elections.context import load_election
from governance.elections.count import rank_approvals
from governance.elections.counting import ensure_counted
from governance.elections.reading import election_view
from governance.elections.results import (
    count_input,
    named_candidates,
    reserved_at_close,
    result_of,
)
from governance.elections.tables import Election
from governance.elections.verifiable import loaded, question_of
from governance.elections.verifiable_tables import (
    ElectionPartialDecryption,
    VerifiableElectionBallot,
)
from governance.errors import Conflict, Forbidden
from governance.ids import new_id
from governance.members.access import Actor, member_access, org_access
from governance.runtime import Runtime
from governance.verifiable.record import CastBallot, build_record, record_digest
from governance.verifiable.threshold import PartialDecryption
from governance.voting.verifiable_close import BALLOT_COLUMNS, parsed
from governance.voting.verifiable_decrypt import parse_partials
from governance.voting.verifiable_election import (
    Election as Keys,
)
from governance.voting.verifiable_election import (
    decrypted_counts,
    partials_by_label,
)

NOT_DECRYPTING = {
    "scheduled": "Voting has not closed, so there is no tally to decrypt yet.",
    "counted": "This election's tally has already been decrypted and counted.",
    "certified": "This election's tally has already been decrypted and counted.",
}


async def _partials(
    election_id: str, labels: tuple[str, ...]
) -> dict[str, list[PartialDecryption]]:
    rows = (
        await ElectionPartialDecryption.select()
        .where(ElectionPartialDecryption.election == election_id)
        .order_by(ElectionPartialDecryption.trustee)
    )
    return partials_by_label(rows, labels)


async def election_record(
    election_id: str, keys: Keys, counts: dict[str, int]
) -> dict[str, object]:
    """The public record of a verifiable election from what is stored, with its counts."""
    question = await question_of(election_id)
    rows = list(
        await VerifiableElectionBallot.select(
            *(getattr(VerifiableElectionBallot, c) for c in BALLOT_COLUMNS)
        ).where(VerifiableElectionBallot.election == election_id)
    )
    ballots = [
        CastBallot(ballot, bool(row["server_encrypted"]))
        for ballot, row in zip(parsed(rows), rows, strict=True)
    ]
    return build_record(
        election_id=keys.election,
        question=question,
        threshold=keys.keys.threshold,
        commitments=keys.commitments,
        ballots=ballots,
        partials=await _partials(election_id, question.labels),
        result=counts,
        ceremony=keys.ceremony["context"],
    )


async def post_decryption(
    runtime: Runtime, actor: Actor | None, slug: str, election_id: str, *, partials: object
) -> dict[str, Any]:
    """A trustee of the election's ceremony posts its partial decryptions of the tally."""
    access = await member_access(slug, actor)
    await load_election(access, election_id)
    await ensure_counted(runtime, election_id)  # closes the box if voting has just ended
    keys = await loaded(election_id)
    me = next((t for t in keys.trustees if t["membership"] == access.member_id), None)
    if access.member_id is None or me is None:
        raise Forbidden(
            "Only a trustee of the key ceremony this election uses can decrypt its tally."
        )
    election = await load_election(access, election_id)
    if election["status"] != "decrypting":
        raise Conflict(NOT_DECRYPTING[election["status"]], code="not-decrypting")
    checked = parse_partials(partials, me["position"], keys)
    now = utcnow()
    try:
        async with transaction(runtime.engine):
            await lock_row(Election, election_id)
            election = await load_election(access, election_id)
            if election["status"] != "decrypting":
                raise Conflict(NOT_DECRYPTING[election["status"]], code="not-decrypting")
            payload = [p.to_json() for p in checked]
            await ElectionPartialDecryption.insert(
                ElectionPartialDecryption(
                    id=new_id(),
                    election=election_id,
                    trustee=me["position"],
                    partials=json.dumps(payload),
                )
            )
            await audit.service.append(
                chain=access.org_id,
                actor=access.actor_label,
                action=Action.ELECTION_PARTIAL_DECRYPTION_POSTED,
                subject=f"election:{election_id}",
                data={"election": election_id, "trustee": me["position"], "partials": payload},
                now=now,
            )
            await _count_if_enough(election, keys, now)
    except Exception as error:
        if is_unique_violation(error):
            raise Conflict(
                "You have already posted your partial decryption of this tally.",
                code="already-decrypted",
            ) from error
        raise
    return await election_view(access, await load_election(access, election_id))


async def _count_if_enough(election: dict[str, Any], keys: Keys, now: Any) -> None:
    """With t distinct trustees' partials in: decrypt the approvals, count, store the result."""
    election_id = election["id"]
    question = await question_of(election_id)
    partials = await _partials(election_id, question.labels)
    threshold = keys.keys.threshold
    if len(partials[question.labels[0]]) < threshold:
        return
    ballots = int(election["ballots"] or 0)
    counts = decrypted_counts(keys, partials, ballots)
    candidates = await named_candidates(election_id)
    assert [c["id"] for c in candidates] == list(question.options)  # both in nomination order
    reserved = await reserved_at_close(election)
    seed = str(election["box_digest"])
    counted = count_input(election, candidates, [], reserved=reserved)
    approvals = {i: counts[label] for i, label in enumerate(question.labels, start=1)}
    report = rank_approvals(counted, approvals, valid=ballots, seed=seed)
    result = {
        **result_of(report, candidates, reserved=reserved, seed=seed),
        "decrypted_by": [p.trustee for p in partials[question.labels[0]][:threshold]],
    }
    digest = record_digest(await election_record(election_id, keys, counts))
    await Election.update(
        {Election.status: "counted", Election.result: json.dumps(result), Election.counted_at: now}
    ).where(Election.id == election_id)
    await audit.service.append(
        chain=election["organisation"],
        actor="system",
        action=Action.ELECTION_COUNTED,
        subject=f"election:{election_id}",
        data={
            "election": election_id,
            "ballots": ballots,
            "box_digest": seed,
            "elected": result["elected"],
            "reserved": reserved,
            "record_digest": digest,
        },
        now=now,
    )


async def published_record(
    runtime: Runtime, actor: Actor | None, slug: str, election_id: str
) -> dict[str, object]:
    """The whole record (members; anyone when the organisation is public); 409 before the
    trustees have decrypted the tally."""
    access = await org_access(slug, actor, public_ok=True)
    await load_election(access, election_id)
    await ensure_counted(runtime, election_id)
    election = await load_election(access, election_id)
    if election["status"] not in ("counted", "certified"):
        raise Conflict(
            "The record is published once the trustees have decrypted the tally.",
            code="not-decided",
        )
    keys = await loaded(election_id)
    question = await question_of(election_id)
    counts = decrypted_counts(
        keys, await _partials(election_id, question.labels), int(election["ballots"] or 0)
    )
    return await election_record(election_id, keys, counts)
