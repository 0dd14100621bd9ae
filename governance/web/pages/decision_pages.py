"""The decision log's pages: search and filter every decision, then read one.

The search form is a plain GET form, so it works without JavaScript and every result page
has its own address (which can be bookmarked or shared). A bad filter is shown beside its
field, as on any form.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from governance.decisions import rules, service
from governance.errors import InvalidInput
from governance.members import organisations
from governance.web.pages.common import Page, errors_for

PAGE_SIZE = 20
FILTER_NAMES = ("q", "body", "outcome")


def older_link(slug: str, values: dict[str, str], cursor: str | None) -> str | None:
    """The "Older decisions" address: the same filters, continuing after `cursor`."""
    if not cursor:
        return None
    kept = {k: v for k, v in values.items() if v}
    return f"/orgs/{slug}/decisions?" + urlencode({**kept, "cursor": cursor})


class DecisionPages(Controller):
    path = "/orgs/{org:str}/decisions"
    include_in_schema = False

    @get("/")
    async def log(self, request: Request[Any, Any, Any], org: FromPath[str]) -> Template:
        page = await Page.of(request)
        organisation = await organisations.get_organisation(page.actor, org)
        params = request.query_params
        values = {name: (params.get(name) or "").strip() for name in FILTER_NAMES}
        cursor = params.get("cursor") or None
        errors: dict[str, str] = {}
        found: dict[str, Any] = {"items": [], "next_cursor": None}
        try:
            filters = rules.parse_filters(**values)
            query = await service.open_log(page.actor, org, filters)
            found = await service.page(query, cursor, PAGE_SIZE)
        except InvalidInput as error:
            errors = errors_for(error, default_field="q")
        exports = urlencode({k: v for k, v in values.items() if v})
        return page.render(
            "decisions/log.html",
            status=400 if errors else 200,
            org=organisation,
            decisions=found["items"],
            older=older_link(org, values, found["next_cursor"]),
            continued=bool(cursor),
            searched=any(values.values()),
            bodies=await service.body_choices(organisation["id"]),
            values=values,
            errors=errors,
            exports=f"?{exports}" if exports else "",
        )

    @get("/{decision_id:str}")
    async def decision(
        self, request: Request[Any, Any, Any], org: FromPath[str], decision_id: FromPath[str]
    ) -> Template:
        page = await Page.of(request)
        organisation = await organisations.get_organisation(page.actor, org)
        found = await service.get_decision(page.actor, org, decision_id)
        return page.render("decisions/decision.html", org=organisation, decision=found)
