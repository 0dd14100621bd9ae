"""HTTP route for the printed count report of an election: the archival PDF, after the count.

The PDF is made on request in the shared PDF worker pool (the minutes' renderer); the same
report always gives the same bytes, so its ETag is a hash of what it is printed from and a
matching `If-None-Match` is answered 304 without printing it again.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.params import FromPath

from governance.elections.published_report import published_report
from governance.minutes.election_report_pdf import render_count_report_pdf, report_etag
from governance.minutes.publishing import pdf_renderer
from governance.web.auth import ActorDep, RuntimeDep

DISPOSITION = 'inline; filename="election-count-report.pdf"'


class ElectionReportController(Controller):
    path = "/api/v1/orgs/{org:str}/elections/{election_id:str}"
    tags = ["elections"]

    @get("/report.pdf", media_type="application/pdf")
    async def report_pdf(
        self,
        request: Request[Any, Any, Any],
        runtime: RuntimeDep,
        actor: ActorDep,
        org: FromPath[str],
        election_id: FromPath[str],
    ) -> Response[bytes]:
        """The returning officer's count report as a PDF/A document, for any member, once
        voting has closed and been counted (409 before)."""
        report, meta = await published_report(runtime, actor, org, election_id)
        etag = f'"{report_etag(report, meta)}"'
        headers = {"ETag": etag, "Cache-Control": "private, no-cache",
                   "Content-Disposition": DISPOSITION}  # fmt: skip
        seen = {
            t.strip().removeprefix("W/")
            for t in request.headers.get("if-none-match", "").split(",")
        }
        if etag in seen:
            return Response(content=b"", status_code=304, headers=headers)
        pdf = await pdf_renderer(runtime).render_with(render_count_report_pdf, report, meta)
        return Response(content=pdf, media_type="application/pdf", headers=headers)
