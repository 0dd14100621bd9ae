"""The minutes PDF gives every time in the organisation's zone and names it, has lines for
the chair's and the secretary's signatures, and words its approval plainly (issue 13)."""

from __future__ import annotations

from typing import Any

from tests.unit.minutes.minutes_samples import sample_record
from tests.unit.minutes.pdf_reading import pdf_text, render


def november_record() -> dict[str, Any]:
    record = sample_record()
    record["meeting"].update(
        scheduled_for="2026-11-01T19:00:00+00:00",
        opened_at="2026-11-01T19:02:00+00:00",
        adjourned_at="2026-11-01T20:41:00+00:00",
    )
    return record


def test_a_november_meeting_is_opened_and_adjourned_on_its_own_day_in_gmt() -> None:
    text = pdf_text(render(november_record(), time_zone="Europe/London"))
    assert "Date 1 November 2026, 19:00 GMT" in text
    assert "Opened 1 November 2026, 19:02 GMT" in text
    assert "Adjourned 1 November 2026, 20:41 GMT" in text
    assert "Times are in Europe/London" in text


def test_summer_times_are_an_hour_ahead_of_utc_and_say_bst() -> None:
    record = november_record()
    record["meeting"].update(
        scheduled_for="2026-07-01T18:00:00+00:00",
        opened_at="2026-07-01T18:05:00+00:00",
        adjourned_at="2026-07-01T23:30:00+00:00",  # after midnight in London
    )
    text = pdf_text(
        render(record, time_zone="Europe/London", published_at="2026-07-03T09:00:00+00:00")
    )
    assert "Date 1 July 2026, 19:00 BST" in text
    assert "Adjourned 2 July 2026, 00:30 BST" in text
    assert "Published 3 July 2026 at 10:00 BST" in text


def test_another_zone_is_named_too() -> None:
    text = pdf_text(render(november_record(), time_zone="America/New_York"))
    assert "1 November 2026, 14:00 EST" in text
    assert "Times are in America/New_York" in text


def test_signature_lines_for_the_chair_and_the_secretary() -> None:
    text = pdf_text(render(november_record(), time_zone="Europe/London"))
    assert "Signed by the chair" in text
    assert "Signed by the secretary" in text
    assert text.count("Date signed") == 2


def test_the_approval_names_the_meeting_plainly() -> None:
    text = pdf_text(render(november_record(), time_zone="Europe/London"))
    assert "at the meeting of" not in text
    assert "Approved by motion" in text


def test_a_failed_motion_says_what_it_needed() -> None:
    record = november_record()
    record["motions"][0].update(
        status="failed",
        threshold="unanimous",
        tally={"yes": 7, "no": 1, "abstain": 0, "eligible": 8, "voted": 8},
    )
    text = pdf_text(render(record, time_zone="Europe/London"))
    assert "Failed: needed every member's yes (unanimous); 7 yes, 1 no." in text


def _lowest_body_line(page: Any) -> float:
    """The y (from the page's bottom, in points) of the lowest text above the footer."""
    found: list[float] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and y > 70:  # the footer (page number, title) sits below 70 pt
            found.append(y)

    page.extract_text(visitor_text=visit)
    return min(found)


def test_long_motions_break_across_pages_instead_of_leaving_them_half_empty() -> None:
    import io

    from pypdf import PdfReader

    record = november_record()
    first = record["motions"][0]
    long_text = " ".join(["That the board adopts the policy as circulated."] * 12)
    record["motions"] = [
        {**first, "id": f"m{i}", "number": f"2026-0{i:02d}", "text": long_text} for i in range(1, 7)
    ]
    reader = PdfReader(io.BytesIO(render(record, time_zone="Europe/London")))
    height = float(reader.pages[0].mediabox.height)
    for number, page in enumerate(reader.pages[:-1], start=1):
        gap = _lowest_body_line(page) - 62  # the bottom margin is 22 mm
        assert gap < 0.2 * height, f"page {number} is {gap / height:.0%} empty at the bottom"
