"""The JSON API under `/api/v1`: one module of Litestar controllers per domain.

The controllers live here, beside the pages, and not inside the domain packages, so that a
domain knows no web framework: `governance.web` is the only layer that speaks HTTP.
"""

from __future__ import annotations

from typing import Any

from governance.web.api.accounts import AccountController
from governance.web.api.agenda import AgendaController
from governance.web.api.audit import AuditController
from governance.web.api.audit_checkpoints import AuditCheckpointController
from governance.web.api.decisions import DecisionController
from governance.web.api.election_ballots import ElectionBallotController
from governance.web.api.election_report import ElectionReportController
from governance.web.api.elections import ElectionController
from governance.web.api.members import AuthController, OrganisationController
from governance.web.api.minutes import MinutesController
from governance.web.api.motions import MeetingController, MotionController
from governance.web.api.trustees import TrusteeController
from governance.web.api.voting import VoteController

__all__ = ["api_handlers"]


def api_handlers() -> list[Any]:
    """The API controllers, in the order they are registered."""
    return [
        AuthController,
        AccountController,
        OrganisationController,
        AuditController,
        AuditCheckpointController,
        MeetingController,
        AgendaController,
        MotionController,
        VoteController,
        MinutesController,
        DecisionController,
        ElectionBallotController,
        ElectionController,
        ElectionReportController,
        TrusteeController,
    ]
