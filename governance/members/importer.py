"""`governance members import ORG FILE.csv`: bulk-add members, reporting every rejected row.

Columns: `email`, `display_name`, `roles` (optional; several separated by `;`). Each row is
its own transaction, so a bad row never stops or undoes the good ones, and every rejection is
reported with its line number and reason.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

from governance.db import started_engine
from governance.errors import DomainError, NotFound
from governance.members.access import Actor
from governance.members.organisations import add_member
from governance.members.tables import Organisation
from governance.runtime import Runtime
from governance.settings import Settings

SYSTEM = Actor(account_id="cli", email="", display_name="command line", is_platform_admin=True)
REQUIRED = ("email", "display_name")


@dataclass
class ImportReport:
    added: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


async def import_rows(runtime: Runtime, org: str, path: Path, *, progress: bool) -> ImportReport:
    if not await Organisation.exists().where(Organisation.slug == org):
        # One clear refusal, rather than the same reason repeated for every row.
        raise NotFound(f"There is no organisation {org!r}.")
    report = ImportReport()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
        missing = [c for c in REQUIRED if c not in (rows[0].keys() if rows else REQUIRED)]
    if missing:
        report.rejected.append((1, f"the header lacks the column(s): {', '.join(missing)}"))
        return report
    bar = None
    if progress:
        from rich.progress import Progress

        bar = Progress()
        bar.start()
        task = bar.add_task("Importing members", total=len(rows))
    try:
        for index, row in enumerate(rows):
            line = index + 2  # the header is line 1
            roles = [r.strip() for r in (row.get("roles") or "").split(";") if r.strip()]
            try:
                await add_member(
                    runtime,
                    SYSTEM,
                    org,
                    email=row.get("email") or "",
                    display_name=row.get("display_name") or "",
                    roles=roles,
                )
                report.added += 1
            except DomainError as error:
                report.rejected.append((line, error.detail))
            if bar is not None:
                bar.advance(task)
    finally:
        if bar is not None:
            bar.stop()
    return report


async def run_import(settings: Settings, org: str, file: str) -> int:
    path = Path(file)
    if not path.exists():
        print(f"No such file: {file}", file=sys.stderr)
        return 2
    async with started_engine(settings) as engine:
        runtime = Runtime.build(settings, engine)
        try:
            report = await import_rows(runtime, org, path, progress=sys.stdout.isatty())
        except DomainError as error:
            print(f"Nothing imported: {error.detail}", file=sys.stderr)
            return 2
        finally:
            await runtime.close()
    print(f"Added {report.added} member(s); rejected {len(report.rejected)} row(s).")
    for line, reason in report.rejected:
        print(f"  line {line}: {reason}", file=sys.stderr)
    return 1 if report.rejected else 0
