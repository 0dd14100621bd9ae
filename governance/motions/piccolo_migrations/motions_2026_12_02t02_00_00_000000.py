"""Agenda items as rows; motions filed under one; meetings rescheduled or cancelled.

- `agenda_item (id, meeting, position, title, notes, created_at, updated_at)`, with a unique
  index on `(meeting, position)`.
- `motion.agenda_item`, nullable (written consents and motions moved before this migration
  have none), `ON DELETE RESTRICT`.
- `meeting.cancelled_at`, `cancel_reason`, `rescheduled_at`, `rescheduled_from`,
  `reschedule_reason`.
- Every existing meeting's `agenda` (a JSON list of strings) becomes agenda item rows, in
  order, dated when the meeting was created. The `agenda` column stays: it now mirrors the
  items' titles and is rewritten with them.

Raw DDL in one step (Piccolo runs raw steps before the tables of the same migration exist,
and the rows need the table), written to run on SQLite and PostgreSQL alike. Like the other
hand-written migrations it does not update Piccolo's schema snapshot: an `--auto` migration
generated later would propose these tables and columns again; delete those steps.
"""

import json
import uuid
from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.querystring import QueryString

ID = "2026-12-02T02:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Agenda items, motion.agenda_item, meeting rescheduling and cancellation"

TITLE_MAX = 500

DDL = (
    'CREATE TABLE "agenda_item" ("id" VARCHAR(32) PRIMARY KEY NOT NULL,'
    ' "meeting" VARCHAR(32) NOT NULL REFERENCES "meeting" ("id")'
    " ON DELETE CASCADE ON UPDATE CASCADE,"
    ' "position" INTEGER NOT NULL DEFAULT 0,'
    ' "title" VARCHAR(500) NOT NULL DEFAULT \'\','
    ' "notes" TEXT NOT NULL DEFAULT \'\','
    ' "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,'
    ' "updated_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    'CREATE INDEX agenda_item_meeting ON "agenda_item" ("meeting")',
    'CREATE UNIQUE INDEX agenda_item_meeting_position ON "agenda_item" ("meeting", "position")',
    'ALTER TABLE "motion" ADD COLUMN "agenda_item" VARCHAR(32) REFERENCES "agenda_item" ("id")'
    " ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null",
    'CREATE INDEX motion_agenda_item ON "motion" ("agenda_item")',
    'ALTER TABLE "meeting" ADD COLUMN "cancelled_at" TIMESTAMPTZ DEFAULT null',
    'ALTER TABLE "meeting" ADD COLUMN "cancel_reason" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "meeting" ADD COLUMN "rescheduled_at" TIMESTAMPTZ DEFAULT null',
    'ALTER TABLE "meeting" ADD COLUMN "rescheduled_from" TIMESTAMPTZ DEFAULT null',
    'ALTER TABLE "meeting" ADD COLUMN "reschedule_reason" TEXT NOT NULL DEFAULT \'\'',
)


def legacy_titles(agenda_json: str | None) -> list[str]:
    """The item titles in a meeting's old `agenda` column (a JSON list of strings).

    Blank entries are dropped, each title is trimmed and cut to 500 characters; a value that
    is not a JSON list gives no items (it cannot have come from the service, which wrote
    only lists of strings).
    """
    try:
        items = json.loads(agenda_json or "[]")
    except ValueError:
        return []
    if not isinstance(items, list):
        return []
    titles = [str(i).strip()[:TITLE_MAX] for i in items if i is not None]
    return [t for t in titles if t]


async def convert_agendas(engine: Any) -> int:
    """Turn every meeting's `agenda` list into agenda item rows; the number of rows made.

    Meetings that already have items are left alone, so running it twice adds nothing.
    """
    meetings = await engine.run_querystring(
        QueryString(
            'SELECT "id", "agenda", "created_at" FROM "meeting" WHERE NOT EXISTS'
            ' (SELECT 1 FROM "agenda_item" WHERE "agenda_item"."meeting" = "meeting"."id")'
            ' ORDER BY "id"'
        )
    )
    made = 0
    for meeting in meetings:
        for position, title in enumerate(legacy_titles(meeting["agenda"]), start=1):
            await engine.run_querystring(
                QueryString(
                    'INSERT INTO "agenda_item" ("id", "meeting", "position", "title", "notes",'
                    ' "created_at", "updated_at") VALUES ({}, {}, {}, {}, {}, {}, {})',
                    uuid.uuid4().hex,
                    meeting["id"],
                    position,
                    title,
                    "",
                    meeting["created_at"],
                    meeting["created_at"],
                )
            )
            made += 1
    return made


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="motions", description=DESCRIPTION)

    async def agenda_items() -> None:
        engine = engine_finder()
        for statement in DDL:
            await engine.run_ddl(statement)
        await convert_agendas(engine)

    manager.add_raw(agenda_items)
    return manager
