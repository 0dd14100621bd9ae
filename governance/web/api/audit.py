"""Reading and verifying an organisation's audit chain."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from litestar import Controller, get
from litestar.params import FromPath, QueryParameter

from governance.audit import service
from governance.audit.rules import committed_fields, redact_for_reader
from governance.members.access import member_access
from governance.verify import verify_org
from governance.web.auth import ActorDep


class AuditController(Controller):
    path = "/api/v1/orgs/{org:str}/audit"
    tags = ["audit"]

    @get("/")
    async def entries(
        self,
        actor: ActorDep,
        org: FromPath[str],
        after: Annotated[int, QueryParameter(ge=0)] = 0,
        limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100,
    ) -> dict[str, Any]:
        """Entries after sequence number `after`, oldest first, redacted where private: every
        entry as stored in the chain (so it verifies); for org admins alone, a private entry's
        committed fields also `opened`, with their `salts`."""
        access = await member_access(org, actor)
        rows = [
            dataclasses.asdict(r) for r in await service.entries_after(access.org_id, after, limit)
        ]
        openings = None
        if access.is_admin:
            committed = [c for row in rows for c in committed_fields(row).values()]
            openings = await service.openings(access.org_id, committed) if committed else {}
        entries = [
            redact_for_reader(row, privileged=access.is_admin, openings=openings) for row in rows
        ]
        return {"entries": entries, "next_after": entries[-1]["seq"] if entries else None}

    @get("/verify")
    async def verify(self, actor: ActorDep, org: FromPath[str]) -> dict[str, Any]:
        """Recompute the chain and check the state it records (the same checks as
        `governance audit verify`): `ok`, entry count, head hash, first bad sequence number."""
        access = await member_access(org, actor)
        result = await verify_org(access.org_id)
        return {
            "ok": result.ok,
            "entries": result.entries,
            "head_hash": result.head_hash,
            "first_bad_seq": result.first_bad_seq,
            "problem": result.problem,
        }
