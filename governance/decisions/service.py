"""Reading the decision log: pages newest first (keyset on (decided_at, id)), one decision,
and every matching decision for exports.

Visibility is the organisation's: members always, anyone when the organisation is public
(`org_access(..., public_ok=True)`). A page never uses OFFSET: it continues strictly after
the last (decided_at, id) it showed, so decisions made while someone pages through the log
(which are newer than anything already shown) neither repeat nor push rows onto the next page.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec

from governance.db import fetch_indexed, fetch_rows
from governance.decisions import entries, rules
from governance.decisions.search import search_condition, search_expression
from governance.errors import InvalidInput, NotFound
from governance.members.access import Actor, OrgAccess, org_access
from governance.members.tables import Body
from governance.motions.tables import Motion
from governance.voting.tables import Vote

EXPORT_PAGE = 500

_COLUMNS = (
    Motion.id,
    Motion.number,
    Motion.title,
    Motion.text,
    Motion.body.slug,
    Motion.body.name,
    Motion.meeting,
    Motion.kind,
    Motion.method,
    Motion.status,
    Motion.decided_at,
    Motion.tally,
    Motion.rescinded_by,
)


@dataclass(frozen=True)
class LogQuery:
    """A checked request for the log: who may see it, and the filters with the body resolved."""

    access: OrgAccess
    filters: rules.Filters
    body_id: str | None


async def open_log(actor: Actor | None, slug: str, filters: rules.Filters) -> LogQuery:
    """Check the caller may read this organisation's log and that the body filter exists."""
    access = await org_access(slug, actor, public_ok=True)
    body_id = None
    if filters.body:
        found = (
            await Body.select(Body.id)
            .where((Body.organisation == access.org_id) & (Body.slug == filters.body))
            .first()
        )
        if found is None:
            raise InvalidInput(
                "There is no board or committee by that name here. Choose one from the list.",
                field="body",
            )
        body_id = found["id"]
    return LogQuery(access=access, filters=filters, body_id=body_id)


# Positions of decided_at and id in a page row (`entries.ROW_COLUMNS`: the keyset).
_DECIDED_AT, _ID = entries.ROW_KEYS.index("decided_at"), entries.ROW_KEYS.index("id")


# The API's page passes each decision's stored JSON entry through (`entries`), instead of
# building, converting and encoding a dict per row; then the keyset columns: the id, and
# decided_at (SQLite: its stored text, read without the column's converter;
# `datetime.fromisoformat` reads it back for the cursor).
_JSON_COLUMNS = {
    "sqlite": f"{entries.stored_or_built('sqlite')}, m.id, CAST(m.decided_at AS TEXT)",
    "postgres": f"{entries.stored_or_built('postgres')}, m.id, m.decided_at",
}
_ROW_COLUMNS = entries.ROW_COLUMNS


@functools.lru_cache(maxsize=128)
def _page_sql(
    engine_type: str,
    *,
    as_json: bool = False,
    outcome: bool,
    body: bool,
    since: bool,
    until: bool,
    after: bool,
    search: bool,
) -> str:
    """The log's statement for one shape of filters, built once (values are all bound).

    Newest first on (decided_at, id), continuing strictly after the cursor: the index
    `motion (organisation, decided_at, id)` serves the order, the filters and the keyset.
    """
    arguments = 1  # $1 is the organisation
    conditions = ["m.organisation = $1", "m.decided_at IS NOT NULL"]

    def bind() -> str:
        nonlocal arguments
        arguments += 1
        return f"${arguments}"

    if outcome:
        conditions.append(f"m.status = {bind()}")
    else:
        conditions.append(f"m.status IN ({', '.join(bind() for _ in rules.OUTCOMES)})")
    if body:
        conditions.append(f"m.body = {bind()}")
    if since:
        conditions.append(f"m.decided_at >= {bind()}")
    if until:
        conditions.append(f"m.decided_at < {bind()}")
    if after:
        at, motion_id = bind(), bind()
        conditions.append(f"(m.decided_at < {at} OR (m.decided_at = {at} AND m.id < {motion_id}))")
    if search:
        conditions.append(search_condition(engine_type, bind()))
    columns = _JSON_COLUMNS[engine_type] if as_json else _ROW_COLUMNS
    return (
        f"SELECT {columns}"  # noqa: S608 - fixed SQL, values bound
        " FROM motion m JOIN body b ON b.id = m.body"
        f" WHERE {' AND '.join(conditions)}"
        f" ORDER BY m.decided_at DESC, m.id DESC LIMIT {bind()}"
    )


async def _rows(
    query: LogQuery, after: rules.Cursor | None, limit: int, *, as_json: bool = False
) -> list[Any]:
    filters = query.filters
    engine = Motion._meta.db
    args: list[Any] = [query.access.org_id]
    args.extend([filters.outcome] if filters.outcome else rules.OUTCOMES)
    if query.body_id:
        args.append(query.body_id)
    if filters.since:
        args.append(filters.since)
    if filters.until:
        args.append(filters.until)
    if after is not None:
        args.extend((after.decided_at, after.id))
    if filters.terms:
        args.append(search_expression(engine.engine_type, filters.terms))
    args.append(limit)
    sql = _page_sql(
        engine.engine_type,
        as_json=as_json,
        outcome=bool(filters.outcome),
        body=bool(query.body_id),
        since=bool(filters.since),
        until=bool(filters.until),
        after=after is not None,
        search=bool(filters.terms),
    )
    # A page walks its index for a few dozen rows: on the loop. A search may scan its
    # postings and an export reads hundreds of rows: off the loop.
    fetch = fetch_rows if filters.terms or limit > rules.MAX_LIMIT + 1 else fetch_indexed
    return await fetch(engine, sql, *args)


async def _page_rows(
    query: LogQuery, cursor: str | None, limit: int, *, as_json: bool
) -> tuple[list[Any], str | None]:
    """The rows of one page and the cursor for the next (None on the last page)."""
    after = rules.decode_cursor(cursor) if cursor else None
    rows = await _rows(query, after, limit + 1, as_json=as_json)
    shown = rows[:limit]
    if len(rows) <= limit:
        return shown, None
    if as_json:
        _, last_id, last_at = shown[-1]
        if not isinstance(last_at, datetime):
            last_at = datetime.fromisoformat(last_at)  # SQLite: the stored text
    else:
        last_id, last_at = shown[-1][_ID], shown[-1][_DECIDED_AT]
    return shown, rules.encode_cursor(rules.Cursor(last_at, last_id))


async def page(query: LogQuery, cursor: str | None, limit: int) -> dict[str, Any]:
    """One page of the log and the cursor for the next (None on the last page)."""
    shown, next_cursor = await _page_rows(query, cursor, limit, as_json=False)
    return {"items": [entries.entry_of(r) for r in shown], "next_cursor": next_cursor}


async def page_json(query: LogQuery, cursor: str | None, limit: int) -> dict[str, Any]:
    """`page` for the API: the same items, as the JSON entries the database keeps."""
    shown, next_cursor = await _page_rows(query, cursor, limit, as_json=True)
    items = msgspec.Raw("[" + ",".join(row[0] for row in shown) + "]")
    return {"items": items, "next_cursor": next_cursor}


async def every_decision(query: LogQuery) -> AsyncIterator[dict[str, Any]]:
    """Every matching decision, newest first, read in keyset pages (for the CSV export)."""
    after: rules.Cursor | None = None
    while True:
        rows = await _rows(query, after, EXPORT_PAGE)
        for row in rows:
            yield entries.entry_of(row)
        if len(rows) < EXPORT_PAGE:
            return
        after = rules.Cursor(rows[-1][_DECIDED_AT], rows[-1][_ID])


async def list_decisions(
    actor: Actor | None,
    slug: str,
    filters: rules.Filters,
    *,
    cursor: str | None = None,
    limit: int = rules.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """`GET /orgs/{org}/decisions`: a page of decisions, newest first."""
    return await page_json(await open_log(actor, slug, filters), cursor, limit)


async def get_decision(actor: Actor | None, slug: str, motion_id: str) -> dict[str, Any]:
    """One decision; members also see a roll-call vote's names (the public, counts only)."""
    access = await org_access(slug, actor, public_ok=True)
    row = (
        await Motion.select(*_COLUMNS, Motion.threshold, Motion.meeting.title)
        .where(
            (Motion.id == motion_id)
            & (Motion.organisation == access.org_id)
            & Motion.status.is_in(list(rules.OUTCOMES))
            & Motion.decided_at.is_not_null()
        )
        .first()
    )
    if row is None:
        raise NotFound("There is no decision by that reference in this organisation.")
    view = entries.entry_of_mapping(row)
    view["threshold"] = row["threshold"]
    view["meeting_title"] = row["meeting.title"]
    if view["rescinded_by"]:
        by = await Motion.select(Motion.number).where(Motion.id == view["rescinded_by"]).first()
        view["rescinded_by_number"] = by["number"] if by else None
    if row["method"] == "roll_call" and (access.is_member or access.is_platform_admin):
        votes = await Vote.select(Vote.choice, Vote.membership.account.display_name).where(
            Vote.motion == motion_id
        )
        view["votes"] = sorted(
            (
                {"display_name": v["membership.account.display_name"], "choice": v["choice"]}
                for v in votes
            ),
            key=lambda v: v["display_name"],
        )
    return view


async def body_choices(org_id: str) -> list[tuple[str, str]]:
    """(slug, name) of the organisation's bodies, for the log's filter (caller checked access)."""
    rows = (
        await Body.select(Body.slug, Body.name)
        .where(Body.organisation == org_id)
        .order_by(Body.name)
    )
    return [(r["slug"], r["name"]) for r in rows]
