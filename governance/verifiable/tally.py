"""Checking the key ceremony and the decrypted tally, as a verifier of the record does.

docs/VERIFY.md section 6 (the trustees' commitments, from which the election key and every
trustee's verification key are recomputed, never read) and section 8 (partial decryptions,
their combination, and the published counts). Every check names its faults rather than
raising, so one run reports everything wrong with a record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from governance.verifiable.elgamal import Ciphertext, discrete_log
from governance.verifiable.faults import Fault
from governance.verifiable.group import Point, base_mul
from governance.verifiable.threshold import (
    Commitment,
    PartialDecryption,
    commitment_faults,
    election_public_key,
    interpolate_factors,
    verification_key,
    verify_partial,
)


@dataclass(frozen=True, slots=True)
class Trustees:
    """What the commitments determine: the election key and each trustee's verification key."""

    threshold: int
    election_key: Point
    verification_keys: Mapping[int, Point]


def trustee_faults(
    commitments: Sequence[Commitment], trustees: int, threshold: int, election_id: str
) -> tuple[Trustees | None, list[Fault]]:
    """Check every commitment (one per trustee 1..n) and derive the keys; None if any fails."""
    faults: list[Fault] = []
    if not 1 <= threshold <= trustees:
        return None, [
            Fault("threshold", "trustees", f"a threshold of {threshold} of {trustees} trustees")
        ]
    indices = [c.trustee for c in commitments]
    # The length first: a record claiming 10^12 trustees must not make us list them.
    if len(indices) != trustees or sorted(indices) != list(range(1, trustees + 1)):
        faults.append(
            Fault(
                "trustee-set",
                "trustees",
                f"one commitment from each of trustees 1 to {trustees} expected, got {indices}",
            )
        )
    for c in commitments:
        faults += commitment_faults(c, threshold, election_id)
    if faults:
        return None, faults
    y = election_public_key(commitments)
    if y.is_identity:
        return None, [Fault("key-identity", "election key", "the election key is the identity")]
    keys = {j: verification_key(commitments, j) for j in range(1, trustees + 1)}
    return Trustees(threshold, y, keys), []


def decrypt_line(
    trustees: Trustees,
    ct: Ciphertext,
    partials: Sequence[PartialDecryption],
    election_id: str,
    label: str,
    bound: int,
) -> tuple[int | None, list[Fault]]:
    """Verify one tally line's partial decryptions and find its count (None if it cannot)."""
    verified, faults = _verified_partials(trustees, ct, partials, election_id, label)
    if len(verified) < trustees.threshold:
        return None, faults
    g_m = ct.beta - interpolate_factors(verified[: trustees.threshold])
    count = discrete_log(g_m, bound)
    if count is None:
        faults.append(
            Fault("no-count", f"tally {label}", f"it does not decrypt to a count of 0..{bound}")
        )
    return count, faults


def result_faults(
    trustees: Trustees,
    tally: Mapping[str, Ciphertext],
    partials: Mapping[str, Sequence[PartialDecryption]],
    claimed: Mapping[str, int],
    ballots: int,
    election_id: str,
) -> list[Fault]:
    """Check each published count: beta / prod D_j^lambda_j must equal g^count.

    Checks the equation for the claimed count (no search), so it is cheap for any size.
    """
    faults: list[Fault] = []
    if set(claimed) != set(tally):
        faults.append(
            Fault("result-lines", "result", "the result names other lines than the tally")
        )
    for label, ct in tally.items():
        where = f"tally {label}"
        verified, line_faults = _verified_partials(
            trustees, ct, partials.get(label, ()), election_id, label
        )
        faults += line_faults
        if len(verified) < trustees.threshold:
            continue
        count = claimed.get(label)
        if count is None:
            continue
        chosen = verified[: trustees.threshold]
        if not 0 <= count <= ballots or ct.beta - interpolate_factors(chosen) != base_mul(count):
            faults.append(Fault("wrong-count", where, f"the tally does not decrypt to {count}"))
    return faults


def _verified_partials(
    trustees: Trustees,
    ct: Ciphertext,
    partials: Sequence[PartialDecryption],
    election_id: str,
    label: str,
) -> tuple[list[PartialDecryption], list[Fault]]:
    faults: list[Fault] = []
    where = f"tally {label}"
    good: dict[int, PartialDecryption] = {}
    for p in partials:
        key = trustees.verification_keys.get(p.trustee)
        if key is None:
            faults.append(Fault("unknown-trustee", where, f"no trustee {p.trustee}"))
        elif p.trustee in good:
            faults.append(Fault("duplicate-partial", where, f"trustee {p.trustee} decrypted twice"))
        elif not verify_partial(p, key, trustees.election_key, ct, election_id, label):
            faults.append(
                Fault(
                    "partial-proof", where, f"trustee {p.trustee}'s partial decryption proof fails"
                )
            )
        else:
            good[p.trustee] = p
    if len(good) < trustees.threshold:
        faults.append(
            Fault(
                "too-few-partials",
                where,
                f"{len(good)} valid partial decryptions, {trustees.threshold} needed",
            )
        )
    return sorted(good.values(), key=lambda p: p.trustee), faults
