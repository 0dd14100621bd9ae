"""Server-rendered pages: one module per area, each calling the same services as the API."""

from __future__ import annotations

from typing import Any

from litestar.static_files import create_static_files_router

from governance.web.pages.account_pages import AccountPages
from governance.web.pages.admin_pages import AdminPages
from governance.web.pages.agenda_pages import AgendaPages
from governance.web.pages.auth_pages import AuthPages
from governance.web.pages.common import template_config
from governance.web.pages.decision_pages import DecisionPages
from governance.web.pages.election_pages import ElectionPages
from governance.web.pages.meeting_pages import MeetingPages
from governance.web.pages.member_pages import MemberPages
from governance.web.pages.minutes_pages import MinutesPages
from governance.web.pages.modules import STATIC_DIR
from governance.web.pages.motion_pages import MotionPages
from governance.web.pages.org_pages import OrgPages
from governance.web.pages.trustee_pages import TrusteePages
from governance.web.pages.verifiable_pages import VerifiablePages

__all__ = ["page_handlers", "template_config"]


def page_handlers() -> list[Any]:
    """The page controllers and the static files (CSS) router."""
    return [
        AuthPages,
        AccountPages,
        OrgPages,
        MemberPages,
        AdminPages,
        MeetingPages,
        AgendaPages,
        MotionPages,
        MinutesPages,
        DecisionPages,
        ElectionPages,
        VerifiablePages,
        TrusteePages,
        create_static_files_router(path="/static", directories=[STATIC_DIR]),
    ]
