"""Casting a ballot in an election, and its turnout.

Modelled on the secret motions' cast (`governance.voting.cast`): one transaction writes the
roll entry (unique per election and member), the ballot (marks only, random id), the
tracker (random id) and an `election.ballot_cast` audit entry that names the member and
never the marks. A second cast ends in a unique violation and a 409; the same member's same
receipt sent again answers `already_counted` and writes nothing.
"""

from __future__ import annotations

import secrets
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import is_unique_violation, lock_row, transaction
from governance.elections.context import (
    ALREADY_VOTED,
    ROLL_SQL,
    election_phase,
    load_election,
    may_cast,
    seated_at_opening,
    standing_candidates,
)
from governance.elections.counting import ensure_counted
from governance.elections.officers import require_officer
from governance.elections.rules.lifecycle import Phase, require_phase
from governance.elections.tables import Election, ElectionRoll
from governance.elections.verifiable import binding_of
from governance.elections.verifiable_cast import cast_verifiable
from governance.errors import Conflict, Forbidden, InvalidInput
from governance.ids import new_id
from governance.members.access import Actor, member_access
from governance.members.standing import (
    members_in_good_standing,
    suspended_at_moment,
)
from governance.runtime import Runtime
from governance.voting.rules.receipts import (
    canonical_receipt,
    grouped,
    new_receipt,
    receipt_tracker,
    roll_check,
)

NOTE = (
    "Keep this receipt. After voting closes, its SHA-256 (the tracker) appears in the "
    "published list, so you can check your ballot was counted. Nobody, including you, can "
    "use it to show how you voted."
)

_BALLOT_SQL = "INSERT INTO election_ballot (id, election, marks) VALUES ($1, $2, $3)"
_TRACKER_SQL = "INSERT INTO election_tracker (id, election, tracker) VALUES ($1, $2, $3)"


def check_marks(
    method: str,
    standing: set[str],
    *,
    ranking: list[Any] | None,
    approve: list[Any] | None,
) -> str:
    """The ballot's marks (ids joined by spaces: preference order, or sorted approvals).

    Raises:
        InvalidInput: on field `ranking` or `approve`, naming the problem.
    """
    field = "ranking" if method == "stv" else "approve"
    given = ranking if method == "stv" else approve
    other = approve if method == "stv" else ranking
    if other is not None:
        raise InvalidInput(
            f"This election is counted by {method}: send `{field}`, not the other list.",
            field=field,
        )
    if given is None or not isinstance(given, list):
        raise InvalidInput(f"Send `{field}`: a list of candidate ids.", field=field)
    if any(not isinstance(c, str) for c in given):
        raise InvalidInput("Every entry must be a candidate id (a string).", field=field)
    if method == "stv" and not given:
        raise InvalidInput("Rank at least one candidate.", field=field)
    seen: set[str] = set()
    for c in given:
        if c in seen:
            raise InvalidInput(f"Candidate {c} appears more than once.", field=field)
        seen.add(c)
    unknown = [c for c in given if c not in standing]
    if unknown:
        raise InvalidInput(
            f"{unknown[0]} is not a standing candidate in this election (unknown or withdrawn).",
            field=field,
        )
    return " ".join(given if method == "stv" else sorted(given))


def _receipt_from_caller(receipt: str | None) -> str | None:
    if receipt is None or not receipt.strip():
        return None
    try:
        return canonical_receipt(receipt)
    except ValueError as error:
        raise InvalidInput(str(error), field="receipt") from None


def _reply(election_id: str, canonical: str, *, already_counted: bool) -> dict[str, Any]:
    return {
        "election_id": election_id,
        "voted": True,
        "already_counted": already_counted,
        "receipt": canonical,
        "receipt_grouped": grouped(canonical),
        "tracker": receipt_tracker(canonical),
        "note": NOTE,
    }


async def cast_ballot(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    election_id: str,
    *,
    ranking: list[Any] | None = None,
    approve: list[Any] | None = None,
    receipt: str | None = None,
    ballot: object | None = None,
    server_encrypt: bool = False,
) -> dict[str, Any]:
    """Cast the caller's ballot; return its receipt (theirs if sent, else a new one). In a
    verifiable election: the encrypted `ballot`, or `approve` with `server_encrypt`
    (`verifiable_cast.py`); the reply carries the ballot's tracker.

    Raises:
        NotFound, Forbidden (not on the roll), Conflict (not open, or already cast),
        InvalidInput (the marks or the receipt).
    """
    access = await member_access(slug, actor)
    canonical = _receipt_from_caller(receipt)
    await load_election(access, election_id)
    # A closed election counts first, once the caller is known to be one of its members.
    await ensure_counted(runtime, election_id)
    election = await load_election(access, election_id)
    now = utcnow()
    require_phase(election_phase(election, now), Phase.open, doing="cast a ballot")
    member_id = access.member_id
    if member_id is None or not await may_cast(election, member_id):
        raise Forbidden(
            "You are not on this election's roll: it is members in good standing who had "
            "joined (or, for a body's election, were seated) when voting opened."
        )
    if await binding_of(election_id) is not None:
        if receipt is not None:
            raise InvalidInput(
                "A verifiable election's receipt is the ballot's tracker; send no receipt.",
                field="receipt",
            )
        return await cast_verifiable(
            runtime.engine,
            access,
            election,
            ballot=ballot,
            approve=approve,
            server_encrypt=server_encrypt,
        )
    if ballot is not None or server_encrypt:
        raise InvalidInput(
            "This election is not verifiable: send your marks, not an encrypted ballot.",
            field="ballot",
        )
    standing = {c["id"] for c in await standing_candidates(election_id)}
    marks = check_marks(election["method"], standing, ranking=ranking, approve=approve)
    chosen = canonical or new_receipt()
    writes = [
        (ROLL_SQL, (new_id(), election_id, member_id, roll_check(election_id, member_id, chosen))),
        (_BALLOT_SQL, (new_id(), election_id, marks)),
        (_TRACKER_SQL, (new_id(), election_id, receipt_tracker(chosen))),
    ]
    try:
        async with transaction(runtime.engine):
            # The count locks the row for update: a cast checked while open whose write comes
            # after the close (or the count) is refused, so no ballot lands in a counted box.
            await lock_row(Election, election_id, shared=True)
            current = await Election.select().where(Election.id == election_id).first()
            assert current is not None
            require_phase(election_phase(current, utcnow()), Phase.open, doing="cast a ballot")
            await audit.service.append(
                chain=access.org_id,
                actor=access.actor_label,
                action=Action.ELECTION_BALLOT_CAST,
                subject=f"election:{election_id}",
                data={"election": election_id, "member": member_id},
                now=now,
                writes=writes,
            )
    except Exception as error:
        if not is_unique_violation(error):
            raise
        if canonical is not None and await _already_counted(election_id, member_id, canonical):
            return _reply(election_id, canonical, already_counted=True)
        raise Conflict(ALREADY_VOTED, code="already-voted") from error
    return _reply(election_id, chosen, already_counted=False)


async def _already_counted(election_id: str, member_id: str, canonical: str) -> bool:
    """Whether the caller's own roll entry was written with this receipt."""
    row = (
        await ElectionRoll.select(ElectionRoll.receipt_check)
        .where((ElectionRoll.election == election_id) & (ElectionRoll.membership == member_id))
        .first()
    )
    expected = roll_check(election_id, member_id, canonical)
    return bool(row and row["receipt_check"]) and secrets.compare_digest(
        row["receipt_check"], expected
    )


async def roll_size(election: dict[str, Any]) -> int:
    """How many may cast (the roll as it stands now)."""
    opening = election["opens_at"]
    if election["electorate"] == "body":
        roll = await seated_at_opening(election) & await members_in_good_standing(
            election["organisation"]
        )
    else:
        roll = await members_in_good_standing(election["organisation"], joined_by=opening)
    return len(roll - await suspended_at_moment(roll, opening))


async def turnout(
    runtime: Runtime, actor: Actor | None, slug: str, election_id: str
) -> dict[str, Any]:
    """{eligible, voted} while open and after: counts only, nothing per voter."""
    access = await member_access(slug, actor)
    election = await load_election(access, election_id)
    await require_officer(access, election["body"], doing="see an election's turnout")
    await ensure_counted(runtime, election_id)
    current = election_phase(election, utcnow())
    if current in (Phase.nominating, Phase.waiting):
        raise Conflict("Turnout is shown once voting has opened.")
    voted = await ElectionRoll.count().where(ElectionRoll.election == election_id)
    eligible = await roll_size(election)
    return {"election_id": election_id, "eligible": max(eligible, voted), "voted": voted}
