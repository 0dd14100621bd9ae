"""HTTP route for the printed count report of an election: the archival PDF, after the count.

The PDF is made on request in the shared PDF worker pool (the minutes' renderer). The same
report always gives the same bytes, so its ETag is a hash of what it is printed from: a
matching `If-None-Match` is answered 304, and the bytes are kept (least recently used out,
16 MB in all) so another member's fetch does not print it again. Whether the caller may read
the report is decided on every request, before either.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.params import FromPath

from governance.elections.published_report import published_report
from governance.minutes.election_report_pdf import render_count_report_pdf, report_etag
from governance.minutes.publishing import PdfCache, pdf_renderer
from governance.runtime import Runtime
from governance.web.auth import ActorDep, RuntimeDep

DISPOSITION = 'inline; filename="election-count-report.pdf"'
CACHE_KEY = "elections.report_pdf_cache"
CACHE_BYTES = 16 * 1024 * 1024


def _cache(runtime: Runtime) -> PdfCache:
    cache = runtime.extras.get(CACHE_KEY)
    if cache is None:
        cache = runtime.extras[CACHE_KEY] = PdfCache(CACHE_BYTES)
    return cache  # type: ignore[no-any-return]


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
        pdf = _cache(runtime).get(etag)
        if pdf is None:
            pdf = await pdf_renderer(runtime).render_with(render_count_report_pdf, report, meta)
            _cache(runtime).put(etag, pdf)
        return Response(content=pdf, media_type="application/pdf", headers=headers)
