"""Publishing approved minutes as a PDF, and serving the published bytes.

The PDF is rendered first, outside any transaction (it takes seconds, in a worker process);
only when the bytes exist does one short transaction store them (once, keyed by SHA-256),
mark the version published and append the audit entry. A render that fails or times out
raises `Unavailable` before anything is written, so the minutes stay approved and
unpublished: never half-published.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any, Protocol

from governance import audit
from governance.audit.actions import Action
from governance.audit.checkpoints import current_checkpoint
from governance.clock import utcnow
from governance.db import fetch_indexed, fetch_rows, lock_row, transaction
from governance.errors import NotFound, Unauthenticated
from governance.members.access import Actor
from governance.minutes.document import without_counts
from governance.minutes.markdown import render_notes
from governance.minutes.pdf import render_minutes_pdf
from governance.minutes.renderer import PdfRenderer
from governance.minutes.rules import MinutesAction, move_version, version_to_publish
from governance.minutes.service import keeper_access, pdf_url
from governance.minutes.tables import Minutes, StoredPdf
from governance.minutes.versions import PUBLISHED, all_versions
from governance.motions.tables import Meeting
from governance.runtime import Runtime

RENDERER_KEY = "minutes.pdf_renderer"


class Renderer(Protocol):
    async def render(self, **kwargs: Any) -> bytes: ...

    async def render_with(
        self, function: Callable[..., bytes], *args: Any, **kwargs: Any
    ) -> bytes: ...


class InlineRenderer:
    """Render in this process, in a thread (for the CLI demo, where nothing else waits)."""

    async def render(self, **kwargs: Any) -> bytes:
        return await self.render_with(render_minutes_pdf, **kwargs)

    async def render_with(self, function: Callable[..., bytes], *args: Any, **kwargs: Any) -> bytes:
        return await asyncio.to_thread(function, *args, **kwargs)


def pdf_renderer(runtime: Runtime) -> Renderer:
    """The runtime's renderer, made on first use (a process pool; closed with the runtime)."""
    renderer = runtime.extras.get(RENDERER_KEY)
    if renderer is None:
        renderer = runtime.extras[RENDERER_KEY] = PdfRenderer()
    return renderer  # type: ignore[no-any-return]


def _published_reply(slug: str, meeting_id: str, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "sha256": row["published_sha256"],
        "url": pdf_url(slug, meeting_id, row["version"]),
        "version": row["version"],
        "published_at": row["published_at"].isoformat(),
        "audit_head_hash": row["audit_head_hash"],
    }


async def publish_minutes(
    runtime: Runtime, actor: Actor | None, slug: str, meeting_id: str
) -> dict[str, Any]:
    """Render and publish the newest approved version; `{sha256, url, ...}`.

    Publishing what is already published answers with the stored document (idempotent).
    """
    access, _meeting = await keeper_access(actor, slug, meeting_id)
    row = version_to_publish(await all_versions(meeting_id))
    if row["status"] == PUBLISHED:
        return _published_reply(slug, meeting_id, row)  # already published: idempotent
    step = move_version(row, MinutesAction.publish)
    published_at = utcnow()
    _seq, head_hash = await audit.service.head(access.org_id)
    # Members keep the PDF: the checkpoint in it is a copy of the log's root that the
    # database reader cannot reach or re-sign.
    checkpoint = await current_checkpoint(runtime, access.org_id, access.org["slug"])
    pdf = await pdf_renderer(runtime).render(
        record=without_counts(json.loads(row["record"])),
        notes_html=render_notes(row["notes"]),
        approval=json.loads(row["approval"]),
        audit_head_hash=head_hash,
        page_size=access.org["paper_size"] or "A4",
        version=row["version"],
        published_at=published_at.isoformat(),
        checkpoint=checkpoint,
        time_zone=runtime.settings.time_zone,
    )
    digest = hashlib.sha256(pdf).hexdigest()
    async with transaction(runtime.engine):
        await lock_row(Meeting, meeting_id)
        current = await Minutes.select().where(Minutes.id == row["id"]).first()
        assert current is not None
        if current["status"] == PUBLISHED:
            return _published_reply(slug, meeting_id, current)  # someone else was quicker
        if not await StoredPdf.exists().where(StoredPdf.sha256 == digest):
            await StoredPdf.insert(
                StoredPdf(sha256=digest, content=pdf, size=len(pdf), created_at=published_at)
            )
        await Minutes.update(
            {
                Minutes.status: step.status,
                Minutes.published_sha256: digest,
                Minutes.published_at: published_at,
                Minutes.audit_head_hash: head_hash,
                Minutes.updated_at: published_at,
            }
        ).where(Minutes.id == row["id"])
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.MINUTES_PUBLISHED,
            subject=f"meeting:{meeting_id}",
            data={
                "version": row["version"],
                "sha256": digest,
                "audit_head_hash": head_hash,
                "size": len(pdf),
            },
            now=published_at,
        )
        current = await Minutes.select().where(Minutes.id == row["id"]).first()
    assert current is not None
    return _published_reply(slug, meeting_id, current)


# Which published PDF a meeting serves, and whether the caller may read the organisation,
# in one statement: the organisation always comes back (so "no such organisation" and "no
# such meeting" stay distinguishable), the meeting, membership and newest published version
# only when they exist. Drafts and approved versions are never served as PDFs.
_SERVED_SQL = (
    "SELECT o.is_public, ms.id, mt.id, mi.version, mi.published_sha256,"
    " o.name, b.name, mt.scheduled_for, mt.opened_at"
    " FROM organisation o"
    " LEFT JOIN meeting mt ON mt.id = $2 AND mt.organisation = o.id"
    " LEFT JOIN body b ON b.id = mt.body"
    " LEFT JOIN membership ms ON ms.organisation = o.id AND ms.account = $3"
    " LEFT JOIN minutes mi ON mi.meeting = mt.id AND mi.status = 'published'{version}"
    " WHERE o.slug = $1 ORDER BY mi.version DESC LIMIT 1"
)
_SERVED_LATEST_SQL = _SERVED_SQL.format(version="")
_SERVED_VERSION_SQL = _SERVED_SQL.format(version=" AND mi.version = $4")
_PDF_SQL = "SELECT content FROM stored_pdf WHERE sha256 = $1"

PDF_CACHE_KEY = "minutes.pdf_cache"
PDF_CACHE_BYTES = 64 * 1024 * 1024


class PdfCache:
    """Published PDFs by SHA-256, least recently used first out, up to `max_bytes` in all.

    Safe to keep: a stored PDF is content-addressed and never changes. Whether a caller may
    read it is decided on every request before the cache is asked.
    """

    def __init__(self, max_bytes: int = PDF_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[str, bytes] = OrderedDict()

    def get(self, sha256: str) -> bytes | None:
        content = self._items.get(sha256)
        if content is not None:
            self._items.move_to_end(sha256)
        return content

    def put(self, sha256: str, content: bytes) -> None:
        if len(content) > self.max_bytes or sha256 in self._items:
            return
        self._items[sha256] = content
        self.size += len(content)
        while self.size > self.max_bytes:
            _key, dropped = self._items.popitem(last=False)
            self.size -= len(dropped)


def pdf_cache(runtime: Runtime) -> PdfCache:
    cache = runtime.extras.get(PDF_CACHE_KEY)
    if cache is None:
        cache = runtime.extras[PDF_CACHE_KEY] = PdfCache()
    return cache  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ServedPdf:
    """Which stored PDF a request is answered with (the caller may read it)."""

    sha256: str
    version: int
    immutable: bool
    file_name: str = "minutes.pdf"


def pdf_file_name(org_name: str, body_name: str, day: date | None, version: int = 1) -> str:
    """A name people can read in their downloads: organisation, body, date (and version
    after the first): `Riverside Peer Network - Board - minutes 2026-11-01.pdf`."""
    parts = [org_name, body_name, f"minutes {day.isoformat()}" if day else "minutes"]
    name = " - ".join(" ".join(p.split()) for p in parts if p and p.strip())
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]', "", name)[:150].strip()
    return f"{name}{f' v{version}' if version > 1 else ''}.pdf"


def _meeting_day(row: Sequence[Any], zone: tzinfo) -> date | None:
    for value in (row[8], row[7]):  # opened, else scheduled
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                continue
        if isinstance(value, datetime):
            aware = value if value.tzinfo else value.replace(tzinfo=UTC)
            return aware.astimezone(zone).date()
    return None


async def served_pdf(
    actor: Actor | None,
    slug: str,
    meeting_id: str,
    *,
    version: int | None = None,
    zone: tzinfo = UTC,
) -> ServedPdf:
    """The published version a caller may fetch: members, or anyone if the org is public.

    The same answers as `org_access` and `load_meeting` (401 signed out, 404 for non-members
    of a private organisation and for meetings of other organisations), in one statement.
    """
    engine = Minutes._meta.db
    account = actor.account_id if actor else ""
    if version is None:
        rows = await fetch_indexed(engine, _SERVED_LATEST_SQL, slug, meeting_id, account)
    else:
        rows = await fetch_indexed(engine, _SERVED_VERSION_SQL, slug, meeting_id, account, version)
    row = rows[0] if rows else None
    allowed = row is not None and (
        bool(row[0]) or (actor is not None and (row[1] is not None or actor.is_platform_admin))
    )
    if not allowed:
        if actor is None:
            raise Unauthenticated("Please sign in to see this organisation.")
        raise NotFound("There is no such organisation, or you are not a member of it.")
    assert row is not None
    if row[2] is None:
        raise NotFound("There is no such meeting in this organisation.")
    if row[3] is None or row[4] is None:
        raise NotFound("The minutes of this meeting have not been published yet.")
    return ServedPdf(
        sha256=row[4],
        version=row[3],
        immutable=version is not None,
        file_name=pdf_file_name(row[5], row[6] or "", _meeting_day(row, zone), row[3]),
    )


async def pdf_bytes(runtime: Runtime, sha256: str) -> bytes:
    """The stored PDF with this SHA-256, from the runtime's cache when it holds it."""
    cache = pdf_cache(runtime)
    content = cache.get(sha256)
    if content is None:
        rows = await fetch_rows(StoredPdf._meta.db, _PDF_SQL, sha256)
        if not rows:
            raise NotFound("The published PDF of these minutes is missing.")
        content = bytes(rows[0][0])
        cache.put(sha256, content)
    return content
