"""Every route of the application times every role, against the table in `matrix.py`.

Allowed: the answer is not 401, 403 or 404 (a 409 "already done" or a 303 to the next page
is fine) and never a 5xx. Refused: exactly the status the table names. On pages a 401 is a
303 to the sign-in page. Refused requests are sent first for each route, so they meet the
prepared state; every refused request must leave the audit chain as it was.

The full matrix runs on SQLite only: it is several hundred requests with per-route set-up,
and authorization is decided in Python, not by the engine (the foundation permission tests
in tests/web/members run on both engines).
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from tests.helpers import Api
from tests.security.cases import case_for, defaults
from tests.security.matrix import ALLOWED, MATRIX
from tests.security.routes import is_page, route_keys
from tests.security.world import ORG, ROLES, World, build_world

HTML = {"accept": "text/html"}


def test_every_route_has_an_entry_and_every_entry_a_route() -> None:
    routes = route_keys()
    missing = sorted(routes - MATRIX.keys())
    stale = sorted(MATRIX.keys() - routes)
    assert not missing, f"routes without an entry in tests/security/matrix.py: {missing}"
    assert not stale, f"entries in tests/security/matrix.py for no route: {stale}"
    for key, expected in MATRIX.items():
        assert set(expected) == set(ROLES), (key, "names every role exactly once")


def outcome(key: str, response: Any) -> int | str:
    """What the answer means: ALLOWED, or the refusal's status (page 401s are redirects)."""
    status = response.status_code
    path = key.split(" ", 1)[1]
    if (
        is_page(path)
        and status == 303
        and response.headers.get("location", "").startswith("/sign-in?next=")
    ):
        return 401
    if status in (401, 403, 404) or status >= 500:
        return int(status)
    return ALLOWED


async def audit_entries(world: World) -> int:
    verify = await world.api.get(f"/orgs/{ORG}/audit/verify", "root")
    return int(verify.json()["entries"])


async def run_route(world: World, key: str, expected: dict[str, Any]) -> list[str]:
    method, template = key.split(" ", 1)
    case = case_for(key)
    ctx = defaults(world)
    if case.setup is not None:
        ctx.update(await case.setup(world))
    path = template.format(**ctx)
    headers = HTML if is_page(template) else {}
    failures = []
    refused_first = sorted(ROLES, key=lambda role: expected[role] == ALLOWED)
    for role in refused_first:
        kwargs = case.payload(ctx, role)
        cookies = kwargs.pop("cookies", None)
        before = await audit_entries(world) if expected[role] != ALLOWED else None
        world.api.client.cookies.clear()
        if cookies:
            world.api.client.cookies.update(cookies)
        who = world.who(role)
        request_headers = {**headers, **(world.api.people[who].headers if who else {})}
        response = await world.api.client.request(method, path, headers=request_headers, **kwargs)
        world.api.client.cookies.clear()
        got = outcome(key, response)
        world.observed.setdefault(key, {})[role] = got  # type: ignore[attr-defined]
        if got != expected[role]:
            failures.append(
                f"{key} as {role}: expected {expected[role]}, got {response.status_code} "
                f"{response.text[:200]!r}"
            )
        if before is not None and got == expected[role]:
            after = await audit_entries(world)
            if after != before:
                failures.append(f"{key} as {role}: refused, but the audit chain grew")
    return failures


@pytest.mark.sqlite_only
@pytest.mark.slow
async def test_authorization_matrix(api: Api) -> None:
    world = await build_world(api)
    world.observed = {}  # type: ignore[attr-defined]
    failures: list[str] = []
    dump = os.environ.get("SECURITY_MATRIX_DUMP")  # to draft entries for new routes
    try:
        for key in sorted(route_keys(api.client.app)):
            expected = MATRIX.get(key)
            if expected is None:
                if not dump:
                    continue  # reported by the test above
                expected = dict.fromkeys(ROLES, ALLOWED)
            failures += await run_route(world, key, expected)
    finally:
        if dump:
            with open(dump, "w") as out:
                json.dump(world.observed, out, indent=1, sort_keys=True)  # type: ignore[attr-defined]
    assert not failures, "\n".join(failures)
