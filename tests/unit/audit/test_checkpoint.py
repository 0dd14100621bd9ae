"""Signed checkpoints: known answers from the specs, and the forgeries a verifier must refuse.

Known answers:
- c2sp.org/signed-note, "Verifier keys / Example": the vkey `example.com/foo+530d903a+...`
  verifies the note "This is an example message.".
- golang.org/x/mod sumdb/note note_test.go TestSign (the reference implementation): the key
  `PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz` (base64 of
  0x01 || the Ed25519 seed), its vkey, and the exact signed note it produces.
- c2sp.org/tlog-checkpoint: the example checkpoint body.
- Our own checkpoint under a documented fixed key, seed SHA-256("governance test key"), so a
  change of format is noticed.
"""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from governance.audit.checkpoint import (
    Checkpoint,
    NoteError,
    key_id,
    make_checkpoint,
    open_note,
    parse_checkpoint,
    parse_vkey,
    public_key_bytes,
    sign_checkpoint,
    sign_note,
    verify_checkpoint,
    verify_note,
    vkey,
)

SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
SPEC_NOTE = (
    "This is an example message.\n\n— example.com/foo "
    "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"
)
PETER = Ed25519PrivateKey.from_private_bytes(
    base64.b64decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")[1:]
)
PETER_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_NOTE = (
    PETER_TEXT + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2p"
    "ZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)
FIXED = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"governance test key").digest())
ORIGIN = "governance.example/orgs/acme/audit"
ROOT = hashlib.sha256(b"root").digest()
FIXED_VKEY = f"{ORIGIN}+e64811e9+ASr7KB0KUiJLFs7d2krcEulfPEwsAm7MoIzHBX00tlJQ"
FIXED_NOTE = (
    f"{ORIGIN}\n3\nSBNJTRN+FjG7owHVrKtue7eqdM4RhdRWVl71HXN2d7I=\n\n— {ORIGIN} 5kgR6bMB05NIB2A8pI+"
    "P/Cj2sG1763opFjQW6ZOnCrlz0tngdcjWOXuUn1JfRmO9Q1EvjrfVkau4c5aCTi+YRlapkgE=\n"
)


def test_the_signed_note_spec_example_verifies() -> None:
    name, public_key = parse_vkey(SPEC_VKEY)
    assert open_note(SPEC_NOTE, name, public_key) == "This is an example message.\n"
    assert vkey(name, public_key) == SPEC_VKEY


def test_the_go_reference_signs_exactly_as_we_do() -> None:
    assert vkey("PeterNeumann", PETER) == (
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    )
    assert key_id("PeterNeumann", PETER).hex() == "c74f20a3"
    assert sign_note(PETER_TEXT, "PeterNeumann", PETER) == PETER_NOTE
    assert open_note(PETER_NOTE, "PeterNeumann", PETER.public_key()) == PETER_TEXT


def test_the_tlog_checkpoint_spec_example_parses() -> None:
    body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    cp = parse_checkpoint(body)
    assert (cp.origin, cp.size) == ("example.com/behind-the-sofa", 20852163)
    assert make_checkpoint(cp.origin, cp.size, cp.root) == body


def test_our_checkpoint_under_the_fixed_key() -> None:
    assert vkey(ORIGIN, FIXED) == FIXED_VKEY
    assert sign_checkpoint(ORIGIN, 3, ROOT, FIXED) == FIXED_NOTE
    assert verify_checkpoint(FIXED_NOTE, FIXED_VKEY) == Checkpoint(ORIGIN, 3, ROOT)
    assert verify_note(FIXED_NOTE, ORIGIN, FIXED.public_key()) == Checkpoint(ORIGIN, 3, ROOT)


@pytest.mark.parametrize(
    ("old", "new"),
    [("\n3\n", "\n4\n"), ("\n3\n", "\n2\n"), ("SBNJ", "SBNK"), ("acme/audit\n", "acmf/audit\n")],
)
def test_an_edited_checkpoint_fails(old: str, new: str) -> None:
    forged = FIXED_NOTE.replace(old, new, 1)
    with pytest.raises(NoteError):
        verify_note(forged, ORIGIN, FIXED.public_key())


def test_another_key_with_the_same_name_is_not_trusted() -> None:
    impostor = Ed25519PrivateKey.generate()
    note = sign_checkpoint(ORIGIN, 3, ROOT, impostor)
    with pytest.raises(NoteError, match="no signature"):
        verify_note(note, ORIGIN, FIXED.public_key())


def test_a_bad_signature_under_the_trusted_key_id_rejects_the_note() -> None:
    signature = base64.b64encode(key_id(ORIGIN, FIXED) + bytes(64)).decode()
    note = make_checkpoint(ORIGIN, 3, ROOT) + f"\n— {ORIGIN} {signature}\n"
    with pytest.raises(NoteError, match="does not verify"):
        verify_note(note, ORIGIN, FIXED.public_key())


def test_unknown_signatures_are_ignored() -> None:
    other = sign_note(make_checkpoint(ORIGIN, 3, ROOT), "witness.example", PETER)
    cosigned = FIXED_NOTE + other.split("\n\n")[1]
    assert verify_note(cosigned, ORIGIN, FIXED.public_key()).size == 3


@pytest.mark.parametrize(
    "note",
    [
        "no blank line\n— a b\n",
        FIXED_NOTE.replace("— ", "-- "),
        FIXED_NOTE.replace("— ", "—"),
        FIXED_NOTE.rstrip("\n"),
        FIXED_NOTE.replace("=\n", "=!\n"),
        FIXED_NOTE + "\n",
        FIXED_NOTE.replace("\n3\n", "\n3\t\n"),
        "",
    ],
)
def test_malformed_notes_are_refused(note: str) -> None:
    with pytest.raises(NoteError):
        verify_note(note, ORIGIN, FIXED.public_key())


@pytest.mark.parametrize(
    "body",
    [
        f"{ORIGIN}\n03\n{base64.b64encode(ROOT).decode()}\n",
        f"{ORIGIN}\n-1\n{base64.b64encode(ROOT).decode()}\n",
        f"{ORIGIN}\n3\n{base64.b64encode(ROOT[:31]).decode()}\n",
        f"{ORIGIN}\n3\nnot base64!\n",
        f"{ORIGIN}\n3\n",
        f"{ORIGIN}\n3\n{base64.b64encode(ROOT).decode()}",
        f"{ORIGIN}\n3\n{base64.b64encode(ROOT).decode()}\n\nextension\n",
    ],
)
def test_malformed_checkpoints_are_refused(body: str) -> None:
    with pytest.raises(NoteError):
        parse_checkpoint(body)


def test_extension_lines_are_kept() -> None:
    body = make_checkpoint(ORIGIN, 0, ROOT) + "extra\n"
    assert parse_checkpoint(body).extensions == ("extra",)


@pytest.mark.parametrize(
    "text",
    [
        SPEC_VKEY.replace("530d903a", "530d903b"),
        SPEC_VKEY.replace("+Aek", "+Aek!"),
        SPEC_VKEY.replace("+Aek", "+Aak"),
        "example.com/foo+530d903a",
        "example.com/foo+530d903a+" + base64.b64encode(b"\x02" + bytes(32)).decode(),
    ],
)
def test_malformed_vkeys_are_refused(text: str) -> None:
    with pytest.raises(NoteError):
        parse_vkey(text)


def test_the_key_must_belong_to_the_checkpoints_origin() -> None:
    note = sign_note(make_checkpoint("other.example/log", 3, ROOT), ORIGIN, FIXED)
    with pytest.raises(NoteError, match=r"is for other\.example/log"):
        verify_checkpoint(note, FIXED_VKEY)


def test_unsignable_inputs_are_refused() -> None:
    for bad in ["", "has space", "has+plus"]:
        with pytest.raises(ValueError):
            make_checkpoint(bad, 1, ROOT)
        with pytest.raises(ValueError):
            sign_note("text\n", bad, FIXED)
    with pytest.raises(ValueError):
        make_checkpoint(ORIGIN, -1, ROOT)
    with pytest.raises(ValueError):
        sign_note("no final newline", ORIGIN, FIXED)


def test_a_vkey_whose_base64_holds_a_plus_round_trips() -> None:
    """Standard base64 uses "+": only the first two "+" separate a vkey's fields."""
    for seed in range(256):
        key = Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)
        text = vkey("example.org/log", key.public_key())
        if text.count("+") > 2:
            break
    else:
        pytest.fail("no key with a '+' in its base64 among 256 seeds")
    name, public_key = parse_vkey(text)
    assert name == "example.org/log" and public_key_bytes(public_key) == public_key_bytes(key)
    note = sign_checkpoint("example.org/log", 1, b"\x01" * 32, key)
    assert verify_checkpoint(note, text).size == 1
