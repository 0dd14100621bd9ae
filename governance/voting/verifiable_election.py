"""What a verifiable vote is checked, decrypted and published against, read from the database.

The bound ceremony's trustees and commitments (each checked when it was dealt), the keys they
make, the stored tally and the trustees' stored partial decryptions. Shared by the decryption
(`verifiable_decrypt.py`), the public record (`verifiable_record.py`) and verify
(`integrity.py`), and by verifiable elections (`governance.elections.verifiable*`), whose
binding row has the same `ceremony`, `election` (E) and `tally`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from governance.errors import Conflict
from governance.trustees.ceremonies import commitment_of, trustees_of
from governance.verifiable.ballot import MOTION_CHOICES
from governance.verifiable.elgamal import Ciphertext
from governance.verifiable.group import Point
from governance.verifiable.tally import Trustees, decrypt_line, trustee_faults
from governance.verifiable.threshold import Commitment, PartialDecryption
from governance.voting.verifiable_box import PartialDecryptionRow
from governance.voting.verifiable_cast import election_of


@dataclass(frozen=True)
class Election:
    """What a verifiable vote's tally is checked and decrypted against."""

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
    return await election_for(binding, ceremony)


async def election_for(binding: dict[str, Any], ceremony: dict[str, Any]) -> Election:
    """The Election of a binding row (`ceremony`, `election`, `tally`) and its ceremony."""
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
    return partials_by_label(rows, MOTION_CHOICES)


def partials_by_label(
    rows: list[dict[str, Any]], labels: Sequence[str]
) -> dict[str, list[PartialDecryption]]:
    """Stored partial-decryption rows (each a JSON list in label order), by label."""
    by_label: dict[str, list[PartialDecryption]] = {label: [] for label in labels}
    for row in rows:
        for label, item in zip(labels, json.loads(row["partials"]), strict=True):
            by_label[label].append(PartialDecryption.from_json(item))
    return by_label


def decrypted_counts(
    election: Election, partials: dict[str, list[PartialDecryption]], ballots: int
) -> dict[str, int]:
    """Every tally line's count from t stored partials (docs/VERIFY.md 8.3-8.4), by label.

    Raises:
        Conflict: a line cannot be decrypted (every partial is checked as it is posted, so
            only a database edited since can cause it).
    """
    counts: dict[str, int] = {}
    for label, ct in election.tally():
        count, faults = decrypt_line(
            election.keys, ct, partials[label], election.election, label, ballots
        )
        if count is None:
            raise Conflict(f"The tally cannot be decrypted: {faults[-1].detail}.")
        counts[label] = count
    return counts
