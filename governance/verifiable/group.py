"""The prime-order group ristretto255 (RFC 9496), through libsodium, and hashing into its scalars.

Every value a verifier reads is either a *point* (32 bytes, the canonical ristretto255 encoding)
or a *scalar* (an integer modulo the group order L, written as 32 bytes little-endian). Decoding
rejects every non-canonical form, so one value has exactly one encoding and hashes, trackers and
comparisons can work on bytes. docs/VERIFY.md ("The group", "Hashing") is the specification.

libsodium refuses to multiply by a scalar that is 0 modulo L (its result would be the identity,
which it treats as an error for key exchange). Here the identity is an ordinary group element —
the encryption of a "0" vote is g^0 * y^r — so `Point.__mul__` and `base_mul` answer the
identity instead of failing.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import pysodium

#: The order of the group: 2^252 + 27742317777372353535851937790883648493 (RFC 9496, section 4.4).
L = 2**252 + 27742317777372353535851937790883648493
#: The group's name as it goes into every hash.
GROUP_NAME = "ristretto255"
#: The protocol's name and version: the first item of every hash (docs/VERIFY.md, "Hashing").
PROTOCOL = "governance.verifiable.v1"

#: A source of randomness: takes a byte count, returns that many bytes. Defaults to the OS.
Rng = Callable[[int], bytes]
SYSTEM_RNG: Rng = secrets.token_bytes


class EncodingError(ValueError):
    """A point or scalar is not the one canonical encoding of a group value."""


@dataclass(frozen=True, slots=True)
class Point:
    """A ristretto255 element, held as its canonical 32-byte encoding.

    Build one from outside data only with `Point.from_bytes` / `Point.from_hex`, which validate;
    the constructor is for results libsodium has just computed (always canonical).
    """

    raw: bytes

    @classmethod
    def from_bytes(cls, data: bytes) -> Point:
        if len(data) != 32:
            raise EncodingError(f"a point is 32 bytes, not {len(data)}")
        # libsodium's check decodes per RFC 9496 section 4.3.1: it rejects non-canonical field
        # elements, negative s, and non-square / negative-xy / t=0 cases. The identity (32 zero
        # bytes) is valid.
        if not pysodium.crypto_core_ristretto255_is_valid_point(data):
            raise EncodingError("not a canonical ristretto255 encoding")
        return cls(bytes(data))

    @classmethod
    def from_hex(cls, text: str) -> Point:
        return cls.from_bytes(_hex32(text, "point"))

    def hex(self) -> str:
        return self.raw.hex()

    @property
    def is_identity(self) -> bool:
        return self.raw == _ZERO32

    def __add__(self, other: Point) -> Point:
        return Point(pysodium.crypto_core_ristretto255_add(self.raw, other.raw))

    def __sub__(self, other: Point) -> Point:
        return Point(pysodium.crypto_core_ristretto255_sub(self.raw, other.raw))

    def __neg__(self) -> Point:
        return IDENTITY - self

    def __mul__(self, k: int) -> Point:
        k %= L
        if k == 0 or self.is_identity:
            return IDENTITY  # libsodium would refuse: its result is the identity
        return Point(pysodium.crypto_scalarmult_ristretto255(scalar_to_bytes(k), self.raw))

    __rmul__ = __mul__

    def __repr__(self) -> str:
        return f"Point({self.raw.hex()})"


_ZERO32 = bytes(32)
IDENTITY = Point(_ZERO32)


def base_mul(k: int) -> Point:
    """g^k for the standard generator g (RFC 9496: B, whose multiples Appendix A.1 lists)."""
    k %= L
    if k == 0:
        return IDENTITY
    return Point(pysodium.crypto_scalarmult_ristretto255_base(scalar_to_bytes(k)))


#: The standard generator B, as its encoding (RFC 9496, Appendix A.1, the multiple 1*B).
G = Point(bytes.fromhex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"))


def scalar_to_bytes(k: int) -> bytes:
    """A scalar's encoding: its least residue modulo L, 32 bytes little-endian."""
    return (k % L).to_bytes(32, "little")


def scalar_from_bytes(data: bytes) -> int:
    """Decode a scalar, refusing any value not below L (the only canonical form)."""
    if len(data) != 32:
        raise EncodingError(f"a scalar is 32 bytes, not {len(data)}")
    k = int.from_bytes(data, "little")
    if k >= L:
        raise EncodingError("scalar is not reduced modulo the group order")
    return k


def scalar_hex(k: int) -> str:
    return scalar_to_bytes(k).hex()


def scalar_from_hex(text: str) -> int:
    return scalar_from_bytes(_hex32(text, "scalar"))


def random_scalar(rng: Rng = SYSTEM_RNG) -> int:
    """A uniform scalar: 64 bytes from `rng`, read little-endian, reduced modulo L.

    Reducing 512 bits leaves a bias below 2^-259, as libsodium's scalar_reduce does.
    """
    data = rng(64)
    if len(data) != 64:
        raise ValueError("rng must return as many bytes as asked for")
    return int.from_bytes(data, "little") % L


def inverse(k: int) -> int:
    k %= L
    if k == 0:
        raise ZeroDivisionError("0 has no inverse modulo L")
    return pow(k, -1, L)


HashItem = Point | str | int | bytes


def encode_item(item: HashItem) -> bytes:
    """One hash item's bytes before framing (docs/VERIFY.md, "Hashing").

    A point is its 32-byte encoding; a string its UTF-8; an integer (only small, non-negative
    counts and indices are ever hashed, never scalars) 8 bytes big-endian; bytes as they are.
    """
    if isinstance(item, Point):
        return item.raw
    if isinstance(item, str):
        return item.encode("utf-8")
    if isinstance(item, bool):
        raise TypeError("booleans are not hash items")
    if isinstance(item, int):
        if not 0 <= item < 2**64:
            raise ValueError("hashed integers are 0 .. 2^64-1")
        return item.to_bytes(8, "big")
    if isinstance(item, bytes):
        return item
    raise TypeError(f"cannot hash {type(item).__name__}")


def hash_input(tag: str, *items: HashItem) -> bytes:
    """The exact bytes hashed for a challenge: every part length-prefixed (4 bytes, big-endian).

    The parts are PROTOCOL, the tag, GROUP_NAME, then the items. Framing each part makes the
    encoding injective: no two different item lists give the same bytes.
    """
    out = bytearray()
    for part in (PROTOCOL, tag, GROUP_NAME, *items):
        data = encode_item(part)
        out += len(data).to_bytes(4, "big")
        out += data
    return bytes(out)


def hash_to_scalar(tag: str, *items: HashItem) -> int:
    """SHA-512 of `hash_input`, read little-endian, reduced modulo L."""
    digest = hashlib.sha512(hash_input(tag, *items)).digest()
    return int.from_bytes(digest, "little") % L


def _hex32(text: str, what: str) -> bytes:
    if not isinstance(text, str) or not _HEX64.fullmatch(text):
        raise EncodingError(f"a {what} is 64 lower-case hexadecimal characters")
    return bytes.fromhex(text)


_HEX64 = re.compile(r"[0-9a-f]{64}")
