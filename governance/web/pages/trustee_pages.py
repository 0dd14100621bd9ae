"""The trustees' key ceremony page (docs/VERIFY.md 6.1, 6.2; issue 15).

The server shows where the ceremony stands; the trustee's own steps (the ceremony key, the
dealing, checking the shares received, the key-share file) run in the browser, in
static/js/verifiable/ceremony-page.js, which calls the same JSON API as any client. The
secrets stay on the trustee's device: the server never sees them.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from governance.members import bodies, organisations
from governance.trustees import reading
from governance.web.auth import runtime_of
from governance.web.pages.common import Page

#: What each trustee has done, in words (the page's script reads these from the page too).
TRUSTEE_WORDS = {
    "named": "Has not made a ceremony key yet",
    "key_submitted": "Has made a ceremony key",
    "dealt": "Has dealt shares",
    "accepted": "Has checked and accepted the shares",
    "complained": "Reported a share that failed its check",
}

#: Where the ceremony stands, in words.
STATUS_WORDS = {
    "none": "No key ceremony has been started for this body.",
    "collecting_keys": "Step 1 of 3: each trustee makes a ceremony key.",
    "dealing": (
        "Steps 2 and 3 of 3: each trustee deals shares to the others, "
        "then checks the shares it received."
    ),
    "complete": "The ceremony is complete: the body's election key is ready.",
    "failed": "The ceremony failed. An administrator must name the trustees again.",
}


class TrusteePages(Controller):
    path = "/orgs/{org:str}/bodies/{body_slug:str}/trustees"
    include_in_schema = False

    @get("/ceremony")
    async def ceremony(
        self, request: Request[Any, Any, Any], org: FromPath[str], body_slug: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        state = await reading.get_ceremony(runtime_of(request), page.actor, org, body_slug)
        organisation = await organisations.get_organisation(page.actor, org)
        body = await bodies.get_body(page.actor, org, body_slug)
        return page.render(
            "trustees/ceremony.html",
            modules="ceremony-page.js",
            org=organisation,
            body=body,
            state=state,
            trustee_words=TRUSTEE_WORDS,
            status_words=STATUS_WORDS,
        )
