"""Cases for a verifiable motion's routes: the trustees' decryptions and the public record.

The decryption case completes a 2-of-2 key on the board (the director trustee 1, `d2`
trustee 2), so it must run after every ceremony case (the matrix runs routes in sorted
order: `.../bodies/...` before `.../motions/...`); then a verifiable motion is moved, voted
(the server encrypts three ballots) and closed, and the director's browser sends valid
partial decryptions, so only authorization can refuse the request.

The page's cast (`/cast-ballot`) takes a fresh browser ballot per role on an open
verifiable motion under that same key.

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


async def decrypting(world: World) -> Ctx:
    """A verifiable motion waiting for its trustees; the director's partials ready."""
    ids = [world.member_id("director"), world.member_id("d2")]
    browsers = await run_ceremony(
        world.api, f"/orgs/{ORG}/bodies/board/trustees", ids, threshold=2, admin="admin"
    )
    world.board_key = True
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
    if not world.board_key:
        ids = [world.member_id("director"), world.member_id("d2")]
        await run_ceremony(
            world.api, f"/orgs/{ORG}/bodies/board/trustees", ids, threshold=2, admin="admin"
        )
        world.board_key = True
    motion = await world.new_motion("seconded", method="verifiable")
    await world.ok("POST", f"/orgs/{ORG}/motions/{motion}/open-vote", "chair")
    view = await world.ok("GET", f"/orgs/{ORG}/motions/{motion}", "chair")
    return {"motion_id": motion, "verifiable": view["verifiable"]}


def _fresh_ballot(ctx: Ctx, role: str) -> dict[str, Any]:
    """A fresh ballot for each role (the same one twice would be refused as a copy)."""
    return {"data": {"ballot": json.dumps(browser_ballot(ctx["verifiable"], "yes"))}}


def verifiable_cases(case: Callable[..., Any]) -> dict[str, Any]:
    """The cases, built with `cases.Case` (passed in: cases.py imports this module)."""
    return {
        f"POST {API}/decryptions": case(
            decrypting, lambda ctx, role: {"json": {"partials": ctx["partials"]}}
        ),
        f"GET {API}/record": case(),
        f"POST {PAGE}/cast-ballot": case(voting_verifiable, _fresh_ballot),
    }
