"""HTTP routes for signing in, organisations, members, bodies and seats.

Each handler parses input, calls one service function and returns its JSON.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, patch, post, put
from litestar.params import FromPath, JSONBody
from msgspec.structs import asdict

from governance.members import accounts, bodies, organisations, suspension
from governance.members.access import Actor, require_actor
from governance.members.schemas import (
    AcceptInviteIn,
    BodyIn,
    LivedExperienceIn,
    LoginIn,
    MemberIn,
    OrgIn,
    OrgSettingsIn,
    RolesIn,
    SeatEndIn,
    SeatIn,
    SuspendIn,
)
from governance.web.auth import (
    SESSION_COOKIE,
    ActorDep,
    OrgCallDep,
    RuntimeDep,
    clear_session_cookies,
    client_address,
    session_cookies,
)

JSON = dict[str, Any]


def actor_view(actor: Actor) -> JSON:
    return {
        "id": actor.account_id,
        "email": actor.email,
        "display_name": actor.display_name,
        "platform_admin": actor.is_platform_admin,
    }


class AuthController(Controller):
    path = "/api/v1"
    tags = ["auth"]

    @post("/auth/login", status_code=200)
    async def login(
        self, request: Request[Any, Any, Any], runtime: RuntimeDep, data: JSONBody[LoginIn]
    ) -> Response[JSON]:
        """Sign in; sets the session and CSRF cookies."""
        client = client_address(request)
        result = await accounts.login(
            runtime, email=data.email, password=data.password, client=client
        )
        return Response(
            {"account": actor_view(result.actor), "csrf_token": result.csrf_token},
            cookies=session_cookies(runtime, result.token, result.csrf_token),
        )

    @post("/auth/logout", status_code=200)
    async def logout(
        self, request: Request[Any, Any, Any], runtime: RuntimeDep, actor: ActorDep
    ) -> Response[JSON]:
        """Sign out: the session is destroyed on the server."""
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            await accounts.logout(runtime, token)
        response: Response[JSON] = Response({"signed_out": True})
        clear_session_cookies(response)
        return response

    @get("/me")
    async def me(self, actor: ActorDep) -> JSON:
        """The signed-in account and its organisations."""
        from governance.members.tables import Membership

        actor = require_actor(actor)
        rows = await Membership.select(
            Membership.id,
            Membership.roles,
            Membership.organisation.slug,
            Membership.organisation.name,
        ).where(Membership.account == actor.account_id)
        return {
            **actor_view(actor),
            "organisations": [
                {
                    "slug": r["organisation.slug"],
                    "name": r["organisation.name"],
                    "member_id": r["id"],
                    "roles": [x for x in r["roles"].split(",") if x],
                }
                for r in rows
            ],
        }

    # POST /auth/tokens lives with listing and revoking them in web/api/accounts.py.

    @post("/auth/accept-invite", status_code=200)
    async def accept_invite(self, runtime: RuntimeDep, data: JSONBody[AcceptInviteIn]) -> JSON:
        """Set a password from an invitation token; then sign in as usual."""
        actor = await accounts.accept_invite(runtime, token=data.token, password=data.password)
        return {"account": actor_view(actor)}


class OrganisationController(Controller):
    path = "/api/v1/orgs"
    tags = ["organisations"]

    @post("/")
    async def create(self, runtime: RuntimeDep, actor: ActorDep, data: JSONBody[OrgIn]) -> JSON:
        return await organisations.create_organisation(
            runtime, actor, slug=data.slug, name=data.name
        )

    @get("/{org:str}")
    async def show(self, actor: ActorDep, org: FromPath[str]) -> JSON:
        return await organisations.get_organisation(actor, org)

    @patch("/{org:str}")
    async def update(self, call: OrgCallDep, data: JSONBody[OrgSettingsIn]) -> JSON:
        return await organisations.update_settings(*call, **asdict(data))

    @post("/{org:str}/members")
    async def add_member(self, call: OrgCallDep, data: JSONBody[MemberIn]) -> JSON:
        return await organisations.add_member(*call, **asdict(data))

    @get("/{org:str}/members")
    async def members(self, actor: ActorDep, org: FromPath[str]) -> JSON:
        return {"members": await organisations.list_members(actor, org)}

    @get("/{org:str}/members/me")
    async def my_membership(self, actor: ActorDep, org: FromPath[str]) -> JSON:
        """Your own membership (the router would not reach `{member_id}` for `me`)."""
        return await organisations.get_member(actor, org, "me")

    @get("/{org:str}/members/{member_id:str}")
    async def member(self, actor: ActorDep, org: FromPath[str], member_id: FromPath[str]) -> JSON:
        return await organisations.get_member(actor, org, member_id)

    @put("/{org:str}/members/{member_id:str}/roles")
    async def set_roles(
        self, call: OrgCallDep, member_id: FromPath[str], data: JSONBody[RolesIn]
    ) -> JSON:
        return await organisations.set_roles(*call, member_id, data.roles)

    @post("/{org:str}/members/{member_id:str}/suspend", status_code=200)
    async def suspend(
        self, call: OrgCallDep, member_id: FromPath[str], data: JSONBody[SuspendIn]
    ) -> JSON:
        """Suspend a member (org admin): they leave every assembly's electorate."""
        return await suspension.suspend_member(*call, member_id, reason=data.reason)

    @post("/{org:str}/members/{member_id:str}/reinstate", status_code=200)
    async def reinstate(self, call: OrgCallDep, member_id: FromPath[str]) -> JSON:
        """End a member's suspension (org admin)."""
        return await suspension.reinstate_member(*call, member_id)

    @put("/{org:str}/members/me/lived-experience")
    async def lived_experience(self, call: OrgCallDep, data: JSONBody[LivedExperienceIn]) -> JSON:
        """Your own private attestation; nobody else can set it."""
        return await organisations.set_lived_experience(*call, data.lived_experience)

    @post("/{org:str}/bodies")
    async def create_body(self, call: OrgCallDep, data: JSONBody[BodyIn]) -> JSON:
        fields = asdict(data)
        # The service's `slug` is the organisation's, so the body's own travels as `body_slug`.
        return await bodies.create_body(*call, body_slug=fields.pop("slug"), **fields)

    @get("/{org:str}/bodies")
    async def list_bodies(self, actor: ActorDep, org: FromPath[str]) -> JSON:
        return {"bodies": await bodies.list_bodies(actor, org)}

    @get("/{org:str}/bodies/{body_slug:str}")
    async def body(self, actor: ActorDep, org: FromPath[str], body_slug: FromPath[str]) -> JSON:
        return await bodies.get_body(actor, org, body_slug)

    @post("/{org:str}/bodies/{body_slug:str}/seats")
    async def seat(
        self, call: OrgCallDep, body_slug: FromPath[str], data: JSONBody[SeatIn]
    ) -> JSON:
        return await bodies.seat_member(*call, body_slug, **asdict(data))

    @post("/{org:str}/seats/{seat_id:str}/end", status_code=200)
    async def end_seat(
        self, call: OrgCallDep, seat_id: FromPath[str], data: JSONBody[SeatEndIn]
    ) -> JSON:
        return await bodies.end_seat(*call, seat_id, **asdict(data))
