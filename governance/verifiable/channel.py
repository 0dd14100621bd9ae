"""The private channel of the key ceremony: a share sent from one trustee to another through
a server that relays it without being able to read it.

Step 2 of the ceremony (`threshold.py`) has dealer i send s_ij = f_i(j) to trustee j alone.
The trustees' browsers cannot reach each other, so the share travels through the server,
masked the way hashed ElGamal (DHIES) masks a message:

- Each trustee j has a *ceremony key pair* (k_j, P_j = g^(k_j)), made in its browser for this
  ceremony only, and publishes P_j with a Schnorr proof of knowledge of k_j (context
  `C/trustee/j/key`, so a trustee cannot republish another's key as its own).
- Dealer i picks a fresh scalar e, sends the ephemeral point E = g^e and the masked share
  `m = s_ij + H(share, C, i, j, P_j, E, P_j^e) mod L`.
- Trustee j computes the same mask from E^(k_j) = P_j^e, subtracts it, and checks the share
  against dealer i's public Feldman commitments (`threshold.verify_share`); a share that
  fails is a complaint against dealer i.

Without k_j or e the mask is a hash of a Diffie-Hellman value nobody else knows (a random
oracle's output under the computational Diffie-Hellman assumption), so `m` is a one-time pad
of the share: the server, and anyone with its database, sees a uniformly random scalar. The
channel does not authenticate the dealer: a server that alters `m` or `E` is caught by the
recipient's Feldman check (the altered share does not match the commitments), which fails
the ceremony; it cannot make a wrong share pass. docs/VERIFY.md, section 6.1, is the
specification.
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.verifiable.group import (
    SYSTEM_RNG,
    EncodingError,
    L,
    Point,
    Rng,
    base_mul,
    hash_to_scalar,
    random_scalar,
    scalar_from_hex,
    scalar_hex,
)
from governance.verifiable.proofs import Proof, prove_key, verify_key
from governance.verifiable.threshold import Commitment, verify_share

TAG_SHARE = "share"


def ceremony_key_context(context: str, trustee: int) -> str:
    """The context of trustee j's proof of knowledge of its ceremony key (docs/VERIFY.md)."""
    return f"{context}/trustee/{trustee}/key"


@dataclass(frozen=True, slots=True)
class CeremonyKey:
    """A trustee's ceremony key pair. The secret stays in the trustee's browser."""

    secret: int
    public: Point


def make_ceremony_key(
    context: str, trustee: int, rng: Rng = SYSTEM_RNG
) -> tuple[CeremonyKey, Proof]:
    """A fresh key pair and the proof that binds its public half to this trustee and ceremony.

    Draws k, then the proof's w.
    """
    secret = random_scalar(rng)
    if secret == 0:  # probability 2^-252; the identity would make every mask public
        raise ValueError("drew the zero scalar: draw again")
    proof = prove_key(secret, ceremony_key_context(context, trustee), rng)
    return CeremonyKey(secret, base_mul(secret)), proof


def ceremony_key_faults(public: Point, proof: Proof, context: str, trustee: int) -> list[str]:
    """What is wrong with a published ceremony key (empty: nothing)."""
    if public.is_identity:
        return ["the ceremony key is the identity, which would make every share public"]
    if not verify_key(public, proof, ceremony_key_context(context, trustee)):
        return ["the proof of knowledge of the ceremony key fails"]
    return []


@dataclass(frozen=True, slots=True)
class EncryptedShare:
    """What the server relays: dealer, recipient, E = g^e and the masked share."""

    dealer: int
    recipient: int
    ephemeral: Point
    masked: int

    def to_json(self) -> dict[str, object]:
        return {
            "from": self.dealer,
            "to": self.recipient,
            "ephemeral": self.ephemeral.hex(),
            "masked": scalar_hex(self.masked),
        }

    @classmethod
    def from_json(cls, data: object) -> EncryptedShare:
        if not isinstance(data, dict) or set(data) != {"from", "to", "ephemeral", "masked"}:
            raise EncodingError("an encrypted share has exactly from, to, ephemeral and masked")
        dealer, recipient = data["from"], data["to"]
        for value in (dealer, recipient):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise EncodingError("from and to are trustee numbers, from 1")
        ephemeral = Point.from_hex(data["ephemeral"])
        return cls(dealer, recipient, ephemeral, scalar_from_hex(data["masked"]))


def share_mask(
    context: str, dealer: int, recipient: int, recipient_key: Point, ephemeral: Point, shared: Point
) -> int:
    """H(share, C, i, j, P_j, E, K) with K = P_j^e = E^(k_j): the one-time pad of the share."""
    return hash_to_scalar(TAG_SHARE, context, dealer, recipient, recipient_key, ephemeral, shared)


def encrypt_share(
    share: int,
    context: str,
    dealer: int,
    recipient: int,
    recipient_key: Point,
    rng: Rng = SYSTEM_RNG,
) -> EncryptedShare:
    """Dealer i masks s_ij for trustee j, whose ceremony public key is P_j. Draws e."""
    if recipient_key.is_identity:
        raise ValueError("the recipient's ceremony key is the identity")
    e = random_scalar(rng)
    if e == 0:  # probability 2^-252; E would be the identity and the mask public
        raise ValueError("drew the zero scalar: draw again")
    ephemeral = base_mul(e)
    mask = share_mask(context, dealer, recipient, recipient_key, ephemeral, recipient_key * e)
    return EncryptedShare(dealer, recipient, ephemeral, (share + mask) % L)


def decrypt_share(encrypted: EncryptedShare, context: str, key: CeremonyKey) -> int:
    """Trustee j recovers s_ij = m - H(share, C, i, j, P_j, E, E^(k_j)) mod L."""
    shared = encrypted.ephemeral * key.secret
    mask = share_mask(
        context, encrypted.dealer, encrypted.recipient, key.public, encrypted.ephemeral, shared
    )
    return (encrypted.masked - mask) % L


def receive_share(
    encrypted: EncryptedShare, context: str, key: CeremonyKey, commitment: Commitment
) -> int | None:
    """Unmask and check against the dealer's commitment: the share, or None (complain)."""
    if encrypted.ephemeral.is_identity or commitment.trustee != encrypted.dealer:
        return None
    share = decrypt_share(encrypted, context, key)
    return share if verify_share(commitment, encrypted.recipient, share) else None
