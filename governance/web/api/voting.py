"""HTTP routes for casting votes, counting hands, closing votes and published trackers."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get, post
from litestar.params import FromPath, JSONBody

from governance.errors import InvalidInput
from governance.motions.schemas import DecryptionIn, HandsIn, VoteIn
from governance.voting import service, verifiable_cast, verifiable_decrypt, verifiable_record
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
        """Cast your vote (201). A verifiable motion takes `{ballot}` (encrypted in the
        browser) or `{choice, server_encrypt: true}`; its reply holds the tracker. A secret
        ballot's reply holds its receipt: yours if you sent `receipt`, else a new one. Sent
        again with the same receipt after it was counted: 200 `{already_counted: true,
        tracker}`, and nothing changes."""
        if data.ballot is not None or data.server_encrypt:
            made = await verifiable_cast.cast_verifiable(
                runtime,
                actor,
                org,
                motion_id,
                ballot=data.ballot,
                choice=data.choice,
                server_encrypt=data.server_encrypt,
            )
            return Response(made, status_code=201)
        if data.choice is None:
            raise InvalidInput("Say your choice: yes, no or abstain.", field="choice")
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

    @post("/decryptions", status_code=200)
    async def decrypt(
        self,
        runtime: RuntimeDep,
        actor: ActorDep,
        org: FromPath[str],
        motion_id: FromPath[str],
        data: JSONBody[DecryptionIn],
    ) -> JSON:
        """A trustee of a verifiable motion's ceremony posts its partial decryptions of the
        tally (one per line, each with its proof); the t-th decides the motion."""
        return await verifiable_decrypt.post_decryption(
            runtime, actor, org, motion_id, partials=data.partials
        )

    @get("/record")
    async def record(
        self, runtime: RuntimeDep, actor: ActorDep, org: FromPath[str], motion_id: FromPath[str]
    ) -> JSON:
        """A decided verifiable motion's whole public record (docs/VERIFY.md 10): members, or
        anyone when the organisation is public. `governance verify` checks it."""
        return await verifiable_record.motion_record(runtime, actor, org, motion_id)
