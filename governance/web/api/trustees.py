"""HTTP routes of a body's trustees and its key ceremony (docs/VERIFY.md 6.1).

The admin names the trustees; each trustee's browser then submits its ceremony key, its
dealing, and its word on the shares it received. The server keeps only public values and
shares it cannot read.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody

from governance.trustees import naming, reading, submitting, verdicts
from governance.trustees.schemas import CeremonyKeyIn, ComplaintIn, DealingIn, TrusteesIn
from governance.web.auth import OrgCallDep

JSON = dict[str, Any]


class TrusteeController(Controller):
    path = "/api/v1/orgs/{org:str}/bodies/{body_slug:str}/trustees"
    tags = ["trustees"]

    @post("/")
    async def name(
        self, call: OrgCallDep, body_slug: FromPath[str], data: JSONBody[TrusteesIn]
    ) -> JSON:
        """Name the body's n trustees and the threshold t, starting a key ceremony (org admin)."""
        return await naming.name_trustees(
            *call, body_slug, member_ids=data.member_ids, threshold=data.threshold
        )

    @get("/")
    async def show(self, call: OrgCallDep, body_slug: FromPath[str]) -> JSON:
        """The ceremony's public state: trustees, threshold, progress, the joint key."""
        return await reading.get_ceremony(*call, body_slug)

    @post("/me/key", status_code=200)
    async def key(
        self, call: OrgCallDep, body_slug: FromPath[str], data: JSONBody[CeremonyKeyIn]
    ) -> JSON:
        """Your ceremony public key with its proof of knowledge (a trustee)."""
        return await submitting.submit_key(
            *call, body_slug, public_key=data.public_key, proof=msgspec.to_builtins(data.proof)
        )

    @post("/me/dealing", status_code=200)
    async def dealing(
        self, call: OrgCallDep, body_slug: FromPath[str], data: JSONBody[DealingIn]
    ) -> JSON:
        """Your commitments, their proof, and one encrypted share per other trustee."""
        return await submitting.submit_dealing(
            *call,
            body_slug,
            commitments=data.commitments,
            proof=msgspec.to_builtins(data.proof),
            shares=msgspec.to_builtins(data.shares),
        )

    @get("/me/shares")
    async def shares(self, call: OrgCallDep, body_slug: FromPath[str]) -> JSON:
        """The encrypted shares dealt to you (a trustee)."""
        return await reading.my_shares(*call, body_slug)

    @post("/me/accept", status_code=200)
    async def accept(self, call: OrgCallDep, body_slug: FromPath[str]) -> JSON:
        """Every share dealt to you passed Feldman's check."""
        return await verdicts.accept(*call, body_slug)

    @post("/me/complain", status_code=200)
    async def complain(
        self, call: OrgCallDep, body_slug: FromPath[str], data: JSONBody[ComplaintIn]
    ) -> JSON:
        """The share from trustee `from` failed your check: the ceremony fails."""
        return await verdicts.complain(*call, body_slug, dealer=data.dealer)
