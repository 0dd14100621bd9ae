"""HTTP routes for calling elections, standing, reading and certifying them.

Casting, turnout and the published box are in `election_ballots.py`.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody
from msgspec.structs import asdict

from governance.elections import calling, certifying, nominations, reading
from governance.elections.schemas import CandidateIn, ElectionIn
from governance.web.auth import ActorDep, OrgCallDep, RuntimeDep

JSON = dict[str, Any]


class ElectionController(Controller):
    path = "/api/v1/orgs/{org:str}"
    tags = ["elections"]

    @post("/bodies/{body_slug:str}/elections")
    async def call(
        self, call: OrgCallDep, body_slug: FromPath[str], data: JSONBody[ElectionIn]
    ) -> JSON:
        """Call an election on a body (org admin or a secretary); the reply states `reserved`."""
        return await calling.call_election(*call, body_slug, **asdict(data))

    @get("/bodies/{body_slug:str}/elections")
    async def list_for_body(
        self, runtime: RuntimeDep, actor: ActorDep, org: FromPath[str], body_slug: FromPath[str]
    ) -> JSON:
        """A body's elections, the latest to close first."""
        return {"elections": await reading.list_elections(runtime, actor, org, body_slug)}

    @get("/elections")
    async def list_all(self, runtime: RuntimeDep, actor: ActorDep, org: FromPath[str]) -> JSON:
        """The organisation's elections, the latest to close first."""
        return {"elections": await reading.list_elections(runtime, actor, org)}

    @get("/elections/{election_id:str}")
    async def show(
        self, runtime: RuntimeDep, actor: ActorDep, org: FromPath[str], election_id: FromPath[str]
    ) -> JSON:
        """The election: status, candidates, and after the close its result and count report."""
        return await reading.get_election(runtime, actor, org, election_id)

    @post("/elections/{election_id:str}/candidates")
    async def stand(
        self, call: OrgCallDep, election_id: FromPath[str], data: JSONBody[CandidateIn]
    ) -> JSON:
        """Stand yourself, with an optional statement, before nominations close."""
        return await nominations.stand(*call, election_id, **asdict(data))

    @post("/elections/{election_id:str}/candidates/{candidate_id:str}/withdraw", status_code=200)
    async def withdraw(
        self, call: OrgCallDep, election_id: FromPath[str], candidate_id: FromPath[str]
    ) -> JSON:
        """Withdraw a candidacy (the candidate or an admin) before nominations close."""
        return await nominations.withdraw(*call, election_id, candidate_id)

    @post("/elections/{election_id:str}/certify", status_code=200)
    async def certify(self, call: OrgCallDep, election_id: FromPath[str]) -> JSON:
        """Certify the count and seat the elected for the term (org admin)."""
        return await certifying.certify(*call, election_id)
