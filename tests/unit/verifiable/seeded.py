"""A deterministic randomness source for known-answer tests (never for real ballots or keys)."""

from __future__ import annotations

import hashlib


class SeededRng:
    """SHA-512 in counter mode over a seed: the same seed gives the same bytes, call after call.

    Block i is SHA-512(seed || i as 8 bytes big-endian); bytes are handed out in order.
    """

    def __init__(self, seed: bytes | str) -> None:
        self._seed = seed.encode() if isinstance(seed, str) else seed
        self._counter = 0
        self._buffer = b""

    def __call__(self, n: int) -> bytes:
        while len(self._buffer) < n:
            block = hashlib.sha512(self._seed + self._counter.to_bytes(8, "big")).digest()
            self._buffer += block
            self._counter += 1
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out
