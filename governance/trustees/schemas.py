"""Request bodies of the trustee routes (msgspec checks the types; the rules check the rest)."""

from __future__ import annotations

import msgspec


class TrusteesIn(msgspec.Struct):
    member_ids: list[str]
    threshold: int


class ProofIn(msgspec.Struct):
    challenge: str
    response: str


class CeremonyKeyIn(msgspec.Struct):
    public_key: str
    proof: ProofIn


class ShareIn(msgspec.Struct):
    to: int
    ephemeral: str
    masked: str


class DealingIn(msgspec.Struct):
    commitments: list[str]
    proof: ProofIn
    shares: list[ShareIn]


class ComplaintIn(msgspec.Struct):
    dealer: int = msgspec.field(name="from")
