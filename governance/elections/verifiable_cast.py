"""Casting an encrypted ballot in a verifiable approval election (issue 15; docs/VERIFY.md 7).

As a verifiable motion's cast (`governance.voting.verifiable_cast`): the browser sends its
ballot, one 0/1 ciphertext per candidate in the question's order with the proofs; a voter
without JavaScript may send `approve` with `server_encrypt: true`, which trusts the server at
that moment (the approvals and the randomness are never written; the record marks the
ballot). Every proof is checked before anything is stored (400 naming the first fault). The
roll entry (unique per election and member: a second ballot is a 409), the ballot and the
`election.ballot_cast` entry, which names the member and nothing of the ballot, are written
in one transaction, under the election's row lock so no ballot lands after the close.
"""

from __future__ import annotations

import json
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import is_unique_violation, lock_row, transaction
from governance.elections.context import ALREADY_VOTED, ROLL_SQL, election_phase
from governance.elections.rules.lifecycle import Phase, require_phase
from governance.elections.tables import Election
from governance.elections.verifiable import binding_of, question_of
from governance.elections.verifiable_tables import VerifiableElectionBallot
from governance.errors import Conflict, InvalidInput
from governance.ids import new_id
from governance.members.access import OrgAccess
from governance.trustees.tables import Ceremony
from governance.verifiable.ballot import encrypt_approval_ballot, tracker
from governance.verifiable.group import Point
from governance.verifiable.record import Question
from governance.voting.verifiable_cast import (
    BROWSER_NOTE,
    SERVER_ENCRYPTED_NOTE,
    checked_ballot,
    refuse_copied,
)

_BALLOT_SQL = (
    "INSERT INTO verifiable_election_ballot (id, election, ballot, tracker, server_encrypted)"
    " VALUES ($1, $2, $3, $4, $5)"
)


def _server_ballot(y: Point, election: str, question: Question, approve: object) -> Any:
    """The ballot the server makes from `approve` (candidate ids); its secrets are dropped."""
    if not isinstance(approve, list) or any(not isinstance(c, str) for c in approve):
        raise InvalidInput("Send `approve`: a list of candidate ids.", field="approve")
    if len(set(approve)) != len(approve):
        raise InvalidInput("A candidate appears more than once.", field="approve")
    unknown = [c for c in approve if c not in question.options]
    if unknown:
        raise InvalidInput(
            f"{unknown[0]} is not a standing candidate in this election.", field="approve"
        )
    marks = [c in approve for c in question.options]
    made, _ = encrypt_approval_ballot(y, election, marks, question.minimum, question.maximum)
    return made


async def cast_verifiable(
    engine: Any,
    access: OrgAccess,
    election: dict[str, Any],
    *,
    ballot: object | None,
    approve: object | None,
    server_encrypt: bool,
) -> dict[str, Any]:
    """Check and store one encrypted ballot (the browser's, or one the server makes).

    The caller has checked the election is open and the member on its roll.
    """
    election_id = election["id"]
    binding = await binding_of(election_id)
    assert binding is not None
    ceremony = await Ceremony.select().where(Ceremony.id == binding["ceremony"]).first()
    assert ceremony is not None and ceremony["joint_key"]
    y = Point.from_hex(ceremony["joint_key"])
    question = await question_of(election_id)
    if not question.options:
        raise Conflict("Nobody is standing in this election, so there is nothing to vote on.")
    if server_encrypt:
        if ballot is not None:
            raise InvalidInput(
                "Send a ballot or ask the server to encrypt, not both.", field="ballot"
            )
        made = _server_ballot(y, binding["election"], question, approve)
    elif ballot is None:
        raise InvalidInput(
            "This election is verifiable: send an encrypted ballot (`ballot`), or `approve` "
            "with `server_encrypt: true` for the server to encrypt it for you.",
            field="ballot",
        )
    else:
        made = checked_ballot(ballot, y, binding["election"], question)
    published = json.dumps(made.to_json())
    named = tracker(made)
    member_id = access.member_id
    assert member_id is not None
    now = utcnow()
    try:
        async with transaction(engine):
            await lock_row(Election, election_id, shared=True)
            current = await Election.select().where(Election.id == election_id).first()
            assert current is not None
            require_phase(election_phase(current, utcnow()), Phase.open, doing="cast a ballot")
            rows = await VerifiableElectionBallot.select(VerifiableElectionBallot.ballot).where(
                VerifiableElectionBallot.election == election_id
            )
            refuse_copied(made, [row["ballot"] for row in rows])
            writes = [
                (ROLL_SQL, (new_id(), election_id, member_id, None)),
                (_BALLOT_SQL, (new_id(), election_id, published, named, int(server_encrypt))),
            ]
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
        if is_unique_violation(error):
            raise Conflict(ALREADY_VOTED, code="already-voted") from error
        raise
    return {
        "election_id": election_id,
        "voted": True,
        "already_counted": False,
        "tracker": named,
        "server_encrypted": server_encrypt,
        "note": SERVER_ENCRYPTED_NOTE if server_encrypt else BROWSER_NOTE,
    }
