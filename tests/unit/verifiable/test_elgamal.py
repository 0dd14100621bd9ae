"""Exponential ElGamal: encryption, the homomorphic sum, decryption to a small count."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from governance.verifiable.elgamal import (
    ZERO,
    add_all,
    decrypt,
    decrypt_to_point,
    discrete_log,
    encrypt,
    encrypt_random,
    keygen,
)
from governance.verifiable.group import IDENTITY, base_mul
from tests.unit.verifiable.seeded import SeededRng


def test_a_zero_vote_encrypts_and_decrypts() -> None:
    x, y = keygen(SeededRng("key"))
    ct, _ = encrypt_random(y, 0, SeededRng("r"))
    assert decrypt_to_point(x, ct) == IDENTITY
    assert decrypt(x, ct) == 0


def test_encryption_with_fixed_randomness_is_g_r_and_g_m_y_r() -> None:
    x, y = keygen(SeededRng("key"))
    ct = encrypt(y, 3, 7)
    assert ct.alpha == base_mul(7)
    assert ct.beta == base_mul(3 + 7 * x)


def test_the_sum_of_ciphertexts_decrypts_to_the_sum_of_votes() -> None:
    x, y = keygen(SeededRng("key"))
    rng = SeededRng("votes")
    votes = [1, 0, 1, 1, 0, 1, 0, 0, 1]
    total = add_all(encrypt_random(y, v, rng)[0] for v in votes)
    assert decrypt(x, total) == sum(votes)
    assert decrypt(x, add_all([])) == 0
    assert add_all([]) == ZERO


def test_the_wrong_key_does_not_decrypt() -> None:
    _, y = keygen(SeededRng("key"))
    other, _ = keygen(SeededRng("other"))
    ct = encrypt(y, 1, 99)
    assert decrypt(other, ct, bound=1000) is None


def test_discrete_log_finds_counts_up_to_the_bound_and_not_beyond() -> None:
    for m in (0, 1, 2, 316, 317, 318, 9_999, 99_999, 100_000):
        assert discrete_log(base_mul(m)) == m
    assert discrete_log(base_mul(100_001)) is None
    assert discrete_log(base_mul(11), bound=10) is None
    assert discrete_log(base_mul(10), bound=10) == 10


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=0, max_value=2**255))
def test_decrypt_inverts_encrypt(m: int, r: int) -> None:
    x, y = keygen(SeededRng("key"))
    assert decrypt(x, encrypt(y, m, r)) == m
