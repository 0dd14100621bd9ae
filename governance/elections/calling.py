"""Calling an election on a body: its seats, method, electorate, timetable and term.

The reply states the reservation: how many of the seats being filled the body's quota
reserves for members with lived experience, given the seats that stay filled when the new
term starts (`reservation.py`). The count recomputes it at the close, in case seats changed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import as_utc, utcnow
from governance.db import transaction
from governance.elections.officers import require_officer
from governance.elections.reading import election_view
from governance.elections.reservation import continuing_on
from governance.elections.rules.lifecycle import (
    Timetable,
    check_electorate,
    check_method,
    check_verifiable,
)
from governance.elections.rules.reserved import check_room
from governance.elections.tables import Election
from governance.elections.verifiable import bind_election
from governance.errors import InvalidInput
from governance.members.access import Actor, member_access
from governance.members.bodies import load_body
from governance.members.rules import BodyKind, check_text
from governance.runtime import Runtime
from governance.text import iso

MAX_SEATS = 100


def check_seats(seats: Any) -> int:
    """Raises InvalidInput unless `seats` is a whole number from 1 to MAX_SEATS."""
    if isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= MAX_SEATS:
        raise InvalidInput(f"Seats must be a whole number from 1 to {MAX_SEATS}.", field="seats")
    return seats


def check_term(*, closes_at: datetime, starts_on: date, ends_on: date | None) -> None:
    """The term starts no earlier than the day voting closes and ends after it starts."""
    if starts_on < closes_at.date():
        raise InvalidInput("The term cannot start before voting closes.", field="term_starts_on")
    if ends_on is not None and ends_on <= starts_on:
        raise InvalidInput("The term must end after it starts.", field="term_ends_on")


async def call_election(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    body_slug: str,
    *,
    title: str,
    seats: int,
    method: str,
    nominations_close: datetime,
    opens_at: datetime,
    closes_at: datetime,
    electorate: str | None = None,
    term_starts_on: date | None = None,
    term_ends_on: date | None = None,
    verifiable: bool = False,
) -> dict[str, Any]:
    """Call an election (org admin, org secretary or the body's secretary); return its view.

    The electorate defaults to every member in good standing for an assembly, and to the
    body's seated members otherwise; the term starts on the day voting closes unless given.
    A `verifiable` approval election is bound to the body's completed key ceremony
    (`verifiable.py`).

    Raises:
        Forbidden, NotFound, InvalidInput (naming the field; `verifiable` STV), Conflict (no
            room on the body; `no-election-key`).
    """
    access = await member_access(slug, actor)
    body = await load_body(access, body_slug)
    await require_officer(access, body["id"], doing="call an election")
    title = check_text(
        title, field="title", sentence="Give the election a title of up to 200 characters."
    )
    seats = check_seats(seats)
    method = check_method(method)
    verifiable = check_verifiable(method, verifiable)
    if electorate is None:
        electorate = "members" if body["kind"] == BodyKind.assembly else "body"
    electorate = check_electorate(electorate)
    now = utcnow()
    timetable = Timetable(as_utc(nominations_close), as_utc(opens_at), as_utc(closes_at))
    timetable.check(now)
    starts_on = term_starts_on or timetable.closes_at.date()
    check_term(closes_at=timetable.closes_at, starts_on=starts_on, ends_on=term_ends_on)
    held = await continuing_on(body["id"], starts_on)
    check_room(body_seats=held.body_seats, continuing=held.continuing, seats_filling=seats)
    reserved = held.reserved(seats)
    row = Election(
        organisation=access.org_id,
        body=body["id"],
        title=title,
        seats=seats,
        method=method,
        electorate=electorate,
        nominations_close=timetable.nominations_close,
        opens_at=timetable.opens_at,
        closes_at=timetable.closes_at,
        term_starts_on=starts_on,
        term_ends_on=term_ends_on,
        reserved=reserved,
        status="scheduled",
        created_at=now,
    )
    async with transaction(runtime.engine):
        await Election.insert(row)
        if verifiable:
            await bind_election(access, row.id, body["id"])
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.ELECTION_CREATED,
            subject=f"election:{row.id}",
            data={
                "election": row.id,
                "body": body["slug"],
                "title": title,
                "seats": seats,
                "method": method,
                "electorate": electorate,
                "nominations_close": iso(timetable.nominations_close),
                "opens_at": iso(timetable.opens_at),
                "closes_at": iso(timetable.closes_at),
                "term_starts_on": iso(starts_on),
                "term_ends_on": iso(term_ends_on),
                "reserved": reserved,
                "verifiable": verifiable,
            },
            now=now,
        )
    stored = await Election.select().where(Election.id == row.id).first()
    assert stored is not None
    return await election_view(access, stored)
