"""What a verifiable motion is checked, decrypted and published against, read from the database.

The bound ceremony's trustees and commitments (each checked when it was dealt), the keys they
make, the stored tally and the trustees' stored partial decryptions. Shared by the decryption
(`verifiable_decrypt.py`), the public record (`verifiable_record.py`) and verify
(`integrity.py`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from governance.trustees.ceremonies import commitment_of, trustees_of
from governance.verifiable.ballot import MOTION_CHOICES
from governance.verifiable.elgamal import Ciphertext
from governance.verifiable.group import Point
from governance.verifiable.tally import Trustees, trustee_faults
from governance.verifiable.threshold import Commitment, PartialDecryption
from governance.voting.verifiable_box import PartialDecryptionRow
from governance.voting.verifiable_cast import election_of


@dataclass(frozen=True)
class Election:
    """What a verifiable motion's tally is checked and decrypted against."""

    binding: dict[str, Any]
    ceremony: dict[str, Any]
    trustees: list[dict[str, Any]]
    commitments: list[Commitment]
    keys: Trustees

    @property
    def election(self) -> str:
        return str(self.binding["election"])

    def tally(self) -> list[tuple[str, Ciphertext]]:
        lines = json.loads(self.binding["tally"] or "[]")
        return [
            (line["label"], Ciphertext(Point.from_hex(line["alpha"]), Point.from_hex(line["beta"])))
            for line in lines
        ]


async def load_election(motion_id: str) -> Election:
    binding, ceremony, _ = await election_of(motion_id)
    trustees = await trustees_of(ceremony["id"])
    commitments = [c for c in (commitment_of(t) for t in trustees) if c is not None]
    keys, faults = trustee_faults(
        commitments, ceremony["trustees"], ceremony["threshold"], ceremony["context"]
    )
    assert keys is not None, faults  # the ceremony checked every commitment as it was dealt
    return Election(binding, ceremony, trustees, commitments, keys)


async def stored_partials(motion_id: str) -> dict[str, list[PartialDecryption]]:
    """Every stored partial decryption of the motion's tally, by label, by trustee."""
    rows = (
        await PartialDecryptionRow.select()
        .where(PartialDecryptionRow.motion == motion_id)
        .order_by(PartialDecryptionRow.trustee)
    )
    by_label: dict[str, list[PartialDecryption]] = {label: [] for label in MOTION_CHOICES}
    for row in rows:
        for label, item in zip(MOTION_CHOICES, json.loads(row["partials"]), strict=True):
            by_label[label].append(PartialDecryption.from_json(item))
    return by_label
