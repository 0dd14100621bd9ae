"""GET /verifiable/check over HTTP: every module it loads is served, from our origin, with the
integrity the page names, under the site's CSP (the browser test runs them in Chromium)."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from tests.helpers import Api
from tests.unit.verifiable.node import require_node

HTML = {"accept": "text/html"}


@pytest.mark.sqlite_only
async def test_the_check_page_names_every_module_with_the_integrity_served(api: Api) -> None:
    require_node()  # static/vendor/ is made by `make js`
    page = await api.client.get("/verifiable/check", headers=HTML)
    assert page.status_code == 200
    assert "script-src 'self';" in page.headers["content-security-policy"]
    named = re.findall(r'(?:href|src)="(/static/[^"]+\.js)" integrity="(sha384-[^"]+)"', page.text)
    assert len(named) > 20
    assert named[-1][0] == "/static/js/verifiable/check-page.js"
    for path, integrity in named:
        served = await api.client.get(path)
        assert served.status_code == 200, path
        assert "javascript" in served.headers["content-type"], path
        digest = base64.b64encode(hashlib.sha384(served.content).digest()).decode()
        assert integrity == f"sha384-{digest}", path
