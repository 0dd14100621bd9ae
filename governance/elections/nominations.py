"""Standing for election, and withdrawing, while nominations are open.

A member stands themself: nobody can nominate someone else onto the ballot. Standing as a
lived-experience candidate is the member's own public choice for this election, allowed only
when their own attestation says so; the refusal goes to the member alone, who knows their own
attestation, and the audit entry records the choice (which the candidate made public), never
the attestation of anyone who did not choose.
"""

from __future__ import annotations

from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import is_unique_violation, lock_row, transaction
from governance.elections.context import election_phase, load_election
from governance.elections.reading import candidate_rows, candidate_view
from governance.elections.rules.lifecycle import Phase, require_phase
from governance.elections.tables import Candidate, Election
from governance.errors import Conflict, Forbidden, InvalidInput, NotFound
from governance.members.access import Actor, member_access
from governance.members.standing import is_in_good_standing
from governance.members.tables import Membership
from governance.runtime import Runtime

STATEMENT_MAX = 4000
ALREADY_STANDING = "You are already standing in this election."


async def stand(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    election_id: str,
    *,
    member_id: str,
    statement: str | None = "",
    lived_experience_candidate: bool | None = False,
) -> dict[str, Any]:
    """Stand for election yourself; return the candidacy.

    Standing again after withdrawing puts you back on the ballot, after those who stood
    meanwhile.

    Raises:
        Forbidden (for someone else, or not in good standing), Conflict (nominations closed,
        already standing), InvalidInput (statement, or a lived-experience candidacy the
        member's attestation does not support).
    """
    access = await member_access(slug, actor)
    election = await load_election(access, election_id)
    if member_id != access.member_id:
        raise Forbidden("You can only stand yourself: nobody can nominate another member.")
    statement = (statement or "").strip()
    if len(statement) > STATEMENT_MAX:
        raise InvalidInput(
            f"A statement is optional and at most {STATEMENT_MAX} characters.", field="statement"
        )
    if not isinstance(lived_experience_candidate, bool | None):
        raise InvalidInput(
            "Say true or false to standing as a lived-experience candidate.",
            field="lived_experience_candidate",
        )
    as_le = bool(lived_experience_candidate)
    now = utcnow()
    require_phase(election_phase(election, now), Phase.nominating, doing="stand")
    if not await is_in_good_standing(member_id):
        raise Forbidden("Only members in good standing can stand; your membership is suspended.")
    if as_le:
        own = (
            await Membership.select(Membership.lived_experience)
            .where(Membership.id == member_id)
            .first()
        )
        if not (own and own["lived_experience"]):
            raise InvalidInput(
                "Your membership record does not say you have lived experience, so you cannot "
                "stand as a lived-experience candidate. If it should, change your attestation "
                "on your membership page first.",
                field="lived_experience_candidate",
            )
    try:
        async with transaction(runtime.engine):
            await lock_row(Election, election_id)
            current = await Election.select().where(Election.id == election_id).first()
            assert current is not None
            require_phase(election_phase(current, now), Phase.nominating, doing="stand")
            candidate_id = await _write_candidacy(election_id, member_id, statement, as_le, now)
            await audit.service.append(
                chain=access.org_id,
                actor=access.actor_label,
                action=Action.CANDIDATE_NOMINATED,
                subject=f"election:{election_id}",
                data={
                    "election": election_id,
                    "candidate": candidate_id,
                    "member_id": member_id,
                    "lived_experience_candidate": as_le,
                },
                now=now,
            )
    except Exception as error:
        if is_unique_violation(error):
            raise Conflict(ALREADY_STANDING, code="already-standing") from error
        raise
    return _one(await candidate_rows(election_id), candidate_id)


async def _write_candidacy(
    election_id: str, member_id: str, statement: str, as_le: bool, now: Any
) -> str:
    """Insert the candidacy, or put a withdrawn one back; Conflict if already standing."""
    existing = (
        await Candidate.select(Candidate.id, Candidate.withdrawn_at)
        .where((Candidate.election == election_id) & (Candidate.membership == member_id))
        .first()
    )
    if existing is not None and existing["withdrawn_at"] is None:
        raise Conflict(ALREADY_STANDING, code="already-standing")
    if existing is not None:
        await Candidate.update(
            {
                Candidate.withdrawn_at: None,
                Candidate.statement: statement,
                Candidate.lived_experience_candidate: as_le,
                Candidate.created_at: now,
            }
        ).where(Candidate.id == existing["id"])
        return str(existing["id"])
    row = Candidate(
        election=election_id,
        membership=member_id,
        statement=statement,
        lived_experience_candidate=as_le,
        created_at=now,
    )
    await Candidate.insert(row)
    return str(row.id)


def _one(rows: list[dict[str, Any]], candidate_id: str) -> dict[str, Any]:
    return candidate_view(next(r for r in rows if r["id"] == candidate_id))


async def withdraw(
    runtime: Runtime, actor: Actor | None, slug: str, election_id: str, candidate_id: str
) -> dict[str, Any]:
    """Withdraw a candidacy (the candidate, or an org admin) while nominations are open.

    Raises:
        NotFound, Forbidden, Conflict (nominations closed, or already withdrawn).
    """
    access = await member_access(slug, actor)
    election = await load_election(access, election_id)
    now = utcnow()
    async with transaction(runtime.engine):
        await lock_row(Election, election_id)
        current = await Election.select().where(Election.id == election_id).first()
        assert current is not None
        require_phase(election_phase(current, now), Phase.nominating, doing="withdraw")
        row = (
            await Candidate.select()
            .where((Candidate.id == candidate_id) & (Candidate.election == election["id"]))
            .first()
        )
        if row is None:
            raise NotFound("There is no such candidate in this election.")
        if row["membership"] != access.member_id and not access.is_admin:
            raise Forbidden("Only the candidate or an admin can withdraw a candidacy.")
        if row["withdrawn_at"] is not None:
            raise Conflict("This candidacy has already been withdrawn.")
        await Candidate.update({Candidate.withdrawn_at: now}).where(Candidate.id == candidate_id)
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.CANDIDATE_WITHDRAWN,
            subject=f"election:{election_id}",
            data={
                "election": election_id,
                "candidate": candidate_id,
                "member_id": row["membership"],
            },
            now=now,
        )
    return {"id": candidate_id, "withdrawn": True}
