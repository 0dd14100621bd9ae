"""Bodies (boards, committees, assemblies), their seats, and their composition.

Seating is check-then-write, so it runs under a lock on the body's row (PostgreSQL) or the
single SQLite writer: two admins seating at once cannot both take the last open seat.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import today, utcnow
from governance.db import is_unique_violation, lock_row, transaction
from governance.errors import Conflict, Forbidden, InvalidInput, NotFound
from governance.members.access import Actor, OrgAccess, admin_access, member_access
from governance.members.counts import sees_counts
from governance.members.rules import (
    DEFAULT_BOARD_QUOTA,
    NAME_SENTENCE,
    BodyKind,
    Composition,
    SeatRole,
    check_appointment_seating,
    check_body_settings,
    check_free_seat,
    check_seating,
    check_slug,
    check_text,
    composition,
)
from governance.members.standing import members_in_good_standing
from governance.members.tables import Body, Membership, Seat
from governance.runtime import Runtime
from governance.text import iso


def body_view(body: dict[str, Any], comp: Composition, access: OrgAccess) -> dict[str, Any]:
    """A body as `access` reads it: its composition as a verdict, with counts for admins."""
    return {
        "id": body["id"],
        "slug": body["slug"],
        "name": body["name"],
        "kind": body["kind"],
        "seats": body["seats"],
        "lived_experience_quota": body["lived_experience_quota"],
        "quorum": body["quorum"],
        "lived_experience_quorum": bool(body["lived_experience_quorum"]),
        "composition": comp.view(counts=sees_counts(access)),
    }


def seat_view(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "member_id": row["membership"],
        "display_name": row.get("membership.account.display_name"),
        "role": row["role"],
        "starts_on": row["starts_on"].isoformat(),
        "ends_on": iso(row["ends_on"]),
    }


def _active_on(day: date) -> Any:
    return (Seat.starts_on <= day) & ((Seat.ends_on.is_null()) | (Seat.ends_on > day))


async def active_seats(body_id: str, day: date | None = None) -> list[dict[str, Any]]:
    """Seats held on `day` (default today), with each holder's name and attestation.

    The attestation is returned for counting only; views never include it.
    """
    day = day or today()
    return (
        await Seat.select(
            Seat.id,
            Seat.membership,
            Seat.role,
            Seat.starts_on,
            Seat.ends_on,
            Seat.membership.account.display_name,
            Seat.membership.lived_experience,
        )
        .where((Seat.body == body_id) & _active_on(day))
        .order_by(Seat.starts_on)
    )


async def body_composition(body: dict[str, Any], day: date | None = None) -> Composition:
    seats = await active_seats(body["id"], day)
    lived = sum(1 for s in seats if s["membership.lived_experience"])
    return composition(
        seats=body["seats"],
        quota=body["lived_experience_quota"],
        filled_lived=lived,
        filled_other=len(seats) - lived,
    )


async def load_body(access: OrgAccess, body_slug: str) -> dict[str, Any]:
    body = (
        await Body.select()
        .where((Body.organisation == access.org_id) & (Body.slug == body_slug))
        .first()
    )
    if body is None:
        raise NotFound("There is no such body in this organisation.")
    return body


async def create_body(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    *,
    body_slug: str,
    name: str,
    kind: str,
    seats: int,
    lived_experience_quota: float | None = None,
    quorum: float | None = None,
    lived_experience_quorum: bool | None = None,
) -> dict[str, Any]:
    access = await admin_access(slug, actor)
    check_slug(body_slug)
    name = check_text(name, field="name", sentence=NAME_SENTENCE)
    quota = (
        lived_experience_quota
        if lived_experience_quota is not None
        else (DEFAULT_BOARD_QUOTA if kind == BodyKind.board else 0.0)
    )
    quorum_value = 0.5 if quorum is None else quorum
    check_body_settings(kind=kind, seats=seats, quota=quota, quorum=quorum_value)
    now = utcnow()
    row = Body(
        organisation=access.org_id,
        slug=body_slug,
        name=name,
        kind=kind,
        seats=seats,
        lived_experience_quota=quota,
        quorum=quorum_value,
        lived_experience_quorum=bool(lived_experience_quorum),
        created_at=now,
    )
    try:
        async with transaction(runtime.engine):
            await Body.insert(row)
            await audit.service.append(
                chain=access.org_id,
                actor=access.actor_label,
                action=Action.BODY_CREATED,
                subject=f"body:{row.id}",
                data={
                    "slug": body_slug,
                    "name": name,
                    "kind": kind,
                    "seats": seats,
                    "lived_experience_quota": quota,
                    "quorum": quorum_value,
                    "lived_experience_quorum": bool(lived_experience_quorum),
                },
                now=now,
            )
    except Exception as error:
        if is_unique_violation(error):
            raise Conflict(f"This organisation already has a body called {body_slug!r}.") from error
        raise
    return body_view(row.to_dict(), await body_composition(row.to_dict()), access)


async def get_body(actor: Actor | None, slug: str, body_slug: str) -> dict[str, Any]:
    access = await member_access(slug, actor)
    body = await load_body(access, body_slug)
    seats = await active_seats(body["id"])
    view = body_view(body, await body_composition(body), access)
    view["seated"] = [seat_view(s) for s in seats]
    if body["kind"] == BodyKind.assembly:
        # Its seats are its officers; its electorate (who moves, seconds, votes and counts
        # for quorum) is every member in good standing. A headcount, never who.
        view["electorate"] = len(await members_in_good_standing(access.org_id))
    return view


async def list_bodies(actor: Actor | None, slug: str) -> list[dict[str, Any]]:
    access = await member_access(slug, actor)
    bodies = await Body.select().where(Body.organisation == access.org_id).order_by(Body.name)
    return [body_view(b, await body_composition(b), access) for b in bodies]


def check_seat_terms(*, role: str, starts_on: date, ends_on: date | None) -> None:
    """A seat's role and term, checked before anything is read."""
    if role not in SeatRole.__members__:
        raise InvalidInput(
            "Role must be chair, vice_chair, secretary, treasurer or director.", field="role"
        )
    if ends_on is not None and ends_on <= starts_on:
        raise InvalidInput("The term must end after it starts.", field="ends_on")


async def check_new_seat(
    org_id: str,
    body: dict[str, Any],
    *,
    member_id: str,
    starts_on: date,
    sees_counts: bool | None = None,
    enforce_quota: bool = True,
) -> None:
    """Refuse seating `member_id` on `body` from `starts_on` as `seat_in_transaction` would.

    `enforce_quota=False` checks only that a seat is free: for an election's certification
    when too few lived-experience candidates stood to meet the reservation, where the
    members' choice stands and the result says the reservation was not met.

    `sees_counts=None` applies the quota rule exactly (`rules.check_seating`, for an admin
    seating); True or False words it for a member moving an appointment who may or may not
    see lived-experience counts (`rules.check_appointment_seating`). Call with the body's
    row locked when a write follows.
    """
    member = (
        await Membership.select(Membership.id, Membership.lived_experience)
        .where((Membership.id == member_id) & (Membership.organisation == org_id))
        .first()
    )
    if member is None:
        raise InvalidInput("There is no such member in this organisation.", field="member_id")
    # Every seat not ended by the new term's start counts, including future ones.
    held = await Seat.select(Seat.id, Seat.membership, Seat.membership.lived_experience).where(
        (Seat.body == body["id"]) & (Seat.ends_on.is_null() | (Seat.ends_on > starts_on))
    )
    if any(s["membership"] == member_id for s in held):
        raise Conflict("This member already holds a seat on this body.", code="already-seated")
    # One person fills one seat: a term that follows another (a reappointment from the day
    # the first ends) is still the same seat.
    holders = {s["membership"]: bool(s["membership.lived_experience"]) for s in held}
    lived = sum(holders.values())
    if not enforce_quota:
        check_free_seat(seats=body["seats"], filled=len(holders))
        return
    counts = {
        "seats": body["seats"],
        "quota": body["lived_experience_quota"],
        "filled_lived": lived,
        "filled_other": len(holders) - lived,
        "has_lived_experience": bool(member["lived_experience"]),
    }
    if sees_counts is None:
        check_seating(**counts)
    else:
        check_appointment_seating(**counts, sees_counts=sees_counts)


async def seat_in_transaction(
    *,
    org_id: str,
    actor_label: str,
    body: dict[str, Any],
    member_id: str,
    role: str,
    starts_on: date,
    ends_on: date | None,
    now: datetime,
    sees_counts: bool | None = None,
    because: dict[str, Any] | None = None,
    enforce_quota: bool = True,
) -> Seat:
    """Seat a member (inside the caller's transaction): lock the body, apply the quota rule
    (`check_new_seat`), insert the seat and append `member.seated` (with `because`, such as
    the appointment motion that made it)."""
    check_seat_terms(role=role, starts_on=starts_on, ends_on=ends_on)
    await lock_row(Body, body["id"])
    await check_new_seat(
        org_id,
        body,
        member_id=member_id,
        starts_on=starts_on,
        sees_counts=sees_counts,
        enforce_quota=enforce_quota,
    )
    seat = Seat(
        body=body["id"],
        membership=member_id,
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
        created_at=now,
    )
    await Seat.insert(seat)
    await audit.service.append(
        chain=org_id,
        actor=actor_label,
        action=Action.MEMBER_SEATED,
        subject=f"seat:{seat.id}",
        data={
            "body": body["slug"],
            "member_id": member_id,
            "role": role,
            "starts_on": starts_on.isoformat(),
            "ends_on": iso(ends_on),
            **(because or {}),
        },
        now=now,
    )
    return seat


async def seat_member(
    runtime: Runtime,
    actor: Actor | None,
    slug: str,
    body_slug: str,
    *,
    member_id: str,
    role: str,
    starts_on: date,
    ends_on: date | None = None,
) -> dict[str, Any]:
    access = await admin_access(slug, actor)
    check_seat_terms(role=role, starts_on=starts_on, ends_on=ends_on)
    body = await load_body(access, body_slug)
    now = utcnow()
    async with transaction(runtime.engine):
        seat = await seat_in_transaction(
            org_id=access.org_id,
            actor_label=access.actor_label,
            body=body,
            member_id=member_id,
            role=role,
            starts_on=starts_on,
            ends_on=ends_on,
            now=now,
        )
    view = seat_view({**seat.to_dict(), "membership": member_id})
    view["composition"] = (await body_composition(body)).view(counts=sees_counts(access))
    return view


async def end_seat(
    runtime: Runtime, actor: Actor | None, slug: str, seat_id: str, *, ends_on: date, reason: str
) -> dict[str, Any]:
    """End a seat: always allowed for an org admin or the holder, quota or not."""
    access = await member_access(slug, actor)
    reason = check_text(
        reason,
        field="reason",
        max_len=2000,
        sentence="Say briefly why the seat ends (for the record).",
    )
    now = utcnow()
    async with transaction(runtime.engine):
        seat = (
            await Seat.select(
                Seat.id,
                Seat.membership,
                Seat.role,
                Seat.starts_on,
                Seat.ends_on,
                *Seat.body.all_columns(),
            )
            .where((Seat.id == seat_id) & (Seat.body.organisation == access.org_id))
            .first()
        )
        if seat is None:
            raise NotFound("There is no such seat in this organisation.")
        if not (access.is_admin or seat["membership"] == access.member_id):
            raise Forbidden("Only the seat holder or an administrator can end a seat.")
        if seat["ends_on"] is not None and seat["ends_on"] <= ends_on:
            raise Conflict("This seat has already ended.", code="seat-ended")
        if ends_on < seat["starts_on"]:
            raise InvalidInput("A seat cannot end before it starts.", field="ends_on")
        await Seat.update({Seat.ends_on: ends_on, Seat.end_reason: reason}).where(
            Seat.id == seat_id
        )
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.SEAT_ENDED,
            subject=f"seat:{seat_id}",
            data={"ends_on": ends_on.isoformat(), "reason": reason},
            now=now,
        )
    body = {k.removeprefix("body."): v for k, v in seat.items() if k.startswith("body.")}
    view = seat_view({**seat, "ends_on": ends_on})
    view["composition"] = (await body_composition(body)).view(counts=sees_counts(access))
    return view
