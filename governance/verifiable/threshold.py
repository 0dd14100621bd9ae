"""A t-of-n election key: Pedersen's distributed key generation over Feldman commitments.

Following the Belenios specification's threshold mode ("Polynomials", "Vinputs", "Voutputs",
"Election result"), with its `threshold` meaning the number of trustees needed:

1. Trustee i (1..n) picks a secret polynomial f_i(z) = a_i0 + a_i1 z + ... + a_i(t-1) z^(t-1)
   and publishes `Commitment`: A_ik = g^(a_ik) for k = 0..t-1, with a Schnorr proof of
   knowledge of a_i0 (so no trustee can choose its part of the key as a function of the
   others': the rogue-key attack).
2. Trustee i sends s_ij = f_i(j) privately to trustee j (the channel is not this module's job:
   the browser encrypts it to j). Trustee j checks g^(s_ij) = prod_k A_ik^(j^k) (Feldman).
3. Trustee j's key share is x_j = sum_i s_ij; its verification key X_j = g^(x_j) is computable
   by anyone from the commitments alone. The election key is y = prod_i A_i0 = g^(sum_i a_i0).
4. To decrypt a tally (alpha, beta) any t trustees publish D_j = alpha^(x_j) with a
   Chaum-Pedersen proof against X_j; with Lagrange coefficients lambda_j at 0 over the set I of
   their indices, prod_j D_j^(lambda_j) = alpha^x, so g^m = beta / alpha^x.

Fewer than t shares determine nothing about x: any t-1 values of a degree t-1 polynomial are
consistent with every value at 0 (Shamir). `combine` refuses them; the tests also show that
interpolating t-1 of them anyway gives the wrong answer.

Pedersen's DKG lets a cheating trustee bias the distribution of y (Gennaro, Jarecki, Krawczyk,
Rabin, 1999); for ElGamal encryption that bias does not help an attacker (the same authors,
"Secure applications of Pedersen's distributed key generation protocol", CT-RSA 2003).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from governance.verifiable.elgamal import Ciphertext
from governance.verifiable.faults import Fault
from governance.verifiable.group import (
    IDENTITY,
    SYSTEM_RNG,
    EncodingError,
    L,
    Point,
    Rng,
    base_mul,
    inverse,
    random_scalar,
)
from governance.verifiable.proofs import (
    Proof,
    prove_decryption,
    prove_key,
    verify_decryption,
    verify_key,
)


class NotEnoughShares(ValueError):
    """Fewer valid partial decryptions than the threshold: the tally cannot be opened."""


def coefficient_context(election_id: str, trustee: int) -> str:
    """The context of trustee i's proof of knowledge of a_i0 (docs/VERIFY.md)."""
    return f"{election_id}/trustee/{trustee}/coefficient"


def decryption_context(election_id: str, trustee: int, label: str) -> str:
    """The context of trustee j's decryption proof for the tally ciphertext named `label`."""
    return f"{election_id}/trustee/{trustee}/decrypt/{label}"


@dataclass(frozen=True, slots=True)
class Polynomial:
    """A trustee's secret: the coefficients a_0..a_(t-1). It never leaves the trustee."""

    trustee: int
    coefficients: tuple[int, ...]

    def at(self, z: int) -> int:
        value = 0
        for a in reversed(self.coefficients):
            value = (value * z + a) % L
        return value


@dataclass(frozen=True, slots=True)
class Commitment:
    """A trustee's public part: g^(a_k) for each coefficient, and the proof for g^(a_0)."""

    trustee: int
    coefficients: tuple[Point, ...]
    proof: Proof

    def to_json(self) -> dict[str, object]:
        return {
            "trustee": self.trustee,
            "coefficients": [c.hex() for c in self.coefficients],
            "proof": self.proof.to_json(),
        }

    @classmethod
    def from_json(cls, data: object) -> Commitment:
        if not isinstance(data, dict) or set(data) != {"trustee", "coefficients", "proof"}:
            raise EncodingError("a commitment has exactly trustee, coefficients and proof")
        trustee = data["trustee"]
        coefficients = data["coefficients"]
        if not isinstance(trustee, int) or isinstance(trustee, bool):
            raise EncodingError("trustee is an integer")
        if not isinstance(coefficients, list):
            raise EncodingError("coefficients is a list of points")
        return cls(
            trustee,
            tuple(Point.from_hex(c) for c in coefficients),
            Proof.from_json(data["proof"]),
        )


def deal(
    trustee: int, threshold: int, trustees: int, election_id: str, rng: Rng = SYSTEM_RNG
) -> tuple[Polynomial, Commitment]:
    """Step 1 for trustee `trustee`: a random polynomial and its public commitment."""
    _check_parameters(threshold, trustees)
    if not 1 <= trustee <= trustees:
        raise ValueError("trustees are numbered 1..n")
    coefficients = tuple(random_scalar(rng) for _ in range(threshold))
    polynomial = Polynomial(trustee, coefficients)
    proof = prove_key(coefficients[0], coefficient_context(election_id, trustee), rng)
    commitment = Commitment(trustee, tuple(base_mul(a) for a in coefficients), proof)
    return polynomial, commitment


def share_for(polynomial: Polynomial, recipient: int) -> int:
    """Step 2: s_ij = f_i(j), for trustee j only."""
    if recipient < 1:
        raise ValueError("trustees are numbered from 1")
    return polynomial.at(recipient)


def commitment_faults(commitment: Commitment, threshold: int, election_id: str) -> list[Fault]:
    """What is wrong with a published commitment (empty: nothing)."""
    where = f"trustee {commitment.trustee}"
    faults = []
    if len(commitment.coefficients) != threshold:
        faults.append(
            Fault(
                "commitment-size",
                where,
                f"{len(commitment.coefficients)} coefficient commitments, {threshold} expected",
            )
        )
    if commitment.coefficients and commitment.coefficients[0].is_identity:
        faults.append(Fault("key-part-identity", where, "its part of the key is the identity"))
    if not commitment.coefficients or not verify_key(
        commitment.coefficients[0],
        commitment.proof,
        coefficient_context(election_id, commitment.trustee),
    ):
        faults.append(
            Fault("key-proof", where, "the proof that it knows its part of the key fails")
        )
    return faults


def evaluate_commitment(commitment: Commitment, z: int) -> Point:
    """prod_k A_k^(z^k) = g^(f(z)), from public values only."""
    total = IDENTITY
    power = 1
    for a in commitment.coefficients:
        total = total + a * power
        power = power * z % L
    return total


def verify_share(commitment: Commitment, recipient: int, share: int) -> bool:
    """Feldman's check, run by trustee j on what trustee i sent: g^(s_ij) = prod_k A_ik^(j^k)."""
    return base_mul(share) == evaluate_commitment(commitment, recipient)


def key_share(received: Mapping[int, int]) -> int:
    """Step 3: x_j = sum over all trustees i of s_ij (received[i] = s_ij)."""
    return sum(received.values()) % L


def election_public_key(commitments: Sequence[Commitment]) -> Point:
    """y = prod_i A_i0."""
    total = IDENTITY
    for c in commitments:
        total = total + c.coefficients[0]
    return total


def verification_key(commitments: Sequence[Commitment], trustee: int) -> Point:
    """X_j = prod_i prod_k A_ik^(j^k) = g^(x_j)."""
    total = IDENTITY
    for c in commitments:
        total = total + evaluate_commitment(c, trustee)
    return total


@dataclass(frozen=True, slots=True)
class PartialDecryption:
    """Trustee j's D_j = alpha^(x_j) for one ciphertext, with its proof."""

    trustee: int
    factor: Point
    proof: Proof

    def to_json(self) -> dict[str, object]:
        return {"trustee": self.trustee, "factor": self.factor.hex(), "proof": self.proof.to_json()}

    @classmethod
    def from_json(cls, data: object) -> PartialDecryption:
        if not isinstance(data, dict) or set(data) != {"trustee", "factor", "proof"}:
            raise EncodingError("a partial decryption has exactly trustee, factor and proof")
        trustee = data["trustee"]
        if not isinstance(trustee, int) or isinstance(trustee, bool):
            raise EncodingError("trustee is an integer")
        return cls(trustee, Point.from_hex(data["factor"]), Proof.from_json(data["proof"]))


def partial_decrypt(
    x_j: int,
    trustee: int,
    y: Point,
    ct: Ciphertext,
    election_id: str,
    label: str,
    rng: Rng = SYSTEM_RNG,
) -> PartialDecryption:
    factor, proof = prove_decryption(
        x_j, y, ct, decryption_context(election_id, trustee, label), rng
    )
    return PartialDecryption(trustee, factor, proof)


def verify_partial(
    partial: PartialDecryption,
    public: Point,
    y: Point,
    ct: Ciphertext,
    election_id: str,
    label: str,
) -> bool:
    """`public` is the trustee's verification key X_j (from `verification_key`)."""
    return verify_decryption(
        y,
        public,
        ct,
        partial.factor,
        partial.proof,
        decryption_context(election_id, partial.trustee, label),
    )


def lagrange_at_zero(indices: Sequence[int]) -> dict[int, int]:
    """lambda_j = prod over k in I, k != j, of k / (k - j), modulo L."""
    if len(set(indices)) != len(indices) or any(i < 1 or i >= L for i in indices):
        raise ValueError("indices must be distinct and in 1..L-1")
    out = {}
    for j in indices:
        num, den = 1, 1
        for k in indices:
            if k != j:
                num = num * k % L
                den = den * (k - j) % L
        out[j] = num * inverse(den) % L
    return out


def combine(ct: Ciphertext, partials: Sequence[PartialDecryption], threshold: int) -> Point:
    """g^m = beta / prod_j D_j^(lambda_j), from the first `threshold` distinct trustees given.

    The caller verifies each partial first (`verify_partial`); this only combines.
    """
    distinct: dict[int, PartialDecryption] = {}
    for p in partials:
        distinct.setdefault(p.trustee, p)
    if len(distinct) < threshold:
        raise NotEnoughShares(
            f"{threshold} partial decryptions are needed, {len(distinct)} were given"
        )
    chosen = list(distinct.values())[:threshold]
    return ct.beta - interpolate_factors(chosen)


def interpolate_factors(partials: Sequence[PartialDecryption]) -> Point:
    """prod_j D_j^(lambda_j) over exactly the trustees given (no threshold check)."""
    lambdas = lagrange_at_zero([p.trustee for p in partials])
    total = IDENTITY
    for p in partials:
        total = total + p.factor * lambdas[p.trustee]
    return total


def _check_parameters(threshold: int, trustees: int) -> None:
    if not 1 <= threshold <= trustees:
        raise ValueError("the threshold must be between 1 and the number of trustees")
