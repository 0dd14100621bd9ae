"""The caller's org access read with their credential (one statement instead of two per
request to an organisation's address): used once, by the request's first check, never
carried into a later call that must see a change, nor into another request."""

from __future__ import annotations

import pytest

from governance.db import ServiceSQLiteEngine
from governance.errors import NotFound
from governance.members.access import (
    Actor,
    org_access,
    remember_org_access,
    request_scope,
)
from tests.helpers import Api

OUTSIDER = Actor(
    account_id="acct-outsider", email="o@x.example", display_name="O", is_platform_admin=False
)


async def test_the_remembered_row_is_used_once_then_the_database_answers(api: Api) -> None:
    await api.platform_admin()
    await api.org("acme")
    real = await org_access("acme", await _root(api))
    # A row that says the outsider is an admin of acme, as if read with their credential.
    membership = ("m-1", real.org_id, OUTSIDER.account_id, "admin", False, real.org["created_at"])
    row = (
        *(real.org[k] for k in ("id", "slug", "name", "is_public", "paper_size", "created_at")),
        *membership,
    )
    with request_scope():
        remember_org_access("acme", OUTSIDER.account_id, row)
        first = await org_access("acme", OUTSIDER)
        assert first.is_admin and first.member_id == "m-1"
        # The second call reads the database, where the outsider is no member.
        with pytest.raises(NotFound):
            await org_access("acme", OUTSIDER)
    with request_scope():
        remember_org_access("acme", OUTSIDER.account_id, row)
    # Nothing is carried out of the request that remembered it.
    with pytest.raises(NotFound):
        await org_access("acme", OUTSIDER)


async def test_a_remembered_row_for_another_org_or_account_is_not_used(api: Api) -> None:
    await api.platform_admin()
    await api.org("acme")
    await api.org("other")
    root = await _root(api)
    with request_scope():
        remember_org_access("other", root.account_id, None)  # "no such organisation"
        assert (await org_access("acme", root)).org["slug"] == "acme"
        remember_org_access("acme", "someone-else", None)
        assert (await org_access("acme", root)).org["slug"] == "acme"


async def test_a_request_to_an_org_reads_credential_and_access_in_one_statement(
    api: Api,
) -> None:
    """Counted on SQLite's own read connection: the decision log with a token is two
    statements (who and their access; the page), not three."""
    await api.platform_admin()
    await api.org("acme")
    await api.add_member("acme", "ada", by="root")
    engine = api.runtime.engine
    if not isinstance(engine, ServiceSQLiteEngine):
        pytest.skip("counts statements on SQLite's loop connection")
    inline = engine.inline_reader()
    assert inline is not None
    statements: list[str] = []
    inline.set_trace_callback(statements.append)
    try:
        response = await api.get("/orgs/acme/decisions", "ada")
    finally:
        inline.set_trace_callback(None)
    assert response.status_code == 200, response.text
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 2, reads
    assert "api_token" in reads[0] and "membership" in reads[0]


async def _root(api: Api) -> Actor:
    from governance.members.accounts import token_actor

    actor = await token_actor(api.people["root"].token)
    assert actor is not None
    return actor
