"""The cross-check's comparison (benchmarks/stv_crosscheck.py), on tiny made-up results.

No votekit and no scot-elex data: `make crosscheck` runs the real thing.
"""

from __future__ import annotations

import random

from benchmarks.scenarios_elections import synthetic_blt
from benchmarks.stv_crosscheck import compare, load_declared, spread_sample, verdict
from governance.elections.count import count_stv, parse_blt

OURS = {
    "a_2017_ward1": {"elected": ["Ann", "Bea"]},
    "a_2017_ward2": {"elected": ["Cy", "Di"]},  # differs, declared: ours right
    "a_2017_ward3": {"elected": ["Ed", "Flo"]},  # differs, declared: theirs right
    "a_2017_ward4": {"elected": ["Gus", "Hal"]},  # differs, declared: neither
    "a_2017_ward5": {"elected": ["Ivy", "Jo"]},  # differs, nothing declared
    "a_2017_ward6": {"elected": ["Kit", "Lu"]},  # theirs failed
    "a_2017_ward7": {"elected": ["Max"]},  # only ours counted it
}
THEIRS = {
    "a_2017_ward1": {"elected": ["Bea", "Ann"]},  # same set, other order: an agreement
    "a_2017_ward2": {"elected": ["Cy", "Zed"]},
    "a_2017_ward3": {"elected": ["Ed", "Gil"]},
    "a_2017_ward4": {"elected": ["Gus", "Ola"]},
    "a_2017_ward5": {"elected": ["Ivy", "Pat"]},
    "a_2017_ward6": {"error": "ValueError: a tie"},
}
DECLARED = {
    "a_2017_ward1": ["Ann", "Bea"],
    "a_2017_ward2": ["Di", "Cy"],
    "a_2017_ward3": ["Gil", "Ed"],
    "a_2017_ward4": ["Gus", "Rex"],
}


def test_agreements_and_differences_are_counted_by_elected_set_not_order() -> None:
    report = compare(OURS, THEIRS, DECLARED)
    assert report["compared"] == 5
    assert report["agreements"] == 1
    assert report["agreeing_wards"] == ["a_2017_ward1"]
    assert report["differences"] == 4
    assert report["agreements_with_a_declaration"] == {"match": 1, "do not match": 0}
    assert report["failed"] == [
        {"ward": "a_2017_ward6", "ours": None, "theirs": "ValueError: a tie"}
    ]
    assert report["not_compared"] == ["a_2017_ward7"]


def test_each_difference_is_adjudicated_against_the_declaration() -> None:
    report = compare(OURS, THEIRS, DECLARED)
    by_ward = {d["ward"]: d for d in report["differing_wards"]}
    assert {w: d["verdict"] for w, d in by_ward.items()} == {
        "a_2017_ward2": "ours matches the declaration",
        "a_2017_ward3": "theirs matches the declaration",
        "a_2017_ward4": "neither matches the declaration",
        "a_2017_ward5": "no declaration on file",
    }
    assert by_ward["a_2017_ward2"]["only_ours"] == ["Di"]
    assert by_ward["a_2017_ward2"]["only_theirs"] == ["Zed"]
    assert by_ward["a_2017_ward2"]["declared"] == ["Cy", "Di"]
    assert by_ward["a_2017_ward5"]["declared"] is None
    assert report["verdicts"] == {
        "neither matches the declaration": 1,
        "no declaration on file": 1,
        "ours matches the declaration": 1,
        "theirs matches the declaration": 1,
    }


def test_an_agreement_that_contradicts_the_declaration_is_counted_apart() -> None:
    report = compare({"w": {"elected": ["A"]}}, {"w": {"elected": ["A"]}}, {"w": ["B"]})
    assert report["agreements"] == 1
    assert report["agreements_with_a_declaration"] == {"match": 0, "do not match": 1}


def test_verdict_ignores_order() -> None:
    assert verdict(["B", "A"], ["A", "C"], ["A", "B"]) == "ours matches the declaration"
    assert verdict(["A", "B"], ["C", "A"], None) == "no declaration on file"


def test_the_declared_results_on_file_are_keyed_by_ward() -> None:
    declared = load_declared()
    assert len(declared) == 16
    assert "falkirk_2022_ward6" in declared and "fife_2017_ward21" in declared


def test_spread_sample_is_even_and_takes_all_when_short() -> None:
    items = [f"w{i:03d}" for i in range(10)]
    assert spread_sample(items, 5) == ["w000", "w002", "w004", "w006", "w008"]
    assert spread_sample(items, 20) == items


def test_the_benchmark_election_is_seeded_and_countable() -> None:
    text = synthetic_blt(ballots=200, candidates=6, seats=2, seed=3)
    assert text == synthetic_blt(ballots=200, candidates=6, seats=2, seed=3)
    election = parse_blt(text)
    assert (len(election.ballots), len(election.candidates), election.seats) == (200, 6, 2)
    assert len(count_stv(election, seed="x").elected) == 2
    random.seed(0)  # the generator keeps its own Random: the global one does not matter
    assert synthetic_blt(ballots=200, candidates=6, seats=2, seed=3) == text
