"""The count report partial (elections/_count_report.html), rendered through the pages'
Jinja environment from real counts: the words and figures a reader would check."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import html as lxml_html

from governance.elections.count import count_approval, count_stv, make_election
from governance.web.pages.common import template_config
from tests.unit.elections.test_stv_rules import election

NAMES = "A B C D W X Y Z"
GROUP = [5, 6, 7, 8]  # W X Y Z stand for the reserved seats
# 131 papers, 4 seats: quota 27 (see test_reserved_seats.py for the arithmetic).
BALLOTS = [("AW", 30), ("BX", 25), ("CY", 20), ("D", 15), ("W", 26), ("XY", 6), ("Y", 5),
           ("ZY", 4)]  # fmt: skip


def render(report: dict[str, Any], **options: Any) -> str:
    """The partial on its own, through the environment the pages use."""
    engine = template_config().engine_instance.engine
    template = engine.from_string(
        '{% from "elections/_count_report.html" import count_report %}'
        "{{ count_report(report, **options) }}"
    )
    return template.render(report=report, options=options)


def text(markup: str) -> str:
    """The words a reader sees, one space between them (and between elements)."""
    return " ".join(" ".join(lxml_html.fromstring(markup).itertext()).split())


def stage_table(markup: str, index: int = 0) -> list[list[str]]:
    """One stage table as rows of cell texts (header row first)."""
    table = lxml_html.fromstring(markup).xpath("//table[contains(@class, 'count-stages')]")[index]
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("th|td")]
        for row in table.xpath(".//tr")
    ]


@pytest.fixture(scope="module")
def doomed_report() -> dict[str, Any]:
    """Three of four seats reserved: B, C and D are doomed at once (Hill)."""
    return count_stv(election(NAMES, 4, BALLOTS, group=GROUP, reserved=3), seed="s").to_dict()


def test_the_summary_gives_seats_valid_votes_quota_and_the_elected_in_order(
    doomed_report: dict[str, Any],
) -> None:
    words = text(render(doomed_report))
    assert "Seats to fill 4" in words
    assert "Valid votes 131" in words
    assert "Quota 27.00000" in words
    assert "Elected, in the order they were elected: A X W Y" in words
    elected = lxml_html.fromstring(render(doomed_report)).xpath("//ol[@class='elected']/li")
    assert [li.text_content() for li in elected] == ["A", "X", "W", "Y"]


def test_each_stage_is_said_in_words_with_its_rule(doomed_report: dict[str, Any]) -> None:
    words = text(render(doomed_report))
    assert "Stage 1: First preferences counted." in words
    assert "Stage 2: B, C and D excluded: doomed." in words
    assert "Stage 3: Surplus of X transferred." in words
    assert "(rule 48: surplus of 4.00000 of X" in words
    assert "31 papers worth 1.00000 each passed on at a transfer value of 0.12903." in words
    assert "Transferred: Y +0.77418." in words
    assert "lost to rounding down the transfer value: 0.00007" in words
    assert "Stage 6: Z excluded: lowest votes." in words
    assert (
        "Doomed: B, C and D: cannot be elected without leaving a reserved seat unfilled." in words
    )
    assert "The reservation was met." in words
    assert "Standing for the reserved seats: W, X, Y and Z." in words
    assert "No ties had to be broken." in words


def test_the_stage_table_has_a_row_per_candidate_and_a_column_per_stage(
    doomed_report: dict[str, Any],
) -> None:
    markup = render(doomed_report)
    tree = lxml_html.fromstring(markup)
    (region,) = tree.xpath("//div[@class='table-scroll']")
    assert region.get("role") == "region" and region.get("tabindex") == "0"
    assert region.get("aria-label") == "Votes for each candidate at each stage of the count"
    assert tree.xpath("//table[contains(@class,'count-stages')]/caption")
    assert len(tree.xpath("//table[contains(@class,'count-stages')]//th[@scope='col']")) == 7
    assert len(tree.xpath("//table[contains(@class,'count-stages')]//th[@scope='row']")) == 8 + 3
    rows = {row[0]: row[1:] for row in stage_table(markup)}
    assert rows["Candidate"][1] == "Stage 2 B, C and D excluded"
    assert rows["A"][0] == "30.00000 Elected"
    assert rows["B"][:3] == ["25.00000", "0.00000 Excluded", "Excluded earlier"]
    # B's papers (B then X) give X 25 at stage 2: 6 + 25 = 31, over the quota.
    assert rows["X"][1] == "+25.00000 31.00000 Elected"
    assert rows["Y"][2] == "+0.77418 25.77418"
    assert rows["Y"][5] == "+4.00000 29.77418 Elected"
    assert rows["Non-transferable at this stage"] == [
        "0.00000", "15.00000", "3.22575", "0.00000", "1.99966", "0.00000",
    ]  # fmt: skip
    assert rows["Non-transferable in all"][-1] == "20.22541"


def test_a_long_count_splits_into_tables_that_remember_who_went_out(
    doomed_report: dict[str, Any],
) -> None:
    markup = render(doomed_report, stages_per_table=4)
    captions = lxml_html.fromstring(markup).xpath("//table/caption")
    assert [c.text_content().split(".")[0] for c in captions] == [
        "Votes for each candidate, stages 1 to 4",
        "Votes for each candidate, stages 5 to 6",
    ]
    second = {row[0]: row[1:] for row in stage_table(markup, 1)}
    assert second["Candidate"] == ["Stage 5 Surplus of W", "Stage 6 Z excluded"]
    assert second["B"] == ["Excluded earlier", "Excluded earlier"]
    assert second["Z"] == ["4.00000", "0.00000 Excluded"]


def test_a_guarded_candidate_is_explained() -> None:
    # 21 papers, 3 seats, quota 6; one seat reserved for Z, who has the fewest votes.
    ballots = [("A", 7), ("B", 5), ("C", 4), ("D", 3), ("Z", 2)]
    report = count_stv(election("A B C D Z", 3, ballots, group=[5], reserved=1), seed="s")
    words = text(render(report.to_dict()))
    assert "Stage 3: D excluded: lowest votes among those not guarded." in words
    assert (
        "Guarded: Z: kept in the count so the reserved lived-experience seats can be filled."
        in words
    )
    assert "Z had fewer votes but guarded (Hill)" in words
    assert "Elected, in the order they were elected: A B Z" in words


def test_a_reservation_that_could_not_be_met_says_so_and_why() -> None:
    # Three seats reserved, but of the group only W and Z stand (X and Y withdrawn).
    report = count_stv(
        election(NAMES, 4, BALLOTS, group=GROUP, reserved=3, withdrawn=[6, 7]), seed="s"
    )
    words = text(render(report.to_dict()))
    assert (
        "The reservation could not be met. 3 seats were reserved, 2 candidates stood for them, "
        "and 2 were elected." in words
    )
    assert "only 2 of the group stood" in words
    assert "Withdrawn X and Y" in words
    assert "Valid votes 120" in words and "Quota 25.00000" in words
    assert "11 ballot(s) ranked only withdrawn candidates" in words


def test_a_tie_broken_by_lot_names_the_seed_and_the_draw() -> None:
    # 18 papers, 2 seats, quota 7: A is elected; B and C are level at 3 at every stage.
    report = count_stv(
        election("A B C D", 2, [("A", 7), ("B", 3), ("C", 3), ("D", 5)]), seed="box-digest-1"
    ).to_dict()
    (tie,) = report["ties"]
    words = text(render(report))
    assert (
        f"At stage {tie['stage']}, B and C were level for exclusion. Decided by lot "
        f"(seed 'box-digest-1', draw 1), level at every earlier stage (rule 51(2)): "
        f"{tie['chosen']} was excluded." in words
    )
    assert "made from the count's seed, box-digest-1 (the digest of the ballot box)" in words
    assert f"Stage {tie['stage']}: {tie['chosen']} excluded: lowest votes." in words


def test_an_approval_count_lists_the_approvals_of_each_candidate() -> None:
    report = count_approval(
        make_election(["Ann", "Bob", "Cy"], 1, [(1, 2), (2,), (1,), (2, 3)], group=[3], reserved=1),
        seed="s",
    ).to_dict()
    markup = render(report)
    tree = lxml_html.fromstring(markup)
    assert not tree.xpath("//table[contains(@class,'count-stages')]")
    rows = [
        [" ".join(c.text_content().split()) for c in row.xpath("th|td")]
        for row in tree.xpath("//table[contains(@class,'count-approvals')]//tr")
    ]
    assert rows == [
        ["Candidate", "Approvals", "Result"],
        ["Bob", "3", "Not elected"],
        ["Ann", "2", "Not elected"],
        ["Cy", "1", "Elected"],
    ]
    words = text(markup)
    assert "Counted by approval voting" in words
    assert "Quota" not in words
    assert "Valid votes 4" in words
    assert "Cy is elected in place of Bob to meet the reserved minimum." in words
    assert "The reservation was met." in words


def test_an_approval_tie_is_drawn_by_lot() -> None:
    report = count_approval(make_election(["Ann", "Bob"], 1, [(1,), (2,)]), seed="digest-9")
    data = report.to_dict()
    (tie,) = data["ties"]
    assert sorted(tie["among"]) == ["Ann", "Bob"]
    words = text(render(data))
    assert (
        f"{' and '.join(tie['among'])} were level in approvals. Decided by {tie['decided_by']}: "
        f"{tie['chosen']} came first." in words
    )
    assert "At stage" not in words
    assert f"Elected, in the order they were elected: {tie['chosen']}" in words
    assert "made from the count's seed, digest-9" in words


def test_names_are_escaped_and_headings_follow_the_level_given() -> None:
    report = count_stv(
        make_election(["<b>Ann</b>", "Bob"], 1, [(1,), (1,), (2,)]), seed="s"
    ).to_dict()
    markup = render(report, level=3, id="r1")
    assert "<b>Ann</b>" not in markup and "&lt;b&gt;Ann&lt;/b&gt;" in markup
    tree = lxml_html.fromstring(markup)
    assert [h.text_content() for h in tree.xpath("//h3")] == ["How the votes were counted"]
    assert tree.xpath("//section/@aria-labelledby") == ["r1-title"]
    assert "Result" in [h.text_content() for h in tree.xpath("//h4")]
