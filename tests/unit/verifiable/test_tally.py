"""The verifier's view of the key ceremony and the result: every tamper is a named fault."""

from __future__ import annotations

import pytest

from governance.verifiable.ballot import MOTION_CHOICES, encrypt_motion_ballot, encrypted_tally
from governance.verifiable.group import IDENTITY, G
from governance.verifiable.proofs import prove_key
from governance.verifiable.tally import Trustees, decrypt_line, result_faults, trustee_faults
from governance.verifiable.threshold import (
    Commitment,
    PartialDecryption,
    coefficient_context,
    deal,
    key_share,
    partial_decrypt,
    share_for,
)
from tests.unit.verifiable.seeded import SeededRng

E = "riverside/motion-9"


def codes(faults) -> list[str]:
    return [f.code for f in faults]


@pytest.fixture(scope="module")
def election():
    rng = SeededRng("tally")
    dealt = [deal(i, 2, 3, E, rng) for i in (1, 2, 3)]
    commitments = [c for _, c in dealt]
    shares = {j: key_share({p.trustee: share_for(p, j) for p, _ in dealt}) for j in (1, 2, 3)}
    trustees, faults = trustee_faults(commitments, 3, 2, E)
    assert faults == [] and trustees is not None
    votes = ["yes", "no", "yes", "yes", "abstain"]
    ballots = [encrypt_motion_ballot(trustees.election_key, E, v, rng)[0] for v in votes]
    tally = dict(zip(MOTION_CHOICES, encrypted_tally(ballots, 3), strict=True))
    partials = {
        label: [
            partial_decrypt(shares[j], j, trustees.election_key, ct, E, label, rng) for j in (1, 3)
        ]
        for label, ct in tally.items()
    }
    return commitments, trustees, tally, partials, len(ballots)


def test_an_honest_result_has_no_faults(election) -> None:
    _, trustees, tally, partials, n = election
    counts = {}
    for label, ct in tally.items():
        count, faults = decrypt_line(trustees, ct, partials[label], E, label, n)
        assert faults == []
        counts[label] = count
    assert counts == {"yes": 3, "no": 1, "abstain": 1}
    assert result_faults(trustees, tally, partials, counts, n, E) == []


def test_an_altered_result_is_named(election) -> None:
    _, trustees, tally, partials, n = election
    lie = {"yes": 2, "no": 2, "abstain": 1}
    faults = result_faults(trustees, tally, partials, lie, n, E)
    assert [(f.code, f.where) for f in faults] == [
        ("wrong-count", "tally yes"),
        ("wrong-count", "tally no"),
    ]
    too_many = {"yes": 3, "no": 1, "abstain": 6}
    assert codes(result_faults(trustees, tally, partials, too_many, n, E)) == ["wrong-count"]


def test_an_altered_partial_decryption_is_named_and_leaves_too_few(election) -> None:
    _, trustees, tally, partials, n = election
    honest = partials["no"][0]
    altered = PartialDecryption(1, honest.factor + G, honest.proof)
    tampered = {**partials, "no": [altered, *partials["no"][1:]]}
    counts = {"yes": 3, "no": 1, "abstain": 1}
    assert codes(result_faults(trustees, tally, tampered, counts, n, E)) == [
        "partial-proof",
        "too-few-partials",
    ]
    count, faults = decrypt_line(trustees, tally["no"], tampered["no"], E, "no", n)
    assert count is None and codes(faults) == ["partial-proof", "too-few-partials"]


def test_duplicate_and_unknown_trustees_do_not_count(election) -> None:
    _, trustees, tally, partials, n = election
    first = partials["yes"][0]
    doubled = [first, first]
    count, faults = decrypt_line(trustees, tally["yes"], doubled, E, "yes", n)
    assert count is None and codes(faults) == ["duplicate-partial", "too-few-partials"]
    stranger = PartialDecryption(9, first.factor, first.proof)
    _, faults = decrypt_line(trustees, tally["yes"], [stranger, *partials["yes"]], E, "yes", n)
    assert codes(faults) == ["unknown-trustee"]


def test_a_partial_moved_to_another_line_fails(election) -> None:
    _, trustees, tally, partials, n = election
    moved = {**partials, "yes": partials["no"]}
    counts = {"yes": 3, "no": 1, "abstain": 1}
    assert "partial-proof" in codes(result_faults(trustees, tally, moved, counts, n, E))


def test_a_missing_or_extra_trustee_commitment_is_named(election) -> None:
    commitments, *_ = election
    _, faults = trustee_faults(commitments[:2], 3, 2, E)
    assert codes(faults) == ["trustee-set"]
    _, faults = trustee_faults([*commitments, commitments[0]], 3, 2, E)
    assert codes(faults) == ["trustee-set"]
    _, faults = trustee_faults(commitments, 3, 2, "riverside/motion-10")
    assert codes(faults) == ["key-proof"] * 3
    _, faults = trustee_faults(commitments, 3, 4, E)
    assert codes(faults) == ["threshold"]


def test_a_rogue_key_that_cancels_the_others_cannot_prove_itself(election) -> None:
    """Trustee 3 publishes minus the others' key parts, so that y would be the identity."""
    commitments, *_ = election
    cancel = IDENTITY - commitments[0].coefficients[0] - commitments[1].coefficients[0]
    # It cannot know the discrete log of `cancel`; its best is a proof for some other key.
    proof = prove_key(12345, coefficient_context(E, 3))
    rogue = Commitment(3, (cancel, commitments[2].coefficients[1]), proof)
    trustees, faults = trustee_faults([commitments[0], commitments[1], rogue], 3, 2, E)
    assert trustees is None and codes(faults) == ["key-proof"]


def test_the_identity_as_a_key_part_is_refused() -> None:
    proof = prove_key(0, coefficient_context(E, 1))
    lone = Commitment(1, (IDENTITY,), proof)
    trustees, faults = trustee_faults([lone], 1, 1, E)
    assert trustees is None and codes(faults) == ["key-part-identity"]


def test_trustees_record_is_what_the_commitments_determine(election) -> None:
    commitments, trustees, *_ = election
    assert isinstance(trustees, Trustees)
    assert set(trustees.verification_keys) == {1, 2, 3}
    assert trustees.election_key == sum(
        (c.coefficients[0] for c in commitments[1:]), commitments[0].coefficients[0]
    )
