"""The ceremony's share channel: ceremony keys, masking, unmasking, Feldman's check, and the
known answers of docs/VERIFY.md section 6.1 (fixed randomness)."""

from __future__ import annotations

import hashlib

import pytest

from governance.verifiable.channel import (
    EncryptedShare,
    ceremony_key_faults,
    decrypt_share,
    encrypt_share,
    make_ceremony_key,
    receive_share,
    share_mask,
)
from governance.verifiable.group import (
    IDENTITY,
    EncodingError,
    G,
    L,
    hash_input,
    scalar_hex,
)
from governance.verifiable.proofs import Proof
from governance.verifiable.threshold import deal, share_for
from tests.unit.verifiable.seeded import SeededRng

CONTEXT = "kat-ceremony"


def _kat() -> tuple[list, object, object, int, EncryptedShare]:
    """Three ceremony keys, trustee 1's 2-of-3 dealing, and its share for trustee 2, in that
    order from one source seeded `kat-channel`."""
    rng = SeededRng("kat-channel")
    keys = [make_ceremony_key(CONTEXT, j, rng) for j in (1, 2, 3)]
    polynomial, commitment = deal(1, 2, 3, CONTEXT, rng)
    share = share_for(polynomial, 2)
    encrypted = encrypt_share(share, CONTEXT, 1, 2, keys[1][0].public, rng)
    return keys, polynomial, commitment, share, encrypted


def test_channel_known_answer() -> None:
    keys, _, commitment, share, encrypted = _kat()
    (k1, _), (k2, p2), (k3, _) = keys
    assert scalar_hex(k2.secret) == (
        "9605d98c54b23153802466a8aaa0a64e5d02f0c506b86fb30a2c5501cc9e8a08"
    )
    assert [k.public.hex() for k in (k1, k2, k3)] == [
        "102c057054368e84c5b7c818fd450a52a96dffb9d1750c1a7e694018de939803",
        "54b9627d14ec77eb199b3229162b71b02c37e85c4ca9605711983000dd4dd67c",
        "1ee44adaf91a83e4fe85c1561548fc9fc61cdbc4c742e876cf934816b4a21019",
    ]
    assert p2.to_json() == {
        "challenge": "c1d985165b964b2d557ce0b509a02f552f94792d5d074049468001fc2e652d0c",
        "response": "b88dc4e4f9ed3a3b130ee0430e8a46f3d9c6ca6f9384051cda95bfacfeac040a",
    }
    for j, (key, proof) in enumerate(keys, start=1):
        assert ceremony_key_faults(key.public, proof, CONTEXT, j) == []
    assert scalar_hex(share) == "e4aa267563f1005becc4458e35a82519b13dcdb02e5614f4b16ceb82d0b00c06"
    assert encrypted.to_json() == {
        "from": 1,
        "to": 2,
        "ephemeral": "9e75fbd05f7fe2a64c1f11da10be423544e362fba7ceb619ae00b1b8a8af9a69",
        "masked": "36a49c5e373dc7f21995cd420fd2415319be98185e1d3c8a7fad34492ede9f09",
    }
    shared = encrypted.ephemeral * k2.secret
    assert shared.hex() == "7405c044ca34bdc100141cd0c631aaea119296dad3913251eb2c840961320c74"
    # The exact bytes hashed for the mask (docs/VERIFY.md 6.1), 201 of them.
    framed = hash_input("share", CONTEXT, 1, 2, k2.public, encrypted.ephemeral, shared)
    assert len(framed) == 201
    assert framed.hex() == (
        "00000018676f7665726e616e63652e76657269666961626c652e7631"
        "000000057368617265"
        "0000000c72697374726574746f323535"
        "0000000c6b61742d636572656d6f6e79"
        "000000080000000000000001"
        "000000080000000000000002"
        "0000002054b9627d14ec77eb199b3229162b71b02c37e85c4ca9605711983000dd4dd67c"
        "000000209e75fbd05f7fe2a64c1f11da10be423544e362fba7ceb619ae00b1b8a8af9a69"
        "000000207405c044ca34bdc100141cd0c631aaea119296dad3913251eb2c840961320c74"
    )
    mask = int.from_bytes(hashlib.sha512(framed).digest(), "little") % L
    assert mask == share_mask(CONTEXT, 1, 2, k2.public, encrypted.ephemeral, shared)
    assert scalar_hex(mask) == "52f975e9d34bc6972dd087b4d9291c3a6880cb672fc72796cd4049c65d2d9303"
    assert (share + mask) % L == encrypted.masked
    assert receive_share(encrypted, CONTEXT, k2, commitment) == share


def test_only_the_recipient_unmasks_a_share_that_passes_feldman() -> None:
    keys, _, commitment, share, encrypted = _kat()
    (k1, _), (k2, _), (k3, _) = keys
    assert decrypt_share(encrypted, CONTEXT, k2) == share
    assert decrypt_share(encrypted, CONTEXT, k3) != share
    assert decrypt_share(encrypted, CONTEXT, k1) != share
    # Trustee 3 with its own key, reading trustee 2's share: nothing that passes the check.
    as_three = EncryptedShare(1, 3, encrypted.ephemeral, encrypted.masked)
    assert receive_share(as_three, CONTEXT, k3, commitment) is None
    # The same share under another ceremony's context unmasks to something else.
    assert decrypt_share(encrypted, "other-ceremony", k2) != share


def test_a_tampered_share_or_ephemeral_fails_the_recipients_check() -> None:
    keys, _, commitment, _, encrypted = _kat()
    k2 = keys[1][0]
    nudged = EncryptedShare(1, 2, encrypted.ephemeral, (encrypted.masked + 1) % L)
    assert receive_share(nudged, CONTEXT, k2, commitment) is None
    moved = EncryptedShare(1, 2, encrypted.ephemeral + G, encrypted.masked)
    assert receive_share(moved, CONTEXT, k2, commitment) is None
    blank = EncryptedShare(1, 2, IDENTITY, encrypted.masked)
    assert receive_share(blank, CONTEXT, k2, commitment) is None
    # Checked against another dealer's commitment: refused.
    _, other = deal(3, 2, 3, CONTEXT, SeededRng("other"))
    assert receive_share(encrypted, CONTEXT, k2, other) is None


def test_a_ceremony_key_proof_is_bound_to_its_trustee_and_ceremony() -> None:
    keys, *_ = _kat()
    key, proof = keys[0]
    assert ceremony_key_faults(key.public, proof, CONTEXT, 1) == []
    assert ceremony_key_faults(key.public, proof, CONTEXT, 2) != []
    assert ceremony_key_faults(key.public, proof, "other-ceremony", 1) != []
    assert ceremony_key_faults(keys[1][0].public, proof, CONTEXT, 1) != []
    nudge = Proof(proof.challenge, (proof.response + 1) % L)
    assert ceremony_key_faults(key.public, nudge, CONTEXT, 1) != []
    assert ceremony_key_faults(IDENTITY, proof, CONTEXT, 1) != []


def test_encoding_is_strict() -> None:
    *_, encrypted = _kat()
    assert EncryptedShare.from_json(encrypted.to_json()) == encrypted
    data = encrypted.to_json()
    with pytest.raises(EncodingError):
        EncryptedShare.from_json({**data, "extra": 1})
    with pytest.raises(EncodingError):
        EncryptedShare.from_json({**data, "to": True})
    with pytest.raises(EncodingError):
        EncryptedShare.from_json({**data, "masked": "00" * 31 + "ff"})  # above L
    with pytest.raises(EncodingError):
        EncryptedShare.from_json({**data, "masked": "ff" * 32})  # not below L either
    with pytest.raises(EncodingError):
        EncryptedShare.from_json({**data, "ephemeral": "ff" * 32})
    with pytest.raises(ValueError):
        encrypt_share(1, CONTEXT, 1, 2, IDENTITY)
