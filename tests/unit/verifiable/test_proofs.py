"""The three proofs: known answers under fixed randomness, and the attacks they must stop."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.verifiable.elgamal import Ciphertext, encrypt
from governance.verifiable.group import G, L, base_mul, random_scalar, scalar_from_hex, scalar_hex
from governance.verifiable.proofs import (
    Proof,
    prove_decryption,
    prove_key,
    prove_range,
    range_proof_to_json,
    verify_decryption,
    verify_key,
    verify_range,
)
from tests.unit.verifiable.seeded import SeededRng

X = random_scalar(SeededRng("kat-key"))
Y = base_mul(X)


def test_the_known_answer_key_is_pinned() -> None:
    assert scalar_hex(X) == "8adb744e28d695f401fee4e83014e16adaecce96663cf3d66efd28736064d208"
    assert Y.hex() == "7234118011c0c904e5ff70b17f07e30a556e8f4c56bc3fd54d8041c02f9de447"


def test_schnorr_known_answer() -> None:
    proof = prove_key(X, "kat", SeededRng("kat-pok"))
    assert proof.to_json() == {
        "challenge": "023ffc7f6ed4376b00243063c960617be7dbe91f28fa800c859c72ed7ef48704",
        "response": "96e4e03b1369484442f0645ffa9563df4d39757dc21e286684251574c03f7e09",
    }
    assert verify_key(Y, proof, "kat")


def test_the_schnorr_challenge_is_the_documented_bytes() -> None:
    """Rebuilds the challenge from docs/VERIFY.md by hand, without governance's hash helper."""
    proof = prove_key(X, "kat", SeededRng("kat-pok"))
    commitment = base_mul(proof.response) - Y * proof.challenge

    def frame(data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + data

    message = b"".join(
        frame(part)
        for part in (b"governance.verifiable.v1", b"pok", b"ristretto255", b"kat", Y.raw)
    ) + frame(commitment.raw)
    digest = hashlib.sha512(message).digest()
    assert proof.challenge == int.from_bytes(digest, "little") % L


def test_a_schnorr_proof_binds_its_context_and_key() -> None:
    proof = prove_key(X, "election-1/trustee/1/coefficient")
    assert verify_key(Y, proof, "election-1/trustee/1/coefficient")
    assert not verify_key(Y, proof, "election-2/trustee/1/coefficient")
    assert not verify_key(Y, proof, "election-1/trustee/2/coefficient")
    assert not verify_key(Y + G, proof, "election-1/trustee/1/coefficient")
    assert not verify_key(
        Y, Proof(proof.challenge, proof.response + 1), "election-1/trustee/1/coefficient"
    )


def test_range_known_answer() -> None:
    ct = encrypt(Y, 1, 5)
    proof = prove_range(Y, ct, 5, 1, 0, 1, "kat", SeededRng("kat-range"))
    assert range_proof_to_json(proof) == [
        {
            "challenge": "6aa147d88b91bb5af8f88c098f256f8eba6b9fba5a34c486ddb555e9a1d91d0a",
            "response": "4c956767a5d7a3e56e3e2b9e141366d647533cb4d36f4eb3e3156e0dd3b68903",
        },
        {
            "challenge": "96f4abbf706302c8f9faad5485220b23fe6a185f443ceff6139e040c95a2730e",
            "response": "a2c0f67f16b7595d4cb636c69bf5e03807a96c5bd49f07c961fe3491f168670e",
        },
    ]
    assert verify_range(Y, ct, proof, 0, 1, "kat")


def test_decryption_known_answer() -> None:
    ct = encrypt(Y, 1, 5)
    factor, proof = prove_decryption(X, Y, ct, "kat", SeededRng("kat-dec"))
    assert factor.hex() == "48b2bd6d455d9f481c122d09fe452b2e785997fe1a337758c57593315353cb2c"
    assert proof.to_json() == {
        "challenge": "a12fafb9c6fa28caa8868a81d3677e83c1df8569181a7119011b21be44cb7b04",
        "response": "afb8c0d68f572674731f805502bbdeb2a50cc7813c51e776376f930f64fec905",
    }
    assert verify_decryption(Y, Y, ct, factor, proof, "kat")


@pytest.mark.parametrize("m", [0, 1])
def test_zero_and_one_both_prove_in_0_1(m: int) -> None:
    r = random_scalar()
    ct = encrypt(Y, m, r)
    assert verify_range(Y, ct, prove_range(Y, ct, r, m, 0, 1, "e"), 0, 1, "e")


def test_a_ciphertext_of_two_has_no_0_1_proof() -> None:
    r = random_scalar()
    ct = encrypt(Y, 2, r)
    with pytest.raises(ValueError):
        prove_range(Y, ct, r, 2, 0, 1, "e")
    # A cheat proves "0..2" honestly, then claims it is a 0..1 proof: wrong length, wrong hash.
    wide = prove_range(Y, ct, r, 2, 0, 2, "e")
    assert verify_range(Y, ct, wide, 0, 2, "e")
    assert not verify_range(Y, ct, wide, 0, 1, "e")
    assert not verify_range(Y, ct, wide[1:], 0, 1, "e")
    assert not verify_range(Y, ct, wide[:2], 0, 1, "e")
    # Or lies about the message: claims m = 1 with the randomness of a 2.
    with pytest.raises(ValueError):
        prove_range(Y, ct, r, 3, 0, 1, "e")
    lie = prove_range(Y, ct, r, 1, 0, 1, "e")
    assert not verify_range(Y, ct, lie, 0, 1, "e")


def test_a_range_proof_replayed_under_another_election_fails() -> None:
    r = random_scalar()
    ct = encrypt(Y, 1, r)
    proof = prove_range(Y, ct, r, 1, 0, 1, "org/motion-1/ballot/choice/0")
    assert verify_range(Y, ct, proof, 0, 1, "org/motion-1/ballot/choice/0")
    assert not verify_range(Y, ct, proof, 0, 1, "org/motion-2/ballot/choice/0")
    assert not verify_range(Y, ct, proof, 0, 1, "org/motion-1/ballot/choice/1")


def test_a_range_proof_is_bound_to_the_key_and_the_whole_ciphertext() -> None:
    """Strong Fiat-Shamir: the hash covers y, alpha and beta, not only the commitments."""
    r = random_scalar()
    ct = encrypt(Y, 1, r)
    proof = prove_range(Y, ct, r, 1, 0, 1, "e")
    other_key = base_mul(random_scalar())
    assert not verify_range(other_key, ct, proof, 0, 1, "e")
    assert not verify_range(Y, Ciphertext(ct.alpha, ct.beta + G), proof, 0, 1, "e")
    assert not verify_range(Y, Ciphertext(ct.alpha + G, ct.beta), proof, 0, 1, "e")
    assert not verify_range(Y, ct, proof, 1, 2, "e")


def test_a_tampered_challenge_or_response_fails() -> None:
    r = random_scalar()
    ct = encrypt(Y, 0, r)
    proof = prove_range(Y, ct, r, 0, 0, 1, "e")
    first, second = proof
    # Moving challenge weight between the branches keeps the sum but breaks the equations.
    shifted = (
        Proof(first.challenge + 1, first.response),
        Proof(second.challenge - 1, second.response),
    )
    assert not verify_range(Y, ct, shifted, 0, 1, "e")
    assert not verify_range(Y, ct, (Proof(first.challenge, first.response + 1), second), 0, 1, "e")


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=6), st.data())
def test_any_value_in_a_range_proves_and_any_outside_cannot(
    lo: int, span: int, data: st.DataObject
) -> None:
    hi = lo + span
    m = data.draw(st.integers(min_value=lo, max_value=hi))
    r = random_scalar()
    ct = encrypt(Y, m, r)
    proof = prove_range(Y, ct, r, m, lo, hi, "p")
    assert len(proof) == hi - lo + 1
    assert verify_range(Y, ct, proof, lo, hi, "p")
    outside = hi + 1
    bad = encrypt(Y, outside, r)
    assert not verify_range(Y, bad, proof, lo, hi, "p")


def test_a_tampered_decryption_factor_fails() -> None:
    ct = encrypt(Y, 1, 77)
    factor, proof = prove_decryption(X, Y, ct, "d")
    assert verify_decryption(Y, Y, ct, factor, proof, "d")
    assert not verify_decryption(Y, Y, ct, factor + G, proof, "d")
    assert not verify_decryption(Y, Y, ct, factor, proof, "d2")
    assert not verify_decryption(Y, Y + G, ct, factor, proof, "d")
    assert not verify_decryption(Y, Y, Ciphertext(ct.alpha, ct.beta + G), factor, proof, "d")
    # A factor made with another key cannot carry a proof against this trustee's key.
    other = random_scalar()
    wrong_factor, wrong_proof = prove_decryption(other, Y, ct, "d")
    assert not verify_decryption(Y, Y, ct, wrong_factor, wrong_proof, "d")


def test_proof_json_refuses_unreduced_scalars() -> None:
    from governance.verifiable.group import EncodingError

    good = {"challenge": scalar_hex(1), "response": scalar_hex(2)}
    assert Proof.from_json(good) == Proof(1, 2)
    with pytest.raises(EncodingError):
        Proof.from_json({"challenge": L.to_bytes(32, "little").hex(), "response": scalar_hex(2)})
    with pytest.raises(EncodingError):
        Proof.from_json({**good, "extra": "x"})
    assert scalar_from_hex(scalar_hex(L - 1)) == L - 1
