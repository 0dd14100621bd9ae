"""Minutes: reading them, the secretary's notes, and starting a correction.

A draft's record is built live from the meeting; once a motion approves a version
(`governance.minutes.approval`) its record is frozen in the row and never changes. Every
change appends its audit entry in the same transaction, under a lock on the meeting's row.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import lock_row, transaction
from governance.errors import Conflict
from governance.members.access import Actor, OrgAccess, member_access, org_access
from governance.minutes.document import without_counts
from governance.minutes.markdown import render_notes
from governance.minutes.record import build_record, meeting_day
from governance.minutes.rules import MinutesAction, move_version, new_version_number
from governance.minutes.tables import Minutes
from governance.minutes.versions import (
    DRAFT,
    PUBLISHED,
    all_versions,
    is_record_keeper,
    latest_version,
    pick_version,
    visible_statuses,
)
from governance.motions.context import load_meeting, require_record_keeper
from governance.motions.rules.procedure import MeetingStatus
from governance.motions.tables import Meeting
from governance.runtime import Runtime
from governance.text import clean_text, iso

MAX_NOTES = 100_000


def check_notes(notes: str) -> None:
    """The notes' length check (the notes themselves are kept as typed, not stripped)."""
    clean_text(notes, field="notes", max_len=MAX_NOTES, required=False)


def pdf_url(slug: str, meeting_id: str, version: int) -> str:
    return f"/api/v1/orgs/{slug}/meetings/{meeting_id}/minutes.pdf?version={version}"


async def _view(
    access: OrgAccess,
    meeting: dict[str, Any],
    row: dict[str, Any] | None,
    versions: list[dict[str, Any]],
    statuses: frozenset[str],
) -> dict[str, Any]:
    """`{status, version, notes, record, ...}`; `row` None means the unsaved first draft."""
    notes = row["notes"] if row else ""
    frozen = row is not None and row["record"] is not None
    record = (
        without_counts(json.loads(row["record"]))
        if frozen
        else await build_record(access.org, meeting)
    )
    published = None
    if row is not None and row["status"] == PUBLISHED:
        published = {
            "sha256": row["published_sha256"],
            "url": pdf_url(access.org["slug"], meeting["id"], row["version"]),
            "published_at": iso(row["published_at"]),
            "audit_head_hash": row["audit_head_hash"],
        }
    return {
        "meeting_id": meeting["id"],
        "status": row["status"] if row else DRAFT,
        "version": row["version"] if row else 1,
        "notes": notes,
        "notes_html": render_notes(notes),
        "record": record,
        "approval": json.loads(row["approval"]) if row and row["approval"] else None,
        "approved_by_motion": row["approved_by_motion"] if row else None,
        "approved_at": iso(row["approved_at"]) if row else None,
        "published": published,
        "versions": [
            {"version": v["version"], "status": v["status"]}
            for v in versions
            if v["status"] in statuses
        ],
    }


async def get_minutes(
    actor: Actor | None, slug: str, meeting_id: str, *, version: int | None = None
) -> dict[str, Any]:
    """The minutes the caller may read: the newest such version, or `version`."""
    access = await org_access(slug, actor, public_ok=True)
    meeting = await load_meeting(access, meeting_id)
    keeper = await is_record_keeper(access, meeting["body"], meeting_day(meeting))
    statuses = visible_statuses(access, keeper)
    versions = await all_versions(meeting_id)
    if keeper and not versions and version in (None, 1):
        return await _view(access, meeting, None, versions, statuses)
    row = pick_version(versions, statuses, version)
    return await _view(access, meeting, row, versions, statuses)


async def keeper_access(actor: Actor | None, slug: str, meeting_id: str) -> Any:
    access = await member_access(slug, actor)
    meeting = await load_meeting(access, meeting_id)
    await require_record_keeper(access, meeting["body"], meeting_day(meeting))
    return access, meeting


async def save_notes(
    runtime: Runtime, actor: Actor | None, slug: str, meeting_id: str, *, notes: str
) -> dict[str, Any]:
    """Save the secretary's Markdown notes on the current draft (409 once approved)."""
    check_notes(notes)
    access, _meeting = await keeper_access(actor, slug, meeting_id)
    now = utcnow()
    async with transaction(runtime.engine):
        await lock_row(Meeting, meeting_id)
        held = await Meeting.select(Meeting.status).where(Meeting.id == meeting_id).first()
        if held is not None and held["status"] == MeetingStatus.cancelled:
            raise Conflict("This meeting was cancelled, so it has no minutes to write.")
        latest = await latest_version(meeting_id)
        step = move_version(latest, MinutesAction.save_notes)
        if step.new_version:
            version = new_version_number(None)
            await Minutes.insert(
                Minutes(
                    organisation=access.org_id,
                    meeting=meeting_id,
                    version=version,
                    status=step.status,
                    notes=notes,
                    created_at=now,
                    updated_at=now,
                )
            )
        else:
            assert latest is not None
            version = latest["version"]
            await Minutes.update({Minutes.notes: notes, Minutes.updated_at: now}).where(
                Minutes.id == latest["id"]
            )
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.MINUTES_NOTES_SAVED,
            subject=f"meeting:{meeting_id}",
            data={
                "version": version,
                "notes_sha256": hashlib.sha256(notes.encode()).hexdigest(),
            },
            now=now,
        )
    return await get_minutes(actor, slug, meeting_id)


async def start_correction(
    runtime: Runtime, actor: Actor | None, slug: str, meeting_id: str
) -> dict[str, Any]:
    """Open a new draft version after approval; the approved versions stay as they are."""
    access, _meeting = await keeper_access(actor, slug, meeting_id)
    now = utcnow()
    async with transaction(runtime.engine):
        await lock_row(Meeting, meeting_id)
        latest = await latest_version(meeting_id)
        step = move_version(latest, MinutesAction.correct)
        assert latest is not None and step.new_version  # the table allows no other
        version = new_version_number(latest["version"])
        await Minutes.insert(
            Minutes(
                organisation=access.org_id,
                meeting=meeting_id,
                version=version,
                status=step.status,
                notes=latest["notes"],
                created_at=now,
                updated_at=now,
            )
        )
        await audit.service.append(
            chain=access.org_id,
            actor=access.actor_label,
            action=Action.MINUTES_CORRECTION_STARTED,
            subject=f"meeting:{meeting_id}",
            data={"version": version, "corrects": latest["version"]},
            now=now,
        )
    return await get_minutes(actor, slug, meeting_id, version=version)


async def minutes_summary(actor: Actor | None, slug: str, meeting_id: str) -> dict[str, Any]:
    """What a meeting page shows about its minutes: `{status, version, pdf_url, keeper}`.

    `status` is None when the caller may read no version yet; `pdf_url` is the newest
    published PDF the caller may fetch, if any.
    """
    access = await org_access(slug, actor, public_ok=True)
    meeting = await load_meeting(access, meeting_id)
    keeper = await is_record_keeper(access, meeting["body"], meeting_day(meeting))
    statuses = visible_statuses(access, keeper)
    visible = [v for v in await all_versions(meeting_id) if v["status"] in statuses]
    published = [v for v in visible if v["status"] == PUBLISHED]
    latest = visible[-1] if visible else None
    return {
        "status": latest["status"] if latest else (DRAFT if keeper else None),
        "version": latest["version"] if latest else None,
        "pdf_url": pdf_url(slug, meeting_id, published[-1]["version"]) if published else None,
        "keeper": keeper,
    }
