"""The browser's ballot code (JavaScript, run in node) against the Python core, both ways.

Known answers: the same randomness gives the same bytes in both. Ballots made by the browser
code verify in Python, ballots made in Python verify in the independent Node verifier
(tools/verify-js), and a tampered ballot fails in both.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from governance.verifiable.ballot import (
    MOTION_CHOICES,
    approval_ballot_faults,
    encrypt_approval_ballot,
    encrypt_motion_ballot,
    motion_ballot_faults,
    opening_faults,
    parse_ballot,
    secrets_from_json,
    tracker,
)
from governance.verifiable.elgamal import encrypt
from governance.verifiable.group import base_mul, random_scalar, scalar_hex
from governance.verifiable.proofs import (
    prove_decryption,
    prove_key,
    prove_range,
    range_proof_to_json,
)
from governance.verifiable.record import verify_record
from governance.verifiable.threshold import deal, election_public_key, verification_key
from tests.unit.verifiable.node import bridge, require_node, verify_js
from tests.unit.verifiable.seeded import SeededRng

pytestmark = pytest.mark.usefixtures("node_ready")

X = random_scalar(SeededRng("kat-key"))
Y = base_mul(X)
ELECTION = "riverside/motion-12"
MOTION = {"id": ELECTION, "kind": "motion", "key": Y.hex()}
APPROVAL = {
    "id": "riverside/election-3",
    "kind": "approval",
    "key": Y.hex(),
    "candidates": 4,
    "min": 1,
    "max": 2,
}
VALUES = {"yes": [1, 0, 0], "no": [0, 1, 0], "abstain": [0, 0, 1]}


@pytest.fixture(scope="module")
def node_ready() -> None:
    require_node()


def python_faults(ballot: dict[str, Any], election: dict[str, Any]) -> list[str]:
    if election["kind"] == "motion":
        faults = motion_ballot_faults(ballot, Y, election["id"])
    else:
        faults = approval_ballot_faults(
            ballot, Y, election["id"], election["candidates"], election["min"], election["max"]
        )
    return sorted({f.code for f in faults})


def node_verifier(
    tmp_path: Path, election: dict[str, Any], ballots: list[Any]
) -> tuple[int, list[tuple[str, str]]]:
    """The Node verifier's exit status and (where, code) faults for these ballots alone."""
    doc = {"election": election, "ballots": ballots}
    path = tmp_path / "ballots.json"
    path.write_text(json.dumps(doc))
    done = verify_js(path, "--ballots", "--json")
    assert done.returncode in (0, 1), done.stderr
    faults = json.loads(done.stdout)["faults"]
    return done.returncode, [(f["where"], f["code"]) for f in faults]


def test_the_same_randomness_gives_the_same_bytes() -> None:
    js = bridge("known_answers")
    assert js["x"] == scalar_hex(X) and js["y"] == Y.hex()
    assert js["pok"] == prove_key(X, "kat", SeededRng("kat-pok")).to_json()
    ct = encrypt(Y, 1, 5)
    assert js["ciphertext"] == ct.to_json()
    range_proof = prove_range(Y, ct, 5, 1, 0, 1, "kat", SeededRng("kat-range"))
    assert js["range"] == range_proof_to_json(range_proof)
    factor, proof = prove_decryption(X, Y, ct, "kat", SeededRng("kat-dec"))
    assert js["factor"] == factor.hex()
    assert js["decryption"] == proof.to_json()
    # docs/VERIFY.md §4.1's worked example, byte for byte.
    assert len(bytes.fromhex(js["framed"])) == 130
    assert js["challenge"] == "023ffc7f6ed4376b00243063c960617be7dbe91f28fa800c859c72ed7ef48704"


@pytest.mark.parametrize("choice", MOTION_CHOICES)
def test_a_seeded_motion_ballot_is_the_same_in_both(choice: str) -> None:
    ballot, secrets = encrypt_motion_ballot(Y, "kat-election", choice, SeededRng("kat-ballot"))
    election = {**MOTION, "id": "kat-election"}
    js = bridge("make", election=election, values=VALUES[choice], seed="kat-ballot")
    assert js["ballot"] == ballot.to_json()
    assert js["opening"] == secrets.to_json()
    assert js["tracker"] == tracker(ballot)
    if choice == "yes":
        assert js["tracker"] == "8c6b74b9d2d2e1e667d4b367dc55348f4fb2c93088aed0d1ccd090e4fa2f42ba"


def test_a_seeded_approval_ballot_is_the_same_in_both() -> None:
    approvals = [False, True, False, True]
    ballot, secrets = encrypt_approval_ballot(
        Y, APPROVAL["id"], approvals, 1, 2, SeededRng("kat-approval")
    )
    js = bridge("make", election=APPROVAL, values=[0, 1, 0, 1], seed="kat-approval")
    assert js["ballot"] == ballot.to_json()
    assert js["opening"] == secrets.to_json()
    assert js["tracker"] == tracker(ballot)


@pytest.mark.parametrize(
    ("election", "values"),
    [(MOTION, v) for v in VALUES.values()] + [(APPROVAL, [1, 0, 0, 0]), (APPROVAL, [0, 1, 1, 0])],
)
def test_ballots_made_by_the_browser_code_verify_in_python(
    election: dict[str, Any], values: list[int]
) -> None:
    js = bridge("make", election=election, values=values)
    assert python_faults(js["ballot"], election) == []
    parsed, faults = parse_ballot(js["ballot"])
    assert parsed is not None and not faults
    assert tracker(parsed) == js["tracker"]
    # The Benaloh check: the revealed randomness opens to the values marked.
    secrets = secrets_from_json(js["opening"])
    assert list(secrets.values) == values
    assert opening_faults(parsed, secrets, Y) == []


def test_ballots_made_in_python_verify_in_the_node_verifier_and_the_browser_code(
    tmp_path: Path,
) -> None:
    ballots = [encrypt_motion_ballot(Y, ELECTION, c)[0] for c in MOTION_CHOICES]
    entries = [{"ballot": b.to_json(), "tracker": tracker(b)} for b in ballots]
    status, out = node_verifier(tmp_path, MOTION, entries)
    assert status == 0, out
    approval, _ = encrypt_approval_ballot(Y, APPROVAL["id"], [True, False, False, True], 1, 2)
    status, out = node_verifier(tmp_path, APPROVAL, [{"ballot": approval.to_json()}])
    assert status == 0, out
    seen = bridge("faults", election=APPROVAL, ballot=approval.to_json())
    assert seen == {"faults": [], "tracker": tracker(approval)}


def _swap_options(ballot: dict[str, Any]) -> None:
    ballot["choices"][0], ballot["choices"][1] = ballot["choices"][1], ballot["choices"][0]


def _bump_response(ballot: dict[str, Any]) -> None:
    pair = ballot["choices"][2]["proof"][0]
    pair["response"] = pair["challenge"]


def _other_election(ballot: dict[str, Any]) -> None:
    ballot["election"] = "riverside/motion-13"


def _non_canonical_point(ballot: dict[str, Any]) -> None:
    ballot["choices"][0]["alpha"] = "ff" * 32


def _version(ballot: dict[str, Any]) -> None:
    ballot["version"] = 2


TAMPERING = [
    (_swap_options, ["not-0-or-1"]),  # the contexts name the positions
    (_bump_response, ["not-0-or-1"]),
    (_other_election, ["wrong-election"]),
    (_non_canonical_point, ["malformed"]),
    (_version, ["version"]),
]


def test_a_tampered_ballot_fails_in_python_in_the_browser_code_and_in_the_node_verifier() -> None:
    made = bridge("make", election=MOTION, values=VALUES["yes"])["ballot"]
    python_made = encrypt_motion_ballot(Y, ELECTION, "yes")[0].to_json()
    tampered, expected = [], []
    for tamper, codes in TAMPERING:
        for ballot in (made, python_made):
            bad = copy.deepcopy(ballot)
            tamper(bad)
            assert python_faults(bad, MOTION) == codes, tamper.__name__
            tampered.append(bad)
            expected.append((tamper.__name__, codes))
    seen = bridge("check_many", election=MOTION, ballots=tampered)
    for (name, codes), found in zip(expected, seen, strict=True):
        assert found["browser"] == codes, name
        assert sorted({code for _, code in found["verifier"]}) == codes, name


def test_a_yes_and_no_ballot_fails_the_sum_in_both(tmp_path: Path) -> None:
    """Each option is 0 or 1, but two are marked: only the sum proof can catch it."""
    forged = copy.deepcopy(bridge("make", election=MOTION, values=VALUES["yes"])["ballot"])
    other = bridge("make", election=MOTION, values=VALUES["no"])["ballot"]
    forged["choices"][1] = other["choices"][1]
    assert python_faults(forged, MOTION) == ["sum-out-of-range"]
    status, faults = node_verifier(tmp_path, MOTION, [{"ballot": forged}])
    assert (status, faults) == (1, [("ballot 0, sum proof", "sum-out-of-range")])


def test_a_copied_ballot_and_a_wrong_tracker_are_named_by_the_node_verifier(
    tmp_path: Path,
) -> None:
    ballot = encrypt_motion_ballot(Y, ELECTION, "no")[0]
    entries = [
        {"ballot": ballot.to_json(), "tracker": tracker(ballot)},
        {"ballot": ballot.to_json(), "tracker": "00" * 32},
    ]
    status, faults = node_verifier(tmp_path, MOTION, entries)
    assert status == 1
    assert faults == [("ballot 1", "tracker"), ("ballot 1", "duplicate")]


def test_an_opening_that_lies_about_the_choice_fails_in_both() -> None:
    js = bridge("make", election=MOTION, values=VALUES["yes"])
    lie = {**js["opening"], "values": VALUES["no"]}
    assert bridge("opening", election=MOTION, ballot=js["ballot"], opening=lie) == {
        "faults": ["opening-mismatch"]
    }
    parsed, _ = parse_ballot(js["ballot"])
    assert parsed is not None
    assert {f.code for f in opening_faults(parsed, secrets_from_json(lie), Y)} == {
        "opening-mismatch"
    }
    honest = bridge("opening", election=MOTION, ballot=js["ballot"], opening=js["opening"])
    assert honest == {"faults": []}


def test_the_dealing_known_answer_is_the_same_in_both() -> None:
    rng = SeededRng("kat-dkg")
    python = [deal(i, 2, 3, "kat-election", rng)[1] for i in (1, 2, 3)]
    js = bridge("dealing")
    assert js["commitments"] == [c.to_json() for c in python]
    assert js["y"] == election_public_key(python).hex()
    assert js["X2"] == verification_key(python, 2).hex()
    assert js["y"] == "d82c74ea226907246e3c96d2c7951a0bcd0b29f6e6806e640cb898e65b5d1e45"


def test_a_whole_vote_done_by_the_browser_code_verifies_in_python(tmp_path: Path) -> None:
    """Dealing, ballots, tally and partial decryptions all made in node: the record verifies."""
    votes = ["yes", "yes", "no", "abstain", "yes"]
    record = bridge(
        "record",
        election="riverside/motion-40",
        t=2,
        n=3,
        votes=votes,
        decrypting=[3, 1],
        seed="js-record",
    )
    assert verify_record(record) == []
    assert [line["count"] for line in record["result"]] == [3, 1, 1]
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record))
    assert verify_js(path).returncode == 0
    # And a count changed afterwards is caught by Python.
    record["result"][1]["count"] = 2
    assert [(f.code, f.where) for f in verify_record(record)] == [("wrong-count", "tally no")]
