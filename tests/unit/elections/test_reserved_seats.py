"""Reserved seats for a group: Hill's guarded and doomed candidates (constraints.py).

I D Hill, "STV with constraints", Voting matters 9 (1998); J Otten, Voting matters 13 (2001).
Candidates W, X, Y, Z form the group in these elections; A to D are outside it.
"""

from __future__ import annotations

import dataclasses

from governance.elections.count import count_stv
from tests.unit.elections.test_stv_rules import election

NAMES = "A B C D W X Y Z"
GROUP = [5, 6, 7, 8]  # W X Y Z
# 131 papers, 4 seats: quota floor(131 / 5) + 1 = 27.
BALLOTS = [("AW", 30), ("BX", 25), ("CY", 20), ("D", 15), ("W", 26), ("XY", 6), ("Y", 5),
           ("ZY", 4)]  # fmt: skip


def test_plain_stv_elects_one_of_the_group_and_a_reservation_of_three_forces_three() -> None:
    plain = count_stv(election(NAMES, 4, BALLOTS), seed="s")
    assert plain.elected == ("A", "W", "B", "C")  # one of the group
    reserved = count_stv(election(NAMES, 4, BALLOTS, group=GROUP, reserved=3), seed="s")
    first, doomed, *_ = reserved.stages
    # A (30) is elected; 3 vacancies are left and 3 of the group are still needed, so
    # every continuing candidate outside the group is doomed (Hill) and excluded at once.
    assert first.elected == ("A",) and first.doomed == ("B", "C", "D")
    assert doomed.action == "doomed exclusion" and doomed.candidates == ("B", "C", "D")
    assert "doomed (Hill)" in doomed.reason
    # B's papers (B then X) give X 6 + 25 = 31 and the quota.
    assert doomed.votes["X"] == "31.00000" and doomed.elected == ("X",)
    # Then the surpluses, highest first (X's 4 before A's 3), and Z is excluded.
    assert [(s.action, s.candidates) for s in reserved.stages[2:]] == [
        ("surplus", ("X",)),
        ("surplus", ("A",)),
        ("surplus", ("W",)),
        ("exclusion", ("Z",)),
    ]
    assert reserved.elected == ("A", "X", "W", "Y")
    assert reserved.reservation is not None
    assert reserved.reservation.met and reserved.reservation.elected_from_group == 3


def test_when_the_group_wins_unaided_the_reservation_changes_nothing() -> None:
    ballots = [("W", 30), ("X", 28), ("AY", 25), ("B", 20), ("C", 10), ("Y", 9), ("ZA", 4)]
    plain = count_stv(election(NAMES, 4, ballots), seed="s")
    assert sum(1 for name in plain.elected if name in "WXYZ") >= 2
    kept = count_stv(election(NAMES, 4, ballots, group=GROUP, reserved=2), seed="s")
    assert kept.elected == plain.elected
    assert [(s.action, s.candidates, s.votes) for s in kept.stages] == [
        (s.action, s.candidates, s.votes) for s in plain.stages
    ]
    assert all(not s.doomed for s in kept.stages)
    assert kept.reservation is not None and kept.reservation.met


def test_when_fewer_stand_than_are_reserved_all_of_them_are_elected_and_it_is_said() -> None:
    # Three seats reserved, but of the group only W and Z stand (X and Y are withdrawn).
    report = count_stv(
        election(NAMES, 4, BALLOTS, group=GROUP, reserved=3, withdrawn=[6, 7]), seed="s"
    )
    assert {"W", "Z"} <= set(report.elected) and len(report.elected) == 4
    # 11 papers ranked only X and Y: 120 valid, quota 25. A, W and B reach it at once; then
    # one vacancy is left and Z is still needed: Z is guarded, C and D doomed, and Z takes
    # the last seat (rule 52).
    (first,) = report.stages
    assert first.guarded == ("Z",) and first.doomed == ("C", "D")
    assert first.elected == ("A", "W", "B", "Z")
    assert report.reservation is not None
    assert not report.reservation.met
    assert report.reservation.standing == 2 and report.reservation.elected_from_group == 2
    assert "could not be met" in report.reservation.note
    assert "only 2 of the group stood" in report.reservation.note


def test_a_guarded_candidate_with_the_fewest_votes_is_passed_over_for_exclusion() -> None:
    # 21 papers, 3 seats: quota 6. One seat reserved for Z, the only group candidate.
    ballots = [("A", 7), ("B", 5), ("C", 4), ("D", 3), ("Z", 2)]
    report = count_stv(election("A B C D Z", 3, ballots, group=[5], reserved=1), seed="s")
    assert report.stages[0].guarded == ("Z",)
    exclusion = next(s for s in report.stages if s.action == "exclusion")
    assert exclusion.candidates == ("D",)  # 3 votes; Z has 2 but is guarded
    assert "of those not guarded" in exclusion.reason
    assert any("Z had fewer votes but guarded" in note for note in exclusion.notes)
    assert set(report.elected) == {"A", "B", "Z"}
    plain = count_stv(election("A B C D Z", 3, ballots), seed="s")
    assert "Z" not in plain.elected


def test_one_outside_the_group_who_reaches_the_quota_is_doomed_when_no_seat_is_left() -> None:
    # 23 papers, 2 seats: quota 8. A (10) takes one seat; B (8) has a quota too, but the
    # last seat is reserved: B is doomed, not elected. Z is then the one candidate left for
    # the one vacancy (rule 52), elected with no further transfer.
    ballots = [("A", 10), ("BZ", 8), ("Z", 3), ("C", 2)]
    report = count_stv(election("A B C Z", 2, ballots, group=[4], reserved=1), seed="s")
    (first,) = report.stages
    assert first.votes["B"] == "8.00000"  # the quota, yet not elected
    assert first.doomed == ("B", "C")
    assert first.elected == ("A", "Z") and any("rule 52" in n for n in first.notes)
    assert report.elected == ("A", "Z")
    assert count_stv(election("A B C Z", 2, ballots), seed="s").elected == ("A", "B")


def test_a_reservation_of_none_is_plain_stv_to_the_last_figure() -> None:
    plain = election(NAMES, 4, BALLOTS)
    none_reserved = dataclasses.replace(
        election(NAMES, 4, BALLOTS, group=GROUP, reserved=1),
        reservation=dataclasses.replace(
            election(NAMES, 4, BALLOTS, group=GROUP, reserved=1).reservation, reserved=0
        ),
    )
    a, b = count_stv(plain, seed="s"), count_stv(none_reserved, seed="s")
    assert a.stages == b.stages and a.elected == b.elected and a.ties == b.ties
