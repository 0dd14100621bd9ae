"""Voting's side of `governance.motions.voting_port`: what motions may ask of voting.

Registered by `governance.wiring.wire()`; motions never imports this package.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from governance.voting.closing import close_motion
from governance.voting.tables import BallotRoll, Vote
from governance.voting.verifiable_box import PartialDecryptionRow


class _Voting:
    """`VotingPort`, answered from this package's tables and `closing.close_motion`."""

    async def close_motion(
        self,
        *,
        org_id: str,
        actor_label: str,
        motion: dict[str, Any],
        now: datetime,
        reason: str,
        no_quorum: bool = False,
    ) -> dict[str, Any]:
        return await close_motion(
            org_id=org_id,
            actor_label=actor_label,
            motion=motion,
            now=now,
            reason=reason,
            no_quorum=no_quorum,
        )

    async def voted_on(self, member_id: str, motion_ids: Sequence[str]) -> set[str]:
        voted: set[str] = set()
        for table in (Vote, BallotRoll):
            voted |= {
                r["motion"]
                for r in await table.select(table.motion).where(
                    table.motion.is_in(list(motion_ids)) & (table.membership == member_id)
                )
            }
        return voted

    async def named_votes(self, motion_ids: Sequence[str]) -> list[dict[str, Any]]:
        return await Vote.select(
            Vote.motion, Vote.membership, Vote.choice, Vote.membership.account.display_name
        ).where(Vote.motion.is_in(list(motion_ids)))

    async def decrypted_by(self, motion_id: str) -> list[int]:
        rows = (
            await PartialDecryptionRow.select(PartialDecryptionRow.trustee)
            .where(PartialDecryptionRow.motion == motion_id)
            .order_by(PartialDecryptionRow.trustee)
        )
        return [int(r["trustee"]) for r in rows]

    async def clear_roll_call(self, motion_id: str) -> None:
        await Vote.delete().where(Vote.motion == motion_id)


VOTING = _Voting()
