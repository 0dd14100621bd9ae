"""Tampered records as JSON Patches over the honest fixtures, with the faults each must give.

Written to tests/data/verifiable/tampered.json (by `python -m tests.unit.verifiable.record_fixture`)
so a second verifier can run the same attacks: apply each case's `patch` (RFC 6902, only the
operations add, remove, replace and copy, paths per RFC 6901) to a copy of its `base` file,
verify, and compare the (code, where) pairs found with `faults`, sorted (order within a step may
differ between implementations; the same pair can occur twice, for two trustees).
"""

from __future__ import annotations

import copy
from typing import Any

from governance.verifiable.ballot import encrypt_motion_ballot, parse_ballot, tracker
from governance.verifiable.group import G, Point
from governance.verifiable.record import verify_record
from tests.unit.verifiable import record_fixture
from tests.unit.verifiable.seeded import SeededRng

MOTION = "record-honest.json"
APPROVAL = "record-approval.json"
#: 32 bytes that are not the canonical encoding of any point (the field element is above p).
NOT_A_POINT = "f" * 64
#: A scalar above the group order, which has a smaller, canonical encoding.
NOT_A_SCALAR = "f" * 64


def _resolve(doc: Any, path: str) -> tuple[Any, str]:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]
    parent = doc
    for part in parts[:-1]:
        parent = parent[int(part)] if isinstance(parent, list) else parent[part]
    return parent, parts[-1]


def _get(doc: Any, path: str) -> Any:
    parent, key = _resolve(doc, path)
    return parent[int(key)] if isinstance(parent, list) else parent[key]


def apply_patch(doc: Any, patch: list[dict[str, Any]]) -> Any:
    """The RFC 6902 operations the cases use, applied to a deep copy."""
    doc = copy.deepcopy(doc)
    for op in patch:
        if op["op"] == "copy":
            value = copy.deepcopy(_get(doc, op["from"]))
        elif op["op"] in ("add", "replace"):
            value = copy.deepcopy(op["value"])
        elif op["op"] != "remove":
            raise ValueError(f"unsupported operation {op['op']}")
        parent, key = _resolve(doc, op["path"])
        if op["op"] == "remove":
            del parent[int(key) if isinstance(parent, list) else key]
        elif isinstance(parent, list) and op["op"] != "replace":
            parent.insert(len(parent) if key == "-" else int(key), value)
        else:
            parent[int(key) if isinstance(parent, list) else key] = value
    return doc


def _fresh_entry(base: dict[str, Any], choice: str, seed: str) -> dict[str, Any]:
    y = Point.from_hex(base["election_key"])
    ballot, _ = encrypt_motion_ballot(y, base["election"], choice, SeededRng(seed))
    return {"ballot": ballot.to_json(), "tracker": tracker(ballot), "server_encrypted": True}


def _copied_entry(base: dict[str, Any]) -> dict[str, Any]:
    """A new ballot whose first option is ballot 7's ciphertext, tracker honestly recomputed."""
    entry = _fresh_entry(base, "no", "copy")
    entry["ballot"]["choices"][0] = copy.deepcopy(base["ballots"][7]["ballot"]["choices"][0])
    parsed, _ = parse_ballot(entry["ballot"])
    assert parsed is not None
    entry["tracker"] = tracker(parsed)
    return entry


def _without_trustee(base: dict[str, Any], trustee: int) -> list[dict[str, Any]]:
    ops = []
    for line, item in enumerate(base["partial_decryptions"]):
        for k in reversed(range(len(item["partials"]))):
            if item["partials"][k]["trustee"] == trustee:
                ops.append({"op": "remove", "path": f"/partial_decryptions/{line}/partials/{k}"})
    return ops


def cases() -> list[dict[str, Any]]:
    motion = record_fixture.motion_record()
    t1, t2 = motion["ballots"][1]["tracker"], motion["ballots"][2]["tracker"]  # type: ignore[index]
    stranger = {**motion["partial_decryptions"][2]["partials"][0], "trustee": 4}  # type: ignore[index]
    g = G.hex()
    raw: list[tuple[str, str, str, list[dict[str, Any]]]] = [
        ("altered-ciphertext", "a ballot's ciphertext is changed", MOTION,
         [{"op": "replace", "path": "/ballots/4/ballot/choices/0/beta", "value": g}]),
        ("dropped-ballot", "a ballot is removed from the list", MOTION,
         [{"op": "remove", "path": "/ballots/5"}]),
        ("duplicated-ballot", "a ballot is listed twice", MOTION,
         [{"op": "copy", "from": "/ballots/2", "path": "/ballots/-"}]),
        ("added-ballot", "a valid ballot is added that the tally does not include", MOTION,
         [{"op": "add", "path": "/ballots/-", "value": _fresh_entry(motion, "yes", "stuffed")}]),
        ("copied-ciphertext", "a new ballot reuses another ballot's ciphertext", MOTION,
         [{"op": "add", "path": "/ballots/-", "value": _copied_entry(motion)}]),
        ("swapped-trackers", "two ballots' trackers are exchanged", MOTION,
         [{"op": "replace", "path": "/ballots/1/tracker", "value": t2},
          {"op": "replace", "path": "/ballots/2/tracker", "value": t1}]),
        ("non-canonical-point", "a ballot's alpha is not a canonical encoding", MOTION,
         [{"op": "replace", "path": "/ballots/3/ballot/choices/1/alpha", "value": NOT_A_POINT}]),
        ("unreduced-scalar", "a proof's response is not below the group order", MOTION,
         [{"op": "replace", "path": "/ballots/6/ballot/sum_proof/0/response",
           "value": NOT_A_SCALAR}]),
        ("malformed-entry", "a ballot entry lacks server_encrypted", MOTION,
         [{"op": "remove", "path": "/ballots/0/server_encrypted"}]),
        ("altered-partial", "a trustee's decryption factor is changed", MOTION,
         [{"op": "replace", "path": "/partial_decryptions/0/partials/0/factor", "value": g}]),
        ("too-few-partials", "trustee 1's partial decryptions are removed", MOTION,
         _without_trustee(motion, 1)),
        ("duplicate-partial", "one trustee's partial is listed twice for a line", MOTION,
         [{"op": "copy", "from": "/partial_decryptions/1/partials/0",
           "path": "/partial_decryptions/1/partials/1"},
          {"op": "remove", "path": "/partial_decryptions/1/partials/2"}]),
        ("unknown-trustee", "a partial decryption from trustee 4 of 3", MOTION,
         [{"op": "add", "path": "/partial_decryptions/2/partials/-", "value": stranger}]),
        ("altered-counts", "two counts are changed", MOTION,
         [{"op": "replace", "path": "/result/0/count", "value": 7},
          {"op": "replace", "path": "/result/1/count", "value": 3}]),
        ("altered-key-part", "trustee 2's first coefficient commitment is changed", MOTION,
         [{"op": "replace", "path": "/trustees/commitments/1/coefficients/0", "value": g}]),
        ("altered-coefficient", "trustee 2's second coefficient commitment is changed", MOTION,
         [{"op": "replace", "path": "/trustees/commitments/1/coefficients/1", "value": g}]),
        ("missing-trustee", "trustee 3's commitment is removed", MOTION,
         [{"op": "remove", "path": "/trustees/commitments/2"}]),
        ("wrong-election-key", "the record's election key is not the trustees'", MOTION,
         [{"op": "replace", "path": "/election_key", "value": g}]),
        ("other-election", "the record is relabelled as another election", MOTION,
         [{"op": "replace", "path": "/election", "value": "riverside/motion-13"}]),
        ("unknown-format", "the format is not this one", MOTION,
         [{"op": "replace", "path": "/format", "value": "governance-verifiable-record/2"}]),
        ("upper-case-hex", "a tally point in upper-case hex", MOTION,
         [{"op": "replace", "path": "/tally/0/alpha",
           "value": motion["tally"][0]["alpha"].upper()}]),  # type: ignore[index]
        ("fractional-count", "a count that is not an integer", MOTION,
         [{"op": "replace", "path": "/result/2/count", "value": 2.5}]),
        ("approval-altered-count", "an approval election's count is changed", APPROVAL,
         [{"op": "replace", "path": "/result/3/count", "value": 3}]),
        ("approval-tighter-maximum", "the allowed number of approvals is lowered", APPROVAL,
         [{"op": "replace", "path": "/question/maximum", "value": 2}]),
    ]  # fmt: skip
    bases = {MOTION: motion, APPROVAL: record_fixture.approval_record()}
    out = []
    for name, description, base, patch in raw:
        faults = verify_record(apply_patch(bases[base], patch))
        assert faults, name
        out.append(
            {
                "name": name,
                "description": description,
                "base": base,
                "patch": patch,
                "faults": [{"code": f.code, "where": f.where} for f in faults],
            }
        )
    return out


def manifest() -> dict[str, Any]:
    return {
        "about": (
            "Apply each case's patch (RFC 6902: add, remove, replace, copy) to a copy of its "
            "base record, verify it (docs/VERIFY.md section 10.2), and compare the (code, "
            "where) pairs found with faults, both sorted. "
            "Made by tests/unit/verifiable/record_tampering.py."
        ),
        "cases": cases(),
    }
