"""The demo's minutes: every approved version of the demo board's minutes, published.

The demo history's `approve_minutes` motions approve the minutes as they carry (through
`governance.minutes.approval`); this publishes them as the secretary would. Rendering runs
in this process (a thread), since the CLI has nothing else to keep responsive.
"""

from __future__ import annotations

from governance.members.access import Actor
from governance.members.tables import Account, Organisation
from governance.minutes.publishing import RENDERER_KEY, InlineRenderer, publish_minutes
from governance.minutes.tables import Minutes
from governance.minutes.versions import APPROVED
from governance.runtime import Runtime


async def publish_approved_minutes(runtime: Runtime, org_slug: str, secretary_email: str) -> int:
    """Publish every approved, unpublished version in the organisation; returns how many."""
    account = await Account.select().where(Account.email == secretary_email).first()
    org = await Organisation.select(Organisation.id).where(Organisation.slug == org_slug).first()
    assert account is not None and org is not None
    secretary = Actor(
        account_id=account["id"],
        email=account["email"],
        display_name=account["display_name"],
        is_platform_admin=False,
    )
    runtime.extras.setdefault(RENDERER_KEY, InlineRenderer())
    pending = (
        await Minutes.select(Minutes.meeting)
        .where((Minutes.organisation == org["id"]) & (Minutes.status == APPROVED))
        .order_by(Minutes.approved_at)
    )
    for row in pending:
        await publish_minutes(runtime, secretary, org_slug, row["meeting"])
    return len(pending)
