"""RFC 9162 (Certificate Transparency v2) Merkle tree hashing and proofs. Pure.

An organisation's audit log is the list of its entries in sequence order. Leaf `i` of the
tree is entry `i` (zero-based, so entry `seq = i + 1`) and its **leaf input is the 32 raw
bytes of the entry's hash** (`bytes.fromhex(entry.hash)`), so

    leaf hash = SHA-256(0x00 || bytes.fromhex(entry.hash))
    node hash = SHA-256(0x01 || left || right)
    root of the empty tree = SHA-256("")

Why the entry hash and not the entry: it already commits to the entry's canonical JSON and
to every entry before it, it is fixed-width, and it is public even when the entry is
redacted, so anyone reading `/audit` can rebuild the tree and check a checkpoint.

Everything here works on leaf *hashes* (32-byte `bytes`); `entry_leaf_hashes` turns the
log's hex entry hashes into them. Roots take O(n) time and O(log n) memory; a proof reads
each leaf at most once (O(n) time) and keeps only O(log n) hashes besides its input.
Verification follows RFC 9162 sections 2.1.3.2 and 2.1.4.2 and raises `ProofError`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof, its sizes or its hashes do not check out (the message says which)."""


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 leaf hash: SHA-256(0x00 || leaf input)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 interior node hash: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def entry_leaf_hash(entry_hash_hex: str) -> bytes:
    """The leaf hash of one audit entry, from its 64-character hex `hash`."""
    raw = bytes.fromhex(entry_hash_hex)
    if len(raw) != HASH_SIZE:
        raise ValueError(f"an audit entry hash is 64 hex digits, not {len(entry_hash_hex)}")
    return leaf_hash(raw)


def entry_leaf_hashes(entry_hashes_hex: Iterable[str]) -> list[bytes]:
    """Leaf hashes of the log, in order, from the entries' hex hashes."""
    return [entry_leaf_hash(h) for h in entry_hashes_hex]


class CompactRange:
    """The O(log n) state needed to extend a tree one leaf at a time and read its root.

    `peaks` holds the roots of the perfect subtrees the tree splits into, largest first
    (one per set bit of `size`). It can be stored and resumed, so a service may keep it next
    to the log's head and update it on each append instead of rehashing the whole log.
    """

    def __init__(self, size: int = 0, peaks: Sequence[bytes] = ()) -> None:
        if size < 0 or len(peaks) != size.bit_count():
            raise ValueError("a compact range has one peak per set bit of its size")
        self.size = size
        self.peaks = list(peaks)

    def append(self, leaf: bytes) -> None:
        """Add the next leaf hash."""
        node = leaf
        n = self.size
        while n & 1:  # each trailing 1 bit is a full subtree of equal height to merge with
            node = node_hash(self.peaks.pop(), node)
            n >>= 1
        self.peaks.append(node)
        self.size += 1

    def extend(self, leaves: Iterable[bytes]) -> CompactRange:
        for leaf in leaves:
            self.append(leaf)
        return self

    def root(self) -> bytes:
        """MTH of the leaves appended so far (the peaks folded right to left)."""
        if not self.peaks:
            return EMPTY_ROOT
        node = self.peaks[-1]
        for peak in reversed(self.peaks[:-1]):
            node = node_hash(peak, node)
        return node


def root_hash(leaves: Iterable[bytes]) -> bytes:
    """MTH over leaf hashes (not leaf inputs), in O(n) time and O(log n) memory."""
    return CompactRange().extend(leaves).root()


def entries_root(entry_hashes_hex: Iterable[str]) -> bytes:
    """The tree root over audit entries given by their hex hashes (what a checkpoint signs)."""
    return root_hash(entry_leaf_hash(h) for h in entry_hashes_hex)


def _range_root(leaves: Sequence[bytes], start: int, end: int) -> bytes:
    """MTH(D[start:end]) without copying the slice."""
    acc = CompactRange()
    for i in range(start, end):
        acc.append(leaves[i])
    return acc.root()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1): where RFC 9162 splits a tree."""
    return 1 << ((n - 1).bit_length() - 1)


def inclusion_proof(leaves: Sequence[bytes], index: int, size: int | None = None) -> list[bytes]:
    """RFC 9162 PATH(index, D[0:size]): the audit path for leaf `index`, leaf to root."""
    size = len(leaves) if size is None else size
    if not 0 <= index < size <= len(leaves):
        raise ValueError(f"no leaf {index} in a tree of size {size} (log has {len(leaves)})")
    siblings: list[bytes] = []  # collected root first; the proof lists them leaf first
    lo, hi, m = 0, size, index
    while hi - lo > 1:
        k = _split(hi - lo)
        if m < k:
            siblings.append(_range_root(leaves, lo + k, hi))
            hi = lo + k
        else:
            siblings.append(_range_root(leaves, lo, lo + k))
            lo, m = lo + k, m - k
    siblings.reverse()
    return siblings


def consistency_proof(
    leaves: Sequence[bytes], old_size: int, new_size: int | None = None
) -> list[bytes]:
    """RFC 9162 PROOF(old_size, D[0:new_size]): shows the tree of `old_size` is a prefix.

    `old_size` must be at least 1 (a proof from the empty tree proves nothing and verifiers
    refuse it); equal sizes give the empty proof.
    """
    n = len(leaves) if new_size is None else new_size
    m = old_size
    if not 1 <= m <= n <= len(leaves):
        raise ValueError(
            f"a consistency proof needs 1 <= from ({m}) <= to ({n}) <= log size ({len(leaves)})"
        )
    siblings: list[bytes] = []
    lo, hi, complete = 0, n, True  # `complete`: the old tree is exactly this subtree so far
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            siblings.append(_range_root(leaves, lo + k, hi))
            hi = lo + k
        else:
            siblings.append(_range_root(leaves, lo, lo + k))
            lo, m, complete = lo + k, m - k, False
    if not complete:
        siblings.append(_range_root(leaves, lo, hi))
    siblings.reverse()
    return siblings


def _check_hash(name: str, value: bytes) -> None:
    if len(value) != HASH_SIZE:
        raise ProofError(f"{name} is {len(value)} bytes, not {HASH_SIZE}")


def root_from_inclusion_proof(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes:
    """The root that `proof` implies for `leaf` at `index` in a tree of `size` (RFC 9162
    2.1.3.2 steps 1 to 6); raises ProofError when the proof cannot be for that position."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    _check_hash("the leaf hash", leaf)
    fn, sn, r = index, size - 1, leaf
    for i, p in enumerate(proof):
        _check_hash(f"proof element {i}", p)
        if sn == 0:
            raise ProofError("the inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the inclusion proof is shorter than the tree is deep")
    return r


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Raise ProofError unless `proof` shows `leaf` at `index` in the tree of `size`, `root`."""
    if root_from_inclusion_proof(leaf, index, size, proof) != root:
        raise ProofError("the inclusion proof leads to a different root")


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """Raise ProofError unless `proof` shows the tree (`old_size`, `old_root`) is a prefix of
    (`new_size`, `new_root`) (RFC 9162 2.1.4.2)."""
    m, n = old_size, new_size
    if m > n:
        raise ProofError(f"the old size {m} is larger than the new size {n}")
    if m == 0:
        raise ProofError("a consistency proof from the empty tree proves nothing")
    if m == n:
        if proof:
            raise ProofError("equal sizes need an empty consistency proof")
        if old_root != new_root:
            raise ProofError("equal sizes but different roots: the log was rewritten")
        return
    _check_hash("the old root", old_root)
    _check_hash("the new root", new_root)
    for i, p in enumerate(proof):
        _check_hash(f"proof element {i}", p)
    if not proof:
        raise ProofError("the consistency proof is empty")
    path = list(proof)
    if m & (m - 1) == 0:  # the old tree is a complete subtree: its root starts the path
        path.insert(0, old_root)
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the consistency proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the consistency proof is shorter than the tree is deep")
    if fr != old_root:
        raise ProofError("the consistency proof does not lead to the old root")
    if sr != new_root:
        raise ProofError("the consistency proof does not lead to the new root")
