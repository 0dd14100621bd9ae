"""The audit log's signed checkpoints, their verifier key and consistency proofs.

A member (or anyone, for a public organisation) can keep a checkpoint: a signed statement of
the log's size and Merkle root. Someone who can rewrite the database cannot re-sign it (the
key lives in a file outside the database), so a kept checkpoint later shows whether the log
was wiped, truncated or rewritten (`governance audit verify --checkpoint FILE`).
"""

from __future__ import annotations

import base64
from typing import Annotated, Any

from litestar import Controller, MediaType, get
from litestar.params import FromPath, QueryParameter

from governance.audit import checkpoints
from governance.members.access import member_access, org_access
from governance.web.auth import ActorDep, RuntimeDep


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


class AuditCheckpointController(Controller):
    path = "/api/v1/orgs/{org:str}/audit"
    tags = ["audit"]

    @get("/checkpoint", media_type=MediaType.TEXT)
    async def checkpoint(self, runtime: RuntimeDep, actor: ActorDep, org: FromPath[str]) -> str:
        """The log's current signed checkpoint (C2SP tlog-checkpoint in a signed note)."""
        access = await org_access(org, actor, public_ok=True)
        return await checkpoints.current_checkpoint(runtime, access.org_id, access.org["slug"])

    @get("/key", media_type=MediaType.TEXT)
    async def key(self, runtime: RuntimeDep, actor: ActorDep, org: FromPath[str]) -> str:
        """The verifier key (vkey) that this log's checkpoints are signed with."""
        access = await org_access(org, actor, public_ok=True)
        origin = checkpoints.log_origin(runtime.settings.log_origin, access.org["slug"])
        return checkpoints.verifier_key(origin, runtime.signing_key()) + "\n"

    @get("/consistency")
    async def consistency(
        self,
        actor: ActorDep,
        org: FromPath[str],
        from_size: Annotated[int, QueryParameter(name="from")],
        to_size: Annotated[int, QueryParameter(name="to")],
    ) -> dict[str, Any]:
        """An RFC 9162 consistency proof that the log of size `from` is a prefix of the log
        of size `to` (hashes in base64)."""
        access = await member_access(org, actor)
        proof = await checkpoints.consistency(access.org_id, from_size, to_size)
        return {
            "from": proof.old_size,
            "to": proof.new_size,
            "old_root": _b64(proof.old_root),
            "new_root": _b64(proof.new_root),
            "proof": [_b64(p) for p in proof.proof],
        }
