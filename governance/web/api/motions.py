"""HTTP routes for meetings, attendance and motions (votes are in `governance.web.api.voting`).

Each handler parses input, calls one service function and returns its JSON.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from msgspec.structs import asdict

from governance.motions import meetings, motions, pro_tem
from governance.motions.schemas import (
    AttendanceIn,
    ChairProTemIn,
    ConsentMotionIn,
    MeetingIn,
    MotionIn,
    RecuseIn,
    motion_fields,
)
from governance.web.auth import ActorDep, OrgCallDep

JSON = dict[str, Any]


class MeetingController(Controller):
    path = "/api/v1/orgs/{org:str}"
    tags = ["meetings"]

    @post("/bodies/{body_slug:str}/meetings")
    async def create(
        self, call: OrgCallDep, body_slug: FromPath[str], data: JSONBody[MeetingIn]
    ) -> JSON:
        """Schedule a meeting of a body (its chair or secretary, or the org's secretary)."""
        return await meetings.create_meeting(*call, body_slug, **asdict(data))

    @get("/bodies/{body_slug:str}/meetings")
    async def list_for_body(
        self, actor: ActorDep, org: FromPath[str], body_slug: FromPath[str]
    ) -> JSON:
        """A body's meetings, most recently scheduled first."""
        return {"meetings": await meetings.list_meetings(actor, org, body_slug)}

    @get("/meetings/{meeting_id:str}")
    async def show(self, actor: ActorDep, org: FromPath[str], meeting_id: FromPath[str]) -> JSON:
        """The meeting with attendance, live quorum (counts only) and its motions."""
        return await meetings.get_meeting(actor, org, meeting_id)

    @post("/meetings/{meeting_id:str}/attendance", status_code=200)
    async def attendance(
        self, call: OrgCallDep, meeting_id: FromPath[str], data: JSONBody[AttendanceIn]
    ) -> JSON:
        """Record or change one member's attendance (upsert); returns the meeting."""
        return await meetings.set_attendance(*call, meeting_id, **asdict(data))

    @post("/meetings/{meeting_id:str}/chair-pro-tem", status_code=200)
    async def chair_pro_tem(
        self, call: OrgCallDep, meeting_id: FromPath[str], data: JSONBody[ChairProTemIn]
    ) -> JSON:
        """Record the member the meeting elected chair pro tem (the body's secretary, or the
        org's secretary or an admin); they preside when neither chair nor vice chair can."""
        return await pro_tem.record_chair_pro_tem(*call, meeting_id, **asdict(data))

    @post("/meetings/{meeting_id:str}/open", status_code=200)
    async def open(self, call: OrgCallDep, meeting_id: FromPath[str]) -> JSON:
        return await meetings.open_meeting(*call, meeting_id)

    @post("/meetings/{meeting_id:str}/adjourn", status_code=200)
    async def adjourn(self, call: OrgCallDep, meeting_id: FromPath[str]) -> JSON:
        return await meetings.adjourn_meeting(*call, meeting_id)


class MotionController(Controller):
    path = "/api/v1/orgs/{org:str}"
    tags = ["motions"]

    @post("/meetings/{meeting_id:str}/motions")
    async def move(
        self, call: OrgCallDep, meeting_id: FromPath[str], data: JSONBody[MotionIn]
    ) -> JSON:
        """Move a motion in a meeting (a seated member of the body). Kinds: `main`,
        `amendment` (`amends`), `approve_minutes` (`minutes_of`), `appointment`
        (`appoints`), `rescind` (`rescinds`), `postpone` (`postpones`, `to_meeting`),
        `refer` (`refers`, `to_body`), `reconsider` (`reconsiders`)."""
        return await motions.move_motion(*call, meeting_id, **motion_fields(data))

    @get("/meetings/{meeting_id:str}/motions")
    async def list_for_meeting(self, call: OrgCallDep, meeting_id: FromPath[str]) -> JSON:
        return {"motions": await motions.list_meeting_motions(*call, meeting_id)}

    @post("/bodies/{body_slug:str}/motions")
    async def move_consent(
        self, call: OrgCallDep, body_slug: FromPath[str], data: JSONBody[ConsentMotionIn]
    ) -> JSON:
        """Propose action without a meeting (written consent) until `closes_at`."""
        return await motions.move_consent_motion(*call, body_slug, **motion_fields(data))

    @get("/motions")
    async def list_all(
        self,
        call: OrgCallDep,
        open_for: Annotated[str | None, QueryParameter(pattern="^me$")] = None,
        body_slug: Annotated[str | None, QueryParameter(name="body", max_length=64)] = None,
        status: Annotated[str | None, QueryParameter(max_length=20)] = None,
    ) -> JSON:
        """Motions, newest first; `open_for=me`: the votes you can cast right now."""
        return {
            "motions": await motions.list_motions(
                *call,
                open_for_me=open_for == "me",
                body_slug=body_slug,
                status=status,
            )
        }

    @get("/motions/{motion_id:str}")
    async def show(self, call: OrgCallDep, motion_id: FromPath[str]) -> JSON:
        return await motions.get_motion(*call, motion_id)

    @post("/motions/{motion_id:str}/second", status_code=200)
    async def second(self, call: OrgCallDep, motion_id: FromPath[str]) -> JSON:
        return await motions.second_motion(*call, motion_id)

    @post("/motions/{motion_id:str}/withdraw", status_code=200)
    async def withdraw(self, call: OrgCallDep, motion_id: FromPath[str]) -> JSON:
        return await motions.withdraw_motion(*call, motion_id)

    @post("/motions/{motion_id:str}/recuse", status_code=200)
    async def recuse(
        self, call: OrgCallDep, motion_id: FromPath[str], data: JSONBody[RecuseIn]
    ) -> JSON:
        """Declare a conflict; `public: true` shows the reason on the record."""
        return await motions.recuse(*call, motion_id, **asdict(data))

    @post("/motions/{motion_id:str}/open-vote", status_code=200)
    async def open_vote(self, call: OrgCallDep, motion_id: FromPath[str]) -> JSON:
        return await motions.open_vote(*call, motion_id)
