"""The demo's minutes: the secretary's notes on each past meeting, then every approved
version of the demo board's minutes, published.

The demo history's `approve_minutes` motions approve the minutes as they carry (through
`governance.minutes.approval`); the notes are written before that, as each meeting ends
(`write_demo_notes`), and `publish_approved_minutes` publishes them as the secretary would.
Rendering runs in this process (a thread), since the CLI has nothing else to keep responsive.
"""

from __future__ import annotations

from governance.members.access import Actor
from governance.members.tables import Account, Organisation
from governance.minutes.publishing import RENDERER_KEY, InlineRenderer, publish_minutes
from governance.minutes.service import save_notes
from governance.minutes.tables import Minutes
from governance.minutes.versions import APPROVED
from governance.motions.tables import Meeting
from governance.runtime import Runtime

# The secretary's notes, by meeting title (Markdown, as a secretary would type them).
DEMO_NOTES = {
    "Spring board meeting": (
        "## Check-in\n\n"
        "Everyone shared one thing that went well at the drop-in this season. The chair "
        "reminded the board that anyone may ask for a break at any time.\n\n"
        "## Peer reports\n\n"
        "- The Tuesday art group has grown to **fourteen** regulars.\n"
        "- Two peer supporters finished their certification.\n\n"
        "The treasurer walked through the budget line by line before the vote."
    ),
    "Summer board meeting": (
        "## Check-in\n\n"
        "One director joined by video and could hear and vote throughout.\n\n"
        "## Peer reports\n\n"
        "Members asked for longer opening hours; the Sunday proposal came from the members' "
        "suggestion box. The board thanked the kitchen volunteers for the summer meals.\n\n"
        "A director declared a conflict on the catering contract and took no part in that "
        "vote."
    ),
    "Autumn board meeting": (
        "## Check-in\n\n"
        "The board welcomed two members who came to observe.\n\n"
        "## Peer reports\n\n"
        "The state consumer network asked every member organisation to name a "
        "representative; the board elected one by secret ballot.\n\n"
        "The renaming was not agreed: it needed every seated director's yes."
    ),
}


async def write_demo_notes(runtime: Runtime, org_slug: str, secretary: Actor, meeting: str) -> None:
    """Save the secretary's notes for a demo meeting that has just ended (if it has any)."""
    row = await Meeting.select(Meeting.title).where(Meeting.id == meeting).first()
    notes = DEMO_NOTES.get(row["title"]) if row else None
    if notes:
        await save_notes(runtime, secretary, org_slug, meeting, notes=notes)


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
