"""Signed checkpoints: C2SP `tlog-checkpoint` bodies in C2SP `signed-note`s, Ed25519. Pure.

A checkpoint body is three lines, each ending in a newline:

    <origin>
    <tree size in decimal>
    <base64 of the RFC 9162 root hash>

A signed note is the body, a blank line, and signature lines

    — <key name> <base64(4-byte key ID || 64-byte Ed25519 signature over the body)>

with the key ID the first four bytes of SHA-256(key name || 0x0A || 0x01 || public key).
A verifier key ("vkey") publishes a key as `<name>+<hex key ID>+<base64(0x01 || key)>`.
Specs: https://c2sp.org/tlog-checkpoint and https://c2sp.org/signed-note. The key name
SHOULD equal the origin; keys are loaded from files by `governance.signing`, not here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519 = 0x01  # the signed-note signature type byte for Ed25519
EM_DASH = "\u2014"
MAX_SIGNATURES = 100  # signed-note: verifiers must accept at least 16
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")
_SIZE = re.compile(r"0|[1-9][0-9]*")


class NoteError(ValueError):
    """A note or checkpoint is malformed, or no trusted signature on it verifies."""


@dataclass(frozen=True)
class Checkpoint:
    """What a checkpoint states: the log `origin` had `size` entries with tree root `root`."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()


def _valid_name(name: str) -> bool:
    return bool(name) and not any(c.isspace() or c == "+" for c in name)


def make_checkpoint(origin: str, size: int, root: bytes) -> str:
    """The checkpoint body (note text) for a tree of `size` leaves with root hash `root`."""
    if not _valid_name(origin) or _CONTROL.search(origin):
        raise ValueError("a checkpoint origin is non-empty, without spaces, '+' or controls")
    if size < 0:
        raise ValueError("a tree size is not negative")
    if len(root) != 32:
        raise ValueError("a root hash is 32 bytes")
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"


def parse_checkpoint(body: str) -> Checkpoint:
    """Read a checkpoint body (the text of a note, already verified)."""
    if not body.endswith("\n"):
        raise NoteError("a checkpoint ends in a newline")
    lines = body[:-1].split("\n")
    if len(lines) < 3 or any(not line for line in lines):
        raise NoteError("a checkpoint has an origin, a size and a root hash, on non-empty lines")
    origin, size, root_b64, *extensions = lines
    if not _SIZE.fullmatch(size):
        raise NoteError(f"the checkpoint's tree size {size!r} is not a plain decimal number")
    try:
        root = base64.b64decode(root_b64, validate=True)
    except binascii.Error as exc:
        raise NoteError("the checkpoint's root hash is not base64") from exc
    if len(root) != 32:
        raise NoteError("the checkpoint's root hash is not 32 bytes")
    return Checkpoint(origin, int(size), root, tuple(extensions))


def public_key_bytes(key: Ed25519PublicKey | Ed25519PrivateKey) -> bytes:
    """The 32-byte RFC 8032 encoding of a public key (of the private key's, if given one)."""
    if isinstance(key, Ed25519PrivateKey):
        key = key.public_key()
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(key_name: str, public_key: Ed25519PublicKey | Ed25519PrivateKey) -> bytes:
    """The 4-byte signed-note key ID: SHA-256(name || 0x0A || 0x01 || public key)[:4]."""
    material = key_name.encode() + b"\n" + bytes([ED25519]) + public_key_bytes(public_key)
    return hashlib.sha256(material).digest()[:4]


def vkey(key_name: str, public_key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """The verifier key text to publish: `<name>+<hex key ID>+<base64(0x01 || key)>`."""
    if not _valid_name(key_name):
        raise ValueError("a key name is non-empty, without spaces or '+'")
    encoded = base64.b64encode(bytes([ED25519]) + public_key_bytes(public_key)).decode()
    return f"{key_name}+{key_id(key_name, public_key).hex()}+{encoded}"


def parse_vkey(text: str) -> tuple[str, Ed25519PublicKey]:
    """The key name and Ed25519 public key of a verifier key; NoteError when it is not one."""
    parts = text.strip().split("+", 2)  # the base64 key may itself contain "+"
    if len(parts) != 3 or not _valid_name(parts[0]):
        raise NoteError("a verifier key is <name>+<hex key ID>+<base64 key>")
    name, hex_id, encoded = parts
    try:
        material = base64.b64decode(encoded, validate=True)
        claimed = bytes.fromhex(hex_id)
    except (binascii.Error, ValueError) as exc:
        raise NoteError("the verifier key's ID or key is not hex and base64") from exc
    if len(material) != 33 or material[0] != ED25519:
        raise NoteError("the verifier key is not an Ed25519 key")
    try:
        public_key = Ed25519PublicKey.from_public_bytes(material[1:])
    except ValueError as exc:
        raise NoteError("the verifier key is not a valid Ed25519 key") from exc
    if claimed != key_id(name, public_key):
        raise NoteError("the verifier key's ID does not match its name and key")
    return name, public_key


def sign_note(body: str, key_name: str, private_key: Ed25519PrivateKey) -> str:
    """The signed note: `body`, a blank line, and one Ed25519 signature line."""
    if not _valid_name(key_name):
        raise ValueError("a key name is non-empty, without spaces or '+'")
    if not body.endswith("\n") or _CONTROL.search(body):
        raise ValueError("a note text ends in a newline and has no other control characters")
    signature = key_id(key_name, private_key) + private_key.sign(body.encode())
    return f"{body}\n{EM_DASH} {key_name} {base64.b64encode(signature).decode()}\n"


def open_note(note: str, key_name: str, public_key: Ed25519PublicKey) -> str:
    """The text of `note` once a signature by (`key_name`, `public_key`) on it verifies.

    Signature lines by other keys are ignored, as the spec requires; a signature by this
    key that fails, or no signature by it at all, raises NoteError.
    """
    if _CONTROL.search(note):
        raise NoteError("a note has no control characters other than newlines")
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise NoteError("a note is text, a blank line, then signature lines")
    text, signature_lines = note[: split + 1], note[split + 2 : -1].split("\n")
    if len(signature_lines) > MAX_SIGNATURES:
        raise NoteError("the note has too many signatures")
    wanted = key_id(key_name, public_key)
    found = False
    for line in signature_lines:
        name, signature = _parse_signature_line(line)
        if name != key_name or signature[:4] != wanted:
            continue
        found = True
        try:
            public_key.verify(signature[4:], text.encode())
        except InvalidSignature as exc:
            raise NoteError(f"the signature by {key_name} does not verify") from exc
    if not found:
        raise NoteError(f"the note carries no signature by the key {key_name}")
    return text


def _parse_signature_line(line: str) -> tuple[str, bytes]:
    prefix = EM_DASH + " "
    parts = line.removeprefix(prefix).split(" ")
    if not line.startswith(prefix) or len(parts) != 2 or not _valid_name(parts[0]):
        raise NoteError(f"malformed signature line {line[:80]!r}")
    try:
        signature = base64.b64decode(parts[1], validate=True)
    except binascii.Error as exc:
        raise NoteError("a signature is not base64") from exc
    if len(signature) < 5:
        raise NoteError("a signature is too short")
    return parts[0], signature


def verify_note(note: str, key_name: str, public_key: Ed25519PublicKey) -> Checkpoint:
    """The checkpoint a signed note states, once its signature by the given key verifies."""
    return parse_checkpoint(open_note(note, key_name, public_key))


def sign_checkpoint(origin: str, size: int, root: bytes, private_key: Ed25519PrivateKey) -> str:
    """A checkpoint note for (origin, size, root), signed with the key named after `origin`."""
    return sign_note(make_checkpoint(origin, size, root), origin, private_key)


def verify_checkpoint(note: str, verifier_key: str) -> Checkpoint:
    """`verify_note` with the key given as published vkey text; the origin must be its name."""
    name, public_key = parse_vkey(verifier_key)
    checkpoint = verify_note(note, name, public_key)
    if checkpoint.origin != name:
        raise NoteError(f"the checkpoint is for {checkpoint.origin}, the key for {name}")
    return checkpoint
