"""The Ed25519 key that signs audit checkpoints: where it lives and how it is made.

The key lives in a file outside the database (`GOVERNANCE_SIGNING_KEY_FILE`), so someone who
can rewrite the database cannot also re-sign a rewritten log. The file holds either a PEM
(PKCS #8, unencrypted) private key, as `init_key` writes, or the 32 raw bytes of an Ed25519
seed. `init_key` never overwrites a key: replacing it would orphan every checkpoint members
already hold. Infrastructure only: imports no domain module.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

ENV_VAR = "GOVERNANCE_SIGNING_KEY_FILE"


class SigningKeyError(RuntimeError):
    """The signing key file is missing, unreadable, malformed, or (for init) already there."""


def load_key(path: Path) -> Ed25519PrivateKey:
    """Read the signing key from `path` (PEM or 32 raw bytes)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise SigningKeyError(
            f"No signing key at {path}. Create one with `governance keys init` "
            f"(or point {ENV_VAR} at an existing key)."
        ) from exc
    except OSError as exc:
        raise SigningKeyError(f"The signing key at {path} cannot be read: {exc.strerror}.") from exc
    return parse_key(data, source=str(path))


def parse_key(data: bytes, *, source: str = "the signing key") -> Ed25519PrivateKey:
    """An Ed25519 private key from PEM text or from a bare 32-byte seed."""
    if len(data) == 32:
        return Ed25519PrivateKey.from_private_bytes(data)
    if b"-----BEGIN" in data:
        try:
            key = load_pem_private_key(data, password=None)
        except (ValueError, TypeError) as exc:
            raise SigningKeyError(f"{source} is not an unencrypted PEM private key: {exc}") from exc
        if isinstance(key, Ed25519PrivateKey):
            return key
        raise SigningKeyError(f"{source} is a {type(key).__name__}, not an Ed25519 key.")
    raise SigningKeyError(f"{source} is neither a PEM Ed25519 key nor 32 raw bytes.")


def key_pem(key: Ed25519PrivateKey) -> bytes:
    """The PKCS #8 PEM encoding `init_key` writes."""
    return key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())


def init_key(path: Path) -> Ed25519PrivateKey:
    """Create a new signing key at `path`, readable by its owner only (mode 0600).

    Refuses (SigningKeyError) when a file is already there. The key appears all at once:
    it is written to a private temporary file in the same directory and hard-linked into
    place, which fails rather than replaces when another process got there first.
    """
    path = Path(path)
    if path.exists():
        raise SigningKeyError(f"A signing key already exists at {path}; it was left as it is.")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".signing-key-")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(key_pem(key))
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError as exc:
            raise SigningKeyError(
                f"A signing key already exists at {path}; it was left as it is."
            ) from exc
        except OSError:  # a file system without hard links: exclusive create instead
            _write_exclusive(path, key_pem(key))
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return key


def _write_exclusive(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise SigningKeyError(
            f"A signing key already exists at {path}; it was left as it is."
        ) from exc
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def signing_key(path: Path, *, create_if_missing: bool) -> Ed25519PrivateKey:
    """The key to sign with at start-up.

    With `create_if_missing` (development and tests) a missing key is generated on first
    start; otherwise (production) a missing key is an error that says to run
    `governance keys init`. A key created concurrently by another worker is loaded.
    """
    path = Path(path)
    if create_if_missing and not path.exists():
        try:
            return init_key(path)
        except SigningKeyError:
            if not path.exists():
                raise
    return load_key(path)
