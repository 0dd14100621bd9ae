"""HTTP routes for the decision log: JSON pages, one decision, CSV export and Atom feed.

Query parameters arrive as plain strings and are checked by `rules.parse_filters`, so a bad
value becomes a 400 problem naming the field in the same words everywhere.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.params import FromPath, QueryParameter
from litestar.response import Stream

from governance.audit.checkpoints import current_checkpoint
from governance.decisions import exports, rules, service
from governance.web.auth import ActorDep, RuntimeDep

JSON = dict[str, Any]
ATOM_ENTRIES = 50
# `body` is Litestar's name for the raw request body, so the query parameter is aliased.
Text = Annotated[str | None, QueryParameter(required=False)]
BodyParam = Annotated[str | None, QueryParameter(name="body", required=False)]


def base_url(request: Request[Any, Any, Any]) -> str:
    return str(request.base_url).rstrip("/")


class DecisionController(Controller):
    path = "/api/v1/orgs/{org:str}"
    tags = ["decisions"]

    @get("/decisions")
    async def log(
        self,
        actor: ActorDep,
        org: FromPath[str],
        q: Text = None,
        body_slug: BodyParam = None,
        outcome: Text = None,
        since: Text = None,
        until: Text = None,
        cursor: Text = None,
        limit: Text = None,
    ) -> JSON:
        """Decided motions (carried, failed, withdrawn), newest first; `next_cursor` pages on."""
        filters = rules.parse_filters(
            q=q, body=body_slug, outcome=outcome, since=since, until=until
        )
        return await service.list_decisions(
            actor, org, filters, cursor=cursor, limit=rules.parse_limit(limit)
        )

    @get("/decisions.csv")
    async def csv(
        self,
        actor: ActorDep,
        org: FromPath[str],
        q: Text = None,
        body_slug: BodyParam = None,
        outcome: Text = None,
        since: Text = None,
        until: Text = None,
    ) -> Stream:
        """Every matching decision as CSV (UTF-8 with BOM), streamed."""
        filters = rules.parse_filters(
            q=q, body=body_slug, outcome=outcome, since=since, until=until
        )
        query = await service.open_log(actor, org, filters)
        return Stream(
            exports.csv_chunks(query),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{org}-decisions.csv"',
                "Cache-Control": "no-store",
            },
        )

    @get("/decisions.atom")
    async def atom(
        self,
        request: Request[Any, Any, Any],
        runtime: RuntimeDep,
        actor: ActorDep,
        org: FromPath[str],
    ) -> Response[bytes]:
        """The newest 50 decisions as an Atom feed, with the audit log's signed checkpoint."""
        query = await service.open_log(actor, org, rules.Filters())
        found = await service.page(query, None, ATOM_ENTRIES)
        access = query.access
        feed = exports.atom_feed(
            org=access.org,
            decisions=found["items"],
            base_url=base_url(request),
            checkpoint=await current_checkpoint(runtime, access.org_id, access.org["slug"]),
        )
        return Response(feed, media_type="application/atom+xml; charset=utf-8")

    @get("/decisions/{decision_id:str}")
    async def show(self, actor: ActorDep, org: FromPath[str], decision_id: FromPath[str]) -> JSON:
        """One decision: its final text, outcome and tally (roll-call names for members)."""
        return await service.get_decision(actor, org, decision_id)
