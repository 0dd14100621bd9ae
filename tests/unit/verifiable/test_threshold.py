"""The t-of-n key: dealing, Feldman checks, the joint key, partial decryption, combination."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.verifiable.elgamal import add_all, discrete_log, encrypt_random
from governance.verifiable.group import G, base_mul
from governance.verifiable.proofs import Proof
from governance.verifiable.threshold import (
    Commitment,
    NotEnoughShares,
    PartialDecryption,
    combine,
    commitment_faults,
    deal,
    election_public_key,
    interpolate_factors,
    key_share,
    lagrange_at_zero,
    partial_decrypt,
    share_for,
    verification_key,
    verify_partial,
    verify_share,
)
from tests.unit.verifiable.seeded import SeededRng

ELECTION = "org/motion-7"


def ceremony(threshold: int, trustees: int, seed: str = "dkg"):
    """Run the whole key generation honestly; returns commitments, key shares and y."""
    rng = SeededRng(seed)
    dealt = [deal(i, threshold, trustees, ELECTION, rng) for i in range(1, trustees + 1)]
    commitments = [c for _, c in dealt]
    shares: dict[int, int] = {}
    for j in range(1, trustees + 1):
        received = {}
        for polynomial, commitment in dealt:
            s = share_for(polynomial, j)
            assert verify_share(commitment, j, s)
            received[polynomial.trustee] = s
        shares[j] = key_share(received)
    return commitments, shares, election_public_key(commitments)


def test_every_commitment_verifies_and_each_share_matches_its_verification_key() -> None:
    commitments, shares, y = ceremony(2, 3)
    for c in commitments:
        assert commitment_faults(c, 2, ELECTION) == []
        assert Commitment.from_json(c.to_json()) == c
    for j, x_j in shares.items():
        assert base_mul(x_j) == verification_key(commitments, j)
    # The joint secret is the sum of the constant terms, which no one holds: check it via
    # interpolation of the public verification keys at 0.
    lambdas = lagrange_at_zero([1, 2])
    rebuilt = (
        verification_key(commitments, 1) * lambdas[1]
        + verification_key(commitments, 2) * lambdas[2]
    )
    assert rebuilt == y


def test_a_share_that_does_not_match_the_commitment_is_caught() -> None:
    polynomial, commitment = deal(1, 2, 3, ELECTION, SeededRng("one"))
    good = share_for(polynomial, 2)
    assert verify_share(commitment, 2, good)
    assert not verify_share(commitment, 2, good + 1)
    assert not verify_share(commitment, 3, good)  # trustee 2's share shown to trustee 3


def test_a_commitment_for_another_election_or_trustee_fails_its_proof() -> None:
    _, commitment = deal(1, 2, 3, ELECTION, SeededRng("one"))
    assert [f.code for f in commitment_faults(commitment, 2, "org/motion-8")] == ["key-proof"]
    moved = Commitment(2, commitment.coefficients, commitment.proof)
    assert [f.code for f in commitment_faults(moved, 2, ELECTION)] == ["key-proof"]
    assert [f.code for f in commitment_faults(commitment, 3, ELECTION)] == ["commitment-size"]
    first, *rest = commitment.coefficients
    forged = Commitment(1, (first + G, *rest), commitment.proof)
    assert [f.code for f in commitment_faults(forged, 2, ELECTION)] == ["key-proof"]


def tally_of(y, votes, seed="ballots"):
    rng = SeededRng(seed)
    return add_all(encrypt_random(y, v, rng)[0] for v in votes)


@pytest.mark.parametrize(("threshold", "trustees"), [(1, 1), (2, 3), (3, 5), (3, 3)])
def test_any_t_trustees_decrypt_the_tally(threshold: int, trustees: int) -> None:
    commitments, shares, y = ceremony(threshold, trustees)
    votes = [1, 1, 0, 1, 0, 1, 1]
    total = tally_of(y, votes)
    for subset in itertools.combinations(range(1, trustees + 1), threshold):
        partials = [
            partial_decrypt(shares[j], j, y, total, ELECTION, "yes", SeededRng(f"pd{j}"))
            for j in subset
        ]
        for p in partials:
            key = verification_key(commitments, p.trustee)
            assert verify_partial(p, key, y, total, ELECTION, "yes")
            assert PartialDecryption.from_json(p.to_json()) == p
        assert discrete_log(combine(total, partials, threshold)) == sum(votes)


def test_t_minus_1_shares_do_not_decrypt() -> None:
    _, shares, y = ceremony(3, 5)
    total = tally_of(y, [1, 1, 1, 0, 1])
    partials = [partial_decrypt(shares[j], j, y, total, ELECTION, "yes") for j in (2, 4)]
    with pytest.raises(NotEnoughShares):
        combine(total, partials, 3)
    # Interpolating the two anyway yields a point unrelated to g^m for any plausible m.
    forced = total.beta - interpolate_factors(partials)
    assert discrete_log(forced, bound=10_000) is None
    # Duplicates of one trustee do not count twice.
    with pytest.raises(NotEnoughShares):
        combine(total, [partials[0], partials[0], partials[1]], 3)


def test_a_tampered_partial_decryption_fails_its_proof() -> None:
    commitments, shares, y = ceremony(2, 3)
    total = tally_of(y, [1, 0, 1])
    honest = partial_decrypt(shares[1], 1, y, total, ELECTION, "yes")
    key = verification_key(commitments, 1)
    assert verify_partial(honest, key, y, total, ELECTION, "yes")
    altered = PartialDecryption(1, honest.factor + G, honest.proof)
    assert not verify_partial(altered, key, y, total, ELECTION, "yes")
    nudge = Proof(honest.proof.challenge, honest.proof.response + 1)
    nudged = PartialDecryption(1, honest.factor, nudge)
    assert not verify_partial(nudged, key, y, total, ELECTION, "yes")
    # Trustee 2 cannot pass off trustee 1's share, nor can the share move to another tally line.
    as_two = PartialDecryption(2, honest.factor, honest.proof)
    key_two = verification_key(commitments, 2)
    assert not verify_partial(as_two, key_two, y, total, ELECTION, "yes")
    assert not verify_partial(honest, key, y, total, ELECTION, "no")
    assert not verify_partial(honest, key, y, total, "org/motion-8", "yes")
    # An altered (unverified) factor, combined, gives a wrong result: which is why every
    # partial is verified before combining.
    other = partial_decrypt(shares[2], 2, y, total, ELECTION, "yes")
    assert discrete_log(combine(total, [altered, other], 2)) != 2


def test_lagrange_coefficients_refuse_repeats_and_zero() -> None:
    with pytest.raises(ValueError):
        lagrange_at_zero([1, 1])
    with pytest.raises(ValueError):
        lagrange_at_zero([0, 1])


def test_parameters_are_checked() -> None:
    with pytest.raises(ValueError):
        deal(1, 4, 3, ELECTION)
    with pytest.raises(ValueError):
        deal(4, 2, 3, ELECTION)
    with pytest.raises(ValueError):
        deal(1, 0, 3, ELECTION)


@settings(max_examples=8, deadline=None)
@given(st.integers(min_value=1, max_value=5), st.data())
def test_any_t_of_n_decrypt_and_any_fewer_cannot(trustees: int, data: st.DataObject) -> None:
    threshold = data.draw(st.integers(min_value=1, max_value=trustees))
    _, shares, y = ceremony(threshold, trustees, seed=f"prop-{trustees}-{threshold}")
    count = data.draw(st.integers(min_value=0, max_value=50))
    total = tally_of(y, [1] * count + [0] * 3)
    subset = data.draw(st.permutations(range(1, trustees + 1)))[:threshold]
    partials = [partial_decrypt(shares[j], j, y, total, ELECTION, "x") for j in subset]
    assert discrete_log(combine(total, partials, threshold), bound=100) == count
    if threshold > 1:
        with pytest.raises(NotEnoughShares):
            combine(total, partials[:-1], threshold)


def test_dealing_known_answer() -> None:
    """Three trustees deal in turn from one seeded source, 2 of 3, election kat-election."""
    rng = SeededRng("kat-dkg")
    commitments = [deal(i, 2, 3, "kat-election", rng)[1] for i in (1, 2, 3)]
    assert commitments[0].to_json() == {
        "trustee": 1,
        "coefficients": [
            "64f5782921a6f2c0d3a05e1d915b122466cdd7e07bb2fc3f86b47ad7f568fa0f",
            "d265c4a0734d4b3efb98051c3721927ad1ef347fc4418e557f9686cafd455250",
        ],
        "proof": {
            "challenge": "378b7764a744bbb4c7fc1358b5e8b53390a2d462069da76423fc6ed49a60d20d",
            "response": "db34bd5a48392d48300b509b7d63fab4667efb98737a415dcf539757eba58f08",
        },
    }
    assert all(commitment_faults(c, 2, "kat-election") == [] for c in commitments)
    y = election_public_key(commitments)
    assert y.hex() == "d82c74ea226907246e3c96d2c7951a0bcd0b29f6e6806e640cb898e65b5d1e45"
    key = verification_key(commitments, 2).hex()
    assert key == "3ae6dd992354f5eeca1fe74cd48055325b90b5f6df3c15da433144803b586036"
