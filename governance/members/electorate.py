"""Who is in a body's electorate on a day: the one place the domains ask it.

The rule is `rules.electorate_roles` (a board's or committee's seats; every member in good
standing for an assembly). `electorate` returns rows shaped like `bodies.active_seats`
(membership, role, the holder's name and attestation, the attestation for counting only),
so motions, quorum, closes and the minutes read an assembly's electorate exactly as they
read a board's seats. The cast's SQL repeats the rule in `voting.queries.seated_on_day`
(the hot path), checked against this by `tests/integration/voting/test_eligibility_sql.py`.

Motions do not freeze an assembly's electorate: a member who joined this morning votes this
afternoon; a members' election freezes its roll (`standing.members_in_good_standing(joined_by=)`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from governance.clock import today
from governance.members.bodies import active_seats
from governance.members.rules import BodyKind, electorate_roles
from governance.members.tables import Body, Membership


async def body_kind(body_id: str) -> str | None:
    row = await Body.select(Body.kind).where(Body.id == body_id).first()
    return row["kind"] if row else None


async def electorate(
    body_id: str, day: date | None = None, *, seats: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The body's electorate on `day` (default today), as `active_seats`-shaped rows.

    `seats` are the body's `active_seats` on that day, when the caller has them already.
    """
    day = day or today()
    if seats is None:
        seats = await active_seats(body_id, day)
    row = await Body.select(Body.kind, Body.organisation).where(Body.id == body_id).first()
    if row is None or row["kind"] != BodyKind.assembly:
        return seats
    members = await Membership.select(
        Membership.id,
        Membership.account.display_name,
        Membership.lived_experience,
    ).where((Membership.organisation == row["organisation"]) & Membership.suspended_at.is_null())
    roles = electorate_roles(
        row["kind"],
        seat_roles={s["membership"]: s["role"] for s in seats},
        in_good_standing={m["id"] for m in members},
    )
    return [
        {
            "membership": m["id"],
            "role": roles[m["id"]],
            "membership.account.display_name": m["account.display_name"],
            "membership.lived_experience": m["lived_experience"],
        }
        for m in sorted(members, key=lambda m: m["id"])
    ]


async def suspended_from_assembly(body_id: str, member_id: str | None) -> bool:
    """Whether `member_id` is outside the body's electorate only because they are suspended
    from the organisation and the body is an assembly (to tell them so, in a sentence)."""
    if member_id is None or await body_kind(body_id) != BodyKind.assembly:
        return False
    row = await Membership.select(Membership.suspended_at).where(Membership.id == member_id).first()
    return row is not None and row["suspended_at"] is not None
