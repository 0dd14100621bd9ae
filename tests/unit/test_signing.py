"""The checkpoint signing key file: created private, never overwritten, read in two forms."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    PrivateFormat,
)

from governance.audit.checkpoint import public_key_bytes
from governance.signing import (
    SigningKeyError,
    init_key,
    key_pem,
    load_key,
    parse_key,
    signing_key,
)


def test_init_creates_an_owner_only_pem_that_loads_back(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "signing.pem"
    key = init_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert public_key_bytes(load_key(path)) == public_key_bytes(key)
    assert [p.name for p in path.parent.iterdir()] == ["signing.pem"]  # no temporary left


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "signing.pem"
    first = init_key(path)
    before = path.read_bytes()
    with pytest.raises(SigningKeyError, match="already exists"):
        init_key(path)
    assert path.read_bytes() == before
    assert public_key_bytes(load_key(path)) == public_key_bytes(first)


def test_concurrent_first_starts_agree_on_one_key(tmp_path: Path) -> None:
    path = tmp_path / "signing.pem"
    keys: list[bytes] = []

    def start() -> None:
        keys.append(public_key_bytes(signing_key(path, create_if_missing=True)))

    threads = [threading.Thread(target=start) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(keys) == 8 and len(set(keys)) == 1


def test_a_raw_seed_file_loads(tmp_path: Path) -> None:
    seed = bytes(range(32))
    path = tmp_path / "seed.key"
    path.write_bytes(seed)
    expected = Ed25519PrivateKey.from_private_bytes(seed)
    assert public_key_bytes(load_key(path)) == public_key_bytes(expected)


def test_production_never_generates_a_key(tmp_path: Path) -> None:
    path = tmp_path / "missing.pem"
    with pytest.raises(SigningKeyError, match="governance keys init"):
        signing_key(path, create_if_missing=False)
    assert not path.exists()


def test_development_generates_once_then_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "dev.pem"
    first = signing_key(path, create_if_missing=True)
    again = signing_key(path, create_if_missing=True)
    assert public_key_bytes(first) == public_key_bytes(again)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"short",
        b"-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n",
        generate_private_key(SECP256R1()).private_bytes(
            Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
        ),
        Ed25519PrivateKey.generate().private_bytes(
            Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(b"passphrase")
        ),
    ],
    ids=["empty", "short", "bad-pem", "ecdsa", "encrypted"],
)
def test_unusable_key_files_are_refused_clearly(data: bytes) -> None:
    with pytest.raises(SigningKeyError):
        parse_key(data)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_key_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.pem"
    path.write_bytes(key_pem(Ed25519PrivateKey.generate()))
    path.chmod(0)
    with pytest.raises(SigningKeyError, match="cannot be read"):
        load_key(path)
