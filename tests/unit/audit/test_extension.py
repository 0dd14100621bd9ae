"""A kept checkpoint catches the log being wiped, rewound, truncated or rewritten.

The logs here are real hash chains (`rules.entry_hash` over canonical entries), and the
rewrite is the attack from issue 11: edit one entry, then rehash every entry after it so the
chain itself verifies again.
"""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from governance.audit.checkpoint import sign_checkpoint, verify_checkpoint, vkey
from governance.audit.extension import REWRITTEN, TRUNCATED, WIPED, check_extension
from governance.audit.merkle import EMPTY_ROOT, entries_root
from governance.audit.rules import GENESIS_HASH, canonical_entry, entry_hash

KEY = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"governance test key").digest())
ORIGIN = "governance.example/orgs/acme/audit"


def chain(subjects: list[str]) -> list[str]:
    """Entry hashes of a chain whose entries differ only by subject."""
    hashes, prev = [], GENESIS_HASH
    for seq, subject in enumerate(subjects, start=1):
        canonical = canonical_entry(
            chain="acme", seq=seq, at="2026-01-01T00:00:00Z", actor="a", action="x.done",
            subject=subject, data_json="{}",
        )  # fmt: skip
        prev = entry_hash(prev, canonical)
        hashes.append(prev)
    return hashes


def subjects(n: int) -> list[str]:
    return [f"s{i}" for i in range(n)]


def kept_checkpoint(log: list[str]) -> tuple[int, bytes]:
    """What a member holds: the signed note, verified again when it is checked."""
    note = sign_checkpoint(ORIGIN, len(log), entries_root(log), KEY)
    cp = verify_checkpoint(note, vkey(ORIGIN, KEY))
    return cp.size, cp.root


@given(st.integers(0, 60), st.integers(0, 60))
def test_a_log_that_only_grew_extends_its_checkpoint(m: int, more: int) -> None:
    names = subjects(m + more)
    size, root = kept_checkpoint(chain(names[:m]))
    result = check_extension(size, root, chain(names))
    assert result.ok and result.failure is None
    assert (result.checkpoint_size, result.log_size) == (m, m + more)


def test_a_wiped_log_is_named() -> None:
    size, root = kept_checkpoint(chain(subjects(5)))
    result = check_extension(size, root, [])
    assert not result.ok and result.failure == WIPED


@given(st.integers(2, 60), st.data())
def test_a_truncated_or_rewound_log_is_named(m: int, data: st.DataObject) -> None:
    log = chain(subjects(m))
    size, root = kept_checkpoint(log)
    keep = data.draw(st.integers(1, m - 1))
    result = check_extension(size, root, log[:keep])
    assert not result.ok and result.failure == TRUNCATED
    assert "truncated or rewound" in result.message


@given(st.integers(1, 60), st.integers(0, 20), st.data())
def test_an_edited_and_rehashed_log_is_named(m: int, more: int, data: st.DataObject) -> None:
    names = subjects(m + more)
    size, root = kept_checkpoint(chain(names[:m]))
    j = data.draw(st.integers(0, m - 1))
    forged = chain([*names[:j], "forged", *names[j + 1 :]])
    result = check_extension(size, root, forged)
    assert not result.ok and result.failure == REWRITTEN


def test_a_forged_entry_in_place_of_the_tail_is_named() -> None:
    names = subjects(6)
    size, root = kept_checkpoint(chain(names))
    result = check_extension(size, root, chain([*names[:5], "forged", "appended"]))
    assert result.failure == REWRITTEN


def test_an_edit_after_the_checkpoint_is_not_its_business() -> None:
    names = subjects(8)
    size, root = kept_checkpoint(chain(names[:4]))
    assert check_extension(size, root, chain([*names[:6], "later edit", names[7]])).ok


def test_an_empty_checkpoint_is_extended_by_any_log() -> None:
    assert check_extension(0, EMPTY_ROOT, []).ok
    assert check_extension(0, EMPTY_ROOT, chain(subjects(3))).ok
    assert check_extension(0, b"\x00" * 32, []).failure == REWRITTEN


def test_a_garbled_entry_hash_counts_as_rewritten() -> None:
    log = chain(subjects(3))
    size, root = kept_checkpoint(log)
    assert check_extension(size, root, [log[0], "not hex", log[2]]).failure == REWRITTEN


def test_a_negative_size_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        check_extension(-1, EMPTY_ROOT, [])
