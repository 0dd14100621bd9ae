"""Approval counting with the same reserved minimum (approval.py)."""

from __future__ import annotations

from governance.elections.count import count_approval
from governance.elections.count.draw import Lots
from tests.unit.elections.test_stv_rules import election

# Approvals: A 9, B 8, C 7, W 4, X 3 (a ballot approves the candidates it lists).
BALLOTS = [("ABC", 5), ("AB", 2), ("AC", 2), ("WX", 3), ("WB", 1)]


def test_the_most_approved_are_elected_in_order_of_approvals() -> None:
    report = count_approval(election("A B C W X", 2, BALLOTS), seed="s")
    assert report.approvals == {"A": 9, "B": 8, "C": 7, "W": 4, "X": 3}
    assert report.elected == ("A", "B") and report.quota is None
    assert report.valid_votes == "13.00000"


def test_the_reserved_minimum_replaces_the_lowest_outside_the_group_by_the_highest_in_it() -> None:
    report = count_approval(election("A B C W X", 3, BALLOTS, group=[4, 5], reserved=2),
                            seed="s")  # fmt: skip
    assert report.elected == ("A", "W", "X")  # C, then B, make way
    assert report.reservation is not None and report.reservation.met
    assert len(report.notes) == 2 and "W is elected in place of C" in report.notes[0]


def test_too_few_of_the_group_all_elected_and_it_is_said() -> None:
    report = count_approval(election("A B C W X", 3, BALLOTS, group=[4], reserved=2),
                            seed="s")  # fmt: skip
    assert "W" in report.elected and len(report.elected) == 3
    assert report.reservation is not None and not report.reservation.met
    assert "could not be met" in report.reservation.note


def test_level_approvals_are_ordered_by_the_seeded_draw_and_reported() -> None:
    report = count_approval(election("A B C", 1, [("AB", 2), ("C", 1)]), seed="k")
    (tie,) = report.ties
    assert set(tie.among) == {"A", "B"} and "lot" in tie.decided_by
    assert report.elected == (Lots("k").order(["A", "B"])[1][0],)
