"""GET /orgs/{org}/bodies/{body}/trustees/ceremony over HTTP: where the ceremony stands in
words, for everyone in the organisation; the trustee's part (which needs JavaScript, and says
so) with the ceremony module and its integrity; nothing to do for a member who is no trustee.
The browser test (tests/browser/test_ceremony_journey.py) runs the ceremony on it."""

from __future__ import annotations

import re

import pytest

from tests.helpers import Api
from tests.unit.verifiable.node import require_node
from tests.web.trustees.browser import submit_keys
from tests.web.trustees.test_ceremony import BASE, ORG, _name, _org

PAGE = f"/orgs/{ORG}/bodies/board/trustees/ceremony"


async def _page(api: Api, who: str) -> str:
    api.client.cookies.clear()
    got = await api.client.get(PAGE, headers={**api.people[who].headers, "accept": "text/html"})
    assert got.status_code == 200, got.text
    return str(got.text)


@pytest.mark.sqlite_only
async def test_the_page_says_where_the_ceremony_stands_and_loads_the_module(api: Api) -> None:
    require_node()  # module_tags needs static/vendor/, made by `make js`
    await _org(api)
    before = await _page(api, "nora")
    assert "No key ceremony has been started for this body." in before
    assert "ceremony-page.js" not in before
    state = await _name(api)
    page = await _page(api, "tia")
    assert "Step 1 of 3: each trustee makes a ceremony key." in page
    assert "Your part, as trustee 1" in page
    assert "The ceremony needs JavaScript" in page
    scripts = re.findall(r'<script type="module" src="([^"]+)" integrity="sha384-', page)
    assert scripts == ["/static/js/verifiable/ceremony-page.js"]
    assert f'data-api="/api/v1{BASE}"' in page
    # Another member sees the progress, with nothing to do and no module.
    other = await _page(api, "nora")
    assert "You are not one of this ceremony's trustees" in other
    assert "ceremony-page.js" not in other
    await submit_keys(api, BASE, state)
    after = await _page(api, "nora")
    assert "Steps 2 and 3 of 3" in after
    assert after.count("Has made a ceremony key") == 3
