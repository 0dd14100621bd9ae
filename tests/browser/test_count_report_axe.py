"""The count report partial in a real browser: no axe-core violations, and at 320 px the page
never scrolls sideways (the wide stage table scrolls inside its own focusable box).

The partial is rendered standalone through the pages' Jinja environment and shown with the
site's stylesheet; the election page that includes it is another page's test.
"""

from __future__ import annotations

from typing import Any

import pytest

from governance.elections.count import count_approval, count_stv, make_election
from governance.web.pages.common import STATIC_DIR
from tests.unit.elections.test_count_report_html import BALLOTS, GROUP, NAMES, render
from tests.unit.elections.test_stv_rules import election

NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 900}


def reports() -> dict[str, dict[str, Any]]:
    stv = count_stv(election(NAMES, 4, BALLOTS, group=GROUP, reserved=3), seed="s")
    tie = count_stv(election("A B C D", 2, [("A", 7), ("B", 3), ("C", 3), ("D", 5)]), seed="s")
    approval = count_approval(
        make_election(["Ann", "Bob", "Cy"], 1, [(1, 2), (2,), (1,), (2, 3)], group=[3], reserved=1),
        seed="s",
    )
    return {"stv": stv.to_dict(), "tie": tie.to_dict(), "approval": approval.to_dict()}


def page_html(report: dict[str, Any]) -> str:
    css = (STATIC_DIR / "css" / "site.css").read_text()
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Count report</title><style>{css}</style></head><body>"
        '<main id="main"><div class="wrap"><h1>Board election</h1>'
        f"{render(report)}</div></main></body></html>"
    )


@pytest.mark.parametrize("viewport", [NARROW, WIDE], ids=["320px", "desktop"])
@pytest.mark.parametrize("kind", ["stv", "tie", "approval"])
def test_the_count_report_passes_axe_and_fits_the_width(
    browser: Any, kind: str, viewport: dict[str, int]
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.set_content(page_html(reports()[kind]))
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"the page scrolls sideways ({width} px)"
        if kind == "stv" and viewport is NARROW:
            box = page.locator(".table-scroll").first
            assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # it scrolls, inside
            box.focus()
            page.keyboard.press("ArrowRight")
            # and a keyboard can scroll it (the scroll may be smooth: wait for it to move)
            page.wait_for_function(
                "() => document.querySelector('.table-scroll').scrollLeft > 0", timeout=10_000
            )
    finally:
        context.close()
