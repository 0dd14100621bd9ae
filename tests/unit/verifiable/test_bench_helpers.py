"""The verifiable-ballot benchmark's pure helpers (benchmarks/scenarios_verifiable.py): reading
belenios-tool's files, building ballots, the per-ballot arithmetic. None needs belenios-tool;
the last test runs it on a tiny election and skips, saying why, where it is not installed."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from benchmarks import scenarios_verifiable as bench
from governance.verifiable.ballot import motion_ballot_faults


def test_per_ballot_takes_off_the_fixed_cost() -> None:
    assert bench.per_ballot(0.02, 2.02, 200) == pytest.approx(0.01)
    # Noise can make the full run look cheaper than the empty one: never a negative cost.
    assert bench.per_ballot(0.03, 0.02, 10) == 0.0
    with pytest.raises(ValueError):
        bench.per_ballot(0.0, 1.0, 0)


def test_ratio_is_theirs_over_ours() -> None:
    assert bench.ratio(3.0, 1.0) == 3.0
    assert bench.ratio(1.0, 0.0) is None
    assert bench.ratio(None, 1.0) is None


def test_votes_are_a_fixed_spread_and_belenios_choices_match_them() -> None:
    votes = bench.motion_votes(10)
    assert bench.count_motion(votes) == {"yes": 6, "no": 2, "abstain": 2}
    assert json.loads(bench.belenios_motion_choice("no")) == [[0, 1, 0]]
    approvals = bench.approval_votes(8)
    assert all(bench.APPROVE_MIN <= sum(a) <= bench.APPROVE_MAX for a in approvals)
    assert json.loads(bench.belenios_approval_choice(approvals[0])) == [[1, 0, 1, 0]]


def test_template_is_one_question_with_its_limits() -> None:
    template = json.loads(bench.belenios_template("Elect", bench.CANDIDATES, 1, 3))
    [question] = template["questions"]
    assert question == {"question": "Elect", "answers": list(bench.CANDIDATES), "min": 1, "max": 3}


def test_reads_private_credentials_and_refuses_a_broken_line() -> None:
    text = "10 Cch-Yxn-vX4-Ms1-br4\n11 X5G-uGY-qWB-WKo-ZNQ\n\n"
    assert bench.parse_privcreds(text) == ["Cch-Yxn-vX4-Ms1-br4", "X5G-uGY-qWB-WKo-ZNQ"]
    with pytest.raises(ValueError):
        bench.parse_privcreds("10 a b\n")


def test_reads_belenios_result_by_answer() -> None:
    counts = bench.parse_belenios_result('{"result":[[1,19,0]]}', bench.MOTION_ANSWERS)
    assert counts == {"yes": 1, "no": 19, "abstain": 0}
    with pytest.raises(ValueError):
        bench.parse_belenios_result('{"result":[[1,2]]}', bench.MOTION_ANSWERS)


def test_verify_output_passes_only_when_belenios_says_so() -> None:
    assert bench.belenios_verified("I: using directory .\nI: all checks passed\n")
    assert not bench.belenios_verified("I: using directory .\nE: invalid ballot\n")


def test_our_ballots_verify_and_tally_counts_them() -> None:
    _, _, y = bench.our_election(bench.MOTION_ID)
    ballots = bench.our_motion_ballots(y, bench.motion_votes(3))
    assert all(motion_ballot_faults(b.to_json(), y, bench.MOTION_ID) == [] for b in ballots)
    tally = bench.ours_tally(6)
    assert tally["result"] == {"yes": 4, "no": 1, "abstain": 1}
    assert set(bench.ours_verify(2, 1)) == {"motion", "approval"}


def test_belenios_counts_a_tiny_election() -> None:
    missing = bench.belenios_missing()
    if missing:
        pytest.skip(missing)
    votes = bench.motion_votes(3)
    template = bench.belenios_template("Carry the motion?", bench.MOTION_ANSWERS, 1, 1)
    with tempfile.TemporaryDirectory() as tmp:
        election = bench.BeleniosElection(Path(tmp), template, len(votes))
        _, ballots = election.generate([bench.belenios_motion_choice(v) for v in votes])
        for ballot in ballots:
            election.add("Ballot", ballot)
        assert election.verify() > 0
        figures = election.tally(bench.MOTION_ANSWERS)
    assert figures["result"] == bench.count_motion(votes)
