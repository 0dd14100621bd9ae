"""Exponential ElGamal over ristretto255: the message sits in the exponent, so ciphertexts add.

A ciphertext of m under public key y = g^x with randomness r is (alpha, beta) = (g^r, g^m y^r)
(Belenios specification, "Encrypted answers"; ElectionGuard uses the same exponential form).
Multiplying ciphertexts component-wise (written `+` here, since code writes the group
additively) adds the messages; decryption gives g^m and, because m is a small count, m itself
by a baby-step giant-step search.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from governance.verifiable.group import (
    IDENTITY,
    SYSTEM_RNG,
    Point,
    Rng,
    base_mul,
    random_scalar,
)

#: The largest count `discrete_log` looks for by default: a tally of up to 100,000 ballots.
DEFAULT_BOUND = 100_000


@dataclass(frozen=True, slots=True)
class Ciphertext:
    alpha: Point
    beta: Point

    def __add__(self, other: Ciphertext) -> Ciphertext:
        return Ciphertext(self.alpha + other.alpha, self.beta + other.beta)

    def to_json(self) -> dict[str, str]:
        return {"alpha": self.alpha.hex(), "beta": self.beta.hex()}


#: The encryption of 0 with randomness 0: the neutral element for `+` (an empty tally).
ZERO = Ciphertext(IDENTITY, IDENTITY)


def keygen(rng: Rng = SYSTEM_RNG) -> tuple[int, Point]:
    """A secret key x and its public key y = g^x (for tests and single-holder keys)."""
    x = random_scalar(rng)
    return x, base_mul(x)


def encrypt(y: Point, m: int, r: int) -> Ciphertext:
    """(g^r, g^m * y^r). m = 0 and r = 0 both work (the identity is a normal element)."""
    return Ciphertext(base_mul(r), base_mul(m) + y * r)


def encrypt_random(y: Point, m: int, rng: Rng = SYSTEM_RNG) -> tuple[Ciphertext, int]:
    """Encrypt with fresh randomness; returns the randomness too, which the proofs need."""
    r = random_scalar(rng)
    return encrypt(y, m, r), r


def add_all(ciphertexts: Iterable[Ciphertext]) -> Ciphertext:
    total = ZERO
    for ct in ciphertexts:
        total = total + ct
    return total


def decrypt_to_point(x: int, ct: Ciphertext) -> Point:
    """g^m = beta / alpha^x."""
    return ct.beta - ct.alpha * x


def discrete_log(target: Point, bound: int = DEFAULT_BOUND) -> int | None:
    """The m in 0..bound with g^m == target, or None. Baby-step giant-step: about 2*sqrt(bound)
    group operations, with the baby steps cached per bound."""
    if bound < 0:
        return None
    step, table = _baby_steps(bound)
    giant = base_mul(step)
    current = target
    for i in range(bound // step + 1):
        j = table.get(current.raw)
        if j is not None:
            m = i * step + j
            return m if m <= bound else None
        current = current - giant
    return None


@lru_cache(maxsize=8)
def _baby_steps(bound: int) -> tuple[int, dict[bytes, int]]:
    step = math.isqrt(bound) + 1
    table: dict[bytes, int] = {}
    point = IDENTITY
    g = base_mul(1)
    for j in range(step):
        table[point.raw] = j
        point = point + g
    return step, table


def decrypt(x: int, ct: Ciphertext, bound: int = DEFAULT_BOUND) -> int | None:
    """The small message of a ciphertext under secret key x, or None if it is above `bound`."""
    return discrete_log(decrypt_to_point(x, ct), bound)
