"""Whole public records (docs/VERIFY.md §10) through the independent Node verifier: honest ones
verify with Python's summary and digest, every tampering in tests/data/verifiable/tampered.json
gives exactly the listed faults, and on further tamperings Node and Python name the same faults."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from governance.verifiable.record import record_summary, verify_record
from tests.unit.verifiable.node import ROOT, require_node, verify_js, verify_records_js
from tests.unit.verifiable.record_fixture import ceremony_motion_record
from tests.unit.verifiable.record_tampering import apply_patch

DATA = ROOT / "tests" / "data" / "verifiable"
BASES = ("record-honest.json", "record-approval.json")

pytestmark = pytest.mark.usefixtures("node_ready")


@pytest.fixture(scope="module")
def node_ready() -> None:
    require_node()


def _base(name: str) -> dict[str, Any]:
    return dict(json.loads((DATA / name).read_text()))


def _pairs(faults: list[dict[str, str]]) -> list[tuple[str, str]]:
    return sorted((f["code"], f["where"]) for f in faults)


def test_honest_records_verify_in_node_with_pythons_summary() -> None:
    records = [_base(name) for name in BASES]
    for record, seen in zip(records, verify_records_js(records), strict=True):
        assert verify_record(record) == []
        assert seen["faults"] == []
        python = record_summary(record)
        assert seen["summary"]["digest"] == python["digest"]
        assert seen["summary"]["ballots"] == len(record["ballots"])  # type: ignore[arg-type]


def test_every_documented_tampering_gives_the_listed_faults_in_node() -> None:
    cases = json.loads((DATA / "tampered.json").read_text())["cases"]
    records = [apply_patch(_base(case["base"]), case["patch"]) for case in cases]
    for case, seen in zip(cases, verify_records_js(records), strict=True):
        assert _pairs(seen["faults"]) == _pairs(case["faults"]), case["name"]


def _ballot(n: int, change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    return lambda r: change(r["ballots"][n]["ballot"])


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(record: dict[str, Any]) -> None:
        target = record
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


FURTHER: dict[str, Callable[[dict[str, Any]], None]] = {
    "ballot-version-2": _ballot(0, lambda b: b.update(version=2)),
    "ballot-wrong-kind": _ballot(1, lambda b: b.update(kind="approval")),
    "ballot-extra-key": _ballot(2, lambda b: b.update(extra=1)),
    "ballot-one-option-dropped": _ballot(3, lambda b: b["choices"].pop()),
    "ballot-sum-proof-not-a-list": _ballot(4, lambda b: b.update(sum_proof={})),
    "ballot-options-swapped": _ballot(5, lambda b: b["choices"].insert(0, b["choices"].pop(1))),
    "tracker-upper-case": lambda r: r["ballots"][0].update(
        tracker=r["ballots"][0]["tracker"].upper()
    ),
    "flag-not-boolean": lambda r: r["ballots"][0].update(server_encrypted=1),
    "threshold-zero": _set(["trustees", "threshold"], 0),
    "threshold-above-count": _set(["trustees", "threshold"], 4),
    "huge-trustee-count": _set(["trustees", "count"], 10**12),
    "count-true": _set(["result", 0, "count"], True),
    "count-negative": _set(["result", 1, "count"], -1),
    "label-renamed": _set(["tally", 0, "label"], "aye"),
    "group-other": _set(["group"], "p256"),
    "election-id-non-ascii": _set(["election"], "riverside/motion-é"),
    "question-reordered": _set(["question", "choices"], ["no", "yes", "abstain"]),
    "not-an-object": lambda r: r.clear(),
    "partial-of-trustee-0": lambda r: r["partial_decryptions"][2]["partials"].insert(
        0, {**r["partial_decryptions"][2]["partials"][0], "trustee": 0}
    ),
    "commitment-coefficient-dropped": lambda r: r["trustees"]["commitments"][0][
        "coefficients"
    ].pop(),
    "commitment-without-coefficients": lambda r: r["trustees"]["commitments"][1].update(
        coefficients=[]
    ),
    "commitment-key-part-identity": lambda r: r["trustees"]["commitments"][1][
        "coefficients"
    ].__setitem__(0, "00" * 32),
    "commitment-repeated-with-a-bad-proof": lambda r: r["trustees"]["commitments"].append(
        {
            **r["trustees"]["commitments"][0],
            "proof": {"challenge": "00" * 32, "response": "00" * 32},
        }
    ),
    "trustee-renumbered": lambda r: r["trustees"]["commitments"][1].update(trustee=7),
    "ballot-version-string": _ballot(0, lambda b: b.update(version="1")),
    "ballot-choices-object": _ballot(0, lambda b: b.update(choices={})),
    "ballot-empty-range-proof": _ballot(0, lambda b: b["choices"][0].update(proof=[])),
    "ballot-copied-under-a-new-tracker": lambda r: r["ballots"].__setitem__(
        1, {**r["ballots"][0], "tracker": "ab" * 32}
    ),
}


def test_node_and_python_name_the_same_faults_for_further_tamperings() -> None:
    records = []
    for change in FURTHER.values():
        record = copy.deepcopy(_base("record-honest.json"))
        change(record)
        records.append(record)
    for name, record, seen in zip(FURTHER, records, verify_records_js(records), strict=True):
        python = sorted((f.code, f.where) for f in verify_record(record))
        assert python, name
        assert _pairs(seen["faults"]) == python, name


def test_a_key_made_by_a_bodys_ceremony_verifies_and_its_context_is_checked_in_both() -> None:
    """A record from a real ceremony carries `trustees.context` (the ceremony's C): both
    verifiers accept it, check the key proofs under it, and fault a changed or missing one."""
    honest = ceremony_motion_record()
    assert honest["trustees"]["context"] == "riverside/board/ceremony/7"  # type: ignore[index]
    tampered = {
        "context-of-another-ceremony": _set(["trustees", "context"], "riverside/board/ceremony/8"),
        "context-dropped": lambda r: r["trustees"].pop("context"),
        "context-not-text": _set(["trustees", "context"], 7),
        "context-not-printable": _set(["trustees", "context"], "riverside/\nboard"),
    }
    records = [honest]
    for change in tampered.values():
        record = copy.deepcopy(honest)
        change(record)
        records.append(record)
    seen = verify_records_js(records)
    assert verify_record(honest) == [] and seen[0]["faults"] == []
    key_proofs = [("key-proof", f"trustee {i}") for i in (1, 2, 3)]
    expected = [key_proofs, key_proofs, [("malformed", "trustees")], [("malformed", "trustees")]]
    for name, record, node, want in zip(tampered, records[1:], seen[1:], expected, strict=True):
        assert sorted((f.code, f.where) for f in verify_record(record)) == want, name
        assert _pairs(node["faults"]) == want, name


def test_the_command_exits_0_1_and_2(tmp_path: Path) -> None:
    honest = verify_js(DATA / "record-honest.json")
    assert honest.returncode == 0, honest.stdout
    bad = _base("record-honest.json")
    bad["result"][0]["count"] += 1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    done = verify_js(path)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == "1 fault(s):"
    assert done.stdout.splitlines()[1].endswith("[wrong-count]")
    assert done.stdout.splitlines()[1].startswith("tally yes: ")
    seen = json.loads(verify_js(path, "--json").stdout)
    assert seen["verified"] is False and _pairs(seen["faults"]) == [("wrong-count", "tally yes")]
    path.write_text("{not json")
    assert verify_js(path).returncode == 2
