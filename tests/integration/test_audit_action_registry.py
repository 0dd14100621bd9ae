"""`append` writes only actions in the registry (`governance.audit.actions.Action`)."""

from __future__ import annotations

import pytest

from governance import audit
from governance.audit.actions import Action
from governance.clock import utcnow
from governance.db import fetch_rows, started_engine, transaction
from governance.settings import Settings


async def test_an_action_outside_the_registry_is_refused_and_nothing_is_written(
    settings: Settings,
) -> None:
    fields = {"chain": "c1", "actor": "a", "subject": "s:1", "data": {}, "now": utcnow()}
    async with started_engine(settings) as engine:
        with pytest.raises(ValueError, match=r"unknown audit action 'member\.addded'"):
            async with transaction(engine):
                await audit.service.append(action="member.addded", **fields)
        assert await fetch_rows(engine, "SELECT 1 FROM audit_entry WHERE chain = 'c1'") == []
        async with transaction(engine):
            by_member = await audit.service.append(action=Action.MEMBER_ADDED, **fields)
            by_value = await audit.service.append(action="member.added", **fields)
        assert by_member.action == by_value.action == "member.added"
        assert type(by_member.action) is str
        assert (await audit.service.verify("c1")).ok
