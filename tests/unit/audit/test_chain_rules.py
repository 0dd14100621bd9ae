"""The audit chain's pure rules: canonical form, hashing, verification, redaction."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from governance.audit.rules import (
    GENESIS_HASH,
    ChainVerifier,
    canonical_entry,
    canonical_json,
    entry_hash,
    redact_for_reader,
    verify_entries,
)


def build_chain(n: int, chain: str = "org1") -> list[dict[str, Any]]:
    rows, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        row = {
            "chain": chain,
            "seq": seq,
            "at": f"2026-01-01T00:00:{seq:02d}.000000+00:00",
            "actor": "acct",
            "action": "member.added",
            "subject": f"member:{seq}",
            "data": canonical_json({"n": seq, "name": "Zoë"}),
            "prev_hash": prev,
        }
        row["hash"] = entry_hash(
            prev,
            canonical_entry(
                chain=chain,
                seq=seq,
                at=row["at"],
                actor=row["actor"],
                action=row["action"],
                subject=row["subject"],
                data_json=row["data"],
            ),
        )
        prev = row["hash"]
        rows.append(row)
    return rows


def as_tuples(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    keys = ("chain", "seq", "at", "actor", "action", "subject", "data", "prev_hash", "hash")
    return [tuple(r[k] for k in keys) for r in rows]


def test_canonical_json_sorts_keys_drops_spaces_and_keeps_utf8() -> None:
    assert canonical_json({"b": 1, "a": [1, 2], "c": "Zoë"}) == '{"a":[1,2],"b":1,"c":"Zoë"}'


def test_canonical_entry_equals_canonical_json_of_the_whole_entry() -> None:
    data = {"roles": ["admin"], "name": 'Quote " and \\ backslash'}
    text = canonical_entry(
        chain="c",
        seq=7,
        at="2026-01-01T00:00:00+00:00",
        actor="a\nb",
        action="member.added",
        subject="member:x",
        data_json=canonical_json(data),
    )
    expected = canonical_json(
        {
            "chain": "c",
            "seq": 7,
            "at": "2026-01-01T00:00:00+00:00",
            "actor": "a\nb",
            "action": "member.added",
            "subject": "member:x",
            "data": data,
        }
    )
    assert text == expected
    assert json.loads(text)["data"] == data


def test_entry_hash_is_sha256_of_prev_hash_then_canonical_json() -> None:
    canonical = '{"a":1}'
    assert (
        entry_hash(GENESIS_HASH, canonical)
        == hashlib.sha256((GENESIS_HASH + canonical).encode()).hexdigest()
    )


def test_an_intact_chain_verifies_with_its_head() -> None:
    rows = build_chain(5)
    result = verify_entries(rows, head_seq=5, head_hash=rows[-1]["hash"])
    assert result.ok
    assert result.entries == 5
    assert result.head_hash == rows[-1]["hash"]
    assert result.first_bad_seq is None


def test_an_empty_chain_is_intact() -> None:
    result = verify_entries([], head_seq=None, head_hash=None)
    assert result.ok and result.entries == 0 and result.head_hash == GENESIS_HASH


def test_a_changed_row_is_named() -> None:
    rows = build_chain(6)
    rows[3] = {**rows[3], "data": canonical_json({"n": 4, "name": "Mallory"})}
    result = verify_entries(rows, head_seq=6, head_hash=rows[-1]["hash"])
    assert not result.ok
    assert result.first_bad_seq == 4
    assert result.entries == 3


def test_a_changed_row_with_a_recomputed_hash_breaks_the_next_link() -> None:
    rows = build_chain(6)
    forged = {**rows[2], "actor": "mallory"}
    forged["hash"] = entry_hash(
        forged["prev_hash"],
        canonical_entry(
            **{k: forged[k] for k in ("chain", "seq", "at", "actor", "action", "subject")},
            data_json=forged["data"],
        ),
    )
    rows[2] = forged
    result = verify_entries(rows, head_seq=6, head_hash=rows[-1]["hash"])
    assert result.first_bad_seq == 4


def test_a_deleted_middle_row_is_named() -> None:
    rows = build_chain(6)
    del rows[2]  # seq 3
    result = verify_entries(rows, head_seq=6, head_hash=rows[-1]["hash"])
    assert not result.ok
    assert result.first_bad_seq == 3


def test_a_deleted_last_row_is_caught_by_the_head() -> None:
    rows = build_chain(6)
    head_hash = rows[-1]["hash"]
    del rows[-1]
    result = verify_entries(rows, head_seq=6, head_hash=head_hash)
    assert not result.ok
    assert result.first_bad_seq == 6
    assert result.problem == "entries are missing at the end"


def test_a_head_that_disagrees_with_the_last_row_is_caught() -> None:
    rows = build_chain(3)
    result = verify_entries(rows, head_seq=3, head_hash="f" * 64)
    assert not result.ok
    assert result.first_bad_seq == 3


def test_the_tuple_path_finds_the_same_faults_as_the_row_path() -> None:
    rows = build_chain(8)
    changed = [dict(r) for r in rows]
    changed[4]["subject"] = "member:someone-else"
    for broken, expected in ((rows, None), (changed, 5), (rows[:3] + rows[4:], 4)):
        verifier = ChainVerifier()
        verifier.feed_tuples(as_tuples(broken))
        result = verifier.finish(head_seq=8, head_hash=rows[-1]["hash"])
        assert result.first_bad_seq == expected
        assert (
            result.first_bad_seq
            == verify_entries(broken, head_seq=8, head_hash=rows[-1]["hash"]).first_bad_seq
        )


def test_tuples_fed_in_batches_verify_like_one_batch() -> None:
    rows = build_chain(10)
    verifier = ChainVerifier()
    assert verifier.feed_tuples(as_tuples(rows[:4]))
    assert verifier.feed_tuples(as_tuples(rows[4:]))
    assert verifier.finish(head_seq=10, head_hash=rows[-1]["hash"]).ok


def test_redaction_hides_whose_attestation_changed_from_non_admins() -> None:
    entry = {
        "seq": 4,
        "actor": "acct123",
        "action": "member.lived_experience_changed",
        "subject": "member:m1",
        "data": {"lived_experience": "changed"},
    }
    redacted = redact_for_reader(entry, privileged=False)
    assert redacted["subject"] == "member:redacted"
    assert redacted["actor"] == "redacted"
    assert "m1" not in json.dumps(redacted) and "acct123" not in json.dumps(redacted)
    assert redacted["seq"] == 4
    assert redact_for_reader(entry, privileged=True) == entry


def test_redaction_leaves_ordinary_entries_alone() -> None:
    entry = {"seq": 1, "actor": "a", "action": "member.seated", "subject": "seat:1", "data": {}}
    assert redact_for_reader(entry, privileged=False) == entry


def test_canonical_entry_around_seq_splits_exactly_at_the_sequence_number() -> None:
    from governance.audit.rules import canonical_entry, canonical_entry_around_seq

    fields = {
        "chain": "org",
        "at": "2026-01-01T00:00:00.000000+00:00",
        "actor": 'a"b',
        "action": "ballot.cast",
        "subject": 'motion:"seq":7,"subject":',
        "data_json": '{"seq":0,"subject":"x","é":"ü"}',
    }
    before, after = canonical_entry_around_seq(**fields)
    for seq in (1, 9, 10, 123456789012):
        assert before + str(seq) + after == canonical_entry(seq=seq, **fields)
