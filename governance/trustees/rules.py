"""The key ceremony's rules, pure: who may be named, what each step accepts, and when the
ceremony moves on. No database, framework or clock; the services call these inside their
transactions.

A ceremony moves `collecting_keys` (every trustee publishes a ceremony key) -> `dealing`
(every trustee publishes its commitment and encrypted shares, then each accepts the shares it
received or complains) -> `complete` (every trustee accepted: the joint key is stored), or
`failed` (a complaint, or a new naming replaced it). docs/VERIFY.md section 6.1 is the
cryptography; `governance/verifiable/channel.py` and `threshold.py` implement it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from governance.errors import Conflict, InvalidInput
from governance.verifiable.channel import EncryptedShare, ceremony_key_faults
from governance.verifiable.group import EncodingError, Point, scalar_from_hex
from governance.verifiable.proofs import Proof
from governance.verifiable.threshold import Commitment, commitment_faults

#: At most this many trustees: every one deals a share to every other, and decrypting a
#: tally takes t proofs per line; fifteen is more than any board needs.
MAX_TRUSTEES = 15


class CeremonyStatus(StrEnum):
    collecting_keys = "collecting_keys"
    dealing = "dealing"
    complete = "complete"
    failed = "failed"


class TrusteeStatus(StrEnum):
    named = "named"
    key_submitted = "key_submitted"
    dealt = "dealt"
    accepted = "accepted"
    complained = "complained"


UNFINISHED = (CeremonyStatus.collecting_keys, CeremonyStatus.dealing)


def check_naming(member_ids: Any, threshold: Any) -> tuple[list[str], int]:
    """n distinct member ids (1..MAX_TRUSTEES) and a threshold 1 <= t <= n, or InvalidInput."""
    if not isinstance(member_ids, list) or not all(isinstance(m, str) for m in member_ids):
        raise InvalidInput("Name the trustees as a list of member ids.", field="member_ids")
    if not 1 <= len(member_ids) <= MAX_TRUSTEES:
        raise InvalidInput(
            f"Name from 1 to {MAX_TRUSTEES} trustees.", field="member_ids", max=MAX_TRUSTEES
        )
    if len(set(member_ids)) != len(member_ids):
        raise InvalidInput("Each trustee can be named only once.", field="member_ids")
    n = len(member_ids)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or not 1 <= threshold <= n:
        raise InvalidInput(
            f"The threshold is how many trustees must take part to decrypt: from 1 to {n}.",
            field="threshold",
        )
    return list(member_ids), threshold


def ceremony_context(org_slug: str, body_slug: str, ceremony_id: str) -> str:
    """C = ORG/BODY/ceremony/ID (docs/VERIFY.md 6.1): hashed by every proof and mask."""
    return f"{org_slug}/{body_slug}/ceremony/{ceremony_id}"


def check_may_name(current_status: str | None) -> None:
    """A complete key is in use: refuse to replace it (for now)."""
    if current_status == CeremonyStatus.complete:
        raise Conflict(
            "This body's election key is complete and may be in use; it cannot be replaced.",
            code="key-in-use",
        )


def _point(value: Any, field: str) -> Point:
    try:
        return Point.from_hex(value)
    except EncodingError as error:
        raise InvalidInput(f"{field}: {error}.", field=field) from None


def _scalar(value: Any, field: str) -> int:
    try:
        return scalar_from_hex(value)
    except EncodingError as error:
        raise InvalidInput(f"{field}: {error}.", field=field) from None


def _proof(value: Any, field: str) -> Proof:
    if not isinstance(value, Mapping) or set(value) != {"challenge", "response"}:
        raise InvalidInput("A proof is an object with exactly challenge and response.", field=field)
    return Proof(
        _scalar(value["challenge"], f"{field}.challenge"),
        _scalar(value["response"], f"{field}.response"),
    )


def parse_ceremony_key(public_key: Any, proof: Any, context: str, position: int) -> Point:
    """A trustee's ceremony key P_j, checked: a canonical point, not the identity, proven."""
    point = _point(public_key, "public_key")
    checked = _proof(proof, "proof")
    faults = ceremony_key_faults(point, checked, context, position)
    if faults:
        raise InvalidInput(f"The ceremony key is refused: {faults[0]}.", field="proof")
    return point


def check_step(status: str, expected: CeremonyStatus, doing: str) -> None:
    if status != expected:
        raise Conflict(
            f"The ceremony is {status.replace('_', ' ')}: you cannot {doing} now.",
            code="ceremony-state",
        )


def parse_dealing(
    *,
    position: int,
    threshold: int,
    positions: Sequence[int],
    context: str,
    commitments: Any,
    proof: Any,
    shares: Any,
) -> tuple[Commitment, list[EncryptedShare]]:
    """Trustee `position`'s dealing: t coefficient commitments with a proof of knowledge of
    the first, and exactly one encrypted share for every other trustee. Every encoding and
    the proof are checked; the shares themselves only their recipients can check.
    """
    if not isinstance(commitments, list) or len(commitments) != threshold:
        raise InvalidInput(
            f"Give exactly {threshold} coefficient commitments (the threshold).",
            field="commitments",
        )
    points = tuple(_point(c, f"commitments[{k}]") for k, c in enumerate(commitments))
    commitment = Commitment(position, points, _proof(proof, "proof"))
    faults = commitment_faults(commitment, threshold, context)
    if faults:
        fault = faults[0]
        field = "commitments[0]" if fault.code == "key-part-identity" else "proof"
        raise InvalidInput(
            f"The commitment is refused: {fault.detail}.", field=field, fault=fault.code
        )
    others = sorted(p for p in positions if p != position)
    if not isinstance(shares, list) or len(shares) != len(others):
        raise InvalidInput(
            f"Give exactly one encrypted share for each other trustee ({len(others)}).",
            field="shares",
        )
    parsed: list[EncryptedShare] = []
    for k, share in enumerate(shares):
        where = f"shares[{k}]"
        if not isinstance(share, Mapping) or set(share) != {"to", "ephemeral", "masked"}:
            raise InvalidInput(
                "An encrypted share has exactly to, ephemeral and masked.", field=where
            )
        to = share["to"]
        if isinstance(to, bool) or not isinstance(to, int) or to not in others:
            raise InvalidInput(
                f"{where}.to must name another trustee of this ceremony.", field=f"{where}.to"
            )
        ephemeral = _point(share["ephemeral"], f"{where}.ephemeral")
        if ephemeral.is_identity:
            raise InvalidInput(
                "An ephemeral key cannot be the identity: it would make the share public.",
                field=f"{where}.ephemeral",
            )
        parsed.append(
            EncryptedShare(position, to, ephemeral, _scalar(share["masked"], f"{where}.masked"))
        )
    if sorted(s.recipient for s in parsed) != others:
        raise InvalidInput("Give each other trustee exactly one share.", field="shares")
    return commitment, parsed


def check_dealer(dealer: Any, position: int, n: int) -> int:
    """A complaint names another trustee by its number, 1..n."""
    if isinstance(dealer, bool) or not isinstance(dealer, int) or not 1 <= dealer <= n:
        raise InvalidInput(f"Name the dealer by its number, 1 to {n}.", field="from")
    if dealer == position:
        raise InvalidInput("You cannot complain about your own share.", field="from")
    return dealer


def check_complaint(dealer: Any, position: int, dealt: Sequence[int], n: int) -> int:
    """A complaint names another trustee, 1..n, whose share has been dealt."""
    check_dealer(dealer, position, n)
    if dealer not in dealt:
        raise Conflict(f"Trustee {dealer} has not dealt yet.", code="not-dealt")
    return dealer
