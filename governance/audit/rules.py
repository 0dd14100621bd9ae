"""The audit chain's pure rules: canonical form, hashing, and verification.

`hash = sha256(prev_hash + canonical JSON of the entry)`, where the entry is
`{action, actor, at, chain, data, seq, subject}` with sorted keys and no spaces. `data` is
stored as canonical JSON text and spliced in verbatim, so verifying a million entries does
not re-serialise anything it does not have to.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from governance.audit.actions import Action
from governance.audit.commitments import WATCHED, RollCallOpenings, is_commitment

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no insignificant white space, and UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# The C string escaper json.dumps(..., ensure_ascii=False) uses, without its Python layers.
_dumps = json.encoder.encode_basestring  # type: ignore[attr-defined]


def canonical_entry(
    *, chain: str, seq: int, at: str, actor: str, action: str, subject: str, data_json: str
) -> str:
    """The canonical JSON of one entry (keys in sorted order), with `data` spliced in."""
    return (
        f'{{"action":{_dumps(action)},"actor":{_dumps(actor)},"at":{_dumps(at)},'
        f'"chain":{_dumps(chain)},"data":{data_json},"seq":{int(seq)},'
        f'"subject":{_dumps(subject)}}}'
    )


def canonical_entry_around_seq(
    *, chain: str, at: str, actor: str, action: str, subject: str, data_json: str
) -> tuple[str, str]:
    """`canonical_entry` before and after the decimal sequence number, for a database that
    hashes the entry in the statement that gives it its number (`before + str(seq) + after`)."""
    return (
        f'{{"action":{_dumps(action)},"actor":{_dumps(actor)},"at":{_dumps(at)},'
        f'"chain":{_dumps(chain)},"data":{data_json},"seq":',
        f',"subject":{_dumps(subject)}}}',
    )


def entry_hash(prev_hash: str, canonical: str) -> str:
    """SHA-256 hex of the previous hash followed by the entry's canonical JSON."""
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    """What `verify` found: `first_bad_seq` is None when the chain is intact."""

    ok: bool
    entries: int
    head_hash: str
    first_bad_seq: int | None
    problem: str | None = None


class ChainVerifier:
    """Checks a chain row by row (so a million entries need not sit in memory at once).

    A row is bad when its sequence number skips or repeats, its `prev_hash` is not the
    previous row's hash, or its `hash` does not match its content, or it closes a roll-call
    vote without opening every choice committed in its casts (`commitments.RollCallOpenings`).
    `finish` compares the last row with the recorded head, which catches entries removed (or
    added) at the end.
    """

    def __init__(self) -> None:
        self.count = 0
        self.prev = GENESIS_HASH
        self.failure: VerifyResult | None = None
        self.openings = RollCallOpenings()

    def feed(self, row: Mapping[str, Any]) -> bool:
        """Check one row; False once the chain is known to be broken."""
        if self.failure is not None:
            return False
        seq = int(row["seq"])
        expected = self.count + 1
        if seq != expected:
            self.failure = VerifyResult(
                False, self.count, self.prev, expected, "a sequence number is missing"
            )
            return False
        canonical = canonical_entry(
            chain=row["chain"],
            seq=seq,
            at=row["at"],
            actor=row["actor"],
            action=row["action"],
            subject=row["subject"],
            data_json=row["data"],
        )
        if row["prev_hash"] != self.prev or entry_hash(self.prev, canonical) != row["hash"]:
            self.failure = VerifyResult(False, self.count, self.prev, seq, "an entry was changed")
            return False
        if row["action"] in WATCHED:
            problem = self.openings.see(seq, row["action"], row["subject"], row["data"])
            if problem is not None:
                self.failure = VerifyResult(False, self.count, self.prev, seq, problem)
                return False
        self.prev = row["hash"]
        self.count = expected
        return True

    def feed_tuples(self, rows: Iterable[Sequence[Any]]) -> bool:
        """Check rows given as (chain, seq, at, actor, action, subject, data, prev_hash, hash).

        The same checks as `feed`, inlined: verification of long chains is this loop.
        """
        if self.failure is not None:
            return False
        prev, count = self.prev, self.count
        sha256 = hashlib.sha256
        watched, openings = WATCHED, self.openings
        for chain, seq, at, actor, action, subject, data, prev_hash, digest in rows:
            expected = count + 1
            if seq != expected:
                self.prev, self.count = prev, count
                self.failure = VerifyResult(
                    False, count, prev, expected, "a sequence number is missing"
                )
                return False
            canonical = (
                f'{{"action":{_dumps(action)},"actor":{_dumps(actor)},"at":{_dumps(at)},'
                f'"chain":{_dumps(chain)},"data":{data},"seq":{seq},'
                f'"subject":{_dumps(subject)}}}'
            )
            if prev_hash != prev or sha256((prev + canonical).encode()).hexdigest() != digest:
                self.prev, self.count = prev, count
                self.failure = VerifyResult(False, count, prev, seq, "an entry was changed")
                return False
            if action in watched:
                problem = openings.see(seq, action, subject, data)
                if problem is not None:
                    self.prev, self.count = prev, count
                    self.failure = VerifyResult(False, count, prev, seq, problem)
                    return False
            prev, count = digest, expected
        self.prev, self.count = prev, count
        return True

    def finish(self, *, head_seq: int | None, head_hash: str | None) -> VerifyResult:
        """The verdict, given the recorded head of the chain."""
        if self.failure is not None:
            return self.failure
        recorded = head_seq or 0
        if recorded != self.count or (recorded and head_hash != self.prev):
            bad = self.count + 1 if recorded > self.count else max(self.count, 1)
            return VerifyResult(False, self.count, self.prev, bad, "entries are missing at the end")
        return VerifyResult(True, self.count, self.prev, None)


def verify_entries(
    rows: Iterable[Mapping[str, Any]], *, head_seq: int | None, head_hash: str | None
) -> VerifyResult:
    """Verify a whole chain given its rows in sequence order and the recorded head."""
    verifier = ChainVerifier()
    for row in rows:
        if not verifier.feed(row):
            break
    return verifier.finish(head_seq=head_seq, head_hash=head_hash)


# Entries whose *who* and *when* are private: their actor, subject and time enter the chain as
# salted commitments (`commitments.py`); readers other than org admins see that something
# changed, not whose attestation it was nor exactly when.
PRIVATE_SUBJECT_ACTIONS = frozenset({Action.LIVED_EXPERIENCE_CHANGED})
PRIVATE_FIELDS = ("actor", "subject", "at")


def committed_fields(entry: Mapping[str, Any]) -> dict[str, str]:
    """The private entry's committed fields that an org admin may have opened."""
    if entry["action"] not in PRIVATE_SUBJECT_ACTIONS:
        return {}
    return {f: entry[f] for f in PRIVATE_FIELDS if is_commitment(entry.get(f))}


def redact_for_reader(
    entry: dict[str, Any],
    *,
    privileged: bool,
    openings: Mapping[str, tuple[str, Any]] | None = None,
) -> dict[str, Any]:
    """The entry as a reader may see it: as stored (a private entry's commitments verify as
    they are), marked `redacted` for readers other than org admins; an org admin also gets
    each committed field `opened`, with its salt, from `openings` (commitment -> (salt,
    value))."""
    if entry["action"] not in PRIVATE_SUBJECT_ACTIONS:
        return entry
    if not privileged:
        # An entry written before commitments holds the plain values: those are hidden (such
        # an entry cannot be verified from this view, and its hash can be brute-forced).
        plain = [f for f in PRIVATE_FIELDS if f in entry and not is_commitment(entry[f])]
        legacy = dict.fromkeys(plain, "redacted")
        if "subject" in legacy:
            legacy["subject"] = "member:redacted"
        return {**entry, **legacy, "redacted": True}
    opened, salts = {}, {}
    for field, committed in committed_fields(entry).items():
        if openings and committed in openings:
            salts[field], opened[field] = openings[committed]
    return {**entry, "opened": opened, "salts": salts} if opened else entry
