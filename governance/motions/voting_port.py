"""What motions ask of voting, which sits above this package: close a vote, who voted.

Voting imports motions (its rules, tables and context), so motions cannot import voting
back. The few things motions needs from it (failing a written consent whose vote is open,
and showing a member whether they voted and, after a roll call, who voted how) are this
protocol, provided by `governance.voting.port.VOTING` and registered by
`governance.wiring.wire()`. `voting()` raises `NotWired` if nobody registered it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from governance.motions.not_wired import NotWired


class VotingPort(Protocol):
    """The voting package, as motions sees it."""

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
        """Tally and decide `motion` (locked, status `voting`) in the caller's transaction;
        with `no_quorum`, it fails whatever the counts (the meeting adjourned without
        quorum)."""
        ...

    async def voted_on(self, member_id: str, motion_ids: Sequence[str]) -> set[str]:
        """Which of `motion_ids` `member_id` has voted on (roll call or secret roll)."""
        ...

    async def named_votes(self, motion_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The roll-call votes on `motion_ids`: `motion`, `membership`, `choice`,
        `membership.account.display_name`."""
        ...

    async def decrypted_by(self, motion_id: str) -> list[int]:
        """The trustees (by number) who have posted partial decryptions of the motion's
        tally, in order."""
        ...

    async def clear_roll_call(self, motion_id: str) -> None:
        """Remove a decided roll call's named votes so it can be voted again (reconsider;
        the earlier votes stay in the audit log), in the caller's transaction."""
        ...


_port: list[VotingPort] = []


def provide(port: VotingPort) -> None:
    """Register the voting package's side (`governance.wiring.wire()` does this)."""
    _port[:] = [port]


def voting() -> VotingPort:
    """The registered voting port; raises `NotWired` when there is none."""
    if not _port:
        raise NotWired("Motions need the voting port. Call governance.wiring.wire() at start-up.")
    return _port[0]
