"""An organisation with members and a board, and elections inserted straight into the
tables (the create and nominate services are another helper's), for the cast and count."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from governance.clock import utcnow
from governance.elections.tables import Candidate, Election
from governance.ids import new_id
from governance.members import bodies, organisations
from governance.members.access import Actor
from governance.members.tables import Membership
from governance.runtime import Runtime
from tests.helpers import PASSWORD, Api

SLUG = "vote"


@dataclass
class Org:
    runtime: Runtime
    admin: Actor
    org_id: str
    body_id: str
    members: dict[str, tuple[Actor, str]] = field(default_factory=dict)

    def actor(self, name: str) -> Actor:
        return self.members[name][0]

    def id(self, name: str) -> str:
        return self.members[name][1]

    async def member(
        self, name: str, *, lived_experience: bool = False, roles: list[str] | None = None
    ) -> str:
        made = await organisations.add_member(
            self.runtime,
            self.admin,
            SLUG,
            email=f"{name}@vote.example",
            display_name=name.title(),
            password=PASSWORD,
            roles=roles or [],
        )
        row = await Membership.select(Membership.account).where(Membership.id == made["id"]).first()
        assert row is not None
        await Membership.update(
            {
                Membership.lived_experience: lived_experience,
                Membership.joined_at: utcnow() - timedelta(days=30),
            }
        ).where(Membership.id == made["id"])
        actor = Actor(
            account_id=row["account"],
            email=f"{name}@vote.example",
            display_name=name.title(),
            is_platform_admin=False,
        )
        self.members[name] = (actor, made["id"])
        return str(made["id"])

    async def election(
        self,
        *,
        seats: int = 2,
        method: str = "stv",
        electorate: str = "members",
        reserved: int = 0,
        opened_hours_ago: float = 1,
    ) -> str:
        now = utcnow()
        election_id = new_id()
        opens = now - timedelta(hours=opened_hours_ago)
        await Election.insert(
            Election(
                id=election_id,
                organisation=self.org_id,
                body=self.body_id,
                title="Board election",
                seats=seats,
                method=method,
                electorate=electorate,
                nominations_close=opens - timedelta(days=1),
                opens_at=opens,
                closes_at=now + timedelta(days=1),
                term_starts_on=(now + timedelta(days=1)).date(),
                reserved=reserved,
                status="scheduled",
                created_at=opens - timedelta(days=2),
            )
        )
        return election_id

    async def candidate(self, election_id: str, name: str, *, le: bool = False, n: int = 0) -> str:
        candidate_id = new_id()
        await Candidate.insert(
            Candidate(
                id=candidate_id,
                election=election_id,
                membership=self.id(name),
                statement="",
                lived_experience_candidate=le,
                created_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=n),
            )
        )
        return candidate_id

    async def close(self, election_id: str) -> None:
        await Election.update({Election.closes_at: utcnow() - timedelta(seconds=1)}).where(
            Election.id == election_id
        )


@pytest.fixture
async def org(api: Api) -> Org:
    root = await api.platform_admin()
    admin = Actor(
        account_id=str(root.account_id),
        email=root.email,
        display_name="Root",
        is_platform_admin=True,
    )
    made = await api.org(SLUG)
    body = await bodies.create_body(
        api.runtime,
        admin,
        SLUG,
        body_slug="board",
        name="Board",
        kind="board",
        seats=5,
        lived_experience_quota=0.5,
    )
    return Org(api.runtime, admin, str(made["id"]), str(body["id"]))
