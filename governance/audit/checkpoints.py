"""Signed checkpoints of a chain as it is stored, consistency proofs between two sizes, and
whether today's log extends a checkpoint someone kept.

The pure parts are `merkle` (the RFC 9162 tree), `checkpoint` (the C2SP signed note) and
`extension`; this module reads the chain's entry hashes in sequence order and hands them
over. The origin names the log without depending on how a request reached us:
`<log origin setting>/orgs/<slug>/audit`, and the key name is that origin, so a checkpoint
of one organisation's log never verifies as another's.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from governance.audit.checkpoint import sign_checkpoint, verify_checkpoint, vkey
from governance.audit.extension import ExtensionResult, check_extension
from governance.audit.merkle import consistency_proof, entries_root, entry_leaf_hashes
from governance.audit.tables import AuditEntry
from governance.db import fetch_rows
from governance.errors import InvalidInput
from governance.runtime import Runtime

_HASHES_SQL = "SELECT hash FROM audit_entry WHERE chain = $1 ORDER BY seq"


def log_origin(name: str, slug: str) -> str:
    """The checkpoint origin (and key name) of an organisation's log."""
    return f"{name}/orgs/{slug}/audit"


async def entry_hashes(chain: str) -> list[str]:
    """The chain's entry hashes (hex), in sequence order: the leaves of its tree."""
    rows = await fetch_rows(AuditEntry._meta.db, _HASHES_SQL, chain)
    return [str(r[0]) for r in rows]


async def signed_checkpoint(chain: str, origin: str, key: Ed25519PrivateKey) -> str:
    """The signed note for the chain as it is now (Ed25519 is deterministic: the same log
    gives the same note, so a PDF carrying it stays reproducible)."""
    hashes = await entry_hashes(chain)
    return sign_checkpoint(origin, len(hashes), entries_root(hashes), key)


async def current_checkpoint(runtime: Runtime, chain: str, slug: str) -> str:
    """The organisation's log as the running service signs it now."""
    origin = log_origin(runtime.settings.log_origin, slug)
    return await signed_checkpoint(chain, origin, runtime.signing_key())


def verifier_key(origin: str, key: Ed25519PrivateKey) -> str:
    """The vkey text members use to check this log's checkpoints."""
    return vkey(origin, key.public_key())


@dataclass(frozen=True)
class Consistency:
    """A consistency proof with the two roots it joins (raw 32-byte hashes)."""

    old_size: int
    new_size: int
    old_root: bytes
    new_root: bytes
    proof: list[bytes]


async def consistency(chain: str, old_size: int, new_size: int) -> Consistency:
    """An RFC 9162 consistency proof from `old_size` to `new_size`; `InvalidInput` for a
    range the log cannot answer (from < 1, from > to, to beyond the log)."""
    hashes = await entry_hashes(chain)
    size = len(hashes)
    if old_size < 1:
        raise InvalidInput("`from` must be at least 1: nothing is proved from the empty log.",
                           field="from")  # fmt: skip
    if old_size > new_size:
        raise InvalidInput(f"`from` ({old_size}) must not be larger than `to` ({new_size}).",
                           field="from")  # fmt: skip
    if new_size > size:
        raise InvalidInput(f"`to` ({new_size}) is beyond the log, which has {size} entries.",
                           field="to")  # fmt: skip
    leaves = entry_leaf_hashes(hashes)
    return Consistency(
        old_size,
        new_size,
        entries_root(hashes[:old_size]),
        entries_root(hashes[:new_size]),
        consistency_proof(leaves, old_size, new_size),
    )


async def check_checkpoint(chain: str, note: str, vkey_text: str) -> ExtensionResult:
    """Whether the chain today extends the checkpoint `note`, once its signature by
    `vkey_text` verifies (`checkpoint.NoteError` when it does not)."""
    checkpoint = verify_checkpoint(note, vkey_text)
    return check_extension(checkpoint.size, checkpoint.root, await entry_hashes(chain))
