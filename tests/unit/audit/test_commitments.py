"""Salted commitments: opening them, redacting with them, and verify's check that a roll
call's close opens every choice committed in its casts (on chains whose hashes are sound, so
only the commitment rule can catch what is wrong)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from governance.audit.commitments import commitment, is_commitment, new_salt, opens
from governance.audit.rules import (
    GENESIS_HASH,
    ChainVerifier,
    canonical_entry,
    canonical_json,
    entry_hash,
    redact_for_reader,
)
from tests.unit.audit.test_chain_rules import as_tuples

MOTION = "motion:m1"


def test_a_commitment_is_sha256_over_salt_and_canonical_value_and_opens_only_to_it() -> None:
    salt = new_salt()
    assert len(bytes.fromhex(salt)) == 32 and new_salt() != salt
    committed = commitment(salt, "member:m1")
    digest = hashlib.sha256((salt + '"member:m1"').encode()).hexdigest()
    assert committed == f"commit:{digest}" and is_commitment(committed)
    assert opens(committed, salt, "member:m1")
    assert not opens(committed, salt, "member:m2")
    assert not opens(committed, new_salt(), "member:m1")
    assert not opens(committed, salt[:-2], "member:m1")
    assert commitment(new_salt(), "member:m1") != committed


def test_a_committed_private_entry_is_served_as_stored_and_opened_for_admins_alone() -> None:
    salts = {f: new_salt() for f in ("actor", "subject", "at")}
    values = {"actor": "acct1", "subject": "member:m1", "at": "2026-01-01T00:00:00+00:00"}
    entry = {
        "seq": 3,
        "action": "member.lived_experience_changed",
        "data": {"lived_experience": "changed"},
        **{f: commitment(salts[f], v) for f, v in values.items()},
    }
    openings = {entry[f]: (salts[f], values[f]) for f in values}
    plain = redact_for_reader(entry, privileged=False, openings=openings)
    assert plain == {**entry, "redacted": True}
    admin = redact_for_reader(entry, privileged=True, openings=openings)
    assert admin["opened"] == values and admin["salts"] == salts
    assert {k: admin[k] for k in entry} == entry


def _chain(entries: list[tuple[str, str, dict[str, Any]]]) -> list[dict[str, Any]]:
    rows, prev = [], GENESIS_HASH
    for seq, (action, subject, data) in enumerate(entries, start=1):
        row = {
            "chain": "org1",
            "seq": seq,
            "at": f"2026-01-01T00:00:{seq:02d}+00:00",
            "actor": "acct",
            "action": action,
            "subject": subject,
            "data": canonical_json(data),
            "prev_hash": prev,
        }
        fields = {k: row[k] for k in ("chain", "seq", "at", "actor", "action", "subject")}
        row["hash"] = entry_hash(prev, canonical_entry(**fields, data_json=row["data"]))
        prev = row["hash"]
        rows.append(row)
    return rows


def _roll_call(choices: list[str], tamper: Any = None) -> list[dict[str, Any]]:
    """Casts with committed choices, then a close whose openings `tamper` may change."""
    salts = [new_salt() for _ in choices]
    casts = [
        ("vote.cast", MOTION, {"member_id": f"m{i}", "choice": commitment(salts[i], c)})
        for i, c in enumerate(choices)
    ]
    openings = [
        {"seq": i + 1, "member_id": f"m{i}", "choice": c, "salt": salts[i]}
        for i, c in enumerate(choices)
    ]
    tally = {c: choices.count(c) for c in ("yes", "no", "abstain")} | {"voted": len(choices)}
    data = {"number": 1, "tally": tally, "openings": openings}
    if tamper is not None:
        tamper(data)
    return _chain([*casts, ("motion.carried", MOTION, data)])


def _verdict(rows: list[dict[str, Any]], *, tuples: bool) -> tuple[bool, int | None, str | None]:
    verifier = ChainVerifier()
    if tuples:
        verifier.feed_tuples(as_tuples(rows))
    else:
        for row in rows:
            verifier.feed(row)
    result = verifier.finish(head_seq=len(rows), head_hash=rows[-1]["hash"])
    return result.ok, result.first_bad_seq, result.problem


def _flip(data: dict[str, Any]) -> None:
    data["openings"][1]["choice"] = "yes"
    data["tally"]["yes"] += 1
    data["tally"]["no"] -= 1


@pytest.mark.parametrize("tuples", [False, True])
def test_verify_accepts_a_close_that_opens_every_commitment(tuples: bool) -> None:
    assert _verdict(_roll_call(["yes", "no", "abstain", "no"]), tuples=tuples) == (
        True,
        None,
        None,
    )


@pytest.mark.parametrize("tuples", [False, True])
@pytest.mark.parametrize(
    ("tamper", "problem"),
    [
        (_flip, "does not open to what was published"),
        (lambda d: d["openings"].pop(), "left unopened"),
        (lambda d: d.pop("openings"), "does not open its choices"),
        (lambda d: d["openings"][0].update(member_id="m9"), "does not open"),
        (lambda d: d["openings"].append(dict(d["openings"][0])), "names no cast"),
        (lambda d: d["tally"].update(yes=0), "tally does not match"),
    ],
)
def test_verify_names_the_close_that_does_not_open_its_commitments(
    tuples: bool, tamper: Any, problem: str
) -> None:
    rows = _roll_call(["yes", "no", "abstain", "no"], tamper)
    ok, bad, said = _verdict(rows, tuples=tuples)
    assert (ok, bad) == (False, 5)
    assert said is not None and problem in said


def test_casts_recorded_before_commitments_are_not_followed() -> None:
    rows = _chain(
        [
            ("vote.cast", MOTION, {"member_id": "m1", "choice": "yes"}),
            ("motion.carried", MOTION, {"number": 1, "tally": {"yes": 1}}),
        ]
    )
    assert _verdict(rows, tuples=True) == (True, None, None)
