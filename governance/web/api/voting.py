"""HTTP routes for casting votes, counting hands, closing votes and published trackers."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get, post
from litestar.params import FromPath, JSONBody

from governance.motions.schemas import HandsIn, VoteIn
from governance.voting import service
from governance.web.auth import ActorDep, RuntimeDep

JSON = dict[str, Any]


class VoteController(Controller):
    path = "/api/v1/orgs/{org:str}/motions/{motion_id:str}"
    tags = ["votes"]

    @post("/votes")
    async def cast(
        self,
        runtime: RuntimeDep,
        actor: ActorDep,
        org: FromPath[str],
        motion_id: FromPath[str],
        data: JSONBody[VoteIn],
    ) -> Response[JSON]:
        """Cast your vote (201). A secret ballot's reply holds its receipt: yours if you sent
        `receipt`, else a new one. Sent again with the same receipt after it was counted:
        200 `{already_counted: true, tracker}`, and nothing changes."""
        cast = await service.cast_vote(
            runtime, actor, org, motion_id, choice=data.choice, receipt=data.receipt
        )
        return Response(cast, status_code=200 if cast.get("already_counted") else 201)

    @post("/show-of-hands", status_code=200)
    async def hands(
        self,
        runtime: RuntimeDep,
        actor: ActorDep,
        org: FromPath[str],
        motion_id: FromPath[str],
        data: JSONBody[HandsIn],
    ) -> JSON:
        """The chair enters the counts of a show of hands."""
        return await service.enter_show_of_hands(
            runtime, actor, org, motion_id, yes=data.yes, no=data.no, abstain=data.abstain
        )

    @post("/close-vote", status_code=200)
    async def close(
        self, runtime: RuntimeDep, actor: ActorDep, org: FromPath[str], motion_id: FromPath[str]
    ) -> JSON:
        """The chair closes the vote: status carried or failed, with the tally."""
        return await service.close_vote(runtime, actor, org, motion_id)

    @get("/ballots")
    async def ballots(
        self, runtime: RuntimeDep, actor: ActorDep, org: FromPath[str], motion_id: FromPath[str]
    ) -> JSON:
        """After a secret vote closes: sorted trackers, the tally, and how many voted."""
        return await service.published_ballots(runtime, actor, org, motion_id)
