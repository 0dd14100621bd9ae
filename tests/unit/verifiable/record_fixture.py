"""Honest records made with fixed randomness: the fixtures another verifier is tested against.

`python -m tests.unit.verifiable.record_fixture` rewrites tests/data/verifiable/*.json (the
tampered cases too, record_tampering.py);
test_record.py checks the files still equal what this makes, so they cannot drift from the code.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from governance.verifiable.ballot import (
    encrypt_approval_ballot,
    encrypt_motion_ballot,
    encrypted_tally,
)
from governance.verifiable.elgamal import Ciphertext
from governance.verifiable.group import Point
from governance.verifiable.record import CastBallot, Question, build_record
from governance.verifiable.threshold import (
    Commitment,
    PartialDecryption,
    deal,
    election_public_key,
    key_share,
    partial_decrypt,
    share_for,
)
from tests.unit.verifiable.seeded import SeededRng

DATA = Path(__file__).resolve().parents[2] / "data" / "verifiable"
MOTION_ELECTION = "riverside/motion-12"
APPROVAL_ELECTION = "riverside/election-4"
#: Twelve votes; the 4th and 9th were encrypted by the server for a voter without JavaScript.
MOTION_VOTES = [
    "yes",
    "yes",
    "no",
    "abstain",
    "yes",
    "no",
    "yes",
    "yes",
    "no",
    "yes",
    "abstain",
    "no",
]
SERVER_ENCRYPTED = {3, 8}
CANDIDATES = ["Ada", "Grace", "Edsger", "Barbara"]
APPROVALS = [
    [True, False, True, False],
    [True, True, False, False],
    [False, False, False, True],
    [True, False, False, False],
    [False, True, True, True],
    [True, True, False, False],
]


def ceremony(
    election_id: str, trustees: int, threshold: int, rng: SeededRng
) -> tuple[list[Commitment], dict[int, int]]:
    """The commitments, and each trustee's key share (which a real trustee keeps to itself)."""
    dealt = [deal(i, threshold, trustees, election_id, rng) for i in range(1, trustees + 1)]
    shares = {
        j: key_share({p.trustee: share_for(p, j) for p, _ in dealt}) for j in range(1, trustees + 1)
    }
    return [c for _, c in dealt], shares


def decrypt_all(
    election_id: str,
    y: Point,
    labels: Sequence[str],
    tally: Sequence[Ciphertext],
    shares: dict[int, int],
    who: Sequence[int],
    rng: SeededRng,
) -> dict[str, list[PartialDecryption]]:
    return {
        label: [partial_decrypt(shares[j], j, y, ct, election_id, label, rng) for j in who]
        for label, ct in zip(labels, tally, strict=True)
    }


def motion_record(seed: str = "record-motion") -> dict[str, object]:
    """3 trustees, any 2 decrypt; 12 ballots (2 server-encrypted); trustees 3 and 1 decrypt."""
    rng = SeededRng(seed)
    commitments, shares = ceremony(MOTION_ELECTION, 3, 2, rng)
    y = election_public_key(commitments)
    cast = [
        CastBallot(encrypt_motion_ballot(y, MOTION_ELECTION, v, rng)[0], n in SERVER_ENCRYPTED)
        for n, v in enumerate(MOTION_VOTES)
    ]
    return _finish(MOTION_ELECTION, Question.motion(), 2, commitments, cast, shares, (3, 1), rng)


def ceremony_motion_record(
    context: str = "riverside/board/ceremony/7", seed: str = "record-ceremony"
) -> dict[str, object]:
    """A motion whose key a body's ceremony made before it (docs/VERIFY.md 6.1): the
    commitments' proofs bind the ceremony's context, the ballots and decryptions the motion."""
    rng = SeededRng(seed)
    commitments, shares = ceremony(context, 3, 2, rng)
    y = election_public_key(commitments)
    cast = [
        CastBallot(encrypt_motion_ballot(y, MOTION_ELECTION, v, rng)[0], n in SERVER_ENCRYPTED)
        for n, v in enumerate(MOTION_VOTES[:5])
    ]
    tally = encrypted_tally([c.ballot for c in cast], 3)
    partials = decrypt_all(MOTION_ELECTION, y, Question.motion().labels, tally, shares, (2, 3), rng)
    return build_record(
        election_id=MOTION_ELECTION,
        question=Question.motion(),
        threshold=2,
        commitments=commitments,
        ballots=cast,
        partials=partials,
        ceremony=context,
    )


def approval_record(seed: str = "record-approval") -> dict[str, object]:
    """4 candidates, approve 1 to 3; 3 trustees, any 2; trustees 1 and 2 decrypt."""
    rng = SeededRng(seed)
    commitments, shares = ceremony(APPROVAL_ELECTION, 3, 2, rng)
    y = election_public_key(commitments)
    cast = [
        CastBallot(encrypt_approval_ballot(y, APPROVAL_ELECTION, a, 1, 3, rng)[0])
        for a in APPROVALS
    ]
    question = Question.approval(CANDIDATES, 1, 3)
    return _finish(APPROVAL_ELECTION, question, 2, commitments, cast, shares, (1, 2), rng)


def _finish(
    election_id: str,
    question: Question,
    threshold: int,
    commitments: list[Commitment],
    cast: list[CastBallot],
    shares: dict[int, int],
    who: Sequence[int],
    rng: SeededRng,
) -> dict[str, object]:
    y = election_public_key(commitments)
    tally = encrypted_tally([c.ballot for c in cast], len(question.labels))
    partials = decrypt_all(election_id, y, question.labels, tally, shares, who, rng)
    return build_record(
        election_id=election_id,
        question=question,
        threshold=threshold,
        commitments=commitments,
        ballots=cast,
        partials=partials,
    )


def dump(record: Mapping[str, object]) -> str:
    return json.dumps(record, indent=1, sort_keys=False) + "\n"


FIXTURES = {"record-honest.json": motion_record, "record-approval.json": approval_record}


TAMPERED = "tampered.json"


def main() -> None:
    from tests.unit.verifiable.record_tampering import manifest

    DATA.mkdir(parents=True, exist_ok=True)
    for name, make in FIXTURES.items():
        (DATA / name).write_text(dump(make()))
        print(f"wrote {DATA / name}")
    (DATA / TAMPERED).write_text(dump(manifest()))
    print(f"wrote {DATA / TAMPERED}")


if __name__ == "__main__":
    main()
