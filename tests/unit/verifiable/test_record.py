"""The public record of a verifiable vote: an honest one verifies, and each way of tampering
with it is caught and named, by `verify_record` and by `governance verify` (docs/VERIFY.md §10).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from governance.verifiable.ballot import canonical_json, encrypt_motion_ballot, tracker
from governance.verifiable.faults import Fault
from governance.verifiable.group import G, Point
from governance.verifiable.record import (
    FORMAT,
    CastBallot,
    Question,
    build_record,
    record_digest,
    record_summary,
    verify_record,
)
from governance.verifiable.threshold import Commitment, partial_decrypt
from tests.unit.verifiable import record_fixture, record_tampering
from tests.unit.verifiable.seeded import SeededRng

Record = dict[str, Any]


@cache
def _honest_motion() -> str:
    return json.dumps(record_fixture.motion_record())


@cache
def _honest_approval() -> str:
    return json.dumps(record_fixture.approval_record())


@pytest.fixture
def record() -> Record:
    """A fresh copy of the honest motion record: 3 trustees, any 2; 12 ballots; 3 and 1 decrypt."""
    return json.loads(_honest_motion())


def codes(faults: list[Fault]) -> set[tuple[str, str]]:
    return {(f.code, f.where) for f in faults}


def run_cli(tmp_path: Path, data: object, *extra: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "record.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVERNANCE_")}
    return subprocess.run(
        [sys.executable, "-m", "governance.cli", "verify", str(path), *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def ballots(record: Record) -> list[dict[str, Any]]:
    return record["ballots"]


def partials(record: Record, line: int) -> list[dict[str, Any]]:
    return record["partial_decryptions"][line]["partials"]


def commitments(record: Record) -> list[dict[str, Any]]:
    return record["trustees"]["commitments"]


# --- honest records ---------------------------------------------------------------------------


def test_an_honest_motion_record_verifies(record: Record) -> None:
    assert record["format"] == FORMAT
    assert verify_record(record) == []
    assert record_summary(record) == {
        "election": "riverside/motion-12",
        "kind": "motion",
        "ballots": 12,
        "server_encrypted": 2,
        "trustees": 3,
        "threshold": 2,
        "decrypted_by": [1, 3],
        "result": {"yes": 6, "no": 4, "abstain": 2},
        "digest": record_digest(record),
    }
    spaced = json.loads(json.dumps(record, indent=4))
    assert record_digest(spaced) == record_digest(record)
    assert record_digest(record) == hashlib.sha256(canonical_json(record)).hexdigest()
    assert [b["server_encrypted"] for b in ballots(record)].count(True) == 2


def test_an_honest_approval_record_verifies() -> None:
    record = json.loads(_honest_approval())
    assert verify_record(record) == []
    assert record_summary(record)["result"] == {"Ada": 4, "Grace": 3, "Edsger": 2, "Barbara": 2}


def test_the_command_prints_a_summary_and_exits_0(tmp_path: Path, record: Record) -> None:
    done = run_cli(tmp_path, record)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[1:] == [
        "12 ballot(s) checked, 2 encrypted by the server.",
        "Trustees: 3, any 2 decrypt; decrypted by 1, 3.",
        "Result: yes 6, no 4, abstain 2.",
        f"Record digest (SHA-256 of its canonical JSON): {record_digest(record)}",
    ]


@pytest.mark.parametrize("name", sorted(record_fixture.FIXTURES))
def test_the_fixture_files_are_what_the_code_makes(name: str) -> None:
    """The JavaScript verifier tests against these files; regenerate them with
    `python -m tests.unit.verifiable.record_fixture` if the format changes on purpose."""
    on_disk = (record_fixture.DATA / name).read_text()
    made = record_fixture.dump(record_fixture.FIXTURES[name]())
    assert on_disk == made
    assert verify_record(json.loads(on_disk)) == []


def test_the_tampered_cases_file_is_what_the_code_makes() -> None:
    """tampered.json is the attacks as patches, each with the faults verify_record finds
    (record_tampering.cases computes them and asserts there is at least one), for the
    JavaScript verifier to run too."""
    on_disk = json.loads((record_fixture.DATA / record_fixture.TAMPERED).read_text())
    assert on_disk == record_tampering.manifest()
    assert len(on_disk["cases"]) >= 20


def test_build_record_refuses_a_tally_it_cannot_decrypt() -> None:
    rng = SeededRng("too-few")
    commitments, _ = record_fixture.ceremony("e", 3, 2, rng)
    with pytest.raises(ValueError, match="cannot decrypt"):
        build_record(
            election_id="e",
            question=Question.motion(),
            threshold=2,
            commitments=commitments,
            ballots=[],
            partials={},
        )


# --- tampering with ballots -------------------------------------------------------------------


def test_an_altered_ciphertext_is_named_by_ballot_and_choice(
    tmp_path: Path, record: Record
) -> None:
    ballots(record)[4]["ballot"]["choices"][0]["beta"] = G.hex()
    faults = verify_record(record)
    assert {
        ("not-0-or-1", "ballot 4, choice 0"),
        ("sum-out-of-range", "ballot 4, sum proof"),
        ("tracker", "ballot 4"),
    } <= codes(faults)
    claimed = ballots(record)[4]["tracker"]
    assert all(claimed[:16] in f.detail for f in faults if f.where.startswith("ballot 4"))
    # The altered ballot is not counted, so the published tally no longer matches either.
    assert ("tally-mismatch", "tally yes") in codes(faults)

    done = run_cli(tmp_path, record)
    assert done.returncode == 1
    assert done.stdout.startswith(f"{tmp_path / 'record.json'} does NOT verify")
    assert any(
        line.startswith("ballot 4, choice 0:") and line.endswith("[not-0-or-1]")
        for line in done.stdout.splitlines()
    )


def test_a_dropped_ballot_leaves_the_tally_unexplained(record: Record) -> None:
    del ballots(record)[5]
    assert codes(verify_record(record)) == {
        ("tally-mismatch", "tally yes"),
        ("tally-mismatch", "tally no"),
        ("tally-mismatch", "tally abstain"),
    }


def test_a_duplicated_ballot_is_named_and_not_counted(record: Record) -> None:
    ballots(record).append(copy.deepcopy(ballots(record)[2]))
    faults = verify_record(record)
    assert codes(faults) == {("duplicate", "ballot 12"), ("duplicate-tracker", "ballot 12")}
    assert any("ballot 2" in f.detail for f in faults if f.code == "duplicate")


def test_a_copied_ciphertext_under_a_fresh_tracker_is_still_a_duplicate(record: Record) -> None:
    """Copying one option's ciphertext into an otherwise new ballot: its proofs may even hold,
    but the shared alpha gives it away (Cortier and Smyth)."""
    y = Point.from_hex(record["election_key"])
    fresh, _ = encrypt_motion_ballot(y, "riverside/motion-12", "no", SeededRng("copy"))
    data = fresh.to_json()
    data["choices"][0] = copy.deepcopy(ballots(record)[7]["ballot"]["choices"][0])
    entry = {"ballot": data, "tracker": "0" * 64, "server_encrypted": False}
    ballots(record).append(entry)
    assert ("duplicate", "ballot 12") in codes(verify_record(record))


def test_a_valid_ballot_added_after_the_tally_is_caught(record: Record) -> None:
    y = Point.from_hex(record["election_key"])
    extra, _ = encrypt_motion_ballot(y, "riverside/motion-12", "yes", SeededRng("stuffed"))
    ballots(record).append(
        {"ballot": extra.to_json(), "tracker": tracker(extra), "server_encrypted": True}
    )
    assert codes(verify_record(record)) == {
        ("tally-mismatch", "tally yes"),
        ("tally-mismatch", "tally no"),
        ("tally-mismatch", "tally abstain"),
    }


def test_swapped_trackers_are_named(record: Record) -> None:
    one, two = ballots(record)[1], ballots(record)[2]
    one["tracker"], two["tracker"] = two["tracker"], one["tracker"]
    assert codes(verify_record(record)) == {("tracker", "ballot 1"), ("tracker", "ballot 2")}


def test_a_ballot_entry_without_its_flag_is_malformed(record: Record) -> None:
    del ballots(record)[0]["server_encrypted"]
    faults = codes(verify_record(record))
    assert ("malformed", "ballot 0") in faults
    assert ("tally-mismatch", "tally yes") in faults  # the skipped ballot is not counted


# --- tampering with the trustees and the decryption -------------------------------------------


def test_an_altered_partial_decryption_is_named(tmp_path: Path, record: Record) -> None:
    partials(record, 0)[0]["factor"] = G.hex()  # trustee 3's partial for "yes"
    faults = verify_record(record)
    assert codes(faults) == {("partial-proof", "tally yes"), ("too-few-partials", "tally yes")}
    assert "trustee 3" in faults[0].detail

    done = run_cli(tmp_path, record, "--json")
    assert done.returncode == 1
    out = json.loads(done.stdout)
    assert out["verified"] is False
    assert {(f["code"], f["where"]) for f in out["faults"]} == codes(faults)


def test_fewer_than_the_threshold_of_trustees_cannot_open_the_tally(record: Record) -> None:
    for line in range(3):
        partials(record, line)[:] = [p for p in partials(record, line) if p["trustee"] != 1]
    assert codes(verify_record(record)) == {
        ("too-few-partials", "tally yes"),
        ("too-few-partials", "tally no"),
        ("too-few-partials", "tally abstain"),
    }


def test_one_trustee_decrypting_twice_is_not_two_trustees(record: Record) -> None:
    partials(record, 1)[1] = copy.deepcopy(partials(record, 1)[0])
    assert codes(verify_record(record)) == {
        ("duplicate-partial", "tally no"),
        ("too-few-partials", "tally no"),
    }


def test_a_partial_from_no_such_trustee_is_named(record: Record) -> None:
    partials(record, 2).append({**partials(record, 2)[0], "trustee": 4})
    assert codes(verify_record(record)) == {("unknown-trustee", "tally abstain")}


def test_altered_counts_are_named(tmp_path: Path, record: Record) -> None:
    result = record["result"]
    result[0]["count"] = 7
    result[1]["count"] = 3
    assert codes(verify_record(record)) == {
        ("wrong-count", "tally yes"),
        ("wrong-count", "tally no"),
    }
    done = run_cli(tmp_path, record)
    assert done.returncode == 1
    assert "tally yes: the tally does not decrypt to 7 [wrong-count]" in done.stdout.splitlines()


def test_an_altered_key_part_fails_its_proof(record: Record) -> None:
    commitments(record)[1]["coefficients"][0] = G.hex()
    faults = codes(verify_record(record))
    assert ("key-proof", "trustee 2") in faults
    # The keys are unusable, so decryption is not checked; the ballots still are, under the
    # record's key, and hold.
    assert all(where.startswith("trustee") for _, where in faults)


def test_an_altered_higher_coefficient_breaks_every_verification_key(record: Record) -> None:
    """The Schnorr proof covers only a_0; the other commitments fix the trustees' verification
    keys, so changing one makes every honest partial decryption fail against them."""
    commitments(record)[1]["coefficients"][1] = G.hex()
    faults = codes(verify_record(record))
    assert ("partial-proof", "tally yes") in faults
    assert ("too-few-partials", "tally abstain") in faults
    assert not any(code.startswith("key") for code, _ in faults)


def test_a_huge_trustee_count_is_named_not_enumerated(record: Record) -> None:
    record["trustees"]["count"] = 10**12
    assert ("trustee-set", "trustees") in codes(verify_record(record))


def test_a_record_key_that_is_not_the_trustees_is_named(record: Record) -> None:
    record["election_key"] = G.hex()
    assert codes(verify_record(record)) == {("election-key", "election key")}


def test_a_missing_trustee_is_named(record: Record) -> None:
    del commitments(record)[2]
    assert ("trustee-set", "trustees") in codes(verify_record(record))


def test_a_record_moved_to_another_election_fails_every_proof(record: Record) -> None:
    record["election"] = "riverside/motion-13"
    faults = codes(verify_record(record))
    assert {("key-proof", f"trustee {i}") for i in (1, 2, 3)} <= faults
    for n in range(12):
        assert ("wrong-election", f"ballot {n}") in faults
        assert ("not-0-or-1", f"ballot {n}, choice 0") in faults


def test_a_record_moved_with_its_ballots_relabelled_still_fails(record: Record) -> None:
    """Editing each ballot's own election field too changes nothing: E is in every hash."""
    record["election"] = "riverside/motion-13"
    for entry in ballots(record):
        entry["ballot"]["election"] = "riverside/motion-13"
    faults = codes(verify_record(record))
    assert ("sum-out-of-range", "ballot 0, sum proof") in faults
    assert not any(code == "wrong-election" for code, _ in faults)


# --- the envelope -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda r: r.update(format="governance-verifiable-record/2"), ("format", "record")),
        (lambda r: r.pop("tally"), ("malformed", "record")),
        (lambda r: r.update(group="P-256"), ("group", "record")),
        (lambda r: r.update(election="caf\u00e9"), ("election-id", "record")),
        (
            lambda r: r["question"].update(choices=["no", "yes", "abstain"]),
            ("question", "question"),
        ),
        (lambda r: r["trustees"].update(threshold=True), ("malformed", "trustees")),
        (lambda r: r.update(election_key="00" * 31), ("malformed", "election key")),
        (
            lambda r: r["tally"][0].update(alpha=r["tally"][0]["alpha"].upper()),
            ("malformed", "tally"),
        ),
        (lambda r: r["tally"].reverse(), ("malformed", "tally")),
        (lambda r: r["partial_decryptions"].pop(), ("malformed", "partial decryptions")),
        (lambda r: r["result"][0].update(count=6.5), ("malformed", "result")),
        (lambda r: r["trustees"].update(threshold=4), ("threshold", "trustees")),
    ],
)
def test_a_malformed_envelope_is_one_named_fault(
    record: Record, edit: object, expected: tuple[str, str]
) -> None:
    edit(record)
    assert codes(verify_record(record)) == {expected}


def test_not_an_object_is_not_a_record() -> None:
    assert codes(verify_record([])) == {("format", "record")}


def test_the_command_exits_2_on_what_is_not_json(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "{not json")
    assert done.returncode == 2
    assert "Cannot read" in done.stderr


# --- approval elections -----------------------------------------------------------------------


def test_an_approval_record_with_an_altered_count_or_ballot_fails() -> None:
    record = json.loads(_honest_approval())
    record["result"][3]["count"] = 3
    ballots(record)[0]["ballot"]["choices"][2]["alpha"] = G.hex()
    faults = codes(verify_record(record))
    assert ("wrong-count", "tally 3") in faults
    assert ("not-0-or-1", "ballot 0, choice 2") in faults
    assert ("tally-mismatch", "tally 2") in faults


def test_an_approval_record_checks_the_question_bounds() -> None:
    """Changing the allowed range after the vote fails every ballot's sum proof: the bounds are
    hashed into it and fix how many pairs it has, so even a ballot inside both ranges fails."""
    record = json.loads(_honest_approval())
    record["question"]["maximum"] = 2
    faults = codes(verify_record(record))
    assert {("sum-out-of-range", f"ballot {n}, sum proof") for n in range(6)} <= faults


def test_build_record_marks_server_encrypted_ballots() -> None:
    rng = SeededRng("flags")
    commitments_, shares = record_fixture.ceremony("e", 1, 1, rng)
    y = commitments_[0].coefficients[0]
    ballot, _ = encrypt_motion_ballot(y, "e", "abstain", rng)
    cast = [CastBallot(ballot, server_encrypted=True)]
    tally = {c: ballot.choices[i].ciphertext for i, c in enumerate(("yes", "no", "abstain"))}
    made = build_record(
        election_id="e",
        question=Question.motion(),
        threshold=1,
        commitments=commitments_,
        ballots=cast,
        partials={
            label: [partial_decrypt(shares[1], 1, y, ct, "e", label, rng)]
            for label, ct in tally.items()
        },
    )
    assert verify_record(made) == []
    assert made["ballots"][0]["server_encrypted"] is True
    assert made["result"] == [  # decrypted by build_record itself
        {"label": "yes", "count": 0},
        {"label": "no", "count": 0},
        {"label": "abstain", "count": 1},
    ]
    assert isinstance(commitments_[0], Commitment)
