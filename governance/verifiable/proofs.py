"""Non-interactive zero-knowledge proofs, made so by strong Fiat-Shamir.

Three sigma protocols, each written as (challenge, response) pairs the way the Belenios
specification writes them ("Trustee keys", "Proofs of interval membership", "Tally"):

- `prove_key`: Schnorr proof of knowledge of x with X = g^x.
- `prove_range`: disjunctive Chaum-Pedersen proof that a ciphertext (alpha, beta) under y
  encrypts one of lo..hi (for 0/1, for "exactly one", for "between min and max approved").
- `prove_decryption`: Chaum-Pedersen proof that log_g X = log_alpha D (a decryption factor D is
  alpha raised to the key behind X).

Strong Fiat-Shamir (Bernhard, Pereira, Warinschi, "How not to prove yourself", 2012): every
challenge hashes the whole statement - the protocol tag, the group, the context (which names
the election and the place in it), the public key(s), the ciphertext and every commitment -
not the commitments alone, the weakness of benadida/helios-server#34. docs/VERIFY.md lists
every hash input in order.

The verifier recomputes each commitment from the response and challenge and checks the hash;
a proof carries no commitments of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from governance.verifiable.elgamal import Ciphertext
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

TAG_KEY = "pok"
TAG_RANGE = "range"
TAG_DECRYPTION = "decrypt"


@dataclass(frozen=True, slots=True)
class Proof:
    """One (challenge, response) pair; a disjunctive proof is a tuple of them."""

    challenge: int
    response: int

    def to_json(self) -> dict[str, str]:
        return {"challenge": scalar_hex(self.challenge), "response": scalar_hex(self.response)}

    @classmethod
    def from_json(cls, data: object) -> Proof:
        if not isinstance(data, dict) or set(data) != {"challenge", "response"}:
            raise EncodingError("a proof is an object with exactly challenge and response")
        return cls(scalar_from_hex(data["challenge"]), scalar_from_hex(data["response"]))


RangeProof = tuple[Proof, ...]


def range_proof_to_json(proof: RangeProof) -> list[dict[str, str]]:
    return [p.to_json() for p in proof]


def range_proof_from_json(data: object) -> RangeProof:
    if not isinstance(data, list):
        raise EncodingError("a range proof is a list of proofs")
    return tuple(Proof.from_json(item) for item in data)


# --- Schnorr: knowledge of a secret key -------------------------------------------------------


def prove_key(x: int, context: str, rng: Rng = SYSTEM_RNG) -> Proof:
    """Prove knowledge of x for X = g^x. A = g^w; c = H(pok, context, X, A); s = w + c*x."""
    public = base_mul(x)
    w = random_scalar(rng)
    commitment = base_mul(w)
    c = hash_to_scalar(TAG_KEY, context, public, commitment)
    return Proof(c, (w + c * x) % L)


def verify_key(public: Point, proof: Proof, context: str) -> bool:
    """A = g^s - X*c must hash back to c."""
    commitment = base_mul(proof.response) - public * proof.challenge
    return proof.challenge == hash_to_scalar(TAG_KEY, context, public, commitment)


# --- Disjunctive Chaum-Pedersen: a ciphertext encrypts one of lo..hi --------------------------


def _range_hash(
    context: str, y: Point, ct: Ciphertext, lo: int, hi: int, commitments: Sequence[Point]
) -> int:
    return hash_to_scalar(TAG_RANGE, context, y, ct.alpha, ct.beta, lo, hi, *commitments)


def _simulated_commitments(
    y: Point, ct: Ciphertext, value: int, proof: Proof
) -> tuple[Point, Point]:
    """A_j = g^s / alpha^c and B_j = y^s / (beta / g^M_j)^c, as the verifier recomputes them."""
    a = base_mul(proof.response) - ct.alpha * proof.challenge
    b = y * proof.response - (ct.beta - base_mul(value)) * proof.challenge
    return a, b


def prove_range(
    y: Point,
    ct: Ciphertext,
    r: int,
    m: int,
    lo: int,
    hi: int,
    context: str,
    rng: Rng = SYSTEM_RNG,
) -> RangeProof:
    """Prove ct = (g^r, g^m y^r) with m in lo..hi, without saying which m.

    For every value but m the prover picks the challenge and response at random and solves for
    the commitments; for m it commits honestly (A = g^w, B = y^w) and takes as its challenge
    what is left of the hash once the others are subtracted (Belenios, "iprove").
    """
    if not 0 <= lo <= hi:
        raise ValueError("the range must be 0 <= lo <= hi")
    if not lo <= m <= hi:
        raise ValueError("the message is outside the range it is to be proven in")
    size = hi - lo + 1
    proofs: list[Proof | None] = [None] * size
    commitments: list[Point] = []
    w = 0
    for j in range(size):
        value = lo + j
        if value == m:
            w = random_scalar(rng)
            commitments += [base_mul(w), y * w]
        else:
            fake = Proof(random_scalar(rng), random_scalar(rng))
            proofs[j] = fake
            commitments += _simulated_commitments(y, ct, value, fake)
    total = _range_hash(context, y, ct, lo, hi, commitments)
    others = sum(p.challenge for p in proofs if p is not None)
    c = (total - others) % L
    proofs[m - lo] = Proof(c, (w + r * c) % L)
    return tuple(p for p in proofs if p is not None)


def verify_range(
    y: Point, ct: Ciphertext, proof: RangeProof, lo: int, hi: int, context: str
) -> bool:
    """Recompute every (A_j, B_j); the challenges must add up to the hash, modulo L."""
    if not 0 <= lo <= hi or len(proof) != hi - lo + 1:
        return False
    commitments: list[Point] = []
    for j, part in enumerate(proof):
        commitments += _simulated_commitments(y, ct, lo + j, part)
    total = _range_hash(context, y, ct, lo, hi, commitments)
    return sum(p.challenge for p in proof) % L == total


# --- Chaum-Pedersen: a decryption factor is correct -------------------------------------------


def prove_decryption(
    x: int, y: Point, ct: Ciphertext, context: str, rng: Rng = SYSTEM_RNG
) -> tuple[Point, Proof]:
    """The decryption factor D = alpha^x and a proof that log_g(g^x) = log_alpha(D).

    A = g^w, B = alpha^w; c = H(decrypt, context, y, X, alpha, beta, D, A, B); s = w + c*x.
    """
    public = base_mul(x)
    factor = ct.alpha * x
    w = random_scalar(rng)
    a, b = base_mul(w), ct.alpha * w
    c = hash_to_scalar(TAG_DECRYPTION, context, y, public, ct.alpha, ct.beta, factor, a, b)
    return factor, Proof(c, (w + c * x) % L)


def verify_decryption(
    y: Point, public: Point, ct: Ciphertext, factor: Point, proof: Proof, context: str
) -> bool:
    """A = g^s / X^c and B = alpha^s / D^c must hash back to c."""
    a = base_mul(proof.response) - public * proof.challenge
    b = ct.alpha * proof.response - factor * proof.challenge
    c = hash_to_scalar(TAG_DECRYPTION, context, y, public, ct.alpha, ct.beta, factor, a, b)
    return proof.challenge == c
