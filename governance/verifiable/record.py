"""The public record of one verifiable vote, as one JSON document, and its full verification.

The record (docs/VERIFY.md, "The public record") holds everything a member needs to check a
vote without trusting the server: the question, the trustees' commitments (from which the
election key and every trustee's verification key are recomputed), every encrypted ballot with
its proofs and tracker, the encrypted tally, the trustees' partial decryptions with proofs,
and the result. `verify_record` checks all of it and names every fault it finds rather than
stopping at the first, so a tampered record is reported in full; docs/VERIFY.md lists the
steps in the order they run, and when a step is skipped because an earlier one failed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from governance.verifiable.ballot import (
    APPROVAL,
    MOTION,
    MOTION_CHOICES,
    Ballot,
    approval_ballot_faults,
    canonical_json,
    encrypted_tally,
    motion_ballot_faults,
    parse_ballot,
    tracker,
)
from governance.verifiable.elgamal import Ciphertext
from governance.verifiable.faults import Fault
from governance.verifiable.group import GROUP_NAME, EncodingError, Point
from governance.verifiable.tally import decrypt_line, result_faults, trustee_faults
from governance.verifiable.threshold import Commitment, PartialDecryption, election_public_key

FORMAT = "governance-verifiable-record/1"
FIELDS = frozenset(
    {
        "format",
        "group",
        "election",
        "question",
        "trustees",
        "election_key",
        "ballots",
        "tally",
        "partial_decryptions",
        "result",
    }
)
ENTRY_FIELDS = frozenset({"ballot", "tracker", "server_encrypted"})


@dataclass(frozen=True, slots=True)
class Question:
    """What was asked: a motion (yes, no, abstain; exactly one) or an approval election
    (`options` are the candidates, in ballot order; between minimum and maximum approved)."""

    kind: str
    options: tuple[str, ...]
    minimum: int
    maximum: int

    @classmethod
    def motion(cls) -> Question:
        return cls(MOTION, MOTION_CHOICES, 1, 1)

    @classmethod
    def approval(cls, candidates: Sequence[str], minimum: int, maximum: int) -> Question:
        return cls(APPROVAL, tuple(candidates), minimum, maximum)

    @property
    def labels(self) -> tuple[str, ...]:
        """The tally lines' labels (docs/VERIFY.md 4.2): a motion's choices, else 0, 1, ..."""
        if self.kind == MOTION:
            return MOTION_CHOICES
        return tuple(str(i) for i in range(len(self.options)))

    def to_json(self) -> dict[str, object]:
        if self.kind == MOTION:
            return {"kind": MOTION, "choices": list(MOTION_CHOICES)}
        return {
            "kind": APPROVAL,
            "candidates": list(self.options),
            "minimum": self.minimum,
            "maximum": self.maximum,
        }

    def ballot_faults(self, data: object, y: Point, election_id: str) -> list[Fault]:
        if self.kind == MOTION:
            return motion_ballot_faults(data, y, election_id)
        return approval_ballot_faults(
            data, y, election_id, len(self.options), self.minimum, self.maximum
        )


@dataclass(frozen=True, slots=True)
class CastBallot:
    """A ballot as the box holds it; `server_encrypted` marks one the server encrypted for a
    voter without JavaScript (trusting the server at that moment, as the page told them)."""

    ballot: Ballot
    server_encrypted: bool = False


def build_record(
    *,
    election_id: str,
    question: Question,
    threshold: int,
    commitments: Sequence[Commitment],
    ballots: Sequence[CastBallot],
    partials: Mapping[str, Sequence[PartialDecryption]],
    result: Mapping[str, int] | None = None,
    ceremony: str | None = None,
) -> dict[str, object]:
    """The record as JSON-ready data. The key, trackers and tally are computed here, never taken
    from the caller; `partials` maps each tally label to its trustees' partial decryptions. With
    no `result`, the counts are decrypted from the partials (ValueError if they cannot be).
    `ceremony` is the context C of a body's key ceremony (docs/VERIFY.md 6.1) when the key was
    made before the vote: the commitments' proofs bind C, the ballots and decryptions E."""
    ordered = sorted(commitments, key=lambda c: c.trustee)
    y = election_public_key(ordered)
    labels = question.labels
    tally = encrypted_tally([b.ballot for b in ballots], len(labels))
    if result is None:
        keys, faults = trustee_faults(ordered, len(ordered), threshold, ceremony or election_id)
        if keys is None:
            raise ValueError(f"the trustees' commitments do not verify: {faults[0]}")
        counts = {}
        for label, ct in zip(labels, tally, strict=True):
            count, faults = decrypt_line(
                keys, ct, partials.get(label, ()), election_id, label, len(ballots)
            )
            if count is None:
                raise ValueError(f"cannot decrypt the tally: {faults[-1]}")
            counts[label] = count
        result = counts
    return {
        "format": FORMAT,
        "group": GROUP_NAME,
        "election": election_id,
        "question": question.to_json(),
        "trustees": {
            "count": len(ordered),
            "threshold": threshold,
            "commitments": [c.to_json() for c in ordered],
            **({"context": ceremony} if ceremony is not None else {}),
        },
        "election_key": y.hex(),
        "ballots": [
            {
                "ballot": b.ballot.to_json(),
                "tracker": tracker(b.ballot),
                "server_encrypted": b.server_encrypted,
            }
            for b in ballots
        ],
        "tally": [
            {"label": label, **ct.to_json()} for label, ct in zip(labels, tally, strict=True)
        ],
        "partial_decryptions": [
            {"label": label, "partials": [p.to_json() for p in partials.get(label, ())]}
            for label in labels
        ],
        "result": [{"label": label, "count": result[label]} for label in labels],
    }


# --- verification -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Envelope:
    """Everything outside the ballots, decoded."""

    election: str
    question: Question
    trustees: int
    threshold: int
    commitments: tuple[Commitment, ...]
    #: The context the commitments' proofs bind: the ceremony's C, or E when absent.
    key_context: str
    election_key: Point
    tally: tuple[tuple[str, Ciphertext], ...]
    partials: tuple[tuple[str, tuple[PartialDecryption, ...]], ...]
    result: tuple[tuple[str, int], ...]


def verify_record(record: object) -> list[Fault]:
    """Every fault of a published record, in the order of docs/VERIFY.md's steps; empty: the
    record verifies, and its result is the count of its ballots."""
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return [Fault("format", "record", f"not a record in the format {FORMAT}")]
    envelope, faults = _parse_envelope(record)
    if envelope is None:
        return faults
    e = envelope

    # Step 3: the trustees, and the election key they determine.
    keys, faults = trustee_faults(list(e.commitments), e.trustees, e.threshold, e.key_context)
    y = e.election_key
    if keys is not None:
        if keys.election_key != e.election_key:
            faults.append(
                Fault(
                    "election-key",
                    "election key",
                    "the record's election key is not the product of the trustees' commitments",
                )
            )
        y = keys.election_key

    # Step 4: every ballot, its tracker, and no copies.
    counted, ballot_faults = _check_ballots(record["ballots"], e, y)
    faults += ballot_faults

    # Step 5: the tally is the product of the counted ballots.
    expected = encrypted_tally(counted, len(e.question.labels))
    for (label, ct), recomputed in zip(e.tally, expected, strict=True):
        if ct != recomputed:
            faults.append(
                Fault(
                    "tally-mismatch",
                    f"tally {label}",
                    f"it is not the product of the {len(counted)} valid ballots listed",
                )
            )

    # Steps 6 and 7: partial decryptions, their combination, and the result.
    if keys is not None:
        faults += result_faults(
            keys,
            dict(e.tally),
            {label: list(ps) for label, ps in e.partials},
            dict(e.result),
            len(counted),
            e.election,
        )
    return faults


def _check_ballots(
    entries: list[object], e: _Envelope, y: Point
) -> tuple[list[Ballot], list[Fault]]:
    """The ballots that count (valid, not copies), and every fault of the others."""
    faults: list[Fault] = []
    trackers: dict[str, int] = {}
    alphas: dict[bytes, int] = {}
    counted: list[Ballot] = []
    for n, entry in enumerate(entries):
        where = f"ballot {n}"
        if (
            not isinstance(entry, dict)
            or set(entry) != ENTRY_FIELDS
            or not isinstance(entry["server_encrypted"], bool)
            or not _is_hex64(entry["tracker"])
        ):
            faults.append(
                Fault(
                    "malformed",
                    where,
                    "a ballot entry has exactly ballot, tracker (64 lower-case hex "
                    "characters) and server_encrypted (true or false)",
                )
            )
            continue
        claimed = entry["tracker"]
        named = f"(tracker {claimed[:16]}…)"
        first = trackers.setdefault(claimed, n)
        if first != n:
            faults.append(
                Fault("duplicate-tracker", where, f"its tracker is ballot {first}'s {named}")
            )
        own = [_at(n, f, named) for f in e.question.ballot_faults(entry["ballot"], y, e.election)]
        faults += own
        ballot, _ = parse_ballot(entry["ballot"])
        if ballot is None:
            continue
        if tracker(ballot) != claimed:
            faults.append(
                Fault("tracker", where, f"the tracker {named} is not the hash of this ballot")
            )
        copied = None
        for choice in ballot.choices:
            earlier = alphas.setdefault(choice.ciphertext.alpha.raw, n)
            if earlier != n and copied is None:
                copied = earlier
        if copied is not None:
            faults.append(
                Fault("duplicate", where, f"it repeats a ciphertext of ballot {copied} {named}")
            )
        elif not own:
            counted.append(ballot)
    return counted, faults


def _at(n: int, fault: Fault, named: str) -> Fault:
    where = f"ballot {n}" if fault.where == "ballot" else f"ballot {n}, {fault.where}"
    return Fault(fault.code, where, f"{fault.detail} {named}")


def _parse_envelope(record: dict[str, object]) -> tuple[_Envelope | None, list[Fault]]:
    """Step 1 and 2: the record's shape and encodings, outside the ballots' contents."""
    if set(record) != FIELDS:
        missing, extra = sorted(FIELDS - set(record)), sorted(set(record) - FIELDS)
        return None, [
            Fault("malformed", "record", f"missing fields {missing}, unknown fields {extra}")
        ]
    if record["group"] != GROUP_NAME:
        return None, [Fault("group", "record", f"only the group {GROUP_NAME} is known")]
    election = record["election"]
    if (
        not isinstance(election, str)
        or not election
        or not election.isascii()
        or not election.isprintable()
    ):
        return None, [Fault("election-id", "record", "the election id is printable ASCII")]
    question = _parse_question(record["question"])
    if question is None:
        return None, [Fault("question", "question", _QUESTION_RULE)]
    labels = question.labels
    try:
        trustees = record["trustees"]
        if not isinstance(trustees, dict) or set(trustees) - {"context"} != {
            "count",
            "threshold",
            "commitments",
        }:
            raise EncodingError(
                "trustees has exactly count, threshold and commitments, and may have context"
            )
        key_context = trustees.get("context", election)
        if (
            not isinstance(key_context, str)
            or not key_context
            or not key_context.isascii()
            or not key_context.isprintable()
        ):
            raise EncodingError("the ceremony's context is printable ASCII")
        count, threshold = trustees["count"], trustees["threshold"]
        if not _is_int(count) or not _is_int(threshold):
            raise EncodingError("count and threshold are integers")
        if not isinstance(trustees["commitments"], list):
            raise EncodingError("commitments is a list")
        commitments = tuple(Commitment.from_json(c) for c in trustees["commitments"])
    except EncodingError as exc:
        return None, [Fault("malformed", "trustees", str(exc))]
    try:
        election_key = Point.from_hex(record["election_key"])  # type: ignore[arg-type]
    except EncodingError as exc:
        return None, [Fault("malformed", "election key", str(exc))]
    if not isinstance(record["ballots"], list):
        return None, [Fault("malformed", "ballots", "ballots is a list")]
    try:
        tally = tuple(
            (label, Ciphertext(Point.from_hex(line["alpha"]), Point.from_hex(line["beta"])))
            for label, line in _lines(record["tally"], labels, {"label", "alpha", "beta"})
        )
    except EncodingError as exc:
        return None, [Fault("malformed", "tally", str(exc))]
    try:
        partials = tuple(
            (label, _partials(line["partials"]))
            for label, line in _lines(record["partial_decryptions"], labels, {"label", "partials"})
        )
    except EncodingError as exc:
        return None, [Fault("malformed", "partial decryptions", str(exc))]
    try:
        result = tuple(
            (label, _count(line["count"]))
            for label, line in _lines(record["result"], labels, {"label", "count"})
        )
    except EncodingError as exc:
        return None, [Fault("malformed", "result", str(exc))]
    envelope = _Envelope(
        election,
        question,
        count,
        threshold,
        commitments,
        key_context,
        election_key,
        tally,
        partials,
        result,
    )
    return envelope, []


_QUESTION_RULE = (
    'a motion is {"kind": "motion", "choices": ["yes", "no", "abstain"]}; an approval election '
    'is {"kind": "approval", "candidates": [distinct non-empty names], "minimum": m, '
    '"maximum": M} with 0 <= m <= M <= the number of candidates'
)


def _parse_question(data: object) -> Question | None:
    if not isinstance(data, dict):
        return None
    if data == {"kind": MOTION, "choices": list(MOTION_CHOICES)}:
        return Question.motion()
    if set(data) != {"kind", "candidates", "minimum", "maximum"} or data["kind"] != APPROVAL:
        return None
    candidates, minimum, maximum = data["candidates"], data["minimum"], data["maximum"]
    if (
        not isinstance(candidates, list)
        or not candidates
        or any(not isinstance(c, str) or not c for c in candidates)
        or len(set(candidates)) != len(candidates)
        or not _is_int(minimum)
        or not _is_int(maximum)
        or not 0 <= minimum <= maximum <= len(candidates)
    ):
        return None
    return Question.approval(candidates, minimum, maximum)


def _lines(
    data: object, labels: Sequence[str], keys: set[str]
) -> list[tuple[str, dict[str, object]]]:
    """A list of one object per tally line, in the question's order, each with `label`."""
    if not isinstance(data, list) or len(data) != len(labels):
        raise EncodingError(f"a list of {len(labels)} lines, one per option, is expected")
    out = []
    for label, line in zip(labels, data, strict=True):
        if not isinstance(line, dict) or set(line) != keys:
            raise EncodingError(f"each line has exactly {sorted(keys)}")
        if line["label"] != label:
            raise EncodingError(f"the lines are labelled {list(labels)}, in that order")
        out.append((label, line))
    return out


def _partials(data: object) -> tuple[PartialDecryption, ...]:
    if not isinstance(data, list):
        raise EncodingError("partials is a list")
    return tuple(PartialDecryption.from_json(p) for p in data)


def _count(value: object) -> int:
    if not _is_int(value):
        raise EncodingError("a count is an integer")
    return value  # type: ignore[return-value]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_hex64(value: object) -> bool:
    return (
        isinstance(value, str)
        and len(value) == 64
        and all(ch in "0123456789abcdef" for ch in value)
    )


def record_digest(record: Mapping[str, object]) -> str:
    """SHA-256 of the record's canonical JSON (docs/VERIFY.md 7.5's rules), in lower-case hex:
    one value naming the whole record however it was spaced, for an audit log to carry."""
    return hashlib.sha256(canonical_json(record)).hexdigest()


def record_summary(record: Mapping[str, object]) -> dict[str, object]:
    """What a verified record says, for a person: ballots, trustees and the result by name.
    Only meaningful once `verify_record` has returned no fault."""
    question = _parse_question(record["question"])
    assert question is not None
    trustees = record["trustees"]
    assert isinstance(trustees, dict)
    ballots = record["ballots"]
    assert isinstance(ballots, list)
    partials = record["partial_decryptions"]
    assert isinstance(partials, list)
    decrypted = sorted({p["trustee"] for line in partials for p in line["partials"]})
    results = record["result"]
    assert isinstance(results, list)
    names = question.options
    return {
        "election": record["election"],
        "kind": question.kind,
        "ballots": len(ballots),
        "server_encrypted": sum(1 for b in ballots if b["server_encrypted"]),
        "trustees": trustees["count"],
        "threshold": trustees["threshold"],
        "decrypted_by": decrypted,
        "result": {names[i]: line["count"] for i, line in enumerate(results)},
        "digest": record_digest(record),
    }
