"""HTTP routes for minutes: read, edit notes, start a correction, publish, fetch the PDF.

`?version=N` on the reads names one version, so a corrected version and the one it
corrects both stay readable. The PDF is served with a strong ETag (its SHA-256) and
answers 304 to a matching `If-None-Match`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import quote

from litestar import Controller, Request, Response, get, post, put
from litestar.params import FromPath, JSONBody, QueryParameter

from governance.minutes import corrections, publishing, service
from governance.minutes.schemas import AttendanceCorrectionIn, NotesIn
from governance.web.auth import ActorDep, OrgCallDep, RuntimeDep

JSON = dict[str, Any]
Version = Annotated[int | None, QueryParameter(ge=1, description="One version of the minutes")]
VERSIONED_CACHE = "private, max-age=31536000, immutable"
LATEST_CACHE = "private, no-cache"


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return "*" in tags or etag in tags


def _disposition(file_name: str) -> str:
    """`inline` with the readable name: plain ASCII in `filename`, the exact name (any
    letters) in RFC 6266's `filename*`."""
    ascii_name = re.sub(r"[^A-Za-z0-9 ._-]", "", file_name).strip() or "minutes.pdf"
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name, safe='')}"


class MinutesController(Controller):
    path = "/api/v1/orgs/{org:str}/meetings/{meeting_id:str}"
    tags = ["minutes"]

    @get("/minutes")
    async def show(
        self, actor: ActorDep, org: FromPath[str], meeting_id: FromPath[str], version: Version
    ) -> JSON:
        """`{status, version, notes, record, ...}`; drafts only for the secretary or chair."""
        return await service.get_minutes(actor, org, meeting_id, version=version)

    @put("/minutes")
    async def save_notes(
        self, call: OrgCallDep, meeting_id: FromPath[str], data: JSONBody[NotesIn]
    ) -> JSON:
        """Save the draft's Markdown notes; 409 once the minutes are approved."""
        return await service.save_notes(*call, meeting_id, notes=data.notes)

    @post("/minutes/corrections", status_code=201)
    async def start_correction(self, call: OrgCallDep, meeting_id: FromPath[str]) -> JSON:
        """Start a new draft version of approved minutes; a new motion must approve it."""
        return await service.start_correction(*call, meeting_id)

    @post("/minutes/attendance", status_code=200)
    async def correct_attendance(
        self, call: OrgCallDep, meeting_id: FromPath[str], data: JSONBody[AttendanceCorrectionIn]
    ) -> JSON:
        """Correct one member's attendance in an adjourned meeting's draft minutes (409 once
        approved: start a correction first); returns the minutes."""
        return await corrections.correct_attendance(
            *call, meeting_id, member_id=data.member_id, status=data.status
        )

    @post("/minutes/publish", status_code=200)
    async def publish(self, call: OrgCallDep, meeting_id: FromPath[str]) -> JSON:
        """Render the approved minutes as a PDF and publish it: `{sha256, url, ...}`."""
        return await publishing.publish_minutes(*call, meeting_id)

    @get("/minutes.pdf", media_type="application/pdf")
    async def pdf(
        self,
        request: Request[Any, Any, Any],
        runtime: RuntimeDep,
        actor: ActorDep,
        org: FromPath[str],
        meeting_id: FromPath[str],
        version: Version,
    ) -> Response[bytes]:
        """The published PDF, byte-identical on every fetch (304 when the ETag matches)."""
        found = await publishing.served_pdf(
            actor, org, meeting_id, version=version, zone=runtime.settings.zone
        )
        etag = f'"{found.sha256}"'
        headers = {
            "ETag": etag,
            "Cache-Control": VERSIONED_CACHE if found.immutable else LATEST_CACHE,
            "Content-Disposition": _disposition(found.file_name),
        }
        if _etag_matches(request.headers.get("if-none-match"), etag):
            return Response(content=b"", status_code=304, headers=headers)
        content = await publishing.pdf_bytes(runtime, found.sha256)
        return Response(content=content, media_type="application/pdf", headers=headers)
