"""How to exercise each route of the matrix: its path parameters and a valid body.

Every route gets a request that would succeed for an allowed role (a valid body, a resource
in the right state), so a refusal can only come from authorization. Routes that change state
get fresh resources (`setup`), shared by the roles: the refused roles are tried first, so the
state they see is the prepared one; an allowed role that comes later may get 409 (already
done), which is not an authorization answer.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tests.helpers import PASSWORD
from tests.security.trustee_cases import trustee_cases
from tests.security.verifiable_cases import verifiable_cases
from tests.security.world import ORG, ROLES, World

Ctx = dict[str, Any]
counter = itertools.count()
CSRF = "matrix-csrf-double-submit-value-0123456789"


@dataclass
class Case:
    """`setup(world)` returns path parameters (and anything `payload` needs); `payload(ctx,
    role)` returns the request's keyword arguments (json=..., data=..., cookies=...)."""

    setup: Callable[[World], Awaitable[Ctx]] | None = None
    payload: Callable[[Ctx, str], dict[str, Any]] = field(default=lambda ctx, role: {})


def defaults(world: World) -> Ctx:
    return {
        "org": ORG,
        "body_slug": "board",
        "meeting_id": world.meeting,
        "motion_id": world.motion,
        "member_id": world.member_id("d2"),
        "decision_id": world.closed_secret,
        "file_path": "css/site.css",
        "path": "swagger",
        "token_id": "no-such-token",
    }


def body(**values: Any) -> Callable[[Ctx, str], dict[str, Any]]:
    return lambda ctx, role: {"json": values}


def form(**values: Any) -> Callable[[Ctx, str], dict[str, Any]]:
    return lambda ctx, role: {"data": values}


def unique() -> str:
    return f"x{next(counter)}"


async def fresh_meeting_closed(world: World) -> Ctx:
    return {"meeting_id": await world.new_meeting(open_it=False)}


async def agenda_item(world: World) -> Ctx:
    """A fresh meeting, not yet open, and its one agenda item."""
    meeting = await world.new_meeting(open_it=False)
    shown = await world.ok("GET", f"/orgs/{ORG}/meetings/{meeting}", "secretary")
    return {"meeting_id": meeting, "item_id": shown["agenda_items"][0]["id"]}


async def agenda_item_in_use(world: World) -> Ctx:
    """An agenda item with a motion filed under it: removing it answers 409 to those allowed
    (so every allowed role meets the same state)."""
    ctx = await agenda_item(world)
    await world.ok(
        "POST",
        f"/orgs/{ORG}/meetings/{ctx['meeting_id']}/motions",
        "d2",
        json={"title": "Filed", "text": "That we file it.", "agenda_item": ctx["item_id"]},
    )
    return ctx


def one_item_order(ctx: Ctx, role: str) -> dict[str, Any]:
    return {"json": {"order": [ctx["item_id"]]}}


async def fresh_meeting_open(world: World) -> Ctx:
    return {"meeting_id": await world.new_meeting()}


def motion_in(state: str, **kw: Any) -> Callable[[World], Awaitable[Ctx]]:
    async def setup(world: World) -> Ctx:
        return {"motion_id": await world.new_motion(state, **kw)}

    return setup


async def closed_secret(world: World) -> Ctx:
    return {"motion_id": world.closed_secret}


async def published(world: World) -> Ctx:
    return {"meeting_id": await world.published_meeting()}


async def adjourned(world: World) -> Ctx:
    """An adjourned meeting whose minutes are not approved: its attendance may be corrected."""
    meeting = await world.new_meeting()
    await world.ok("POST", f"/orgs/{ORG}/meetings/{meeting}/adjourn", "secretary")
    return {"meeting_id": meeting}


def correction(ctx: Ctx, role: str) -> dict[str, Any]:
    return {"json": {"member_id": ctx["member_id"], "status": "excused"}}


def correction_form(ctx: Ctx, role: str) -> dict[str, Any]:
    return {"data": {"member_id": ctx["member_id"], "status": "excused"}}


async def approved(world: World) -> Ctx:
    return {"meeting_id": await world.minuted_meeting(publish=False)}


async def committee_seat(world: World) -> Ctx:
    return {"seat_id": await world.committee_seat(), "body_slug": "committee"}


async def _election(world: World, *, closed: bool, nominating: bool = False) -> Ctx:
    """An STV election of the board, open for members (or closed and counted, or still taking
    nominations), with two candidates; rows inserted straight into the tables, as the cast
    tests do."""
    from datetime import UTC, datetime, timedelta

    from governance.clock import utcnow
    from governance.elections.counting import ensure_counted
    from governance.elections.tables import Candidate, Election
    from governance.ids import new_id
    from governance.members.tables import Body, Organisation

    org = await Organisation.select(Organisation.id).where(Organisation.slug == ORG).first()
    board = (
        await Body.select(Body.id)
        .where((Body.organisation == org["id"]) & (Body.slug == "board"))
        .first()
    )
    now = utcnow()
    opens = now - timedelta(seconds=1)  # after the world's members joined: on the roll
    if nominating:
        opens = now + timedelta(days=2)
    election_id = new_id()
    await Election.insert(
        Election(
            id=election_id,
            organisation=org["id"],
            body=board["id"],
            title="Matrix election",
            seats=1,
            method="stv",
            electorate="members",
            nominations_close=opens - timedelta(days=1),
            opens_at=opens,
            closes_at=now + timedelta(days=1),
            term_starts_on=(now + timedelta(days=1)).date(),
            status="scheduled",
            created_at=opens - timedelta(days=2),
        )
    )
    candidates = []
    for n, name in enumerate(("d2", "director")):
        candidate_id = new_id()
        candidates.append(candidate_id)
        await Candidate.insert(
            Candidate(
                id=candidate_id,
                election=election_id,
                membership=world.member_id(name),
                statement="",
                lived_experience_candidate=False,
                created_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=n),
            )
        )
    if closed:
        await Election.update({Election.closes_at: now - timedelta(seconds=1)}).where(
            Election.id == election_id
        )
        await ensure_counted(world.api.runtime, election_id)
    return {"election_id": election_id, "candidates": candidates, "candidate_id": candidates[1]}


async def nominating_election(world: World) -> Ctx:
    """Nominations open (the director already standing); each role's own member id."""
    ctx = await _election(world, closed=False, nominating=True)
    mine = {role: world.api.people[role].member_id for role in ROLES if role in world.api.people}
    return {**ctx, "mine": mine}


def own_candidacy(ctx: Ctx, role: str) -> dict[str, Any]:
    return {"json": {"member_id": ctx["mine"].get(role) or "nobody", "statement": "Hello."}}


def election_call(ctx: Ctx, role: str) -> dict[str, Any]:
    from datetime import timedelta

    from governance.clock import utcnow

    now = utcnow()
    when = [(now + timedelta(days=d)).isoformat() for d in (1, 2, 3)]
    return {
        "json": {"title": "Matrix call", "seats": 1, "method": "approval",
                 "nominations_close": when[0], "opens_at": when[1], "closes_at": when[2]}
    }  # fmt: skip


def election_call_form(ctx: Ctx, role: str) -> dict[str, Any]:
    from datetime import timedelta

    from governance.clock import utcnow

    now = utcnow()
    when = [(now + timedelta(days=d)).strftime("%Y-%m-%dT%H:%M") for d in (1, 2, 3)]
    return {
        "data": {"title": "Matrix call", "seats": "1", "method": "approval",
                 "nominations_close": when[0], "opens_at": when[1], "closes_at": when[2]}
    }  # fmt: skip


async def open_election(world: World) -> Ctx:
    return await _election(world, closed=False)


async def counted_election(world: World) -> Ctx:
    return await _election(world, closed=True)


async def suspendable(world: World) -> Ctx:
    return {"member_id": await world.fresh_member()}


async def suspended(world: World) -> Ctx:
    member_id = await world.fresh_member()
    await world.ok(
        "POST", f"/orgs/{ORG}/members/{member_id}/suspend", "admin", json={"reason": "Matrix"}
    )
    return {"member_id": member_id}


async def committee(world: World) -> Ctx:
    return {"body_slug": "committee", "d2": world.member_id("d2")}


async def invites(world: World) -> Ctx:
    from tests.security.world import ROLES

    return {"tokens": {role: await world.invite() for role in ROLES}}


async def director(world: World) -> Ctx:
    return {"director": world.member_id("director")}


def new_member_json(ctx: Ctx, role: str) -> dict[str, Any]:
    return {"json": {"email": f"{unique()}@acme.example", "display_name": "New Person"}}


def new_member_form(ctx: Ctx, role: str) -> dict[str, Any]:
    return {"data": {"email": f"{unique()}@acme.example", "display_name": "New Person"}}


def signed_out_form(**values: Any) -> Callable[[Ctx, str], dict[str, Any]]:
    """A form used before signing in: double-submit CSRF cookie and field."""
    return lambda ctx, role: {"data": {"_csrf": CSRF, **values}, "cookies": {"csrftoken": CSRF}}


def accept_invite_json(ctx: Ctx, role: str) -> dict[str, Any]:
    return {"json": {"token": ctx["tokens"][role], "password": PASSWORD}}


def accept_invite_form(ctx: Ctx, role: str) -> dict[str, Any]:
    values = {"_csrf": CSRF, "token": ctx["tokens"][role], "password": PASSWORD}
    return {"data": values, "cookies": {"csrftoken": CSRF}}


MEETING = {"title": "Meeting", "scheduled_for": "2026-12-02T18:00:00Z", "agenda": ["One"]}
MOTION = {"title": "A motion", "text": "That we do the thing."}
SEAT_END = {"ends_on": "2026-06-01", "reason": "Stepping down"}
API = "/api/v1/orgs/{org}"
PAGE = "/orgs/{org}"

CASES: dict[str, Case] = {
    # The API: authentication.
    "POST /api/v1/auth/accept-invite": Case(invites, accept_invite_json),
    "POST /api/v1/auth/tokens": Case(payload=body(name="matrix")),
    # A wrong current password: answered 400 (not an authorization answer), nothing changes.
    "POST /api/v1/auth/password": Case(
        payload=body(current_password="not the password", new_password="matrix fresh words 9")
    ),
    "POST /account/password": Case(
        payload=form(current_password="not the password", new_password="matrix fresh words 9")
    ),
    "POST /api/v1/auth/login": Case(payload=body(email="d2@acme.example", password=PASSWORD)),
    "POST /api/v1/orgs": Case(
        payload=lambda ctx, role: {"json": {"slug": unique(), "name": "New Org"}}
    ),
    # Organisations, members, bodies and seats.
    f"PATCH {API}": Case(payload=body(name="Acme Peers")),
    f"GET {API}/audit/consistency": Case(
        payload=lambda ctx, role: {"params": {"from": 1, "to": 1}}
    ),
    f"POST {API}/members": Case(payload=new_member_json),
    f"POST {API}/members/{{member_id}}/suspend": Case(suspendable, body(reason="Unpaid dues")),
    f"POST {API}/members/{{member_id}}/reinstate": Case(suspended),
    # Elections: ballots by the electorate (every member in good standing), counts after.
    f"POST {API}/elections/{{election_id}}/ballots": Case(
        open_election, lambda ctx, role: {"json": {"ranking": ctx["candidates"]}}
    ),
    f"GET {API}/elections/{{election_id}}/turnout": Case(open_election),
    f"GET {API}/elections/{{election_id}}/ballots": Case(counted_election),
    f"GET {API}/elections/{{election_id}}/ballots.blt": Case(counted_election),
    # an STV election has no record: a member is told so (409); the others are refused
    f"GET {API}/elections/{{election_id}}/record": Case(counted_election),
    f"POST {API}/bodies/{{body_slug}}/elections": Case(payload=election_call),
    f"GET {API}/elections/{{election_id}}": Case(counted_election),
    f"POST {API}/elections/{{election_id}}/candidates": Case(nominating_election, own_candidacy),
    f"POST {API}/elections/{{election_id}}/candidates/{{candidate_id}}/withdraw": Case(
        nominating_election
    ),
    f"POST {API}/elections/{{election_id}}/certify": Case(counted_election),
    f"GET {API}/elections/{{election_id}}/report.pdf": Case(counted_election),
    f"PUT {API}/members/{{member_id}}/roles": Case(payload=body(roles=[])),
    f"PUT {API}/members/me/lived-experience": Case(payload=body(lived_experience=True)),
    f"POST {API}/bodies": Case(
        payload=lambda ctx, role: {
            "json": {"slug": unique(), "name": "Group", "kind": "committee", "seats": 3}
        }
    ),
    f"POST {API}/bodies/{{body_slug}}/seats": Case(
        committee,
        lambda ctx, role: {
            "json": {"member_id": ctx["d2"], "role": "director", "starts_on": "2026-02-01"}
        },
    ),
    f"POST {API}/seats/{{seat_id}}/end": Case(committee_seat, body(**SEAT_END)),
    # Meetings and motions.
    f"POST {API}/bodies/{{body_slug}}/meetings": Case(payload=body(**MEETING)),
    f"POST {API}/meetings/{{meeting_id}}/attendance": Case(
        director, lambda ctx, role: {"json": {"member_id": ctx["director"], "status": "present"}}
    ),
    f"POST {API}/meetings/{{meeting_id}}/chair-pro-tem": Case(
        director, lambda ctx, role: {"json": {"member_id": ctx["director"]}}
    ),
    f"POST {API}/meetings/{{meeting_id}}/open": Case(fresh_meeting_closed),
    f"POST {API}/meetings/{{meeting_id}}/adjourn": Case(fresh_meeting_open),
    f"POST {API}/meetings/{{meeting_id}}/motions": Case(payload=body(**MOTION)),
    f"POST {API}/meetings/{{meeting_id}}/agenda-items": Case(
        fresh_meeting_closed, body(title="Two")
    ),
    f"PATCH {API}/meetings/{{meeting_id}}/agenda-items/{{item_id}}": Case(
        agenda_item, body(title="Renamed")
    ),
    f"DELETE {API}/meetings/{{meeting_id}}/agenda-items/{{item_id}}": Case(agenda_item_in_use),
    f"PUT {API}/meetings/{{meeting_id}}/agenda-items/order": Case(agenda_item, one_item_order),
    f"POST {API}/meetings/{{meeting_id}}/reschedule": Case(
        fresh_meeting_closed, body(scheduled_for="2026-12-09T18:00:00Z", reason="Clash")
    ),
    f"POST {API}/meetings/{{meeting_id}}/cancel": Case(fresh_meeting_closed, body(reason="None")),
    f"POST {API}/bodies/{{body_slug}}/motions": Case(
        payload=body(**MOTION, closes_at="2099-01-01T00:00:00Z")
    ),
    f"POST {API}/motions/{{motion_id}}/second": Case(motion_in("moved")),
    f"POST {API}/motions/{{motion_id}}/withdraw": Case(motion_in("moved", mover="director")),
    f"POST {API}/motions/{{motion_id}}/recuse": Case(
        motion_in("moved"), body(reason="<b>My</b> sister's firm")
    ),
    f"POST {API}/motions/{{motion_id}}/open-vote": Case(motion_in("seconded")),
    f"POST {API}/motions/{{motion_id}}/votes": Case(motion_in("voting"), body(choice="yes")),
    f"POST {API}/motions/{{motion_id}}/show-of-hands": Case(
        motion_in("voting", method="show_of_hands"), body(yes=3, no=1, abstain=0)
    ),
    f"POST {API}/motions/{{motion_id}}/close-vote": Case(motion_in("voting")),
    f"GET {API}/motions/{{motion_id}}/ballots": Case(closed_secret),
    # Minutes: drafts are the record keepers' (a member asking gets 404 until approval), so
    # the reads use published minutes; publishing and corrections need approved ones.
    f"GET {API}/meetings/{{meeting_id}}/minutes": Case(published),
    f"GET {API}/meetings/{{meeting_id}}/minutes.pdf": Case(published),
    f"PUT {API}/meetings/{{meeting_id}}/minutes": Case(payload=body(notes="Notes **here**.")),
    f"POST {API}/meetings/{{meeting_id}}/minutes/publish": Case(approved),
    f"POST {API}/meetings/{{meeting_id}}/minutes/corrections": Case(published),
    f"POST {API}/meetings/{{meeting_id}}/minutes/attendance": Case(adjourned, correction),
    # Pages.
    f"GET {PAGE}/elections/{{election_id}}": Case(counted_election),
    f"GET {PAGE}/elections/{{election_id}}/stand": Case(nominating_election),
    f"POST {PAGE}/elections/{{election_id}}/stand": Case(nominating_election, form(statement="Hi")),
    f"POST {PAGE}/elections/{{election_id}}/withdraw": Case(
        nominating_election, lambda ctx, role: {"data": {"candidate_id": ctx["candidate_id"]}}
    ),
    f"GET {PAGE}/elections/{{election_id}}/ballot": Case(open_election),
    f"POST {PAGE}/elections/{{election_id}}/ballot": Case(
        open_election, lambda ctx, role: {"data": {f"rank-{ctx['candidates'][0]}": "1"}}
    ),
    f"POST {PAGE}/elections/{{election_id}}/receipt.txt": Case(
        open_election, form(receipt="7K3M-Q9XD-A2B4-C6E8-F0GH-JKMN-PR")
    ),
    f"GET {PAGE}/elections/{{election_id}}/ballots": Case(counted_election),
    f"POST {PAGE}/elections/{{election_id}}/ballots": Case(
        counted_election, form(receipt="7K3M-Q9XD-A2B4-C6E8-F0GH-JKMN-PR")
    ),
    f"GET {PAGE}/elections/{{election_id}}/turnout": Case(open_election),
    f"GET {PAGE}/elections/{{election_id}}/certify": Case(counted_election),
    f"POST {PAGE}/elections/{{election_id}}/certify": Case(counted_election),
    f"POST {PAGE}/bodies/{{body_slug}}/elections/new": Case(payload=election_call_form),
    "POST /accept-invite": Case(invites, accept_invite_form),
    "POST /sign-in": Case(
        payload=signed_out_form(email="d2@acme.example", password=PASSWORD, next="/")
    ),
    f"POST {PAGE}/me/lived-experience": Case(payload=form(lived_experience="yes")),
    f"POST {PAGE}/members/new": Case(payload=new_member_form),
    # The organisation's settings as they are (private, A4), so later routes see the same.
    f"POST {PAGE}/settings": Case(
        payload=form(name="Acme Peers", visibility="members", paper_size="A4")
    ),
    f"GET {PAGE}/bodies/{{body_slug}}/seats/{{seat_id}}/end": Case(committee_seat),
    f"POST {PAGE}/bodies/{{body_slug}}/seats/{{seat_id}}/end": Case(
        committee_seat, form(**SEAT_END)
    ),
    f"POST {PAGE}/bodies/new": Case(
        payload=lambda ctx, role: {
            "data": {
                "slug": unique(),
                "name": "Group",
                "kind": "committee",
                "seats": "3",
                "lived_experience_quota": "0",
                "quorum": "50",
            }
        }
    ),
    f"GET {PAGE}/bodies/{{body_slug}}/seats/new": Case(committee),
    f"POST {PAGE}/bodies/{{body_slug}}/seats/new": Case(
        committee,
        lambda ctx, role: {
            "data": {"member_id": ctx["d2"], "role": "director", "starts_on": "2026-02-01"}
        },
    ),
    f"POST {PAGE}/meetings/{{meeting_id}}/open": Case(fresh_meeting_closed),
    f"POST {PAGE}/meetings/{{meeting_id}}/adjourn": Case(fresh_meeting_open),
    f"POST {PAGE}/meetings/{{meeting_id}}/attendance": Case(
        director, lambda ctx, role: {"data": {"member_id": ctx["director"], "status": "present"}}
    ),
    f"POST {PAGE}/meetings/{{meeting_id}}/chair-pro-tem": Case(
        director, lambda ctx, role: {"data": {"member_id": ctx["director"]}}
    ),
    f"POST {PAGE}/meetings/{{meeting_id}}/motions": Case(payload=form(**MOTION)),
    f"GET {PAGE}/meetings/{{meeting_id}}/agenda/items/{{item_id}}/edit": Case(agenda_item),
    f"POST {PAGE}/meetings/{{meeting_id}}/agenda/items": Case(
        fresh_meeting_closed, form(title="Two")
    ),
    f"POST {PAGE}/meetings/{{meeting_id}}/agenda/items/{{item_id}}/edit": Case(
        agenda_item, form(title="Renamed")
    ),
    f"POST {PAGE}/meetings/{{meeting_id}}/agenda/items/{{item_id}}/remove": Case(
        agenda_item_in_use
    ),
    f"POST {PAGE}/meetings/{{meeting_id}}/agenda/move": Case(
        agenda_item, lambda ctx, role: {"data": {"item": ctx["item_id"], "direction": "down"}}
    ),
    f"POST {PAGE}/meetings/{{meeting_id}}/reschedule": Case(
        fresh_meeting_closed, form(day="2026-12-09", time="18:00", reason="Clash")
    ),
    f"POST {PAGE}/meetings/{{meeting_id}}/cancel": Case(
        fresh_meeting_closed, form(reason="None", confirm="yes")
    ),
    f"POST {PAGE}/bodies/{{body_slug}}/meetings/new": Case(
        payload=form(title="Meeting", day="2026-12-03", time="18:00", agenda="One")
    ),
    f"POST {PAGE}/motions/{{motion_id}}/vote": Case(motion_in("voting"), form(choice="yes")),
    f"GET {PAGE}/motions/{{motion_id}}/close-vote": Case(motion_in("voting")),
    f"GET {PAGE}/meetings/{{meeting_id}}/adjourn": Case(fresh_meeting_open),
    f"POST {PAGE}/motions/{{motion_id}}/recuse": Case(motion_in("moved"), form(reason="Conflict")),
    f"POST {PAGE}/motions/{{motion_id}}/second": Case(motion_in("moved")),
    f"POST {PAGE}/motions/{{motion_id}}/withdraw": Case(motion_in("moved", mover="director")),
    f"POST {PAGE}/motions/{{motion_id}}/open-vote": Case(motion_in("seconded")),
    f"POST {PAGE}/motions/{{motion_id}}/show-of-hands": Case(
        motion_in("voting", method="show_of_hands"), form(yes="3", no="1", abstain="0")
    ),
    f"POST {PAGE}/motions/{{motion_id}}/close-vote": Case(motion_in("voting")),
    f"GET {PAGE}/motions/{{motion_id}}/ballots": Case(closed_secret),
    f"GET {PAGE}/meetings/{{meeting_id}}/minutes": Case(published),
    f"POST {PAGE}/meetings/{{meeting_id}}/minutes": Case(payload=form(notes="Notes.")),
    f"POST {PAGE}/meetings/{{meeting_id}}/minutes/publish": Case(approved),
    f"POST {PAGE}/meetings/{{meeting_id}}/minutes/corrections": Case(published),
    f"POST {PAGE}/meetings/{{meeting_id}}/minutes/attendance": Case(adjourned, correction_form),
    f"POST {PAGE}/motions/{{motion_id}}/ballots": Case(closed_secret, form(receipt="0" * 32)),
    f"POST {PAGE}/motions/{{motion_id}}/receipt.txt": Case(
        motion_in("voting"), form(receipt="7K3M-Q9XD-A2B4-C6E8-F0GH-JKMN-PR")
    ),
}


CASES.update(trustee_cases(Case))
CASES.update(verifiable_cases(Case))


def case_for(key: str) -> Case:
    return CASES.get(key, Case())
