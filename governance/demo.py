"""`governance demo`: the Riverside Peer Network, seeded once (idempotent).

Everything is created through the services, as a platform administrator or as each member
(lived experience is self-attested, even here), so the demo's audit chain is a real one.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import date, datetime, time, timedelta
from pathlib import Path

from governance.clock import HeldClock, held_at, today, wall_clock
from governance.db import started_engine
from governance.members import bodies, organisations
from governance.members.access import Actor
from governance.members.tables import Account, Organisation
from governance.minutes.demo import publish_approved_minutes, write_demo_notes
from governance.runtime import Runtime
from governance.settings import Settings
from governance.voting.demo_history import seed_history, treasurer_term_ends
from governance.wiring import wire

ORG = "riverside"
PASSWORD = "riverside-demo"  # noqa: S105 - the published demo password
SYSTEM = Actor(account_id="demo", email="", display_name="demo seeder", is_platform_admin=True)


class DemoResetRefused(Exception):
    """`governance demo --reset` would delete more than the demo; nothing was changed."""


def _other_organisations(path: Path) -> list[str]:
    """The organisations other than the demo's in the SQLite file at `path`."""
    table = Organisation._meta.tablename
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        try:
            rows = db.execute(f"SELECT slug FROM {table} WHERE slug != ?", (ORG,)).fetchall()  # noqa: S608 - a table name of ours
        except sqlite3.OperationalError:  # no tables yet
            return []
    return sorted(str(r[0]) for r in rows)


def reset_demo_database(settings: Settings) -> str:
    """Delete the demo's SQLite database (with its WAL files) so the demo seeds afresh.

    Refused in production, on PostgreSQL (drop and create that database yourself), and when
    the file holds any organisation besides the demo's: a reset never deletes real work.
    Stop the server first.
    """
    if settings.env == "production":
        raise DemoResetRefused(
            "GOVERNANCE_ENV is production, where the demo is never reset. "
            "Run it with GOVERNANCE_ENV=development (as `make run` does)."
        )
    if settings.is_postgres:
        raise DemoResetRefused(
            "--reset only deletes the embedded SQLite database. On PostgreSQL, drop and "
            "create the database yourself, then run `governance demo`."
        )
    path = Path(settings.sqlite_path)
    if not path.exists():
        return f"There is no database at {path} yet: the demo starts fresh."
    others = _other_organisations(path)
    if others:
        raise DemoResetRefused(
            f"{path} also holds {', '.join(others)}, which a reset would delete. "
            "Point GOVERNANCE_DATABASE_URL at the demo's own database, or delete the file "
            "yourself if you mean to."
        )
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"Deleted the demo database {path}: the demo starts again from the beginning."


# (email local part, name, org roles, board role or None, lived experience)
PEOPLE: list[tuple[str, str, list[str], str | None, bool]] = [
    ("chair", "Alex Rivera", ["admin"], "chair", True),
    ("secretary", "Sam Okafor", ["secretary"], "secretary", True),
    ("director", "Jordan Lee", [], "director", True),
    ("vicechair", "Maria Santos", [], "vice_chair", True),
    ("treasurer", "Priya Nair", [], "treasurer", True),
    ("director2", "Chris Walker", [], "director", True),
    ("director3", "Dana Kim", [], "director", False),
    ("director4", "Eli Brooks", [], "director", False),
    ("director5", "Fran Moore", [], "director", False),
    ("member", "Robin Taylor", [], None, False),
    ("admin", "Morgan Admin", ["admin"], None, False),
]


def email_of(local: str) -> str:
    return f"{local}@riverside.example"


async def seed_demo(settings: Settings) -> list[str]:
    """Seed the demo organisation if it is missing; return the lines to print."""
    wire()
    async with started_engine(settings) as engine:
        runtime = Runtime.build(settings, engine)
        try:
            exists = await Organisation.exists().where(Organisation.slug == ORG)
            if not exists:
                await _seed(runtime)
        finally:
            await runtime.close()
    lines = [
        "Demo organisation: Riverside Peer Network (riverside)",
        f"Every demo account's password: {PASSWORD}",
    ]
    for local, name, roles, seat, _ in PEOPLE:
        what = ", ".join([*(roles or []), *([f"board {seat}"] if seat else ["not seated"])])
        lines.append(f"  {email_of(local):34} {name:14} {what}")
    return lines


async def _seed(runtime: Runtime) -> None:
    """The organisation as it was founded (600 days ago: before the spring meeting, which
    may be 18 months back), then its history, each step dated when it would have happened
    (`governance.clock.held_at`)."""
    founded = wall_clock().astimezone(runtime.settings.zone).date() - timedelta(days=600)
    opening = datetime.combine(founded, time(10, 0), tzinfo=runtime.settings.zone)
    with held_at(opening) as clock:
        await _seed_held(runtime, clock)
    # The last approval (at today's meeting), published now.
    await publish_approved_minutes(runtime, ORG, email_of("secretary"))


async def _seed_held(runtime: Runtime, clock: HeldClock) -> None:
    await organisations.create_organisation(
        runtime, SYSTEM, slug=ORG, name="Riverside Peer Network"
    )
    await organisations.update_settings(runtime, SYSTEM, ORG, public=True)
    await bodies.create_body(
        runtime,
        SYSTEM,
        ORG,
        body_slug="board",
        name="Board of Directors",
        kind="board",
        seats=9,
        lived_experience_quota=0.51,
        lived_experience_quorum=True,
    )
    start = today()  # the held clock: the day the organisation was founded
    for local, name, roles, seat_role, lived in PEOPLE:
        member = await organisations.add_member(
            runtime,
            SYSTEM,
            ORG,
            email=email_of(local),
            display_name=name,
            roles=roles,
            password=PASSWORD,
        )
        account = await Account.select(Account.id).where(Account.email == email_of(local)).first()
        assert account is not None
        if lived:
            me = Actor(
                account_id=account["id"],
                email=email_of(local),
                display_name=name,
                is_platform_admin=False,
            )
            await organisations.set_lived_experience(runtime, me, ORG, True)
        if seat_role:
            await bodies.seat_member(
                runtime,
                SYSTEM,
                ORG,
                "board",
                member_id=member["id"],
                role=seat_role,
                starts_on=start,
                # The treasurer's term ends tomorrow; the board reappoints her (demo_history).
                ends_on=(
                    treasurer_term_ends()
                    if local == "treasurer"
                    else date(start.year + 3, start.month, 1)
                ),
            )

    # The board's meetings and decisions so far, and today's meeting with a secret vote open.
    async def notes(secretary: Actor, meeting_id: str) -> None:
        await write_demo_notes(runtime, ORG, secretary, meeting_id)
        # The minutes this meeting approved, published as the secretary, two days later.
        clock.advance(timedelta(days=1))
        await publish_approved_minutes(runtime, ORG, email_of("secretary"))

    await seed_history(runtime, ORG, after_adjourning=notes, clock=clock)
