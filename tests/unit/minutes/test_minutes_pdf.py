"""The published minutes PDF, read back with pypdf: what it says, what it must never say, and
that the same input always gives the same bytes."""

from __future__ import annotations

import re

import pytest

from governance.errors import InvalidInput
from governance.minutes.pdf import build_html
from tests.unit.minutes.minutes_samples import (
    ABSENT,
    APPROVAL,
    AUDIT_HASH,
    EXCUSED,
    PUBLISHED_AT,
    REMOTE,
    ROLL_CALL_VOTERS,
    SAMPLE_NOTES,
    motion,
    render_sample,
    sample_record,
)
from tests.unit.minutes.pdf_reading import page_texts, pdf_text, render


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_sample("A4")


@pytest.fixture(scope="module")
def text(sample_pdf: bytes) -> str:
    return pdf_text(sample_pdf)


def motion_block(text: str, number: str) -> str:
    """The text of one motion, from its heading to the next motion or section."""
    start = text.index(f"Motion {number}:")
    rest = text[start + 1 :]
    ends = [rest.find(marker) for marker in ("Motion 20", "Secretary's notes")]
    end = min(position for position in ends if position >= 0)
    return text[start : start + 1 + end]


# What the minutes state (CONTRACT.md, "Minutes").


def test_states_organisation_body_and_meeting(text: str) -> None:
    assert "Riverside Peer Network" in text
    assert "Board of Directors" in text
    assert "Minutes: Board meeting, March 2026" in text
    assert "10 March 2026, 18:30" in text
    assert "Community room, 12 Mill Lane" in text
    assert "Minutes version 2" in text


def test_attendance_is_grouped(text: str) -> None:
    attendance = text[text.index("Attendance") : text.index("Quorum was")]
    assert re.search(
        r"Present \(4\) Alex Chair Jordan Director Riley Treasurer Sam Secretary "
        rf"Present remotely \(1\) {REMOTE} Absent \(1\) {ABSENT} Excused \(1\) {EXCUSED}",
        attendance,
    ), attendance


def test_quorum_and_agenda(text: str) -> None:
    assert "Quorum was met. 5 present (including remote), 4 required." in text
    # A verdict, never a count: the PDF is public and names everyone present.
    assert "Lived-experience quorum was met." in text
    assert "present with lived experience" not in text
    assert "Welcome and check-in" in text
    assert "Budget <2026>" in text  # escaped in HTML, so printed literally


def test_quorum_not_met_gives_reasons() -> None:
    record = sample_record()
    record["quorum"] = {
        "required": 5,
        "present": 3,
        "met": False,
        "lived_experience_met": None,
        "reasons": ["Only 3 of 9 seated members are present; more than 4.5 are needed."],
    }
    record["motions"] = []
    text = pdf_text(render(record))
    assert "Quorum was not met." in text
    assert "Only 3 of 9 seated members are present; more than 4.5 are needed." in text
    assert "No motions were made." in text


def test_every_motion_with_its_facts(text: str) -> None:
    for number, title, outcome, method, tally in (
        ("2026-010", "Adopt the <b>2026</b> budget & reserves policy", "Carried", "Roll call",
         "Yes 2, No 1, Abstain 1; 4 of 5 eligible voted."),
        ("2026-011", "Appoint the peer support coordinator", "Failed", "Secret ballot",
         "Yes 3, No 2, Abstain 0; 5 of 5 eligible voted."),
        ("2026-012", "Extend drop-in hours", "Carried", "Show of hands",
         "Yes 5, No 0, Abstain 0; 5 of 5 eligible voted."),
        ("2026-013", "Rename the newsletter", "Withdrawn", "Roll call", "No vote was taken."),
    ):  # fmt: skip
        block = motion_block(text, number)
        assert block.startswith(f"Motion {number}: {title}")
        assert f"Outcome: {outcome}" in block
        assert f"Method {method}" in block
        assert f"Tally {tally}" in block
        assert "Moved by Alex Chair" in block
    assert "Seconded by Sam Secretary" in motion_block(text, "2026-010")
    assert "Seconded by No one" in motion_block(text, "2026-013")
    assert "Threshold Two thirds of votes cast" in motion_block(text, "2026-011")
    assert "Threshold Majority of filled seats" in motion_block(text, "2026-012")
    assert "Kind Appointment" in motion_block(text, "2026-011")


def test_final_text_recusals_and_earlier_wording(text: str) -> None:
    block = motion_block(text, "2026-010")
    assert "That the board resolves adopt the <b>2026</b> budget & reserves policy." in block
    assert f"Recused {REMOTE}" in block
    assert "Earlier wording, before amendment: That the board adopts the draft budget." in block
    assert "Recused No one" in motion_block(text, "2026-011")


def test_roll_call_names_each_voter_with_their_choice(sample_pdf: bytes) -> None:
    lines = [line.strip() for page in page_texts(sample_pdf) for line in page.splitlines()]
    for name, choice in ROLL_CALL_VOTERS.items():
        assert f"{name} {choice.capitalize()}" in lines


def test_secret_ballot_shows_counts_and_no_names_with_choices(text: str) -> None:
    block = motion_block(text, "2026-011")
    assert "Secret ballot: only the counts are recorded, never who voted how." in block
    # Only the mover and seconder (public by rule) may be named in a secret motion's section.
    named = block.replace("Moved by Alex Chair", "").replace("Seconded by Sam Secretary", "")
    for person in sample_record()["attendance"]:
        assert person["display_name"] not in named
    assert "Roll call" not in block
    for choice in ("Yes", "No", "Abstain"):
        assert re.search(rf"\b{choice}\b(?! \d)", block.split("Tally", 1)[1]) is None


def test_secret_ballot_only_meeting_names_no_one_outside_attendance() -> None:
    record = sample_record()
    record["motions"] = [
        motion("2026-020", "Elect the chair", method="secret", kind="appointment", votes=[])
    ]
    text = pdf_text(render(record, notes_html=""))
    attendance_end = text.index("Quorum was")
    after_attendance = text[attendance_end:]
    # The absent and excused (who could not vote) and every voter appear only in attendance.
    for name in (ABSENT, EXCUSED, REMOTE, "Jordan Director", "Riley Treasurer"):
        assert name in text[:attendance_end]
        assert name not in after_attendance
    assert "Yes 2, No 1, Abstain 1; 4 of 5 eligible voted." in after_attendance


@pytest.mark.parametrize("method", ["secret", "show_of_hands"])
def test_a_record_listing_votes_for_a_non_roll_call_motion_is_refused(method: str) -> None:
    record = sample_record()
    record["motions"] = [
        motion(
            "2026-021",
            "Leaky",
            method=method,
            votes=[{"display_name": "Jordan Director", "choice": "no"}],
        )
    ]
    with pytest.raises(InvalidInput, match="must not list who voted how"):
        render(record)


def test_notes_are_inserted_and_stay_inert(text: str) -> None:
    assert "Secretary's notes Check-in Everyone shared one thing from the month." in text
    assert "See the policy" in text
    assert "<script>alert('x')</script>" in text  # printed as text, never run
    assert "tracker" in text  # the image's alt text; the image itself is gone


def test_approval_sentence_hash_and_page_numbers(text: str, sample_pdf: bytes) -> None:
    assert (
        "Approved by motion 2026-014, carried at “Board meeting, April 2026” on "
        "14 April 2026." in text
    )
    assert f"Audit head hash at publication: {AUDIT_HASH}" in text
    assert "Published 14 April 2026 at 18:05 UTC." in text
    pages = page_texts(sample_pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Riverside Peer Network" in page  # the running header


def test_unapproved_minutes_say_so() -> None:
    text = pdf_text(render(approval=None))
    assert "These minutes have not been approved." in text
    assert "Approved by motion" not in text


def test_titles_are_escaped_in_the_html() -> None:
    record = sample_record()
    record["motions"][0]["title"] = '<img src="https://evil.example/x.png"><script>x()</script>'
    html = build_html(
        record=record,
        notes_html=SAMPLE_NOTES,
        approval=APPROVAL,
        audit_head_hash=AUDIT_HASH,
        version=1,
        published_at=__import__("datetime").datetime.fromisoformat(PUBLISHED_AT),
    )
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=&#34;https://evil.example/x.png&#34;&gt;" in html
