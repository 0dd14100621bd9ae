"""HTTP routes for casting election ballots, turnout, and the counted box (trackers, BLT);
for a verifiable election, the trustees' decryptions and the public record."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get, post
from litestar.params import FromPath, JSONBody

from governance.elections import casting, counting, verifiable_count
from governance.errors import InvalidInput
from governance.web.auth import ActorDep, RuntimeDep

JSON = dict[str, Any]


class ElectionBallotController(Controller):
    path = "/api/v1/orgs/{org:str}/elections/{election_id:str}"
    tags = ["elections"]

    @post("/ballots")
    async def cast(
        self,
        runtime: RuntimeDep,
        actor: ActorDep,
        org: FromPath[str],
        election_id: FromPath[str],
        data: JSONBody[JSON],
    ) -> Response[JSON]:
        """Cast your ballot: `{ranking: [candidate_id...]}` (stv) or `{approve: [...]}`
        (approval), optional `receipt`. 201 with the receipt; the same receipt again after it
        was counted: 200 `{already_counted: true, tracker}`. A verifiable election takes
        `{ballot}` (encrypted in the browser) or `{approve, server_encrypt: true}`."""
        receipt = data.get("receipt")
        if receipt is not None and not isinstance(receipt, str):
            raise InvalidInput("A receipt is text.", field="receipt")
        cast = await casting.cast_ballot(
            runtime,
            actor,
            org,
            election_id,
            ranking=data.get("ranking"),
            approve=data.get("approve"),
            receipt=receipt,
            ballot=data.get("ballot"),
            server_encrypt=data.get("server_encrypt") is True,
        )
        return Response(cast, status_code=200 if cast.get("already_counted") else 201)

    @get("/turnout")
    async def turnout(
        self, runtime: RuntimeDep, actor: ActorDep, org: FromPath[str], election_id: FromPath[str]
    ) -> JSON:
        """{eligible, voted} for an admin or secretary, while open and after."""
        return await casting.turnout(runtime, actor, org, election_id)

    @get("/ballots")
    async def ballots(
        self, runtime: RuntimeDep, actor: ActorDep, org: FromPath[str], election_id: FromPath[str]
    ) -> JSON:
        """After the count: sorted trackers and how many ballots were counted."""
        return await counting.published_trackers(runtime, actor, org, election_id)

    @get("/ballots.blt", media_type="text/plain; charset=utf-8")
    async def blt(
        self, runtime: RuntimeDep, actor: ActorDep, org: FromPath[str], election_id: FromPath[str]
    ) -> str:
        """After the count: the box as a BLT file, to re-count with `governance elections count`."""
        return await counting.ballots_blt(runtime, actor, org, election_id)

    @post("/decryptions", status_code=200)
    async def decrypt(
        self,
        runtime: RuntimeDep,
        actor: ActorDep,
        org: FromPath[str],
        election_id: FromPath[str],
        data: JSONBody[JSON],
    ) -> JSON:
        """A trustee of a verifiable election's key posts `{partials}`, its partial decryption
        of every tally line with proofs; the t-th counts the election. Returns the election."""
        return await verifiable_count.post_decryption(
            runtime, actor, org, election_id, partials=data.get("partials")
        )

    @get("/record")
    async def record(
        self, runtime: RuntimeDep, actor: ActorDep, org: FromPath[str], election_id: FromPath[str]
    ) -> JSON:
        """A counted verifiable election's public record (docs/VERIFY.md 10): members, or
        anyone when the organisation is public; `governance verify` checks it."""
        return dict(await verifiable_count.published_record(runtime, actor, org, election_id))
