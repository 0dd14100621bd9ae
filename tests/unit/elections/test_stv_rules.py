"""Scottish STV on small elections worked by hand (SSI 2007/42, Schedule 1, rules 45-52).

Every expected figure below was worked on paper from the Order's words; the comments show
the arithmetic. Candidates are numbered from 1 as in a BLT file.
"""

from __future__ import annotations

from typing import Any

import pytest

from governance.elections.count import Election, count_stv, make_election
from governance.elections.count.draw import Lots
from governance.errors import InvalidInput


def election(names: str, seats: int, ballots: list[tuple[str, int]], **kw: Any) -> Election:
    """Ballots written as ("ABC", weight): candidate letters, in preference order."""
    letters = names.split()
    return make_election(
        letters,
        seats,
        [(tuple(letters.index(x) + 1 for x in ranking), w) for ranking, w in ballots],
        **kw,
    )


def test_quota_surplus_truncated_to_five_places_then_exclusion_and_the_last_vacancy() -> None:
    # 18 valid papers, 2 seats: quota = floor(18 / 3) + 1 = 7 (rule 46).
    report = count_stv(election("A B C", 2, [("AB", 7), ("AC", 2), ("B", 4), ("C", 5)]), seed="s")
    assert report.quota == "7.00000"
    first, surplus, exclusion = report.stages
    assert first.votes == {"A": "9.00000", "B": "4.00000", "C": "5.00000"}
    assert first.elected == ("A",)  # 9 >= 7 (rule 47)
    # Rule 48(3): 2 x 1 / 9 = 0.222222... -> 0.22222, the remainder ignored.
    assert surplus.action == "surplus" and surplus.candidates == ("A",)
    assert [(t.value_received, t.transfer_value, t.papers) for t in surplus.transfer_values] == [
        ("1.00000", "0.22222", 9)
    ]
    assert surplus.transfers == {"B": "1.55554", "C": "0.44444"}  # 7 and 2 papers
    assert surplus.votes == {"A": "7.00000", "B": "5.55554", "C": "5.44444"}
    assert surplus.lost_to_truncation == "0.00002"  # 2 - 9 x 0.22222
    # Rule 50: C is lowest; all C's papers are non-transferable (5 at 1, 2 at 0.22222).
    assert exclusion.candidates == ("C",)
    assert exclusion.non_transferable == "5.44444"
    # Rule 52: one continuing candidate for one vacancy: B, below the quota, is elected.
    assert exclusion.elected == ("B",)
    assert report.elected == ("A", "B")
    assert report.ties == ()


def test_a_second_surplus_carries_papers_at_two_values_each_with_its_own_transfer_value() -> None:
    # 26 papers, 3 seats: quota floor(26 / 4) + 1 = 7.
    ballots = [("ABC", 12), ("BC", 3), ("C", 4), ("D", 4), ("ED", 3)]
    report = count_stv(election("A B C D E", 3, ballots), seed="s")
    s1, s2, s3, s4 = report.stages
    assert s1.elected == ("A",)
    # A's surplus 5: 5 x 1 / 12 = 0.41666; B gets 12 x 0.41666 = 4.99992 and the quota.
    assert s2.transfer_values[0].transfer_value == "0.41666"
    assert s2.votes["B"] == "7.99992" and s2.elected == ("B",)
    # B's surplus 0.99992 of 7.99992 (rule 48(3) and (4)(b)): all B's papers go on.
    #   received at 1:       0.99992 x 1       / 7.99992 = 0.124991... -> 0.12499 (3 papers)
    #   received at 0.41666: 0.99992 x 0.41666 / 7.99992 = 0.052078... -> 0.05207 (12 papers)
    assert [(t.value_received, t.transfer_value, t.papers) for t in s3.transfer_values] == [
        ("1.00000", "0.12499", 3),
        ("0.41666", "0.05207", 12),
    ]
    assert s3.transfers == {"C": "0.99981"}  # 3 x 0.12499 + 12 x 0.05207
    assert s3.lost_to_truncation == "0.00011"
    assert s3.votes["B"] == "7.00000" and s3.votes["C"] == "4.99981"
    # No surplus left: E (3) is lowest; D gets 3 and exactly the quota.
    assert s4.candidates == ("E",) and s4.votes["D"] == "7.00000" and s4.elected == ("D",)
    assert report.elected == ("A", "B", "D")


def test_the_highest_surplus_is_transferred_first_even_if_elected_later() -> None:
    # Rule 49(1). 45 papers, 4 seats: quota floor(45 / 5) + 1 = 10.
    # Stage 1: A 16 and B 11 elected. A's surplus (6) is the higher: 6 / 16 = 0.375, and
    # its 16 papers give C 6, so C (12) is elected at stage 2 with a surplus of 2, which is
    # now higher than B's 1, elected earlier: C's goes first, then B's.
    ballots = [("ACD", 16), ("B", 11), ("C", 6), ("D", 7), ("E", 5)]
    report = count_stv(election("A B C D E", 4, ballots), seed="s")
    assert [(s.action, s.candidates, s.elected) for s in report.stages] == [
        ("first preferences", (), ("A", "B")),
        ("surplus", ("A",), ("C",)),
        ("surplus", ("C",), ()),
        ("surplus", ("B",), ()),
        ("exclusion", ("E",), ("D",)),  # rule 52 elects D, the last continuing candidate
    ]
    # C's papers: 6 at 1 -> 2 / 12 = 0.16666 (no next preference: non-transferable);
    # 16 at 0.375 -> 2 x 0.375 / 12 = 0.0625 -> D gets 1.
    c_surplus = report.stages[2]
    assert [(t.value_received, t.transfer_value) for t in c_surplus.transfer_values] == [
        ("1.00000", "0.16666"),
        ("0.37500", "0.06250"),
    ]
    assert c_surplus.transfers == {"D": "1.00000"} and c_surplus.non_transferable == "0.99996"


def test_equal_lowest_are_separated_by_the_most_recent_stage_at_which_they_differed() -> None:
    # Rule 51(2)(a). 18 papers, 3 seats: quota 5.
    # Stage 1: A 10, B 4, C 1, D 2, E 1 (C below D). A's surplus 5 at 0.5: C gets 4 x 0.5.
    # Stage 2: C 3, D 2 (now D below C). E (1) is excluded and gives D 1.
    # Stage 3: C 3, D 3, level: stage 2 is the most recent stage at which they differed,
    # and D had fewer there, so D is excluded (a rule looking at stage 1 would exclude C).
    ballots = [("AC", 4), ("A", 6), ("B", 4), ("C", 1), ("D", 2), ("ED", 1)]
    report = count_stv(election("A B C D E", 3, ballots), seed="s")
    assert [s.candidates for s in report.stages[1:]] == [("A",), ("E",), ("D",)]
    assert report.stages[2].votes["C"] == report.stages[2].votes["D"] == "3.00000"
    (tie,) = report.ties
    assert tie.question == "exclusion" and set(tie.among) == {"C", "D"}
    assert tie.chosen == "D" and tie.decided_by.startswith("the votes at the end of stage 2")
    assert report.elected == ("A", "B", "C")  # rule 52 after D goes


def test_equal_at_every_stage_is_decided_by_the_seeded_lot_and_the_report_names_it() -> None:
    # Rule 51(2)(b): A and B are level from the first stage to the last.
    ballots = [("A", 1), ("B", 1), ("C", 3)]
    winners = set()
    for seed in ("one", "two", "three", "four", "five", "six"):
        report = count_stv(election("A B C", 2, ballots), seed=seed)
        (tie,) = report.ties
        assert tie.among == ("A", "B") and "lot" in tie.decided_by and seed in tie.decided_by
        excluded = tie.chosen
        assert excluded == Lots(seed).order(["A", "B"])[1][0]  # the first lot of the count
        assert report.elected[0] == "C" and excluded not in report.elected
        assert count_stv(election("A B C", 2, ballots), seed=seed) == report  # reproducible
        winners.add(report.elected[1])
    assert winners == {"A", "B"}  # a real lot: the seed decides


def test_withdrawn_candidates_are_passed_over_and_ballots_for_no_one_else_are_not_valid() -> None:
    ballots = [("AB", 3), ("B", 2), ("CA", 2), ("C", 1)]
    report = count_stv(election("A B C", 1, ballots, withdrawn=[3]), seed="s")
    # C's 2 papers go to A; the C-only paper is not a valid vote: 7 valid, quota 4.
    assert report.valid_votes == "7.00000" and report.quota == "4.00000"
    assert report.stages[0].votes == {"A": "5.00000", "B": "2.00000"}
    assert report.elected == ("A",) and report.withdrawn == ("C",)
    assert any("withdrawn" in note for note in report.notes)


def test_fewer_candidates_than_seats_all_elected_and_the_report_says_seats_are_empty() -> None:
    report = count_stv(election("A B", 3, [("AB", 2), ("B", 1)]), seed="s")
    assert set(report.elected) == {"A", "B"}
    assert any("unfilled" in note for note in report.notes)


def test_the_report_is_json_with_exact_decimal_strings() -> None:
    report = count_stv(election("A B C", 2, [("AB", 7), ("AC", 2), ("B", 4), ("C", 5)]),
                       seed="s")  # fmt: skip
    text = report.to_json()
    assert '"transfer_value": "0.22222"' in text and "0.2222222" not in text
    assert '"quota": "7.00000"' in text


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"seats": 0}, "Seats must be"),
        ({"ballots": [((1, 1), 1)]}, "twice"),
        ({"ballots": [((4,), 1)]}, "numbered 1 to 3"),
        ({"ballots": [((1,), 0)]}, "weight"),
        ({"reserved": 4, "group": [1]}, "cannot be reserved"),
        ({"reserved": 1}, "need the group"),
    ],
)
def test_bad_elections_are_refused_in_plain_words(kwargs: dict, words: str) -> None:
    args = {"candidates": ["A", "B", "C"], "seats": 2, "ballots": [((1, 2), 1)]} | kwargs
    with pytest.raises(InvalidInput, match=words):
        make_election(**args)
