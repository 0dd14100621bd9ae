"""The browser's verifiable-ballot code as served: the ES modules load from our own origin
under the site's CSP with subresource integrity, make a ballot in Chromium, and that ballot
verifies in the Python core. A module altered in transit is refused by the integrity check."""

from __future__ import annotations

import json
from typing import Any

from governance.verifiable.ballot import motion_ballot_faults, parse_ballot, tracker
from governance.verifiable.group import Point
from tests.browser.conftest import PHONE, Visit

CHECK = "/verifiable/check"


def _open(browser: Any, server: str) -> tuple[Any, Visit, list[str]]:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    problems: list[str] = []
    # A failed load is named by its response below (the console's copy names no address).
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"{r.url}: {r.failure}"))
    return (
        context,
        Visit(page=page, base=server, journey="verifiable_modules", viewport="phone"),
        problems,
    )


def test_a_ballot_made_in_the_page_verifies_in_python(browser: Any, server: str) -> None:
    context, v, problems = _open(browser, server)
    try:
        seen: list[str] = []
        v.page.on("request", lambda r: seen.append(r.url.removeprefix(server)))
        response = v.page.goto(server + CHECK)
        assert (
            response is not None
            and "script-src 'self'" in response.headers["content-security-policy"]
        )
        v.check("before")
        # Every module the page loaded came from our origin and was named with its integrity.
        preloaded = v.page.eval_on_selector_all(
            "link[rel=modulepreload], script[type=module]",
            "els => els.map(e => [e.getAttribute('href') || e.getAttribute('src'), e.integrity])",
        )
        assert all(integrity.startswith("sha384-") for _, integrity in preloaded)
        modules = [u for u in seen if u.endswith(".js")]
        assert modules and set(modules) <= {path for path, _ in preloaded}
        assert all(u.startswith("/static/") for u in seen if u.endswith(".js"))

        v.page.get_by_role("button", name="Make a test ballot").click()
        v.page.get_by_role("status").filter(has_text="It works").wait_for(timeout=20_000)
        v.page.get_by_text("The test ballot, as it would be published").click()
        v.check("made")
        ballot = json.loads(v.page.locator("#check-ballot").inner_text())
        key = Point.from_hex(v.page.locator("#check-key").inner_text().strip())
        assert motion_ballot_faults(ballot, key, "browser-check") == []
        parsed, _ = parse_ballot(ballot)
        assert parsed is not None
        assert tracker(parsed) == v.page.locator("#check-tracker").inner_text().strip()
        assert problems == []
    finally:
        context.close()


def test_a_module_altered_in_transit_is_refused(browser: Any, server: str) -> None:
    context, v, problems = _open(browser, server)
    try:

        def alter(route: Any) -> None:
            original = route.fetch()
            route.fulfill(response=original, body=original.text() + "\n// altered\n")

        v.page.route("**/static/vendor/noble/curves/ed25519.js", alter)
        v.page.goto(server + CHECK)
        v.page.wait_for_load_state("load")
        assert v.page.get_by_role("button", name="Make a test ballot").is_hidden()
        assert v.page.get_by_text("This needs JavaScript").is_visible()
        assert any("integrity" in p.lower() for p in problems), problems
    finally:
        context.close()
