"""Drawing lots, reproducibly: anyone with the seed draws the same.

Where the Order says "the returning officer shall decide, by lot" (SSI 2007/42, Schedule 1,
rules 49(3) and 51(2)(b)), the count draws instead from a seed it is given. Draw number `n`
orders the tied candidates by SHA-256 of "seed:n:name" (hex, ascending) and takes the first,
so a draw depends only on the seed, which draw of the count it is and the candidates' names:
never on the order of the ballots, and never on Python's `random`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


class Lots:
    """The count's draws, numbered from 1 in the order they are made."""

    def __init__(self, seed: str) -> None:
        self.seed = seed
        self.made = 0

    def order(self, names: Sequence[str]) -> tuple[int, list[str]]:
        """(this draw's number, `names` in the order drawn: first drawn first)."""
        self.made += 1
        number = self.made

        def key(name: str) -> str:
            return hashlib.sha256(f"{self.seed}:{number}:{name}".encode()).hexdigest()

        return number, sorted(names, key=key)
