"""The published minutes PDF, read back with pypdf: what it says, what it must never say, and
that the same input always gives the same bytes."""

from __future__ import annotations

import copy
import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from governance.errors import InvalidInput
from governance.minutes.document import canonical_json
from governance.minutes.pdf import build_html, render_minutes_pdf
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

REPO = Path(__file__).resolve().parents[3]
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


def pdf_text(pdf: bytes) -> str:
    """All text, one space for any run of whitespace (lines wrap where the layout says)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def render(record: dict[str, Any] | None = None, **overrides: Any) -> bytes:
    arguments: dict[str, Any] = {
        "record": record if record is not None else sample_record(),
        "notes_html": SAMPLE_NOTES,
        "approval": APPROVAL,
        "audit_head_hash": AUDIT_HASH,
        "page_size": "A4",
        "version": 2,
        "published_at": PUBLISHED_AT,
    }
    arguments.update(overrides)
    return render_minutes_pdf(**arguments)


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
        "Approved by motion 2026-014 at the meeting of Board meeting, April 2026 on "
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


# The attached record.


def test_the_record_is_attached_as_canonical_json(sample_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(sample_pdf))
    attachments = reader.attachments
    assert list(attachments) == ["minutes-record.json"]
    (content,) = attachments["minutes-record.json"]
    assert json.loads(content) == sample_record()
    assert content.decode() == canonical_json(sample_record())
    filespec = reader.trailer["/Root"]["/AF"][0].get_object()
    assert filespec["/AFRelationship"] == "/Data"


# Archival properties.


def test_metadata_language_and_pdfa_identification(sample_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(sample_pdf))
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == "Minutes: Board meeting, March 2026 (Board of Directors)"
    assert metadata.author == "Riverside Peer Network"
    assert metadata["/CreationDate"] == metadata["/ModDate"] == "D:20260414180500Z"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root  # tagged
    assert root["/MarkInfo"]["/Marked"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "2026-04-14T18:05:00Z" in xmp
    assert "/OutputIntents" in root


def test_only_the_bundled_fonts_are_embedded(sample_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(sample_pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]).split("+", 1)[1])
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object()  # embedded, not referenced
    assert fonts <= {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Sans-Oblique",
                     "DejaVu-Sans-Bold-Oblique"}  # fmt: skip


def test_weasyprint_reports_no_problems(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render()
    assert [record.getMessage() for record in caplog.records] == []


@pytest.mark.parametrize(("page_size", "expected"), [("A4", A4), ("Letter", LETTER)])
def test_page_sizes(page_size: str, expected: tuple[float, float]) -> None:
    reader = PdfReader(io.BytesIO(render(page_size=page_size)))
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == expected


def test_same_input_same_bytes_in_separate_processes(sample_pdf: bytes) -> None:
    outputs = []
    for seed in ("1", "2"):
        # Different hash seeds, so anything ordered by a set or dict of str would show.
        result = subprocess.run(
            [sys.executable, "-m", "tests.unit.minutes.minutes_samples", "A4"],
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
            timeout=120,
        )
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0] == sample_pdf  # and the same as this process made


def test_different_input_different_identifier(sample_pdf: bytes) -> None:
    other = render(audit_head_hash="0" * 64)
    ids = [PdfReader(io.BytesIO(pdf)).trailer["/ID"][0] for pdf in (sample_pdf, other)]
    assert ids[0] != ids[1]


# Refusals.


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"page_size": "A5"}, "page_size"),
        ({"published_at": "2026-04-14T18:05:00"}, "published_at"),  # no zone
        ({"published_at": "yesterday"}, "published_at"),
        ({"approval": {"motion_number": "1", "meeting_title": "x"}}, "approval"),
        ({"approval": {**APPROVAL, "approved_on": "14/04/2026"}}, "approval"),
    ],
)
def test_bad_arguments_are_invalid_input(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        render(**overrides)
    assert caught.value.field == field


@pytest.mark.parametrize(
    "breakage",
    [
        lambda r: r.pop("quorum"),
        lambda r: r["meeting"].pop("title"),
        lambda r: r["attendance"][0].update(status="asleep"),
        lambda r: r["motions"][0].update(method="telepathy"),
        lambda r: r["motions"][0]["tally"].pop("yes"),
        lambda r: r["meeting"].update(opened_at=__import__("datetime").date(2026, 3, 10)),
        lambda r: r["meeting"].update(agenda=("a", "b")),
        lambda r: r["quorum"].update(required=float("nan")),
    ],
)
def test_malformed_records_are_invalid_input(breakage: Any) -> None:
    record = copy.deepcopy(sample_record())
    breakage(record)
    with pytest.raises(InvalidInput):
        render(record)


def test_nothing_outside_the_bundled_fonts_is_loaded(caplog: pytest.LogCaptureFixture) -> None:
    # Defence in depth: even unsanitised notes cannot make the renderer read files or the web.
    leaky = (
        '<img src="file:///etc/hostname" alt="local">'
        '<img src="https://evil.example/pixel.png" alt="remote">'
        '<link rel="stylesheet" href="https://evil.example/x.css">'
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render(notes_html=leaky)
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert "file:///etc/hostname" in messages
    assert "https://evil.example/pixel.png" in messages
    assert messages.count("may not load") >= 2


def test_the_checkpoint_is_printed_attached_and_deterministic() -> None:
    note = (
        "example.org/orgs/acme/audit\n12\n"
        + "A" * 43
        + "=\n\n\u2014 example.org/orgs/acme/audit "
        + "B" * 92
        + "\n"
    )
    first, second = render(checkpoint=note), render(checkpoint=note)
    assert first == second
    (attached,) = PdfReader(io.BytesIO(first)).attachments["audit-checkpoint.txt"]
    assert attached.decode() == note
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(first)).pages)
    assert "".join(note.split()) in "".join(text.split())
    assert render() != first
