"""The published minutes PDF as a file: the attached record, PDF/A metadata, fonts, page sizes,
the same bytes for the same input, bad arguments, and the checkpoint it carries."""

from __future__ import annotations

import copy
import io
import json
import logging
import os
import subprocess
import sys
from typing import Any

import pytest
from pypdf import PdfReader

from governance.errors import InvalidInput
from governance.minutes.document import canonical_json
from tests.unit.minutes.minutes_samples import (
    APPROVAL,
    render_sample,
    sample_record,
)
from tests.unit.minutes.pdf_reading import A4, LETTER, REPO, render


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_sample("A4")


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
