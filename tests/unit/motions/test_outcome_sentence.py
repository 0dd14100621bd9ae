"""A decided motion says what it needed, so '7 yes, 1 no: failed' explains itself (issue 13)."""

from __future__ import annotations

from governance.motions.rules.thresholds import outcome_sentence


def tally(yes: int, no: int, abstain: int = 0) -> dict[str, int]:
    return {"yes": yes, "no": no, "abstain": abstain, "eligible": 9, "voted": yes + no + abstain}


def test_a_unanimous_motion_that_failed_with_seven_yes_says_it_needed_everyone() -> None:
    assert outcome_sentence("failed", "unanimous", tally(7, 1, 1)) == (
        "Failed: needed every member's yes (unanimous); 7 yes, 1 no, 1 abstained."
    )


def test_each_threshold_is_said_in_words() -> None:
    assert outcome_sentence("carried", "majority", tally(5, 3)) == (
        "Carried: needed more yes than no votes (majority); 5 yes, 3 no."
    )
    assert outcome_sentence("failed", "two_thirds", tally(5, 3)).startswith(
        "Failed: needed at least twice as many yes as no votes (two thirds); 5 yes, 3 no"
    )
    assert "more than half of the filled seats" in outcome_sentence(
        "failed", "majority_of_seats", tally(4, 1)
    )


def test_nothing_to_explain_without_a_count() -> None:
    assert outcome_sentence("withdrawn", "majority", None) is None
    assert outcome_sentence("voting", "majority", tally(1, 0)) is None
    assert outcome_sentence("failed", "majority", None) is None
