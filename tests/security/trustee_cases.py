"""Cases for the key ceremony's routes: a fresh ceremony on the board for each, in the state
the route needs, with the director as trustee 1 and `d2` as trustee 2 (2 of 2).

Python plays the trustees' browsers (`tests/web/trustees/browser.py`), so the allowed role's
request carries a valid key, dealing or complaint and only authorization can refuse it. No
case completes the key (the director's acceptance leaves d2's outstanding), so every later
case can name trustees again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tests.security.world import ORG, World
from tests.web.trustees.browser import browsers_for, dealing_payload, key_payload

Ctx = dict[str, Any]
TRUSTEES = f"/orgs/{ORG}/bodies/board/trustees"
API = "/api/v1/orgs/{org}/bodies/{body_slug}/trustees"


def naming(ctx: Ctx, role: str) -> dict[str, Any]:
    return {"json": {"member_ids": ctx["trustee_ids"], "threshold": 2}}


async def named(world: World) -> Ctx:
    """A new ceremony on the board, collecting keys; the director's key ready to send."""
    ids = [world.member_id("director"), world.member_id("d2")]
    state = await world.ok("POST", TRUSTEES, "admin", json={"member_ids": ids, "threshold": 2})
    browsers = browsers_for(world.api, state)
    return {"trustee_ids": ids, "state": state, "key": key_payload(state, browsers["director"])}


async def keys_in(world: World) -> Ctx:
    """Both ceremony keys in (dealing); the director's dealing ready to send."""
    ctx = await named(world)
    browsers = browsers_for(world.api, ctx["state"])
    for name, browser in browsers.items():
        await world.ok("POST", f"{TRUSTEES}/me/key", name, json=key_payload(ctx["state"], browser))
    state = await world.ok("GET", TRUSTEES, "member")
    return {**ctx, "dealing": dealing_payload(state, browsers["director"])}


async def dealt(world: World) -> Ctx:
    """Both dealings in: the director may accept its shares, or complain about d2's."""
    ctx = await keys_in(world)
    await world.ok("POST", f"{TRUSTEES}/me/dealing", "director", json=ctx["dealing"])
    state = await world.ok("GET", TRUSTEES, "member")
    browsers = browsers_for(world.api, state)
    await world.ok(
        "POST", f"{TRUSTEES}/me/dealing", "d2", json=dealing_payload(state, browsers["d2"])
    )
    return ctx


def sent(key: str) -> Callable[[Ctx, str], dict[str, Any]]:
    return lambda ctx, role: {"json": ctx[key]}


def trustee_cases(case: Callable[..., Any]) -> dict[str, Any]:
    """The cases, built with `cases.Case` (passed in: cases.py imports this module)."""
    setup: Callable[[World], Awaitable[Ctx]]
    out = {}
    for route, setup, payload in (
        (f"POST {API}", named, naming),
        (f"GET {API}/me/shares", named, None),
        (f"POST {API}/me/key", named, sent("key")),
        (f"POST {API}/me/dealing", keys_in, sent("dealing")),
        (f"POST {API}/me/accept", dealt, None),
        (f"POST {API}/me/complain", dealt, lambda ctx, role: {"json": {"from": 2}}),
    ):
        out[route] = case(setup, payload) if payload else case(setup)
    return out
