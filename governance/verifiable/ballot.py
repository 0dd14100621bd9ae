"""Encrypted ballots for motions and approval elections, their tracker, and their check.

A ballot is one ciphertext per option, each with a proof that it encrypts 0 or 1, and one
proof about the sum of them all: for a motion (yes, no, abstain) that exactly one is marked,
for an approval election that between `minimum` and `maximum` are (Belenios specification,
"Encrypted answers": `individual_proofs` and `overall_proof`, without the blank option).

The published form is JSON (docs/VERIFY.md, "Ballots"); the tracker is the SHA-256 of its
canonical serialisation (sorted keys, no spaces, ASCII), so it does not depend on how a
client spaced its JSON. The verifier works on that JSON and names every fault it finds
rather than raising, so a record with a bad ballot can be reported in full.

Opening a ballot (the Benaloh challenge, "cast or check") reveals each option's value and
randomness; `opening_faults` checks them against the ciphertexts. An opened ballot is never
cast: the voter makes a fresh one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from governance.verifiable.elgamal import Ciphertext, add_all, encrypt
from governance.verifiable.faults import Fault
from governance.verifiable.group import (
    SYSTEM_RNG,
    EncodingError,
    L,
    Point,
    Rng,
    random_scalar,
    scalar_from_hex,
    scalar_hex,
)
from governance.verifiable.proofs import (
    RangeProof,
    prove_range,
    range_proof_from_json,
    range_proof_to_json,
    verify_range,
)

VERSION = 1
MOTION = "motion"
APPROVAL = "approval"
#: A motion ballot's options, in ciphertext order.
MOTION_CHOICES = ("yes", "no", "abstain")


def choice_context(election_id: str, index: int) -> str:
    """The context of option `index`'s 0-or-1 proof (docs/VERIFY.md)."""
    return f"{election_id}/ballot/choice/{index}"


def sum_context(election_id: str) -> str:
    """The context of the proof about the sum of a ballot's options."""
    return f"{election_id}/ballot/sum"


@dataclass(frozen=True, slots=True)
class EncryptedChoice:
    ciphertext: Ciphertext
    proof: RangeProof


@dataclass(frozen=True, slots=True)
class Ballot:
    election: str
    kind: str
    choices: tuple[EncryptedChoice, ...]
    sum_proof: RangeProof

    def sum(self) -> Ciphertext:
        return add_all(c.ciphertext for c in self.choices)

    def to_json(self) -> dict[str, object]:
        return {
            "version": VERSION,
            "election": self.election,
            "kind": self.kind,
            "choices": [
                {**c.ciphertext.to_json(), "proof": range_proof_to_json(c.proof)}
                for c in self.choices
            ],
            "sum_proof": range_proof_to_json(self.sum_proof),
        }


@dataclass(frozen=True, slots=True)
class BallotSecrets:
    """What only the voter's device knows: each option's value and randomness. Shown to the
    voter only to open (and then discard) a ballot; never stored, never cast."""

    values: tuple[int, ...]
    randomness: tuple[int, ...]

    def to_json(self) -> dict[str, object]:
        return {"values": list(self.values), "randomness": [scalar_hex(r) for r in self.randomness]}


def canonical_json(data: object) -> bytes:
    """Sorted keys, no whitespace, ASCII only: the one byte form a tracker is taken over."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode(
        "ascii"
    )


def tracker(ballot: Ballot) -> str:
    """SHA-256 of the ballot's canonical JSON, in lower-case hex: shown before and after casting."""
    return hashlib.sha256(canonical_json(ballot.to_json())).hexdigest()


def _encrypt_options(
    y: Point,
    election_id: str,
    kind: str,
    values: Sequence[int],
    lo: int,
    hi: int,
    rng: Rng,
) -> tuple[Ballot, BallotSecrets]:
    _check_election_id(election_id)
    randomness = tuple(random_scalar(rng) for _ in values)
    choices = []
    for i, (m, r) in enumerate(zip(values, randomness, strict=True)):
        ct = encrypt(y, m, r)
        proof = prove_range(y, ct, r, m, 0, 1, choice_context(election_id, i), rng)
        choices.append(EncryptedChoice(ct, proof))
    total = add_all(c.ciphertext for c in choices)
    sum_proof = prove_range(
        y, total, sum(randomness) % L, sum(values), lo, hi, sum_context(election_id), rng
    )
    return Ballot(election_id, kind, tuple(choices), sum_proof), BallotSecrets(
        tuple(values), randomness
    )


def encrypt_motion_ballot(
    y: Point, election_id: str, choice: str, rng: Rng = SYSTEM_RNG
) -> tuple[Ballot, BallotSecrets]:
    """A motion ballot marking exactly `choice` (one of MOTION_CHOICES)."""
    if choice not in MOTION_CHOICES:
        raise ValueError(f"a motion's choices are {', '.join(MOTION_CHOICES)}")
    values = [1 if option == choice else 0 for option in MOTION_CHOICES]
    return _encrypt_options(y, election_id, MOTION, values, 1, 1, rng)


def encrypt_approval_ballot(
    y: Point,
    election_id: str,
    approvals: Sequence[bool],
    minimum: int,
    maximum: int,
    rng: Rng = SYSTEM_RNG,
) -> tuple[Ballot, BallotSecrets]:
    """An approval ballot: one option per candidate, between minimum and maximum approved."""
    _check_limits(len(approvals), minimum, maximum)
    values = [1 if a else 0 for a in approvals]
    if not minimum <= sum(values) <= maximum:
        raise ValueError(f"approve between {minimum} and {maximum} candidates")
    return _encrypt_options(y, election_id, APPROVAL, values, minimum, maximum, rng)


def parse_ballot(data: object) -> tuple[Ballot | None, list[Fault]]:
    """The ballot in `data` (published JSON), or None and why it is not one."""
    if not isinstance(data, dict):
        return None, [Fault("malformed", "ballot", "a ballot is a JSON object")]
    expected = {"version", "election", "kind", "choices", "sum_proof"}
    if set(data) != expected:
        return None, [
            Fault("malformed", "ballot", f"a ballot has exactly the fields {sorted(expected)}")
        ]
    if data["version"] != VERSION or isinstance(data["version"], bool):
        return None, [Fault("version", "ballot", f"only version {VERSION} is known")]
    election, kind = data["election"], data["kind"]
    if not isinstance(election, str) or not isinstance(kind, str):
        return None, [Fault("malformed", "ballot", "election and kind are strings")]
    if not isinstance(data["choices"], list):
        return None, [Fault("malformed", "ballot", "choices is a list")]
    faults: list[Fault] = []
    choices = []
    for i, item in enumerate(data["choices"]):
        where = f"choice {i}"
        try:
            if not isinstance(item, dict) or set(item) != {"alpha", "beta", "proof"}:
                raise EncodingError("an option has exactly alpha, beta and proof")
            ct = Ciphertext(Point.from_hex(item["alpha"]), Point.from_hex(item["beta"]))
            choices.append(EncryptedChoice(ct, range_proof_from_json(item["proof"])))
        except EncodingError as exc:
            faults.append(Fault("malformed", where, str(exc)))
    try:
        sum_proof = range_proof_from_json(data["sum_proof"])
    except EncodingError as exc:
        faults.append(Fault("malformed", "sum proof", str(exc)))
    if faults:
        return None, faults
    return Ballot(election, kind, tuple(choices), sum_proof), []


def motion_ballot_faults(data: object, y: Point, election_id: str) -> list[Fault]:
    """Every fault of a published motion ballot (empty: it is valid for this election)."""
    return _ballot_faults(data, y, election_id, MOTION, len(MOTION_CHOICES), 1, 1)


def approval_ballot_faults(
    data: object, y: Point, election_id: str, candidates: int, minimum: int, maximum: int
) -> list[Fault]:
    """Every fault of a published approval ballot (empty: it is valid for this election)."""
    _check_limits(candidates, minimum, maximum)
    return _ballot_faults(data, y, election_id, APPROVAL, candidates, minimum, maximum)


def _ballot_faults(
    data: object, y: Point, election_id: str, kind: str, options: int, lo: int, hi: int
) -> list[Fault]:
    ballot, faults = parse_ballot(data)
    if ballot is None:
        return faults
    if ballot.election != election_id:
        faults.append(
            Fault("wrong-election", "ballot", f"it is for {ballot.election!r}, not this vote")
        )
    if ballot.kind != kind:
        faults.append(Fault("wrong-kind", "ballot", f"a {kind} ballot was expected"))
    if len(ballot.choices) != options:
        faults.append(
            Fault(
                "option-count",
                "ballot",
                f"{len(ballot.choices)} options where this vote has {options}",
            )
        )
        return faults
    for i, choice in enumerate(ballot.choices):
        if not verify_range(
            y, choice.ciphertext, choice.proof, 0, 1, choice_context(election_id, i)
        ):
            faults.append(
                Fault("not-0-or-1", f"choice {i}", "the proof that it is 0 or 1 does not hold")
            )
    if not verify_range(y, ballot.sum(), ballot.sum_proof, lo, hi, sum_context(election_id)):
        detail = (
            "the proof that exactly one option is marked does not hold"
            if kind == MOTION
            else f"the proof that {lo} to {hi} candidates are approved does not hold"
        )
        faults.append(Fault("sum-out-of-range", "sum proof", detail))
    return faults


def opening_faults(ballot: Ballot, secrets: BallotSecrets, y: Point) -> list[Fault]:
    """Benaloh's check: do the revealed values and randomness rebuild every ciphertext?"""
    if len(secrets.values) != len(ballot.choices) or len(secrets.randomness) != len(ballot.choices):
        return [Fault("opening-size", "opening", "one value and randomness per option expected")]
    faults = []
    for i, (choice, m, r) in enumerate(
        zip(ballot.choices, secrets.values, secrets.randomness, strict=True)
    ):
        if m not in (0, 1) or encrypt(y, m, r) != choice.ciphertext:
            faults.append(
                Fault("opening-mismatch", f"choice {i}", "it does not encrypt the value shown")
            )
    return faults


def secrets_from_json(data: object) -> BallotSecrets:
    if not isinstance(data, dict) or set(data) != {"values", "randomness"}:
        raise EncodingError("an opening has exactly values and randomness")
    values, randomness = data["values"], data["randomness"]
    if not isinstance(values, list) or not isinstance(randomness, list):
        raise EncodingError("values and randomness are lists")
    if any(not isinstance(v, int) or isinstance(v, bool) for v in values):
        raise EncodingError("values are integers")
    return BallotSecrets(tuple(values), tuple(scalar_from_hex(r) for r in randomness))


def encrypted_tally(ballots: Sequence[Ballot], options: int) -> tuple[Ciphertext, ...]:
    """Option by option, the sum of every ballot's ciphertext (Belenios, "Tally"). Only these
    sums are ever decrypted, never a single ballot. Verify the ballots first."""
    if any(len(b.choices) != options for b in ballots):
        raise ValueError(f"every ballot must have {options} options")
    return tuple(add_all(b.choices[i].ciphertext for b in ballots) for i in range(options))


def duplicate_faults(ballots: Sequence[Ballot]) -> list[Fault]:
    """Ballots that reuse a ciphertext of an earlier one (by alpha).

    A copied ballot carries valid proofs, so the proofs alone cannot catch it; copying lets a
    voter repeat someone else's choice without knowing it, which weakens privacy (Cortier and
    Smyth, "Attacking and fixing Helios", 2011). Honest ballots never share an alpha: it is
    g^r for fresh random r. `where` numbers ballots from 0 in the order given.
    """
    seen: dict[bytes, int] = {}
    faults = []
    for n, ballot in enumerate(ballots):
        earlier = None
        for choice in ballot.choices:
            first = seen.setdefault(choice.ciphertext.alpha.raw, n)
            if first != n and earlier is None:
                earlier = first
        if earlier is not None:
            faults.append(
                Fault("duplicate", f"ballot {n}", f"it repeats a ciphertext of ballot {earlier}")
            )
    return faults


def _check_election_id(election_id: str) -> None:
    # ASCII keeps the canonical JSON and the hash contexts the same bytes in every language.
    if not election_id or not election_id.isascii() or not election_id.isprintable():
        raise ValueError("an election id is non-empty printable ASCII")


def _check_limits(candidates: int, minimum: int, maximum: int) -> None:
    if not 0 <= minimum <= maximum <= candidates or candidates < 1:
        raise ValueError("need 0 <= minimum <= maximum <= candidates, and a candidate")
