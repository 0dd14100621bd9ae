"""Cases for a verifiable motion's routes: the trustees' decryptions and the public record.

The decryption cases complete a 2-of-2 key on the board (the director trustee 1, `d2`
trustee 2; `board_key`, once: a complete key cannot be replaced), so they must run after
every ceremony case (the matrix runs routes in sorted order: `.../bodies/...` before
`.../elections/...` and `.../motions/...`); then a verifiable motion is moved, voted
(the server encrypts three ballots) and closed, and the director's browser sends valid
partial decryptions, so only authorization can refuse the request.

The pages' casts (`/cast-ballot`) take a fresh browser ballot per role on an open
verifiable motion, or an open verifiable election, under that same key.

The record's case runs before the ceremony cases (GET sorts before POST) and must not
complete a key on the board; it reads the prepared roll-call motion, which a member may ask
for (409: only a verifiable vote has a record) and the others may not (401, 404).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.security.world import ORG, World
from tests.web.verifiable.journey import browser_ballot, partials_of, run_ceremony

Ctx = dict[str, Any]
API = "/api/v1/orgs/{org}/motions/{motion_id}"
PAGE = "/orgs/{org}/motions/{motion_id}"


async def board_key(world: World) -> dict[str, Any]:
    """The board's 2-of-2 key (the director trustee 1, d2 trustee 2), completed once: the
    trustees' browsers."""
    if world.board_key is None:
        ids = [world.member_id("director"), world.member_id("d2")]
        world.board_key = await run_ceremony(
            world.api, f"/orgs/{ORG}/bodies/board/trustees", ids, threshold=2, admin="admin"
        )
    return world.board_key


async def decrypting(world: World) -> Ctx:
    """A verifiable motion waiting for its trustees; the director's partials ready."""
    browsers = await board_key(world)
    motion = await world.new_motion("seconded", method="verifiable")
    await world.ok("POST", f"/orgs/{ORG}/motions/{motion}/open-vote", "chair")
    for name in ("chair", "secretary", "d2"):
        await world.ok(
            "POST",
            f"/orgs/{ORG}/motions/{motion}/votes",
            name,
            json={"choice": "yes", "server_encrypt": True},
        )
    closed = await world.ok("POST", f"/orgs/{ORG}/motions/{motion}/close-vote", "chair")
    partials = partials_of(browsers["director"], closed["verifiable"])
    return {"motion_id": motion, "partials": partials}


async def voting_verifiable(world: World) -> Ctx:
    """An open verifiable motion and its election (the page's cast takes a browser's ballot).

    It needs the board's key, which the decryption case completes (its API route sorts before
    the page's); run alone, this case completes it itself."""
    await board_key(world)
    motion = await world.new_motion("seconded", method="verifiable")
    await world.ok("POST", f"/orgs/{ORG}/motions/{motion}/open-vote", "chair")
    view = await world.ok("GET", f"/orgs/{ORG}/motions/{motion}", "chair")
    return {"motion_id": motion, "verifiable": view["verifiable"]}


def _fresh_ballot(ctx: Ctx, role: str) -> dict[str, Any]:
    """A fresh ballot for each role (the same one twice would be refused as a copy)."""
    return {"data": {"ballot": json.dumps(browser_ballot(ctx["verifiable"], "yes"))}}


async def _open_election(world: World) -> tuple[str, list[str]]:
    """A verifiable approval election of the board, open now under the board's key (the
    director trustee 1), with two candidates: its id and the candidates' ids."""
    from datetime import timedelta

    from governance.clock import utcnow
    from governance.elections.tables import Candidate, Election
    from governance.elections.verifiable_tables import VerifiableElection, election_ref
    from governance.ids import new_id
    from governance.members.tables import Body, Organisation
    from governance.trustees.ceremonies import current_ceremony

    await board_key(world)
    org = await Organisation.select(Organisation.id).where(Organisation.slug == ORG).first()
    board = (
        await Body.select(Body.id)
        .where((Body.organisation == org["id"]) & (Body.slug == "board"))
        .first()
    )
    ceremony = await current_ceremony(board["id"])
    now = utcnow()
    election_id = new_id()
    await Election.insert(
        Election(
            id=election_id, organisation=org["id"], body=board["id"], title="Matrix election",
            seats=1, method="approval", electorate="members",
            nominations_close=now - timedelta(seconds=2), opens_at=now - timedelta(seconds=1),
            closes_at=now + timedelta(days=1), term_starts_on=(now + timedelta(days=1)).date(),
            status="scheduled", created_at=now - timedelta(days=2),
        )
    )  # fmt: skip
    await VerifiableElection.insert(
        VerifiableElection(
            id=election_id,
            ceremony=ceremony["id"],
            election=election_ref(ORG, election_id),
            tally=None,
        )
    )
    candidates = []
    for n, name in enumerate(("d2", "director")):
        candidates.append(new_id())
        await Candidate.insert(
            Candidate(
                id=candidates[-1], election=election_id, membership=world.member_id(name),
                statement="", lived_experience_candidate=False,
                created_at=now - timedelta(days=1, minutes=-n),
            )
        )  # fmt: skip
    return election_id, candidates


async def decrypting_election(world: World) -> Ctx:
    """A verifiable approval election of the board waiting for its trustees (a fresh 2-of-2
    key: the director trustee 1), three ballots the server encrypted; the director's partials
    ready. Its route sorts after the ceremony cases and before the motions' decryption."""
    from datetime import timedelta

    from governance.clock import utcnow
    from governance.elections.tables import Election

    browsers = await board_key(world)
    election_id, candidates = await _open_election(world)
    base = f"/orgs/{ORG}/elections/{election_id}"
    for name in ("chair", "secretary", "d2"):
        await world.ok(
            "POST",
            f"{base}/ballots",
            name,
            json={"approve": [candidates[0]], "server_encrypt": True},
        )
    await Election.update({Election.closes_at: utcnow() - timedelta(seconds=1)}).where(
        Election.id == election_id
    )
    view = await world.ok("GET", base, "chair")
    return {
        "election_id": election_id,
        "partials": partials_of(browsers["director"], view["verifiable"]),
    }


async def voting_election(world: World) -> Ctx:
    """An open verifiable election (its page's cast takes a browser's ballot)."""
    election_id, _ = await _open_election(world)
    view = await world.ok("GET", f"/orgs/{ORG}/elections/{election_id}", "chair")
    return {"election_id": election_id, "verifiable": view["verifiable"]}


def _fresh_approval(ctx: Ctx, role: str) -> dict[str, Any]:
    """A fresh ballot approving the first candidate, for each role."""
    from governance.verifiable.ballot import encrypt_approval_ballot
    from governance.verifiable.group import Point

    v = ctx["verifiable"]
    ticks = [k == 0 for k in range(len(v["candidates"]))]
    made, _ = encrypt_approval_ballot(
        Point.from_hex(v["election_key"]), v["election"], ticks, 0, len(ticks)
    )
    return {"data": {"ballot": json.dumps(made.to_json())}}


def verifiable_cases(case: Callable[..., Any]) -> dict[str, Any]:
    """The cases, built with `cases.Case` (passed in: cases.py imports this module)."""
    return {
        f"POST {API}/decryptions": case(
            decrypting, lambda ctx, role: {"json": {"partials": ctx["partials"]}}
        ),
        f"GET {API}/record": case(),
        f"POST {PAGE}/cast-ballot": case(voting_verifiable, _fresh_ballot),
        "POST /api/v1/orgs/{org}/elections/{election_id}/decryptions": case(
            decrypting_election, lambda ctx, role: {"json": {"partials": ctx["partials"]}}
        ),
        "POST /orgs/{org}/elections/{election_id}/cast-ballot": case(
            voting_election, _fresh_approval
        ),
    }
