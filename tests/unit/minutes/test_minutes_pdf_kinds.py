"""The minutes PDF says what a carried postpone or rescind did, in one sentence beside its
outcome; a record frozen before motions had an `effect` still renders."""

from __future__ import annotations

from tests.unit.minutes.minutes_samples import motion, sample_record
from tests.unit.minutes.pdf_reading import pdf_text, render


def test_the_effect_of_a_carried_postpone_and_rescind_is_stated() -> None:
    record = sample_record()
    record["motions"] = [
        motion(
            "2026-005",
            "Postpone the roof",
            kind="postpone",
            effect="Motion 2026-004 was postponed to the meeting of 12 January 2027.",
        ),
        motion(
            "2026-006", "Rescind the van", kind="rescind", effect="Motion 2026-001 was rescinded."
        ),
        motion("2026-007", "Open on Saturdays"),  # no `effect` at all: a record from before
    ]
    text = " ".join(pdf_text(render(record)).split())
    assert "Motion 2026-004 was postponed to the meeting of 12 January 2027." in text
    assert "Motion 2026-001 was rescinded." in text
    assert "Motion to postpone" in text
    assert "Motion to rescind" in text
