"""RFC 9162 Merkle tree: known answers from transparency-dev/merkle, and properties.

Known answers: the 8 leaf inputs and the roots of every prefix come from
github.com/transparency-dev/merkle testonly/constants.go (LeafInputs, RootHashes, the
RFC 6962 test data); the inclusion and consistency probes in data/merkle_vectors.json are
that repository's testdata/ files copied verbatim (the JSON names the commit). Their hashes
are base64, as Go's encoding/json writes []byte.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.audit import merkle
from governance.audit.merkle import (
    EMPTY_ROOT,
    CompactRange,
    ProofError,
    consistency_proof,
    entries_root,
    entry_leaf_hash,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root_hash,
    verify_consistency,
    verify_inclusion,
)

LEAF_INPUTS = [
    bytes.fromhex(h)
    for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
              "606162636465666768696a6b6c6d6e6f"]
]  # fmt: skip
ROOTS = [
    bytes.fromhex(h)
    for h in [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
]
LEAVES = [leaf_hash(d) for d in LEAF_INPUTS]
VECTORS = json.loads((Path(__file__).parent / "data" / "merkle_vectors.json").read_text())


def b64(value: str | None) -> bytes:
    return base64.b64decode(value or "")


def b64list(values: list[str] | None) -> list[bytes]:
    return [b64(v) for v in values or []]


def test_empty_root_is_sha256_of_nothing() -> None:
    assert EMPTY_ROOT == hashlib.sha256(b"").digest() == ROOTS[0]
    assert root_hash([]) == EMPTY_ROOT


@pytest.mark.parametrize("size", range(len(ROOTS)))
def test_roots_of_every_prefix_match_the_reference(size: int) -> None:
    assert root_hash(LEAVES[:size]) == ROOTS[size]


@pytest.mark.parametrize("name", sorted(VECTORS["inclusion"]))
def test_inclusion_probes(name: str) -> None:
    p = VECTORS["inclusion"][name]
    args = (b64(p["leafHash"]), p["leafIdx"], p["treeSize"], b64list(p["proof"]), b64(p["root"]))
    if p["wantErr"]:
        with pytest.raises(ProofError):
            verify_inclusion(*args)
    else:
        verify_inclusion(*args)


@pytest.mark.parametrize("name", sorted(VECTORS["consistency"]))
def test_consistency_probes(name: str) -> None:
    p = VECTORS["consistency"][name]
    args = (p["size1"], p["size2"], b64(p["root1"]), b64(p["root2"]), b64list(p["proof"]))
    if p["wantErr"]:
        with pytest.raises(ProofError):
            verify_consistency(*args)
    else:
        verify_consistency(*args)


def _happy(kind: str) -> list[dict]:
    return [
        p
        for name, p in sorted(VECTORS[kind].items())
        if name.endswith("happy-path.json") and p.get("root", p.get("root2")) in _ROOTS_B64
    ]


_ROOTS_B64 = {base64.b64encode(r).decode() for r in ROOTS}


@pytest.mark.parametrize("p", _happy("inclusion"), ids=lambda p: f"{p['leafIdx']}@{p['treeSize']}")
def test_our_inclusion_proofs_equal_the_reference_proofs(p: dict) -> None:
    assert inclusion_proof(LEAVES, p["leafIdx"], p["treeSize"]) == b64list(p["proof"])


@pytest.mark.parametrize("p", _happy("consistency"), ids=lambda p: f"{p['size1']}->{p['size2']}")
def test_our_consistency_proofs_equal_the_reference_proofs(p: dict) -> None:
    assert consistency_proof(LEAVES, p["size1"], p["size2"]) == b64list(p["proof"])


def test_entry_leaf_is_the_raw_entry_hash() -> None:
    entry = hashlib.sha256(b"an entry").hexdigest()
    assert entry_leaf_hash(entry) == hashlib.sha256(b"\x00" + bytes.fromhex(entry)).digest()
    assert entries_root([entry]) == entry_leaf_hash(entry)
    with pytest.raises(ValueError):
        entry_leaf_hash("abcd")


def test_proof_arguments_out_of_range_are_refused() -> None:
    for bad in [(0, 0), (8, 8), (-1, 8), (0, 9)]:
        with pytest.raises(ValueError):
            inclusion_proof(LEAVES, *bad)
    for bad in [(0, 8), (5, 4), (1, 9)]:
        with pytest.raises(ValueError):
            consistency_proof(LEAVES, *bad)


# Properties, checked against a direct transcription of RFC 9162's recursive definitions.


def ref_root(d: list[bytes]) -> bytes:
    if not d:
        return EMPTY_ROOT
    if len(d) == 1:
        return d[0]
    k = merkle._split(len(d))
    return node_hash(ref_root(d[:k]), ref_root(d[k:]))


def ref_path(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = merkle._split(len(d))
    if m < k:
        return [*ref_path(m, d[:k]), ref_root(d[k:])]
    return [*ref_path(m - k, d[k:]), ref_root(d[:k])]


def ref_subproof(m: int, d: list[bytes], complete: bool) -> list[bytes]:
    if m == len(d):
        return [] if complete else [ref_root(d)]
    k = merkle._split(len(d))
    if m <= k:
        return [*ref_subproof(m, d[:k], complete), ref_root(d[k:])]
    return [*ref_subproof(m - k, d[k:], False), ref_root(d[:k])]


def tree(n: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


sizes = st.integers(min_value=1, max_value=300)


@given(st.integers(min_value=0, max_value=300))
def test_stack_root_equals_recursive_definition(n: int) -> None:
    assert root_hash(tree(n)) == ref_root(tree(n))


@given(sizes, st.data())
def test_every_inclusion_proof_verifies(n: int, data: st.DataObject) -> None:
    leaves = tree(n)
    i = data.draw(st.integers(min_value=0, max_value=n - 1))
    proof = inclusion_proof(leaves, i)
    assert proof == ref_path(i, leaves)
    verify_inclusion(leaves[i], i, n, proof, root_hash(leaves))


@given(sizes, st.data())
def test_every_consistency_proof_verifies(n: int, data: st.DataObject) -> None:
    leaves = tree(n)
    m = data.draw(st.integers(min_value=1, max_value=n))
    proof = consistency_proof(leaves, m)
    assert proof == ref_subproof(m, leaves, True)
    verify_consistency(m, n, root_hash(leaves[:m]), root_hash(leaves), proof)


def _tamper(proof: list[bytes], data: st.DataObject) -> list[bytes]:
    """One of: flip a bit, drop, duplicate or swap elements, or append one."""
    proof = list(proof)
    how = data.draw(st.sampled_from(["flip", "drop", "extra", "swap"] if proof else ["extra"]))
    if how == "extra":
        proof.insert(data.draw(st.integers(0, len(proof))), hashlib.sha256(b"x").digest())
        return proof
    j = data.draw(st.integers(0, len(proof) - 1))
    if how == "flip":
        bit = data.draw(st.integers(0, 255))
        proof[j] = bytes(b ^ (1 << (bit % 8)) if n == bit // 8 else b
                         for n, b in enumerate(proof[j]))  # fmt: skip
    elif how == "drop":
        del proof[j]
    else:
        k = data.draw(st.integers(0, len(proof) - 1))
        if proof[j] == proof[k]:
            proof.append(proof[j])
        proof[j], proof[k] = proof[k], proof[j]
    return proof


@given(sizes, st.data())
def test_tampered_inclusion_proofs_fail(n: int, data: st.DataObject) -> None:
    leaves = tree(n)
    i = data.draw(st.integers(min_value=0, max_value=n - 1))
    proof = inclusion_proof(leaves, i)
    bad = _tamper(proof, data)
    with pytest.raises(ProofError):
        verify_inclusion(leaves[i], i, n, bad, root_hash(leaves))
    if n > 1:
        other = data.draw(st.integers(min_value=0, max_value=n - 1).filter(lambda j: j != i))
        with pytest.raises(ProofError):
            verify_inclusion(leaves[other], i, n, proof, root_hash(leaves))


@given(st.integers(min_value=2, max_value=300), st.data())
def test_tampered_consistency_proofs_and_rewritten_logs_fail(n: int, data: st.DataObject) -> None:
    leaves = tree(n)
    m = data.draw(st.integers(min_value=1, max_value=n - 1))
    proof = consistency_proof(leaves, m)
    old, new = root_hash(leaves[:m]), root_hash(leaves)
    with pytest.raises(ProofError):
        verify_consistency(m, n, old, new, _tamper(proof, data))
    # A log whose first m entries were rewritten cannot prove consistency with the old root.
    j = data.draw(st.integers(min_value=0, max_value=m - 1))
    rewritten = [*leaves[:j], leaf_hash(b"forged"), *leaves[j + 1 :]]
    forged = consistency_proof(rewritten, m)
    with pytest.raises(ProofError):
        verify_consistency(m, n, old, root_hash(rewritten), forged)


def test_compact_range_resumes_from_stored_peaks() -> None:
    leaves = tree(100)
    first = CompactRange().extend(leaves[:37])
    resumed = CompactRange(first.size, first.peaks).extend(leaves[37:])
    assert resumed.root() == root_hash(leaves)
    with pytest.raises(ValueError):
        CompactRange(3, first.peaks[:1])


def test_a_hundred_thousand_entries_are_cheap() -> None:
    """O(n) root and proofs: 100k entries must not take the tree twice into memory or time."""
    entries = [hashlib.sha256(i.to_bytes(4, "big")).hexdigest() for i in range(100_000)]
    leaves = merkle.entry_leaf_hashes(entries)
    root = root_hash(leaves)
    assert entries_root(entries) == root
    proof = consistency_proof(leaves, 65_537)
    verify_consistency(65_537, 100_000, root_hash(leaves[:65_537]), root, proof)
    verify_inclusion(leaves[77_777], 77_777, 100_000, inclusion_proof(leaves, 77_777), root)
