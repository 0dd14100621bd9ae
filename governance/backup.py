"""Consistent backups while the service runs, and their restoration.

SQLite: the online backup API copies one consistent snapshot in a single step (one read
transaction; in WAL mode writers carry on meanwhile). Copying in small steps instead would
restart from the beginning every time another process writes, and under a steady stream of
votes might never finish. The copy is checked (`PRAGMA quick_check`) before it replaces PATH.

PostgreSQL: `pg_dump` (custom format) reads one consistent snapshot; `pg_restore` restores it
in a single transaction, so a failed restore leaves the target as it was.

In both cases the file appears at PATH only once it is complete (written beside it, then
renamed), so an interrupted backup never leaves a half-written file under the real name.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from governance.settings import Settings


class BackupError(RuntimeError):
    """The backup or restore could not be done; the message says why and what to do."""


def _pg_tool(name: str) -> str:
    """`pg_dump` or `pg_restore`: from PATH, else the newest under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if candidates:
        return candidates[-1]
    raise BackupError(
        f"{name} is not installed. Install the PostgreSQL client tools (for example "
        "`apt-get install postgresql-client`) at the same major version as the server."
    )


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")


def backup(settings: Settings, path: str) -> None:
    """Write a consistent copy of the database to `path`."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if settings.is_postgres:
            _run(
                [
                    _pg_tool("pg_dump"),
                    "--format=custom",
                    f"--file={partial}",
                    f"--dbname={settings.database_url}",
                ],
                "pg_dump",
            )
        else:
            _sqlite_backup(settings.sqlite_path, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _sqlite_backup(source_path: str, partial: Path) -> None:
    if not Path(source_path).exists():
        raise BackupError(f"There is no database at {source_path}.")
    source = sqlite3.connect(source_path, timeout=30)
    try:
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)  # all pages in one step: one snapshot
            check = destination.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise BackupError(f"The copy failed its integrity check: {check}")
        finally:
            destination.close()
    finally:
        source.close()


def restore(settings: Settings, path: str) -> None:
    """Replace the database's contents with the backup at `path` (stop the service first)."""
    source = Path(path)
    if not source.exists():
        raise BackupError(f"No backup at {path}.")
    if settings.is_postgres:
        _run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={settings.database_url}",
                str(source),
            ],
            "pg_restore",
        )
        return
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as check:
            verdict = check.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite backup: {error}") from error
    if verdict is None or verdict[0] != "ok":
        raise BackupError(f"{path} failed its integrity check: {verdict}")
    database = Path(settings.sqlite_path)
    database.parent.mkdir(parents=True, exist_ok=True)
    partial = database.with_name(database.name + ".restoring")
    shutil.copyfile(source, partial)
    for suffix in ("-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    partial.replace(database)
