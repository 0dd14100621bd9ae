"""Reading a rendered minutes PDF back, shared by the PDF tests."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from governance.minutes.pdf import render_minutes_pdf
from tests.unit.minutes.minutes_samples import (
    APPROVAL,
    AUDIT_HASH,
    PUBLISHED_AT,
    SAMPLE_NOTES,
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
