"""Casting an encrypted ballot on a verifiable motion (issue 15; docs/VERIFY.md 7).

The browser sends its ballot (ciphertexts and proofs); a voter without JavaScript may ask
the server to encrypt their choice (`server_encrypt`), which trusts the server at that moment:
the choice and the randomness exist only in this request's memory, are never written, and the
ballot is marked `server_encrypted` in the record. Every proof is checked before anything is
stored (400 naming the first fault). The roll entry, the ballot with its tracker and the audit
entry are written in one transaction; the roll's unique (motion, member) makes a second ballot
a 409, and the box's unique tracker refuses a ballot replayed as it was.
"""

from __future__ import annotations

import json
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import fetch_rows, is_unique_violation, lock_row, transaction
from governance.errors import Conflict, Forbidden, InvalidInput
from governance.ids import new_id
from governance.members.access import Actor, member_access
from governance.motions.context import load_motion
from governance.motions.rules.eligibility import (
    ALREADY_VOTED,
    check_can_cast,
    ineligibility_reason,
)
from governance.motions.rules.procedure import VoteMethod, parse_choice
from governance.motions.tables import Motion
from governance.motions.verifiable_binding import binding_of
from governance.runtime import Runtime
from governance.trustees.tables import Ceremony
from governance.verifiable.ballot import (
    Ballot,
    encrypt_motion_ballot,
    parse_ballot,
    tracker,
)
from governance.verifiable.group import Point
from governance.verifiable.record import Question
from governance.voting import queries
from governance.voting.verifiable_box import VerifiableBallot

BALLOT_SQL = (
    "INSERT INTO verifiable_ballot (id, motion, ballot, tracker, server_encrypted)"
    " VALUES ($1, $2, $3, $4, $5)"
)

SERVER_ENCRYPTED_NOTE = (
    "The server encrypted this ballot for you, because you asked it to. That trusted the "
    "server at that moment: it saw your choice while it encrypted it (it kept neither the "
    "choice nor the randomness). The public record marks this ballot as server-encrypted. "
    "To trust no one, vote from a browser with JavaScript, which encrypts on your device."
)
BROWSER_NOTE = (
    "Your encrypted ballot was checked and stored. Keep the tracker: after the vote is "
    "decided, the public record lists it, so you can check your ballot was counted."
)


async def election_of(motion_id: str) -> tuple[dict[str, Any], dict[str, Any], Point]:
    """A verifiable motion's binding, its ceremony row and the joint key."""
    binding = await binding_of(motion_id)
    if binding is None:
        raise Conflict("This motion is not a verifiable vote.", code="not-verifiable")
    ceremony = await Ceremony.select().where(Ceremony.id == binding["ceremony"]).first()
    assert ceremony is not None and ceremony["joint_key"]  # bound only once complete
    return binding, ceremony, Point.from_hex(ceremony["joint_key"])


def checked_ballot(data: object, y: Point, election: str, question: Question) -> Ballot:
    """The browser's ballot, every proof checked (docs/VERIFY.md 7.3).

    Raises:
        InvalidInput: naming the first fault (and listing them all), nothing stored.
    """
    faults = question.ballot_faults(data, y, election)
    if faults:
        first = faults[0]
        raise InvalidInput(
            f"The ballot was refused: {first.where}: {first.detail}.",
            field="ballot",
            fault=first.code,
            faults=[{"code": f.code, "where": f.where, "detail": f.detail} for f in faults],
        )
    ballot, _ = parse_ballot(data)
    assert ballot is not None  # no faults: it parsed
    return ballot


async def cast_verifiable(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    motion_id: str,
    *,
    ballot: object | None,
    choice: str | None,
    server_encrypt: bool,
) -> dict[str, Any]:
    """Check and store one encrypted ballot (the browser's, or one the server makes)."""
    access = await member_access(slug, actor)
    access.require_member()
    motion = await load_motion(access, motion_id)
    if motion["method"] != VoteMethod.verifiable:
        raise InvalidInput(
            "This motion is not a verifiable vote: send {choice} without a ballot.",
            field="ballot",
        )
    binding, _, y = await election_of(motion_id)
    election = binding["election"]
    if server_encrypt:
        if ballot is not None:
            raise InvalidInput(
                "Send a ballot or ask the server to encrypt, not both.", field="ballot"
            )
        if choice is None:
            raise InvalidInput("Say your choice: yes, no or abstain.", field="choice")
        # The secrets are dropped at once: only the ciphertexts and proofs leave this line.
        made, _ = encrypt_motion_ballot(y, election, parse_choice(choice).value)
    elif ballot is None:
        raise InvalidInput(
            "A verifiable vote takes an encrypted ballot (`ballot`), or `choice` with "
            "`server_encrypt: true` for the server to encrypt it for you.",
            field="ballot",
        )
    else:
        made = checked_ballot(ballot, y, election, Question.motion())
    published = made.to_json()
    named = tracker(made)
    member_id = access.member_id
    if member_id is None:
        raise Forbidden("Only members seated on this body can vote.")
    now = utcnow()
    engine = runtime.engine
    try:
        async with transaction(engine):
            await lock_row(Motion, motion_id)
            sql = queries.eligibility_sql(engine.engine_type, written_consent=False)
            rows = await fetch_rows(engine, sql, motion_id, access.org_id, member_id, now.date())
            status, method, meeting, seated, recused, attendance, voted, suspended = rows[0]
            check_can_cast(
                status=status,
                method=method,
                already_voted=bool(voted),
                reason=ineligibility_reason(
                    seated_on_day=bool(seated),
                    suspended=bool(suspended),
                    recused=bool(recused),
                    in_meeting=meeting is not None,
                    attendance=attendance,
                ),
            )
            await _refuse_copied(motion_id, made)
            writes = [
                (queries.ROLL_SQL, (new_id(), motion_id, member_id, None)),
                (
                    BALLOT_SQL,
                    (new_id(), motion_id, json.dumps(published), named, int(server_encrypt)),
                ),
            ]
            await audit.service.append(
                chain=access.org_id,
                actor=access.actor_label,
                action=Action.VERIFIABLE_BALLOT_CAST,
                subject=f"motion:{motion_id}",
                data={"member_id": member_id},
                now=now,
                writes=writes,
            )
    except Exception as error:
        if is_unique_violation(error):
            raise Conflict(ALREADY_VOTED, code="already-voted") from error
        raise
    return {
        "motion_id": motion_id,
        "voted": True,
        "tracker": named,
        "server_encrypted": server_encrypt,
        "note": SERVER_ENCRYPTED_NOTE if server_encrypt else BROWSER_NOTE,
    }


async def _refuse_copied(motion_id: str, ballot: Ballot) -> None:
    rows = await VerifiableBallot.select(VerifiableBallot.ballot).where(
        VerifiableBallot.motion == motion_id
    )
    refuse_copied(ballot, [row["ballot"] for row in rows])


def refuse_copied(ballot: Ballot, stored: list[str]) -> None:
    """A ballot reusing a ciphertext already in the box (`stored`, ballot JSON texts) is a
    copy (docs/VERIFY.md 7.4): the record would not count it, so it is refused here (409)."""
    alphas = {c.ciphertext.alpha.hex() for c in ballot.choices}
    for text in stored:
        if alphas & {c["alpha"] for c in json.loads(text)["choices"]}:
            raise Conflict(
                "This ballot repeats a ciphertext already in the box; make a fresh ballot.",
                code="copied-ballot",
            )
